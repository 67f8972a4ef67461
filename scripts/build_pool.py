"""Build the bundled partner pool (partners/cordis-security) from CORDIS files.

The tool needs a realistic default pool so it works before a user has written a registry:
every organisation that took part in an H2020 Secure Societies or FP7 Security project,
with those projects' abstracts as its capability text. Horizon Europe data adds only the
SME flag (the security files lack it). Run from the repository root:

    python scripts/build_pool.py --data ../shared/data

Output is deterministic (sorted by id) so a rebuild shows up in a diff only if data changed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make the package importable
    sys.path.insert(0, str(ROOT))

from consortium.files import write_atomic  # noqa: E402
from consortium.partners.classify import classify_name  # noqa: E402
from consortium.partners.countries import normalise_country  # noqa: E402
from consortium.partners.formats import csv_text  # noqa: E402
from consortium.partners.orgtypes import ORG_TYPES  # noqa: E402
from consortium.partners.pool import load_partners  # noqa: E402
from consortium.partners.sme import NEVER_SME, NEVER_SME_TYPES  # noqa: E402
from consortium.text import clean  # noqa: E402

SOURCES = ("cordis-h2020-security", "cordis-fp7-security")
HE_ORGANISATIONS = Path("cordis-he") / "organization.csv.gz"
PARTNER_FIELDS = ["id", "name", "short_name", "country", "type", "sme", "description",
                  "projects", "coordinated"]
PROJECT_FIELDS = ["id", "acronym", "title", "objective", "programme", "topic", "start_year"]
ATTRIBUTION = ("Source: CORDIS, European Commission — reused under Commission Decision "
               "2011/833/EU (CC BY 4.0)")


@dataclass
class Organisation:
    """One organisation id gathered over all its participations."""

    id: str
    latest: dict[str, str]  # the participation row with the most recent project start
    latest_start: str
    projects: list[tuple[str, str]] = field(default_factory=list)  # (start date, project id)
    coordinated: int = 0
    sme: bool | None = None


def one_paragraph(text: str) -> str:
    """CORDIS abstracts hold hard line breaks; a project must be one paragraph (see Project)."""
    return re.sub(r"\s+", " ", clean(text)).strip()


def read_cordis(path: Path) -> Iterator[dict[str, str]]:
    """CORDIS exports are ';'-separated and quoted, with a header row."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=";")


def read_projects(data: Path) -> dict[str, dict[str, str]]:
    projects: dict[str, dict[str, str]] = {}
    for source in SOURCES:
        for row in read_cordis(data / source / "project.csv"):
            project_id = row["id"].strip()
            if project_id in projects:
                print(f"warning: project {project_id} appears twice; keeping the first")
                continue
            start = row["startDate"].strip()
            projects[project_id] = {
                "id": project_id,
                "acronym": one_paragraph(row["acronym"]),
                "title": one_paragraph(row["title"]),
                "objective": one_paragraph(row["objective"]),
                "programme": row["frameworkProgramme"].strip(),
                "topic": one_paragraph(row["topics"]),
                "start_year": start[:4] if re.match(r"\d{4}", start) else "",
                "start": start,
            }
    return projects


def row_problem(row: dict[str, str], projects: dict[str, dict[str, str]]) -> str | None:
    """Why a participation row cannot be used, or None if it can."""
    if not row["id"].strip():
        return "no organisation id"
    if row["projectID"].strip() not in projects:
        return f"project {row['projectID']} not in project.csv"
    if not clean(row["name"]):
        return "empty name"
    if row["activityType"].strip() not in ORG_TYPES:
        return f"unknown activity type '{row['activityType']}'"
    return None


def gather(data: Path, projects: dict[str, dict[str, str]]) -> dict[str, Organisation]:
    """Group participation rows by organisation id, printing every row we cannot use."""
    organisations: dict[str, Organisation] = {}
    bad_country: Counter[str] = Counter()
    seen: set[str] = set()
    for source in SOURCES:
        for number, row in enumerate(read_cordis(data / source / "organization.csv"), 2):
            seen.add(row["id"].strip())
            problem = row_problem(row, projects)
            if problem is not None:
                print(f"skipped {source}/organization.csv:{number} ({row['name']}): {problem}")
                continue
            if normalise_country(row["country"]) is None:
                bad_country[row["country"]] += 1
                continue
            add_participation(organisations, row, projects[row["projectID"].strip()]["start"])
    if bad_country:
        listed = ", ".join(f"{code!r} x{n}" for code, n in sorted(bad_country.items()))
        print(f"skipped {sum(bad_country.values())} participations with unusable country "
              f"codes: {listed}")
    lost = len(seen - set(organisations))
    if lost:
        print(f"{lost} organisations had no usable participation and are not in the pool")
    return organisations


def add_participation(organisations: dict[str, Organisation], row: dict[str, str],
                      start: str) -> None:
    org_id = row["id"].strip()
    project_id = row["projectID"].strip()
    org = organisations.get(org_id)
    if org is None:
        org = organisations[org_id] = Organisation(org_id, row, start)
    elif (start, project_id) > (org.latest_start, org.latest["projectID"].strip()):
        org.latest, org.latest_start = row, start
    if all(pid != project_id for _, pid in org.projects):
        org.projects.append((start, project_id))
    if row["role"].strip().lower() == "coordinator":
        org.coordinated += 1


def add_sme_flags(data: Path, organisations: dict[str, Organisation]) -> int:
    """SME from the most recent Horizon Europe row that has a value (CORDIS corrects the
    flag over time, so one old "True" must not make a company an SME for ever)."""
    path = data / HE_ORGANISATIONS
    if not path.exists():
        print(f"warning: {path} not found; SME left unknown for every partner")
        return 0
    latest: dict[str, tuple[str, str]] = {}  # id -> (contentUpdateDate, true/false)
    for row in read_cordis(path):
        org_id = row["organisationID"].strip()
        value = row["SME"].strip().lower()
        if org_id in organisations and value in ("true", "false"):
            stamp = (row["contentUpdateDate"].strip(), value)
            latest[org_id] = max(latest.get(org_id, stamp), stamp)
    for org_id, (_, value) in latest.items():
        organisations[org_id].sme = value == "true"
    return len(latest)


def never_sme(row: dict[str, str]) -> bool:
    """Universities, research organisations and public bodies (by CORDIS type, or by
    the kind the classifier reads from the name: EU bodies, funders) are never SMEs,
    whatever a CORDIS row says; the rule of ``consortium.partners.sme``."""
    if row["type"] in NEVER_SME_TYPES:
        return True
    kind = classify_name(row["name"], row["short_name"], row["type"], row["country"]).kind
    return kind in NEVER_SME


def partner_rows(organisations: dict[str, Organisation]) -> list[dict[str, str]]:
    rows = []
    for org_id in sorted(organisations):
        org = organisations[org_id]
        latest = org.latest
        # Most recent project first: the freshest evidence of what the organisation does.
        project_ids = [pid for _, pid in sorted(org.projects, reverse=True)]
        rows.append({
            "id": org_id,
            "name": one_paragraph(latest["name"]),
            "short_name": one_paragraph(latest["shortName"]),
            "country": normalise_country(latest["country"]) or "",
            "type": latest["activityType"].strip(),
            "sme": "" if org.sme is None else str(org.sme).lower(),
            "description": "",
            "projects": ";".join(project_ids),
            "coordinated": str(org.coordinated),
        })
    for row in rows:  # an SME flag on a body that cannot be one is overruled; unknown stays
        if row["sme"] == "true" and never_sme(row):
            row["sme"] = "false"
    return rows


def readme(partners: list[dict[str, str]], projects: list[dict[str, str]],
           sme_known: int) -> str:
    by_programme = Counter(p["programme"] for p in projects)
    types = Counter(p["type"] for p in partners)
    smes = Counter(p["sme"] for p in partners)
    countries = len({p["country"] for p in partners})
    names = Counter(p["name"].lower() for p in partners)
    shared = sum(1 for n in names.values() if n > 1)
    long_short = sum(1 for p in partners if len(p["short_name"]) > 30)
    programmes = ", ".join(f"{n} {name}" for name, n in sorted(by_programme.items()))
    type_list = ", ".join(f"{types[t]} {t}" for t in ORG_TYPES)
    return f"""# CORDIS security partner pool

The default partner pool: every organisation that took part in an EU-funded security
research project under FP7 (theme 10, Security) or Horizon 2020 (Secure Societies,
H2020-EU.3.7), with the abstracts of those projects as evidence of its capabilities.

- `partners.csv`, {len(partners)} rows, one per CORDIS organisation id: id, name,
  short_name, country (CORDIS code: EL for Greece, UK), type (HES/REC/PRC/PUB/OTH), sme
  (true/false, blank = unknown), description (empty: the capability text comes from the
  projects), projects (`;`-separated project ids, most recent first), coordinated (how
  many of these projects it coordinated).
- `projects.csv`, {len(projects)} rows, one per project: id, acronym, title, objective
  (the abstract, as one paragraph), programme, topic, start_year.

Load it with `consortium.partners.pool.load_partners("partners/cordis-security/partners.csv")`.

- Projects: {programmes}.
- Partners: {type_list}; {countries} countries.
- SME: {smes['true']} true, {smes['false']} false, {smes['']} unknown. The security files have
  no SME column; the flag comes from the Horizon Europe organisation file (snapshot
  2024-05-29), where {sme_known} of these organisations appear with a value: the most
  recent of their rows (by contentUpdateDate) decides. Universities, research
  organisations and public bodies (CORDIS type HES, REC or PUB, or a kind the classifier
  reads from the name, such as an EU body or a funder) are never SME: a "true" on one
  of them is written as false. Organisations absent from Horizon Europe stay unknown.
- Name, short name, type and country are taken from the organisation's most recent
  participation.

## Caveats

- {shared} names occur under more than one organisation id (CORDIS ids change, and
  "Ministry of Interior" exists in several countries); they are kept apart, as CORDIS has
  them. Refer to such partners by id.
- {long_short} short names are long names, some with words run together as CORDIS has
  them (e.g. "CENTER FORSECURITY STUDIES ...").

## How it was built

From the repository root, with the shared CORDIS files in `../shared/data`:

    python scripts/build_pool.py --data ../shared/data

The script prints every participation row it could not use and why. Output is sorted by
id and rebuilds byte for byte from the same input.

## Licence

{ATTRIBUTION}.
The data is as CORDIS published it, apart from white space (line breaks in abstracts
collapsed) and the grouping described above.
"""


def build(data: Path, out: Path) -> None:
    projects = read_projects(data)
    organisations = gather(data, projects)
    sme_known = add_sme_flags(data, organisations)
    partners = partner_rows(organisations)
    project_rows = [projects[pid] for pid in sorted(projects)]
    used = {pid for p in partners for pid in p["projects"].split(";")}
    unused = sorted(set(projects) - used)
    if unused:
        print(f"note: {len(unused)} projects have no usable participant: {', '.join(unused)}")
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "projects.csv", csv_text(PROJECT_FIELDS, project_rows))
    write_atomic(out / "partners.csv", csv_text(PARTNER_FIELDS, partners))
    write_atomic(out / "README.md", readme(partners, project_rows, sme_known))
    report(out)


def report(out: Path) -> None:
    """Load the result the way the tool will, so a broken pool fails here, not for users."""
    pool = load_partners(out / "partners.csv")
    counts = [len(p.passages()) for p in pool]
    unique = {text for p in pool for text in p.passages()}
    projects = {project.id for p in pool for project in p.projects}
    print(f"wrote {out}: {len(pool)} partners, {len(projects)} projects referenced, "
          f"{sum(counts) / len(counts):.1f} passages per partner (max {max(counts)}), "
          f"{len(unique)} unique passages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder holding cordis-h2020-security/, cordis-fp7-security/ "
                             "and cordis-he/")
    parser.add_argument("--out", type=Path, default=ROOT / "partners" / "cordis-security",
                        help="output folder")
    args = parser.parse_args(argv)
    missing = [s for s in SOURCES if not (args.data / s).is_dir()]
    if missing:
        parser.error(f"{args.data} has no {', '.join(missing)} folder (pass --data)")
    build(args.data, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
