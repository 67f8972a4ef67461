"""CORDIS track records: participants files in, one profile per organisation out.

The files are those users download from CORDIS (``;``-separated, quoted, optionally
gzipped): Horizon Europe ``organization.csv`` with its ``topics.csv``, ``euroSciVoc.csv``
and, when given, ``project.csv``; H2020 and FP7 ``organization.csv`` with ``project.csv``.
Rows are streamed, never loaded whole, so the 80,000-row Horizon Europe file costs memory
in proportion to organisations and projects, not rows.

A profile is a ``Partner`` whose projects carry the evidence: the objective (when CORDIS
published it), the topic's title and the project's euroSciVoc labels, composed into one
paragraph per project. That text is the same for every participant, so the embedding
cache embeds it once (see ``partners.model``). Role and EC contribution differ per
participant and are kept in ``Participation``. The same organisation id across files and
programmes is merged into one profile; similar names under different ids are left apart
and reported by ``duplicates``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from consortium.errors import InputError
from consortium.files import Progress, csv_key, open_text, read_rows
from consortium.partners.classify import Organisation, classify
from consortium.partners.countries import normalise_country
from consortium.partners.model import Participation, Partner, Project, Source, recent_first
from consortium.partners.orgtypes import ORG_TYPES
from consortium.partners.practitioners import from_classifier
from consortium.partners.sme import sme_for_kind
from consortium.text import clean, decode_entities

# File kinds, told apart by their header rather than their name: users rename downloads.
HE_ORGANISATIONS = "he-organisations"
ORGANISATIONS = "organisations"   # H2020 / FP7 layout
PROJECTS = "projects"
TOPICS = "topics"
EUROSCIVOC = "euroscivoc"
_SIGNATURES = {
    HE_ORGANISATIONS: {"projectid", "organisationid", "activitytype"},
    ORGANISATIONS: {"projectid", "id", "name", "activitytype"},
    PROJECTS: {"id", "acronym", "objective"},
    TOPICS: {"projectid", "topic", "title"},
    EUROSCIVOC: {"projectid", "euroscivoctitle"},
}
_COMPANIONS = {
    PROJECTS: ("project.csv", "project.csv.gz"),
    TOPICS: ("topics.csv", "topics.csv.gz"),
    EUROSCIVOC: ("euroSciVoc.csv", "euroSciVoc.csv.gz"),
}


@dataclass
class CordisImport:
    """What one organisations file gave: profiles, shared projects, and what was not used."""

    path: Path
    rows: int = 0
    partners: dict[str, Partner] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # one line each, file:row first
    notes: list[str] = field(default_factory=list)     # counts of values filled in


def file_kind(path: Path) -> str | None:
    """Which CORDIS file this is, from its header; None for anything else."""
    try:
        with path.open("rb") as handle, open_text(path, handle) as text:
            header = next(csv.reader(text, delimiter=";"), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    keys = {csv_key(h) for h in header}
    for kind, needed in _SIGNATURES.items():
        if needed <= keys:
            return kind
    return None


def _paragraph(text: str) -> str:
    """CORDIS abstracts hold hard line breaks (and HTML entities: "R&amp;D"); a project
    must be one paragraph of plain text."""
    return re.sub(r"\s+", " ", clean(decode_entities(text))).strip()


def _year(*texts: str) -> int | None:
    """Start date if known, else the call year in a topic code (HORIZON-CL3-2022-...)."""
    for text in texts:
        match = re.search(r"(?:^|\D)(20\d\d|19\d\d)(?:\D|$)", text)
        if match:
            return int(match.group(1))
    return None


def _coordinates(partner: Partner, project_id: str) -> bool:
    before = partner.role_in(project_id)
    return before is not None and before.role.lower() == "coordinator"


def _money(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


# ------------------------------------------------------------------ companion files


def _topics(path: Path | None) -> dict[str, tuple[str, str]]:
    """projectID -> (topic code, topic title); the first topic of a project is its own."""
    found: dict[str, tuple[str, str]] = {}
    if path is not None:
        for _, row in read_rows(path):
            found.setdefault(row["projectid"].strip(),
                             (" ".join(row["topic"].split()), _paragraph(row["title"])))
    return found


def _labels(path: Path | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}  # a few thousand labels repeat over 40,000 rows
    if path is not None:
        for _, row in read_rows(path):
            raw = row["euroscivoctitle"]
            label = cleaned.get(raw)
            if label is None:
                label = cleaned[raw] = _paragraph(raw)
            labels = found.setdefault(row["projectid"].strip(), [])
            if label and label not in labels:
                labels.append(label)
    return found


def _project_rows(path: Path | None) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    if path is not None:
        for _, row in read_rows(path):
            found.setdefault(row["id"].strip(), row)
    return found


def companions(organisations: Path, given: dict[str, Path]) -> dict[str, Path]:
    """Companion files: those given explicitly, else the CORDIS names beside the file."""
    found = dict(given)
    for kind, names in _COMPANIONS.items():
        if kind not in found:
            beside = [organisations.with_name(n) for n in names]
            found.update((kind, p) for p in beside if p.is_file() and file_kind(p) == kind)
    return found


# ----------------------------------------------------------------------- profiles


def _project(project_id: str, acronym: str, programme: str, info: dict[str, str] | None,
             topic: tuple[str, str] | None, labels: list[str]) -> Project:
    """One paragraph of evidence per project: objective, topic title, fields of science."""
    info = info or {}
    code = topic[0] if topic else " ".join(info.get("topics", "").split())
    parts = [_paragraph(info.get("objective", ""))]
    if topic and topic[1]:
        parts.append(f"Topic: {topic[1].rstrip('.')}.")
    if labels:
        parts.append(f"Fields: {'; '.join(labels)}.")
    return Project(
        id=project_id,
        acronym=_paragraph(info.get("acronym", "")) or acronym,
        title=_paragraph(info.get("title", "")),
        objective=" ".join(p for p in parts if p),
        programme=info.get("frameworkprogramme", "").strip() or programme,
        topic=code,
        start_year=_year(info.get("startdate", ""), code),
    )


def _update(partner: Partner, row: dict[str, str], stamp: str, latest: dict[str, str]) -> None:
    """Names and flags from the most recent row (CORDIS corrects them over time)."""
    if stamp >= latest.get(partner.id, ""):
        latest[partner.id] = stamp
        partner.name = clean(decode_entities(row.get("name", ""))) or partner.name
        partner.short_name = (clean(decode_entities(row.get("shortname", "")))
                              or partner.short_name)
        partner.website = clean(row.get("organizationurl", "")) or partner.website


def _update_sme(partner: Partner, row: dict[str, str], stamp: str,
                latest: dict[str, str]) -> None:
    """The most recent row with an SME value decides (CORDIS corrects the flag over time);
    never "True in any row"."""
    sme = row.get("sme", "").strip().lower()
    if sme in ("true", "false") and stamp >= latest.get(partner.id, ""):
        latest[partner.id] = stamp
        partner.sme = sme == "true"


def import_organisations(path: Path, given: dict[str, Path] | None = None,
                         progress: Progress | None = None) -> CordisImport:
    """Read one CORDIS organisations file (HE or H2020/FP7 layout) into profiles."""
    kind = file_kind(path)
    if kind not in (HE_ORGANISATIONS, ORGANISATIONS):
        raise InputError(path, "not a CORDIS organization.csv (expected columns projectID, "
                         "organisationID or id, name, activityType)")
    rows = _OrganisationRows(path, kind, companions(path, given or {}))
    for line, row in read_rows(path, progress):
        rows.add(line, row)
    _complete(rows.result, rows.shorts)
    return rows.result


class _OrganisationRows:
    """What reading one organisations file row by row keeps: the companion files' data,
    the profiles so far, and which row of each organisation is the most recent."""

    def __init__(self, path: Path, kind: str, files: dict[str, Path]) -> None:
        self.path = path
        self.id_key = "organisationid" if kind == HE_ORGANISATIONS else "id"
        self.infos = _project_rows(files.get(PROJECTS))
        self.topics = _topics(files.get(TOPICS))
        self.labels = _labels(files.get(EUROSCIVOC))
        self.programme = "HORIZON" if kind == HE_ORGANISATIONS else ""
        self.result = CordisImport(path)
        self.latest: dict[str, str] = {}
        self.latest_sme: dict[str, str] = {}
        self.shorts: dict[str, dict[str, int]] = {}
        self.seen: set[tuple[str, str]] = set()

    def add(self, line: int, row: dict[str, str]) -> None:
        """One participant row: the organisation's profile, the project, the role."""
        result = self.result
        result.rows += 1
        org_id = row.get(self.id_key, "").strip()
        project_id = row.get("projectid", "").strip()
        if not org_id or not project_id:
            result.problems.append(f"{self.path}:{line}: no organisation or project id; "
                                   "row skipped")
            return
        partner = result.partners.get(org_id)
        if partner is None:
            partner = Partner(org_id, "", "", "", "", None, "",
                              sources=[Source(str(self.path), line)])
            result.partners[org_id] = partner
        info = self.infos.get(project_id)
        if project_id not in result.projects:
            acronym = _paragraph(row.get("projectacronym", ""))
            result.projects[project_id] = _project(project_id, acronym, self.programme, info,
                                                   self.topics.get(project_id),
                                                   self.labels.get(project_id, []))
        stamp = row.get("contentupdatedate", "") or (info or {}).get("startdate", "")
        _update(partner, row, stamp, self.latest)
        _update_sme(partner, row, stamp, self.latest_sme)
        short = clean(row.get("shortname", ""))
        if short:
            counts = self.shorts.setdefault(org_id, {})
            counts[short] = counts.get(short, 0) + 1
        self._type_and_country(partner, line, row, stamp)
        self._participation(partner, row, project_id)

    def _type_and_country(self, partner: Partner, line: int, row: dict[str, str],
                          stamp: str) -> None:
        """Set from the most recent row that has them; an unknown country is a problem."""
        org_id = partner.id
        code = row.get("activitytype", "").strip().upper()
        if code in ORG_TYPES and (not partner.org_type or stamp >= self.latest[org_id]):
            partner.org_type = code
        country = normalise_country(row.get("country", ""))
        if country and (not partner.country or stamp >= self.latest[org_id]):
            partner.country = country
        elif not country and row.get("country", "").strip():
            self.result.problems.append(f"{self.path}:{line}: field 'country': unknown "
                                        f"country '{row['country'].strip()}' "
                                        f"(organisation {org_id})")

    def _participation(self, partner: Partner, row: dict[str, str], project_id: str) -> None:
        role = row.get("role", "").strip()
        if (partner.id, project_id) not in self.seen:
            self.seen.add((partner.id, project_id))
            partner.participations.append(
                Participation(project_id, role, _money(row.get("eccontribution", ""))))
            partner.projects.append(self.result.projects[project_id])
            partner.coordinated += role.lower() == "coordinator"
        elif role.lower() == "coordinator" and not _coordinates(partner, project_id):
            # Listed twice in one project: the coordinator row wins.
            partner.participations = [p for p in partner.participations
                                      if p.project_id != project_id]
            partner.participations.append(
                Participation(project_id, role, _money(row.get("eccontribution", ""))))
            partner.coordinated += 1


def _classify(partner: Partner, shorts: dict[str, int]) -> None:
    """Kind, practitioner category and SME from everything the rows gave: every short
    name seen (a ministry's "ORFK"), the activity type and the projects' topics."""
    names = sorted(shorts, key=lambda s: (-shorts[s], s))[:3] or [partner.short_name]
    found = classify(Organisation(partner.name, tuple(n for n in names if n), (),
                                  (partner.org_type,), partner.country,
                                  tuple(p.topic for p in partner.projects if p.topic)))
    partner.kind = found.kind
    partner.practitioner = from_classifier(found.category)
    partner.sme = sme_for_kind(partner.sme, found.kind)


def _complete(result: CordisImport, shorts: dict[str, dict[str, int]]) -> None:
    """Fill in what no row gave (type OTH, name from the short name or id), classify, and
    say how many organisations had no type or country in any row."""
    no_type: set[str] = set()
    no_country: set[str] = set()
    for partner in result.partners.values():
        if not partner.org_type:
            partner.org_type = "OTH"
            no_type.add(partner.id)
        if not partner.country:
            no_country.add(partner.id)
        partner.name = partner.name or partner.short_name or partner.id
        partner.projects.sort(key=recent_first)
        _classify(partner, shorts.get(partner.id, {}))
    if no_type:
        result.notes.append(f"{len(no_type)} organisations have no activityType in any row; "
                            "recorded as OTH (e.g. " + ", ".join(sorted(no_type)[:3]) + ")")
    if no_country:
        result.notes.append(f"{len(no_country)} organisations have no country in any row; "
                            "kept without one, so no consortium counts them as eligible "
                            "(e.g. " + ", ".join(sorted(no_country)[:3]) + ")")


def capability_text(partner: Partner, limit: int = 0) -> str:
    """The evidence a partner is matched on, as one text (for ``partners show``)."""
    parts = [partner.description] + [p.text() for p in partner.projects]
    text = " ".join(p for p in parts if p)
    return text if not limit or len(text) <= limit else text[: limit - 1].rstrip() + "…"
