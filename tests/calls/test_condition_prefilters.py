"""The word pre-filters of calls/conditions.py only save regular-expression time, so
they must let through every sentence their expressions read (found by the mutation run
of 2026-12-03, #25: "public bodies with a policy-making role" passed only when the
sentence said "at least", whose "lea" is a role word; "one SME takes the coordination"
never reached its expression)."""

from __future__ import annotations

from consortium.calls.conditions import Condition, extract_conditions


def test_the_word_prefilters_let_through_what_the_expressions_read() -> None:
    # no "at least" (whose "lea" passed the role pre-filter by chance) and no "coordinator"
    s = "The consortium must involve public bodies with a policy-making role."
    assert extract_conditions(s) == [Condition("government authority", True, s)]
    s = "Ideally one SME takes the coordination of the project, with participation of industry."
    assert [(c.role, c.min_entities) for c in extract_conditions(s)] == [("SME", 1)]
