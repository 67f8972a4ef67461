"""The default consortium size, from what was funded (data/sizes.json, built by
scripts/consortium_sizes.py from CORDIS): the interquartile range of the beneficiaries
of comparable projects, by budget band where the topic states a budget, otherwise by
type of action. A suggested consortium of 7 against funded medians of 14 tells the
writer the wrong story; ``--size`` overrides.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from consortium.calls.topic import Call

DATA = Path(__file__).parent / "data" / "sizes.json"
MIN_PROJECTS = 20     # a band with fewer projects is read from all of Horizon Europe
FALLBACK = (6, 10)    # no table at all (an unreadable install)


@dataclass(frozen=True)
class TypicalSize:
    low: int
    high: int
    basis: str        # "typical for an RIA of EUR 4-6 M: 12-18 partners (...)"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    try:
        return json.loads(DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _band(call: Call) -> str | None:
    values = [v for v in (call.budget_min, call.budget_max) if v]
    if not values:
        return None
    millions = sum(values) / len(values) / 1e6
    for band in ("0-2", "2-4", "4-6", "6-10", "10-1000"):
        lo, hi = (float(x) for x in band.split("-"))
        if lo <= millions < hi:
            return band
    return None


def _what(call: Call, band: str | None) -> str:
    action = call.action_type or "project"
    article = "an" if action[:1] in "AEIOU" else "a"  # an RIA, an IA, a CSA, a project
    if band is None:
        return f"{article} {action}"
    lo, hi = band.split("-")
    money = f"over EUR {lo} M" if hi == "1000" else f"of EUR {lo}-{hi} M"
    return f"{article} {action} {money}"


def typical_size(call: Call) -> TypicalSize:
    table = _table()
    band = _band(call)
    by_budget = table.get("horizon_europe_by_budget", {})
    cluster3 = call.id.upper().startswith("HORIZON-CL3")
    found = None
    if band is not None:
        for scope, label in (("HORIZON-CL3", "Cluster 3"), ("HORIZON", "Horizon Europe")):
            row = by_budget.get(scope, {}).get(band)
            if (scope != "HORIZON-CL3" or cluster3) and row and row["projects"] >= MIN_PROJECTS:
                found = (row, f"{label} projects of that budget")
                break
    if found is None:
        row = table.get("h2020_security_by_action", {}).get(call.action_type)
        if row and cluster3:
            found = (row, f"H2020 Secure Societies {call.action_type}s")
        else:
            scope = "HORIZON-CL3" if cluster3 else "HORIZON"
            row = by_budget.get(scope, {}).get("all")
            label = "Cluster 3" if cluster3 else "Horizon Europe"
            found = (row, f"collaborative {label} projects") if row else None
    if found is None:
        return TypicalSize(*FALLBACK, "no CORDIS size table; give --size")
    row, where = found
    low, high = int(row["q1"]), max(int(row["q3"]), int(row["q1"]))
    return TypicalSize(low, high, f"typical for {_what(call, band)}: {low}-{high} partners "
                       f"(CORDIS: median {row['median']} of {row['projects']} {where})")
