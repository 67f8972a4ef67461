"""Mutants of calls/conditions.py that the first mutation run left alive (#25): the
summary's limits and option, and how a topic text is cut into sentences."""

from __future__ import annotations

from consortium.calls.conditions import Condition, sentences_of


def test_the_summary_keeps_every_limit_and_the_option() -> None:
    both = Condition("police authority", True, "s", min_entities=2, max_entities=5,
                     min_countries=2, option="b")
    assert both.summary() == "police authority>=2<=5/2c [option b] (required)"
    only_max = Condition("limit", False, "s", max_entities=3)
    assert only_max.summary() == "limit<=3 (recommended)"


def test_sentences_drop_footnotes_split_glued_ends_paragraphs_and_bullets() -> None:
    text = ("Proposals must involve police authorities[[12 See the annex.]].Other text "
            "follows here.\n\nA second paragraph without a full stop\n- a bullet item\n"
            "* another one")
    assert sentences_of(text) == [
        "Proposals must involve police authorities.", "Other text follows here.",
        "A second paragraph without a full stop", "a bullet item", "another one"]
    assert sentences_of("Scope:\n- X-ray screening of cargo") == ["Scope:",
                                                                   "X-ray screening of cargo"]
    # no marker text survives from the footnote or the glued end
    assert not any("[[" in s or "XX" in s for s in sentences_of(text))
