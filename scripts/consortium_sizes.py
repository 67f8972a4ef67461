"""Typical consortium sizes from what was funded: the default ``--size`` of ``suggest``.

    python scripts/consortium_sizes.py --data ../shared/data \
        --out consortium/search/data/sizes.json

Horizon Europe (CORDIS organisation file): beneficiaries (coordinator + participants)
of every collaborative project (>= 3 beneficiaries), by EC contribution band, for
Cluster 3 and for all of Horizon Europe. The CORDIS project file with the type of action
is not in the data; the H2020 Secure Societies project file has it, so sizes by type of
action come from there. Source: CORDIS, European Commission.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import io
import json
from collections import defaultdict
from pathlib import Path
from statistics import median, quantiles

BANDS = [(0, 2), (2, 4), (4, 6), (6, 10), (10, 1000)]   # EUR million


def _rows(path: Path) -> csv.DictReader:
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as handle:
            raw = handle.read()
    else:
        raw = path.read_bytes()
    return csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")


def _summary(sizes: list[int]) -> dict[str, float]:
    q1, _, q3 = quantiles(sizes, n=4) if len(sizes) > 1 else (sizes[0], 0, sizes[0])
    return {"projects": len(sizes), "q1": round(q1), "median": round(median(sizes)),
            "q3": round(q3)}


def horizon_europe(data: Path) -> dict[str, dict[str, dict[str, float]]]:
    topics = {r["projectID"]: r["topic"] for r in _rows(data / "cordis-he" / "topics.csv")}
    members: dict[str, set[str]] = defaultdict(set)
    money: dict[str, float] = defaultdict(float)
    for r in _rows(data / "cordis-he" / "organization.csv.gz"):
        if r["role"] in ("coordinator", "participant"):
            members[r["projectID"]].add(r["organisationID"])
            with contextlib.suppress(ValueError):
                money[r["projectID"]] += float(r["ecContribution"] or 0)
    out: dict[str, dict[str, list[int]]] = {"HORIZON-CL3": defaultdict(list),
                                            "HORIZON": defaultdict(list)}
    for project, who in members.items():
        if len(who) < 3:
            continue
        millions = money[project] / 1e6
        band = next((f"{lo}-{hi}" for lo, hi in BANDS if lo <= millions < hi), None)
        if band is None:
            continue
        scopes = ["HORIZON"] + (["HORIZON-CL3"] if topics.get(project, "").startswith(
            "HORIZON-CL3") else [])
        for scope in scopes:
            out[scope][band].append(len(who))
            out[scope]["all"].append(len(who))
    return {scope: {band: _summary(s) for band, s in bands.items()}
            for scope, bands in out.items()}


def security_by_action(data: Path) -> dict[str, dict[str, float]]:
    sizes: dict[str, list[int]] = defaultdict(list)
    for r in _rows(data / "cordis-h2020-security" / "project.csv"):
        scheme = r.get("fundingScheme", "").split("-")[0]
        parts = [x for x in (r.get("participants") or "").split(";") if x.strip()]
        if scheme in ("RIA", "IA", "CSA"):
            sizes[scheme].append(len(parts) + 1)
    return {k: _summary(v) for k, v in sorted(sizes.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("consortium/search/data/sizes.json"))
    args = parser.parse_args()
    result = {"source": "CORDIS, European Commission (Horizon Europe organisations "
                        "snapshot 2024-05-29; H2020 Secure Societies projects)",
              "script": "scripts/consortium_sizes.py",
              "horizon_europe_by_budget": horizon_europe(args.data),
              "h2020_security_by_action": security_by_action(args.data)}
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
