"""Requirement kinds and options (consortium/calls/kinds.py): each rule of the module
docstring on a sentence that needs it, and one that must not trigger it."""

from __future__ import annotations

import pytest

from consortium.calls.kinds import (
    BOILERPLATE,
    CROSS_CUTTING,
    EXPECTED_OUTCOME_KIND,
    KIND_WEIGHTS,
    SCOPE_KIND,
    assign_options,
    classify,
    option_label,
    option_mentioned,
)


@pytest.mark.parametrize("text", [
    "Coordination among the successful proposals from this topic should be envisaged.",
    "Coordination between the successful proposals is expected.",
    "Proposals should take into account the considerations expressed in the introduction.",
    "See General Annex B for the conditions.",
    "The General Annexes apply.",
    "https://example.org/page",
    "[3] https://example.org/page.",
    "12 https://example.org",
    "[12] Footnote text.",
])
def test_boilerplate_weighs_nothing(text: str) -> None:
    assert classify(SCOPE_KIND, text) == (BOILERPLATE, "", 0.0)
    assert classify(EXPECTED_OUTCOME_KIND, text) == (BOILERPLATE, "", 0.0)


@pytest.mark.parametrize("text", [
    "Coordination of first responders across borders.",   # "coordination", no boilerplate
    "Tools described at https://example.org help first responders.",  # a URL inside prose
    "Build on and not duplicate previous research.",
])
def test_near_boilerplate_is_an_ask(text: str) -> None:
    assert classify(SCOPE_KIND, text) == (SCOPE_KIND, "", 0.8)


def test_expected_outcomes_keep_their_kind_even_with_aspect_words() -> None:
    assert classify(EXPECTED_OUTCOME_KIND, "Better gender balance in policing.") == (
        EXPECTED_OUTCOME_KIND, "", 1.0)


@pytest.mark.parametrize(("text", "aspect"), [
    ("Proposals should engage with the Europol Innovation Lab.", "engagement"),
    ("Cooperation with the EU Drugs Agency is encouraged.", "engagement"),
    ("Projects should cooperate with the relevant agency where useful.", "engagement"),
    ("Input from the JRC is welcome.", "engagement"),
    ("The contribution of social sciences and humanities is required.", "ssh"),
    ("SSH expertise should be included.", "ssh"),
    ("The gender dimension should be addressed.", "gender"),
    ("Ethical issues must be handled.", "ethics"),
    ("Data should follow FAIR principles.", "open_science"),
    ("Results should be published in open access.", "open_science"),
    ("International cooperation is encouraged.", "international"),
    ("Participation of third countries is possible.", "international"),
    ("A mid-term deliverable should be assessed.", "practitioner_feedback"),
])
def test_cross_cutting_aspects(text: str, aspect: str) -> None:
    assert classify(SCOPE_KIND, text) == (CROSS_CUTTING, aspect, 0.5)


@pytest.mark.parametrize("text", [
    "Improve detection of drones.",          # no aspect word at all
    "Fairness of algorithms matters.",       # "fair" as a word part, no FAIR
    "International standards apply.",        # the word, not international cooperation
    "Engagement of citizens matters.",       # "engage" word part, not "engage with"
])
def test_scope_without_an_aspect(text: str) -> None:
    assert classify(SCOPE_KIND, text) == (SCOPE_KIND, "", 0.8)


def test_kind_weights() -> None:
    assert KIND_WEIGHTS == {"expected_outcome": 1.0, "scope": 0.8, "cross_cutting": 0.5,
                            "boilerplate": 0.0, "validation": 0.9}


@pytest.mark.parametrize(("text", "label"), [
    ("Option a: detection.", "a"), ("Option B - tracking.", "b"), ("(Option c) Something", "c"),
    ("Option 2. The second.", "2"), ("option f) last", "f"), ("Option g: no", ""),
    ("The option a: inside", ""), ("Options a: plural", ""), ("Option a without mark", ""),
    ("Option ab: two letters", ""), ("Option a– dash", "a"),
])
def test_option_label(text: str, label: str) -> None:
    assert option_label(text) == label


@pytest.mark.parametrize(("text", "option"), [
    ("For Option b), partners should ...", "b"), ("Work under option a is needed.", "a"),
    ("Tools (option c) are welcome.", "c"), ("In option A or in option B alike.", ""),
    ("No option here.", ""), ("Optional for option", ""), ("of option d", "d"),
    ("to option e", "e"),
])
def test_option_mentioned(text: str, option: str) -> None:
    assert option_mentioned(text) == option


def test_assign_options_in_prose_and_lists() -> None:
    pieces = [
        (0, "The topic has two options."),
        (1, "Option a: detection of drones."),
        (1, "It includes sensors."),
        (1, "Proposals should address ethics."),   # addresses all proposals again
        (1, "Option b: tracking."),
        (2, "A new paragraph speaks for all."),     # another block ends the option
        (-3, "Option a: a list item."),
        (-3, "A list item for option b alone: for option b."),
        (-4, "A plain list item."),
        (5, "Under option a, more."),
    ]
    assert assign_options(pieces) == ["", "a", "a", "", "b", "", "a", "b", "", "a"]
    assert assign_options([]) == []


def test_block_zero_is_prose() -> None:
    # the first paragraph is block 0: a label there covers the paragraph's next sentence
    assert assign_options([(0, "Option a: detection."), (0, "It includes sensors.")]) == [
        "a", "a"]


@pytest.mark.parametrize(("text", "phrase"), [
    ("The solutions should be validated in at-sea demonstrations with the coast guard.",
     "at-sea demonstrations"),
    ("Proposals should include pilots with practitioners in three Member States.",
     "pilots with practitioners"),
    ("Solutions should reach TRL 6-7 by the end of the project.", "TRL 6-7"),
    ("Tools should be tested in relevant environments.", "tested in relevant environments"),
    ("Test and validate the prototype in field trials.", "field trials"),
    ("Set up living labs with citizens.", "living labs with citizens"),
    ("Proposals should use a testbed for 5G networks.", "testbed"),
])
def test_validation_asks_are_their_own_kind_with_a_phrase(text: str, phrase: str) -> None:
    kind, aspect, weight = classify(SCOPE_KIND, text)
    assert (kind, weight) == ("validation", KIND_WEIGHTS["validation"])
    assert aspect == phrase


@pytest.mark.parametrize("text", [
    "Validated sensors that detect concealed goods.",          # an outcome's adjective
    "Applicants should demonstrate a proven experience in security research.",
    "Proposals should demonstrate that the challenge is significant.",
    "Gathered research training and testing data, disaggregated by gender.",
    "Contribute to the protestation of rights.",               # "test" inside a word
])
def test_showing_and_test_data_are_not_validation(text: str) -> None:
    assert classify(SCOPE_KIND, text)[0] != "validation"


def test_validation_keeps_an_outcome_weight_and_an_engagement_aspect() -> None:
    assert classify("expected_outcome", "Solutions demonstrated in field trials.") == \
        ("validation", "field trials", 1.0)
    engaged = classify(SCOPE_KIND, "Proposals should engage with the Europol Innovation Lab, "
                                   "including validating the outcomes.")
    assert engaged[:2] == ("cross_cutting", "engagement")
