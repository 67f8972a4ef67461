"""When two topic ids, titles or texts are one: the comparisons ``topic_ids`` is built on.

Copies of the portal's topic texts spell one id several ways ("...-BM 01-04"), cut titles
short or append junk to them, lose punctuation and double words. Telling "the same topic,
written differently" from "another topic of the same call" is what each check in
``topic_ids`` needs, and the evaluation's task builder compares ids the same way, so these
comparisons and the thresholds read off the data (comments below) are kept on their own.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Title similarity (difflib ratio over the normalised titles) from which two titles are
# one title written differently. Typos and variants in the data score 0.92-1.00; the
# titles of different topics of one call, 0.23-0.50 (topic_texts.csv.gz against CORDIS).
TITLE_RATIO = 0.9
# A title cut short (or with junk appended) is the same title if the shorter normalised
# form has at least this many characters and starts the longer one.
TITLE_PREFIX = 20
# Texts are compared by their word 5-grams: the share of the shorter text's 5-grams that
# occur in the other. One text from two sources (lost punctuation, doubled words): 0.88-
# 1.00. Distinct topics written from one template ("Twinning Bottom-Up" / "Twinning Green
# Deal"): up to 0.97, so a text under a different title must be a copy (0.99) to count.
SHINGLE = 5
TEXT_SHARE = 0.8
COPY_SHARE = 0.99
MIN_SHINGLES = 20
_STOP = frozenset(("and", "are", "for", "from", "into", "its", "new", "the", "their",
                   "through", "towards", "using", "with"))



def topic_key(code: str) -> str:
    """Topic codes as one spelling: 'HORIZON-CL3-2024-BM 01-04' is '...-BM-01-04'."""
    code = re.sub(r"\s*-\s*", "-", code.strip())
    return re.sub(r"\s+", "-", code).upper()


def call_group(topic_id: str) -> str:
    """The id without its topic number: the topics among which a text can have moved.

    HORIZON-CL3-2023-DRS-01-02 -> HORIZON-CL3-2023-DRS-01;
    HORIZON-HLTH-2024-DISEASE-03-11-TWO-STAGE -> HORIZON-HLTH-2024-DISEASE-03.
    """
    key = topic_key(topic_id)
    match = re.match(r"^(.*)-\d{1,3}(?:-[A-Z][A-Z0-9-]*)?$", key)
    return match.group(1) if match else key


def year_of(topic_id: str) -> str:
    match = re.search(r"-(20\d\d)-", topic_key(topic_id))
    return match.group(1) if match else ""


def title_form(title: str) -> str:
    """Letters and digits only, lower case: the lossy rows turned dashes and apostrophes
    into "?", and hyphens come with and without spaces ("gender- responsive")."""
    text = unicodedata.normalize("NFKD", title).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def same_title(first: str, second: str) -> bool:
    """One title, whatever its case, punctuation and white space; also when one copy is
    cut short or has junk appended ("... (CSA) 393"), or differs by a typo."""
    a, b = title_form(first), title_form(second)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= TITLE_PREFIX and long.startswith(short):
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= TITLE_RATIO


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).casefold())


def shingles(text: str) -> frozenset[int]:
    words = _words(text)
    if len(words) < SHINGLE:
        return frozenset((hash(tuple(words)),))
    return frozenset(map(hash, zip(*(words[i:] for i in range(SHINGLE)))))


def shingle_share(first: frozenset[int], second: frozenset[int]) -> float:
    smaller = min(len(first), len(second))
    if smaller < MIN_SHINGLES:
        return 0.0
    return len(first & second) / smaller


def same_text(first: str, second: str, share: float = TEXT_SHARE) -> bool:
    """One text: ``share`` of the shorter one's word 5-grams occur in the other
    (punctuation, the lossy "?" and the export's doubled words set aside)."""
    return shingle_share(shingles(first), shingles(second)) >= share


def title_support(title: str, text: str) -> float:
    """The share of the title's words (3 letters or more, not stop words) in the text."""
    words = [w for w in _words(title) if len(w) >= 3 and w not in _STOP]
    found = set(_words(text))
    return sum(w in found for w in words) / len(words) if words else 0.0
