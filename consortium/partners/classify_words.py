"""The evidence words of the organisation classifier (``classify``), as regular expressions.

Every pattern is matched against a *folded* name (``names.fold``: ASCII, lower case,
single spaces), padded with one space each side, so ``\\b`` is a word edge. Stems are
left open at the end on purpose: "polizei" finds Bundespolizei and Polizeipräsidium,
"polic(?!y)" finds policia, policja, policie, policijos, policejni but not policy. Where
a stem has famous false friends they are excluded in the pattern itself (politica,
politik, policlinico, Polis the city network). The words were first chosen on the
``build`` half of ``tests/data/organisations`` and from knowledge of the national forms;
then, after both held-out sets had been run once, extended on all 1,210 labelled rows (so
figures on them are in-sample; a held-out one needs a new set).

The lists themselves are data (``data/organisation_words.txt``). Kinds:
The evidence words for an organisation's *kind* (``classify``), as regular expressions.

CORDIS's activity type already says university (HES), research organisation (REC),
company (PRC), public body (PUB) or other (OTH), and is right for most organisations.
What it cannot say is which public bodies are EU bodies, intergovernmental organisations
or research funders: they all file as PUB (or REC, or OTH), and they are exactly the ones
the participation rules treat differently. Those are recognised here by name, mostly by
their own names and acronyms, because each is one well-known body. Same matching rules
as ``classify_words`` (folded names, ``\\b`` word edges, stems open at the end).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).parent / "data" / "organisation_words.txt"


def read_words(path: Path = WORDS_FILE) -> dict[str, tuple[str, ...]]:
    """The word lists as data: ``[NAME]`` then one pattern per line; ``#`` comments."""
    words: dict[str, list[str]] = {}
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        header = re.fullmatch(r"\[([A-Z_]+)\]", line)
        if header:
            current = words.setdefault(header.group(1), [])
        else:
            current.append(line)
    return {name: tuple(patterns) for name, patterns in words.items()}


WORDS = read_words()


def compile_any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation, so each category costs one search per name."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _anchor(pattern: str) -> str:
    """The first (up to) three letters every match of ``pattern`` starts a word with,
    or "" when that cannot be read off it: read from the parsed pattern, which must open
    with ``\\b`` and plain letters (a group, a class, an optional letter or a top-level
    alternation give "")."""
    import importlib

    # The standard library's own regex parser (private, hence imported by name).
    c = importlib.import_module("re._constants")
    _parser = importlib.import_module("re._parser")

    items = list(_parser.parse(pattern))
    if not items or items[0] != (c.AT, c.AT_BOUNDARY):
        return ""
    letters = ""
    for op, arg in items[1:4]:
        if op is not c.LITERAL or not chr(arg).isalnum():
            break
        letters += chr(arg)
    return letters


@lru_cache(maxsize=4096)
def word_starts(text: str) -> frozenset[str]:
    """The first one, two and three letters of every word of ``text``."""
    return frozenset(m[:k] for m in re.findall(r"\b\w{1,3}", text) for k in (1, 2, 3))


class AnyOf:
    """``compile_any`` with a prefilter: a name of 30,000 in a registry shares none of
    the words of most categories, and one search of a 2,000-character alternation costs
    tens of microseconds (16 s for 30,000 names), whereas a set lookup of the words'
    first letters costs nothing. Alternatives whose first letters cannot be read off
    are always searched, so the answer is the alternation's own."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.pattern = compile_any(patterns)
        anchors = [_anchor(p) for p in patterns]
        self.anchors = frozenset(a for a in anchors if a)
        loose = tuple(p for p, a in zip(patterns, anchors) if not a)
        self.loose = compile_any(loose) if loose else None

    def search(self, text: str) -> bool:
        if not self.anchors.isdisjoint(word_starts(text)):
            return self.pattern.search(text) is not None
        return self.loose is not None and self.loose.search(text) is not None


# ---------------------------------------------------------------- practitioner words


# A police force whose name also names border guarding ("Police and Border Guard
# Board") is labelled police; a border *police* is a border guard.
BORDER_COMPOUND = compile_any(tuple(p for p in WORDS["BORDER"] if "polic" in p or "polits" in p
                                    or "politi" in p or "poliz" in p))


