"""Survivors of calls/kinds.py in the mutation run of 2026-12-03 (#25): the words of a
validation phrase, its case, and the word pre-filters of ``classify`` on a text that
holds every one of their words."""

from __future__ import annotations

from consortium.calls.kinds import _ASPECT_WORDS, classify, validation_phrase


def test_a_setting_of_several_words_is_kept_whole() -> None:
    assert validation_phrase("Pilots in real operational environments are expected.") == \
        "pilots in real operational environments"


def test_a_verb_phrase_stops_after_six_words() -> None:
    assert validation_phrase("The solutions will be tested by the end users of the border "
                             "agencies in real conditions") == "tested by the end users of the"


def test_the_phrase_is_lower_cased_unless_it_opens_with_capitals() -> None:
    assert validation_phrase("Pilots with practitioners are expected.") == \
        "pilots with practitioners are expected"
    assert validation_phrase("EU-wide pilots are expected.") == "EU-wide pilots"


def test_boilerplate_holding_every_boilerplate_word() -> None:
    text = ("Coordination among the successful proposals is expected, see the introduction and "
            "the General Annexes [1] http://example.org")
    assert classify("scope", text) == ("boilerplate", "", 0.0)


def test_a_text_holding_every_aspect_word_is_cross_cutting() -> None:
    text = "Proposals should address " + ", ".join(_ASPECT_WORDS) + "."
    assert classify("scope", text) == ("cross_cutting", "engagement", 0.5)
