"""Survivors of search/rules.py in the mutation run of 2026-12-03 (#25): the masks of an
empty pool (a registry filtered down to nothing) must still be boolean masks, so every
rule reads as unreachable instead of failing inside numpy."""

from __future__ import annotations

import numpy as np

from consortium.calls.topic import Call
from consortium.search.constraints import AtLeast
from consortium.search.rules import Rules, constraints, eligibility_constraints


def test_an_empty_pool_meets_no_rule_and_says_so() -> None:
    nobody = np.array([], dtype=np.intp)
    rules = eligibility_constraints([], "RIA", [])
    assert [c.mask.dtype for c in rules] == [np.dtype(bool), np.dtype(bool)]
    assert not any(c.reachable(nobody, 5) for c in rules)
    call = Call(id="T-01", title="t", call="", action_type="RIA", deadline="", source="t.md",
                sections={}, requirements=[], conditions=[])
    found = constraints(call, [], Rules(require_types=("SME",), min_clusters=2,
                                        experienced_coordinator=True))
    at_least = [c for c in found if isinstance(c, AtLeast)]
    assert len(at_least) == 5 and all(c.mask.dtype == bool for c in at_least)
    assert not any(c.reachable(nobody, 5) for c in at_least)
