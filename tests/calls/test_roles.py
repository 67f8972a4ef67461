"""Sentence roles on every bundled topic: what is scored is an ask, never a broken piece."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from consortium.calls.folder import list_calls
from consortium.calls.predecessors import topic_ids_in
from consortium.calls.roles import ASK, FRAGMENT_START, is_framing_lead, unit_role
from consortium.calls.topic import Call, load_call, parse_call

CALLS_DIR = Path(__file__).resolve().parent.parent.parent / "calls"

# Structural definitions, independent of the classifier's cue words: a footnote starts with
# its number glued before a capital ("65 This decision ..."), a lead-in ends with ":", a
# fragment of a cut list item starts with a lowercase "and"/"or"/"but".
FOOTNOTE = re.compile(r"^\d{1,3} [A-Z][a-z]")
LEAD_IN = re.compile(r":\s*$")


@pytest.fixture(scope="module")
def calls() -> list[Call]:
    found = list_calls(CALLS_DIR)  # the package's own loader, as `calls list` uses it
    assert len(found) == 109
    return found


def test_no_footnote_lead_in_or_fragment_is_weighted(calls: list[Call]) -> None:
    bad = [(c.id, r.id, r.text[:80]) for c in calls for r in c.requirements
           if r.weight > 0 and (FOOTNOTE.match(r.text) or FRAGMENT_START.match(r.text)
                                or (LEAD_IN.search(r.text) and is_framing_lead(r.text)))]
    assert bad == []


def test_every_unit_is_kept_and_only_asks_weigh(calls: list[Call]) -> None:
    for call in calls:
        assert all(r.role == ASK and r.id.startswith("R") for r in call.requirements)
        assert all(r.role != ASK and r.weight == 0 and r.id.startswith("X")
                   for r in call.context)
        positions = [r.position for r in call.units()]
        assert positions == sorted(set(positions))
    assert sum(len(c.context) for c in calls) > 0.1 * sum(len(c.requirements) for c in calls)


def test_roles_of_structural_cases() -> None:
    assert unit_role("65 This decision is available on the Portal: x.pdf", "scope",
                     False, False) == "footnote"
    assert unit_role("Projects’ results are expected to contribute to all of the following "
                     "outcomes:", "expected_outcome", False, True) == "lead_in"
    assert unit_role("and definition of responsibilities in data governance", "scope",
                     True, False) == "fragment"
    assert unit_role("Coordination among the successful proposals from this topic should be "
                     "envisaged.", "scope", False, False) == "boilerplate"
    assert unit_role("Software is at the foundation of all digital technologies.", "scope",
                     False, False) == "context"


def test_fragments_join_their_item_and_items_know_their_lead() -> None:
    call = parse_call("## Expected Outcome\nResults are expected to contribute to the "
                      "following outcomes:\n- Shared discussions on definitions of problems\n"
                      "- and definition of responsibilities in data governance\n"
                      "- Better tools for police\n")
    assert [r.text for r in call.requirements] == [
        "Shared discussions on definitions of problems and definition of responsibilities "
        "in data governance", "Better tools for police"]
    assert {r.lead for r in call.requirements} == {
        "Results are expected to contribute to the following outcomes:"}


def test_predecessors_are_recognised_and_not_scored() -> None:
    assert topic_ids_in("projects from topic HORIZON-CL3-2021-BM-01- 01: Enhanced security, "
                        "and HORIZON-CL3- 2023-BM-01-04; H2020 SU-BES02-2018-2019-2020") == [
        "HORIZON-CL3-2021-BM-01-01", "HORIZON-CL3-2023-BM-01-04", "SU-BES02-2018-2019-2020"]
    call = parse_call("---\nid: HORIZON-CL3-2025-01-BM-02\n---\n## Scope\nProposals should "
                      "develop sensors for border checks.\nIn particular, proposals should "
                      "build on projects from topic HORIZON-CL3-2021-BM-01- 01: Enhanced "
                      "security of borders.\n")
    assert call.predecessors == ["HORIZON-CL3-2021-BM-01-01"]
    assert [r.role for r in call.context] == ["predecessor"]
    assert len(call.requirements) == 1


def test_all_bundled_topics_load() -> None:
    """Every bundled topic reads (how long it takes is the benchmarks' business: a timed
    test fails on a loaded machine and proves nothing on a fast one)."""
    paths = sorted(CALLS_DIR.glob("HORIZON-*.md"))
    assert len(paths) == 109
    assert all(load_call(path, warn=None).requirements for path in paths)


def test_the_ukraine_encouragement_is_programme_text_not_an_ask() -> None:
    # A sentence the 2024-25 work programme puts in many topics: who to involve, not a
    # capability a partner covers (the demo topic reported it as its only gap).
    text = ("Within this topic, the European Commission encourages all potential "
            "participants to create, where possible, opportunities for the affected persons "
            "and entities, in particular researchers and innovators previously active in "
            "Ukraine as well as Ukrainian researchers and innovators who are unable to "
            "return to Ukraine in the given circumstances.")
    assert unit_role(text, "scope", False, False) == "boilerplate"
    assert unit_role("Proposals are encouraged to create opportunities for first responders "
                     "to test the tools.", "scope", False, False) == "ask"
