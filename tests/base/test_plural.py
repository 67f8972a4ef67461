"""One way to count things in a report: ``text.count`` and ``text.plural``."""

from __future__ import annotations

import pytest

from consortium.text import count, decode_entities, plural


@pytest.mark.parametrize("word,expected", [
    ("partner", "partners"), ("company", "companies"), ("public body", "public bodies"),
    ("private company", "private companies"), ("country", "countries"), ("SME", "SMEs"),
    ("day", "days"), ("process", "processes"), ("research organisation",
                                                "research organisations"),
    ("higher or secondary education establishment",
     "higher or secondary education establishments"), ("entity", "entities")])
def test_plural(word: str, expected: str) -> None:
    assert plural(word) == expected


def test_count_says_one_in_the_singular() -> None:
    assert count(1, "partner") == "1 partner"
    assert count(0, "partner") == "0 partners"
    assert count(3, "private company") == "3 private companies"
    assert count(2, "public body") == "2 public bodies"


def test_entities_decoded_once() -> None:
    assert decode_entities("Concept Development &amp; Experimentation (CD&amp;E)") == (
        "Concept Development & Experimentation (CD&E)")
    assert decode_entities("Europe&apos;s") == "Europe's"
    assert decode_entities("&amp;amp;") == "&amp;"          # once, not until nothing is left
    assert decode_entities("R&D and &parallel") == "R&D and &parallel"   # no ";", no entity
