"""Text helpers shared by the call and partner stages.

Both stages cut prose into pieces small enough for a sentence encoder (all-MiniLM-L6-v2
reads at most 256 word pieces, about 180 words; anything longer is silently truncated),
so the cutting rules live in one place.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from functools import lru_cache

# A sentence ends at . ! ? followed by space and an upper-case letter, digit or quote.
# Abbreviations common in EU texts ("e.g.", "i.e.", "etc.", "incl.", "No.") must not cut.
_ABBREV = (r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bincl\.)(?<!\bNo\.)(?<!\bvs\.)"
           r"(?<!\bal\.)(?<!\bcf\.)")
# The cheap look-behind goes first, so the eight abbreviation checks run only after an
# end mark: the same splits, eight times faster, which matters for the 13k project
# texts of a Horizon Europe pool.
_SENTENCE_END = re.compile(r"(?<=[.!?])" + _ABBREV + r"\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
# Compiled once: the re module's own cache is shared and small, and a pool of 13k
# project texts would look the pattern up 13k times.
_PARAGRAPH = re.compile(r"\n\s*\n")
# C0 and C1 controls (ESC starts terminal sequences, U+009B is a one-character CSI) and
# the bidirectional overrides and isolates (U+202E shows "gpj.exe" as "exe.jpg"): no name
# or title needs them, and each can make a terminal, a report or a warning line lie.
# DEL, C1 and the bidirectional marks, as a character-class body: ``cli.common.one_line``
# escapes the same set (with every C0 control) in messages.
UNSAFE_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{UNSAFE_BEYOND_C0}]")

DEFAULT_MAX_WORDS = 120


def word_set(text: str) -> frozenset[str]:
    """A word list written as running text, so it reads as a paragraph."""
    return frozenset(text.split())


def strip_controls(text: str) -> str:
    """Controls and bidirectional overrides become spaces; line breaks and tabs stay."""
    return _CONTROL.sub(" ", text)


def clean(text: str) -> str:
    """Normalise Unicode and white space, drop control characters, keep line breaks."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    lines = [_SPACE.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences; a text without end punctuation is one sentence."""
    text = _SPACE.sub(" ", text.replace("\n", " ")).strip()
    if not text:
        return []
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def chunk_passages(text: str, max_words: int = DEFAULT_MAX_WORDS) -> list[str]:
    """Cut a text into passages of whole sentences, at most ``max_words`` words each.

    Paragraphs (blank-line separated) never share a passage, so one project's text in a
    partner profile always yields the same passages whoever it belongs to: the embedding
    cache, keyed by text, then embeds it once for all the project's participants.
    A single sentence longer than ``max_words`` is cut at word boundaries.
    """
    passages: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        current: list[str] = []
        count = 0
        for sentence in split_sentences(paragraph):
            words = sentence.split()
            while len(words) > max_words:  # one over-long sentence: hard cut
                if current:
                    passages.append(" ".join(current))
                    current, count = [], 0
                passages.append(" ".join(words[:max_words]))
                words = words[max_words:]
            if count + len(words) > max_words and current:
                passages.append(" ".join(current))
                current, count = [], 0
            current.append(" ".join(words))
            count += len(words)
        if current:
            passages.append(" ".join(current))
    return [p for p in passages if p]


def text_hash(text: str) -> str:
    """Stable key for a text (the embedding cache is keyed by model and this)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Only entities closed by ";": html.unescape alone would also turn "&parallel" into "¶llel".
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """Decode the HTML entities CORDIS and portal exports leave in plain text
    ("Concept Development &amp; Experimentation"), once, wherever text is read."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text


# Plurals a report's nouns need that adding "s" gets wrong; the rest follow the rules.
_IRREGULAR = {"country": "countries", "body": "bodies", "company": "companies",
              "entity": "entities", "university": "universities", "facility": "facilities",
              "person": "people", "criterion": "criteria", "SME": "SMEs"}


def plural(word: str) -> str:
    """The plural of a report's noun, or of a phrase's last word ("public body")."""
    head, _, last = word.rpartition(" ")
    if last in _IRREGULAR:
        out = _IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")):
        out = last + "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "o", "u"):
        out = last[:-1] + "ies"
    else:
        out = last + "s"
    return f"{head} {out}" if head else out


def count(n: int, word: str) -> str:
    """"1 partner", "3 partners", "2 public bodies": the one way reports count things."""
    return f"{n} {word if n == 1 else plural(word)}"


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (``consortium/data/english_stop_words.txt``),
    read without importing scikit-learn, which costs a report 1.2 s."""
    from importlib.resources import files

    lines = (files("consortium") / "data" / "english_stop_words.txt").read_text(
        encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))
