"""Organisation names as evidence: folded, transliterated, repaired, shortened.

CORDIS writes one body's name in its own language and script ("ΕΛΛΗΝΙΚΗ ΑΣΤΥΝΟΜΙΑ",
"Politsei- ja Piirivalveamet", "GLAVNA DIREKTSIA GRANICHNA POLITSIA"), in capitals, with
accents or without, and its short names lose the spaces where a line was broken ("CENTER
FORSECURITY STUDIES"). Everything that reads names (the practitioner classifier, the
duplicate finder, the tables) needs them in one comparable form, hence one module:

- ``fold``: ASCII (``anyascii`` transliterates Greek and Cyrillic as well as accents),
  lower case, every run of other characters one space; "Garda Síochána" -> "garda
  siochana", "Полиция" -> "politsiya".
- ``repair_spacing``: splits a glued function word off a word that names use ("FORAPPLIED"
  -> "FOR APPLIED"), but only when the rest is a word known from CORDIS names
  (``data/name_words.txt``), so "FORTRESS" or "ANDRITZ" stay whole.

The label a table shows (at most 20 characters, acronym first) is ``labels.display_label``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

WORDS_FILE = Path(__file__).parent / "data" / "name_words.txt"

# Function words that CORDIS glues to the next word (or the previous one) at line breaks.
_GLUE = ("for", "of", "and", "the", "de", "des", "du", "di", "da", "del", "della", "et",
         "und", "fur", "van", "voor", "en", "pour", "y", "e", "i", "in", "on", "at", "to")
_MIN_REST = 4  # shorter remainders are too often real words' tails ("andes" = and + es)


def fold(text: str) -> str:
    """Transliterated, lower case, single spaces: the form every name comparison uses."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).split())


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Folded words of CORDIS organisation names (how the file was made: its header)."""
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _split_token(token: str, words: frozenset[str]) -> list[str]:
    """A glued token as its parts, or the token itself when no split is certain."""
    low = fold(token)
    if not low.isalpha() or low in words or len(low) < _MIN_REST + 1:
        return [token]
    for glue in sorted(_GLUE, key=len, reverse=True):
        rest = low[len(glue):]
        if low.startswith(glue) and len(rest) >= _MIN_REST and rest in words:
            return [token[:len(glue)], token[len(glue):]]
        rest = low[:-len(glue)]
        if low.endswith(glue) and len(rest) >= _MIN_REST and rest in words:
            return [token[:-len(glue)], token[-len(glue):]]
    return [token]


def repair_spacing(name: str) -> str:
    """Put back the spaces CORDIS lost ("ORGANISATION FORAPPLIED" -> "... FOR APPLIED");
    the letters and their case are kept, only spaces are added."""
    words = known_words()
    tokens = name.split()
    if len(tokens) < 2:  # a one-word name is a brand ("INCONNECT", "INCODE"), not a line break
        return name
    parts: list[str] = []
    for token in tokens:
        parts.extend(_split_token(token, words))
    return " ".join(parts)
