"""EC contribution shares in funded projects: the budget guidance of the proposal draft.

    python scripts/budget_shares.py --data ../shared/data \
        --out consortium/data/budget_shares.json

Needs pandas (a development dependency; the package itself only reads the JSON).
For every collaborative project (>= 3 beneficiaries: coordinator and participants;
associated partners and third parties receive no EC contribution of their own) each
beneficiary's share of the project's EC contribution, summarised by role, organisation
type and SME status as median and interquartile range. Strata:

- Horizon Europe (CORDIS ``organization`` file), all collaborative topics (ERC, MSCA and
  EIC left out) and per topic family (``HORIZON-CL3``...): the file has no type of
  action, so these strata do not separate RIA, IA and CSA;
- H2020 Secure Societies (CORDIS project and organisation files), per type of action
  (``fundingScheme``: RIA, IA, CSA), the closest funded projects that record it.

Source: CORDIS, European Commission (EU open data, CC BY 4.0).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd

BENEFICIARY = ("coordinator", "participant")
NOT_COLLABORATIVE = ("ERC", "HORIZON-ERC", "HORIZON-MSCA", "HORIZON-EIC")
ACTIONS = ("RIA", "IA", "CSA")
MIN_PROJECTS = 20
ATTRIBUTION = ("Source: CORDIS, European Commission (Horizon Europe organisation and "
               "topic files, snapshot 2024-05-29; H2020 Secure Societies project and "
               "organisation files)")


def beneficiary_shares(org: pd.DataFrame) -> pd.DataFrame:
    """One row per beneficiary of a collaborative project, with ``share`` of its EC
    contribution in the project's total (a beneficiary on two rows is summed)."""
    rows = org[org["role"].isin(BENEFICIARY)].copy()
    if "SME" not in rows:
        rows["SME"] = None
    rows["ec"] = pd.to_numeric(rows["ecContribution"], errors="coerce").fillna(0.0)
    keys = ["projectID", "organisationID"]
    rows = rows.groupby(keys, as_index=False).agg(
        ec=("ec", "sum"), role=("role", "min"), activityType=("activityType", "first"),
        SME=("SME", "first"))   # "coordinator" < "participant": a coordinator stays one
    total = rows.groupby("projectID")["ec"].transform("sum")
    size = rows.groupby("projectID")["organisationID"].transform("count")
    rows = rows[(total > 0) & (size >= 3)].copy()
    rows["share"] = rows["ec"] / total[rows.index]
    rows["project_ec"] = total[rows.index]
    return rows


def summary(values: pd.Series) -> dict[str, float]:
    """Median and interquartile range of shares, in per cent (pandas' linear quantiles)."""
    q = values.quantile([0.25, 0.5, 0.75])
    return {"n": int(values.size), "q1": round(100 * float(q[0.25]), 2),
            "median": round(100 * float(q[0.5]), 2), "q3": round(100 * float(q[0.75]), 2)}


def stratum(rows: pd.DataFrame, basis: str) -> dict[str, Any]:
    groups: dict[str, dict[str, float]] = {}
    for role, part in rows.groupby("role"):
        groups[f"role:{role}"] = summary(part["share"])
    for kind, part in rows.groupby("activityType"):
        groups[f"type:{kind}"] = summary(part["share"])
    if rows["SME"].notna().any():
        for flag, part in rows.dropna(subset=["SME"]).groupby("SME"):
            groups["sme:" + ("yes" if str(flag) == "True" else "no")] = summary(part["share"])
    per_project = rows.groupby("projectID")["project_ec"].first()
    return {"basis": basis, "projects": int(per_project.size),
            "median_project_ec": round(float(per_project.median())), "shares": groups}


def horizon_europe(data: Path) -> dict[str, dict[str, Any]]:
    org = pd.read_csv(data / "cordis-he" / "organization.csv.gz", sep=";", dtype=str)
    topics = pd.read_csv(data / "cordis-he" / "topics.csv", sep=";", dtype=str)
    topic = topics.drop_duplicates("projectID").set_index("projectID")["topic"]
    rows = beneficiary_shares(org)
    code = rows["projectID"].map(topic).fillna("").str.split().str.join("")
    family = code.str.split("-").str[:2].str.join("-")
    keep = ~code.str.startswith(NOT_COLLABORATIVE) & (code != "")
    rows, family = rows[keep], family[keep]
    out = {"HE": stratum(rows, "Horizon Europe collaborative projects (all topics, any "
                         "type of action)")}
    for name, part in rows.groupby(family):
        if part["projectID"].nunique() >= MIN_PROJECTS:
            out[f"HE:{name}"] = stratum(part, f"Horizon Europe collaborative projects "
                                              f"under {name} topics (any type of action)")
    return out


def secure_societies(data: Path) -> dict[str, dict[str, Any]]:
    folder = data / "cordis-h2020-security"
    projects = pd.read_csv(folder / "project.csv", sep=";", dtype=str)
    org = pd.read_csv(folder / "organization.csv", sep=";", dtype=str)
    org = org.rename(columns={"id": "organisationID"})
    scheme = projects.set_index("id")["fundingScheme"]
    rows = beneficiary_shares(org)
    action = rows["projectID"].map(scheme)
    out = {}
    for name in ACTIONS:
        part = rows[action == name]
        if part["projectID"].nunique() >= MIN_PROJECTS:
            out[f"H2020-SEC:{name}"] = stratum(
                part, f"H2020 Secure Societies {name} projects (the closest funded "
                      f"projects that record the type of action)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("consortium/data/budget_shares.json"))
    args = parser.parse_args()
    strata = {**horizon_europe(args.data), **secure_societies(args.data)}
    document = {"attribution": ATTRIBUTION, "unit": "per cent of the project's EC "
                "contribution received by one beneficiary", "strata": strata}
    args.out.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"{len(strata)} strata written to {args.out}")


if __name__ == "__main__":
    main()
