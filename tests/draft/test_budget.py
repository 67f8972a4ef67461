"""Budget guidance: the shipped shares recomputed from raw CORDIS rows, the stratum
chosen for a topic, and the draft split."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from statistics import median

import pytest

from consortium.draft.budget import budget_guidance, draft_split, shares_file, stratum_key

EXCERPT = Path(__file__).parents[1] / "data" / "cordis_excerpt"


def _rows(name: str) -> list[dict[str, str]]:
    with (EXCERPT / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_coordinator_share_recomputed_from_the_raw_cordis_rows() -> None:
    """HE:HORIZON-CL3's median coordinator share, from the CORDIS organisation rows of
    every CL3 project with plain csv and statistics (the script uses pandas)."""
    family = {r["projectID"] for r in _rows("topics.csv")
              if "-".join("".join(r["topic"].split()).split("-")[:2]) == "HORIZON-CL3"}
    money: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    coordinators: dict[str, set[str]] = defaultdict(set)
    for r in _rows("organization.csv"):
        if r["projectID"] in family and r["role"] in ("coordinator", "participant"):
            money[r["projectID"]][r["organisationID"]] += float(r["ecContribution"] or 0)
            if r["role"] == "coordinator":
                coordinators[r["projectID"]].add(r["organisationID"])
    shares = []
    for project, by_org in money.items():
        total = sum(by_org.values())
        if len(by_org) >= 3 and total > 0:
            shares += [by_org[o] / total for o in coordinators[project]]
    figure = shares_file()["strata"]["HE:HORIZON-CL3"]["shares"]["role:coordinator"]
    assert figure["n"] == len(shares)
    assert figure["median"] == pytest.approx(100 * median(shares), abs=0.005)


def test_the_closest_stratum_is_chosen() -> None:
    strata = list(shares_file()["strata"])
    assert stratum_key("HORIZON-CL3-2025-01-DRS-04", "", strata) == "HE:HORIZON-CL3"
    assert stratum_key("HORIZON-CL3-2025-01-DRS-04", "IA", strata) == "H2020-SEC:IA"
    assert stratum_key("HORIZON-XYZ-2025-01", "PCP", strata) == "HE"


def test_draft_split_sums_to_100_and_favours_the_coordinator() -> None:
    stratum = shares_file()["strata"]["HE:HORIZON-CL3"]
    split = draft_split(stratum, [("A", "coordinator", "REC"), ("B", "beneficiary", "PRC"),
                                  ("C", "beneficiary", "PUB")])
    assert sum(share for _, share in split) == pytest.approx(100, abs=0.2)
    shares = dict(split)
    assert shares["A"] > shares["B"] > shares["C"]


def test_guidance_carries_its_basis_and_attribution() -> None:
    b = budget_guidance("HORIZON-CL3-2025-01-DRS-04", "", 3_000_000,
                        [("A", "coordinator", "REC"), ("B", "beneficiary", "HES")])
    assert b.projects > 20 and "HORIZON-CL3" in b.basis and b.budget == 3_000_000
    assert b.attribution.startswith("Source: CORDIS, European Commission")
    assert {r.key for r in b.rows} >= {"coordinator", "participant", "HES", "PRC"}
    assert all(r.q1 <= r.median <= r.q3 for r in b.rows)
