"""The classifier's prefilter (``AnyOf``) answers as the whole alternation does: on every
name of the labelled organisation sets, for every word list."""

from __future__ import annotations

import csv
from pathlib import Path

from consortium.partners import classify_words as W
from consortium.partners.names import fold

DATA = Path(__file__).parents[1] / "data"


def texts() -> list[str]:
    names = []
    for folder in ("organisations", "organisations_fresh"):
        with (DATA / folder / "organisations.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                names += [row["name"], row["short_name"], row.get("other_names", "")]
    return [f" {fold(n)} " for n in names if n]


def test_the_prefilter_never_changes_an_answer() -> None:
    found = 0
    for name, patterns in W.WORDS.items():
        matcher = W.AnyOf(patterns)
        for text in texts():
            expected = matcher.pattern.search(text) is not None
            assert matcher.search(text) == expected, (name, text)
            found += expected
    assert found > 500   # the names do hit the lists: the check is not vacuous


def test_anchors_are_read_only_where_every_match_starts_with_them() -> None:
    assert W._anchor(r"\bborder (?:guard|police)") == "bor"
    assert W._anchor(r"\bun habitat") == "un"
    assert W._anchor(r"\bab+c") == "a"            # b+ : only "a" is certain
    for loose in (r"wasserversorg", r"\ba|\bb", r"\b(?:x|y)", r"\bs?x", r"\b[ab]c"):
        assert W._anchor(loose) == "", loose
    assert W.AnyOf((r"\bpolic(?!y)", r"grenzpolizei")).search(" bundesgrenzpolizei ")
    assert not W.AnyOf((r"\bpolic(?!y)",)).search(" policy unit ")
