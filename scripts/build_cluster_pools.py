"""Build the example cluster pools (partners/clusters) from the bundled CORDIS pool.

Cross-cluster features (``suggest --min-clusters``, ``radar --cluster``, ``clusters map``)
need registries tagged by cluster. Real member lists of The Hague Security Delta, SAFE/SCS,
CenSec, Tampere or KIT/Munich are not public data, so the example uses stand-ins: the
organisations of each cluster's country that took part in an FP7 Security or H2020 Secure
Societies project, tagged with the country code. Deriving them from
``partners/cordis-security`` (not from the raw CORDIS files) keeps the project texts
identical, so the embedding cache of the default pool already covers them. Run from the
repository root:

    python scripts/build_cluster_pools.py

Output is sorted by cluster and id, so a rebuild is byte for byte the same.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from consortium.files import write_atomic
from consortium.partners.formats import csv_text

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "partners" / "cordis-security"
OUT = ROOT / "partners" / "clusters"

# Country tag -> the cluster it stands in for (shown in the README, never in the data,
# so nobody mistakes the stand-in for the cluster's real membership).
CLUSTERS = {
    "NL": "The Hague Security Delta (with Twente)",
    "FR": "SAFE and SCS (France)",
    "DK": "CenSec",
    "FI": "Tampere security cluster",
    "DE": "KIT and the Munich security cluster",
}
ATTRIBUTION = ("Source: CORDIS, European Commission — reused under Commission Decision "
               "2011/833/EU (CC BY 4.0)")
MIN_PROJECTS = 1   # a security research track record: at least one security project


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def select(partners: list[dict[str, str]]) -> list[dict[str, str]]:
    """Organisations of the five countries with a track record, tagged by country."""
    chosen = []
    for row in partners:
        projects = [p for p in row["projects"].split(";") if p]
        if row["country"] in CLUSTERS and len(projects) >= MIN_PROJECTS:
            chosen.append({**row, "cluster": row["country"]})
    order = list(CLUSTERS)
    return sorted(chosen, key=lambda r: (order.index(r["cluster"]), r["id"]))


def readme(rows: list[dict[str, str]], n_projects: int) -> str:
    counts = Counter(r["cluster"] for r in rows)
    types = Counter(r["type"] for r in rows)
    lines = [
        "# Example cluster pools (stand-ins)",
        "",
        "**These are not the clusters' member lists.** Each pool stands in for a European",
        "security cluster: it holds the organisations of that cluster's country that took",
        "part in at least one FP7 Security or H2020 Secure Societies project, taken from the",
        "bundled CORDIS security pool (`partners/cordis-security`). Use them to try",
        "`radar --cluster`, `clusters map` and `suggest --min-clusters` before you import",
        "the real member spreadsheets (`consortium partners import members.xlsx --cluster HSD`).",
        "",
        "| cluster tag | stands in for | organisations |",
        "|---|---|---|",
    ]
    lines += [f"| `{tag}` | {name} | {counts[tag]} |" for tag, name in CLUSTERS.items()]
    lines += [
        "",
        f"- `partners.csv`: {len(rows)} organisations, the columns of the CORDIS pool plus",
        "  `cluster` (the country tag above). Types: "
        + ", ".join(f"{types[t]} {t}" for t in sorted(types)) + ".",
        f"- `projects.csv`: the {n_projects} projects these organisations took part in, with",
        "  the same texts as the CORDIS pool (so its embedding cache serves these pools too).",
        "",
        "```bash",
        "consortium radar --partners partners/clusters/partners.csv --cluster FI",
        "consortium clusters map HORIZON-CL3-2026-01-DRS-01 \\",
        "    --partners partners/clusters/partners.csv",
        "consortium suggest HORIZON-CL3-2026-01-DRS-01 \\",
        "    --partners partners/clusters/partners.csv --min-clusters 3",
        "```",
        "",
        "Rebuild with `python scripts/build_cluster_pools.py` (deterministic).",
        "",
        "## Licence",
        "",
        ATTRIBUTION + ". The data is as CORDIS published it; the selection and the tags are ours.",
        "",
    ]
    return "\n".join(lines)


def build(source: Path = SOURCE, out: Path = OUT) -> tuple[int, int]:
    fields, partners = read_csv(source / "partners.csv")
    project_fields, projects = read_csv(source / "projects.csv")
    rows = select(partners)
    used = {p for r in rows for p in r["projects"].split(";") if p}
    kept = [p for p in projects if p["id"] in used]
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "projects.csv", csv_text(project_fields, kept))
    write_atomic(out / "partners.csv", csv_text([*fields, "cluster"], rows))
    write_atomic(out / "README.md", readme(rows, len(kept)))
    return len(rows), len(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE,
                        help="the CORDIS security pool folder (partners.csv, projects.csv)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write")
    args = parser.parse_args(argv)
    n_partners, n_projects = build(args.source, args.out)
    print(f"{n_partners} organisations, {n_projects} projects written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
