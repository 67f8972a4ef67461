"""Key terms of requirements, taken from the topic's own words (TF-IDF over its sentences).

A writer reads "autonomous systems, first responders" more easily than "R5, R8"; the
terms are the words of the requirements themselves, weighted by how particular they are
to the sentence within the topic, so nothing is said that the topic does not say.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from consortium.text import english_stop_words

# Words every topic uses about itself: they name no area of work.
_TOPIC_WORDS = ("project", "projects", "proposal", "proposals", "topic", "expected",
                "outcome", "outcomes", "eu", "european", "europe", "including", "include",
                "contribute", "following", "results", "activities", "activity", "new",
                "use", "ensure", "support", "develop", "development", "also", "well",
                "need", "needs", "address", "aim", "aims", "based", "relevant", "way",
                "ways", "able", "shall", "should", "will", "e.g", "etc", "like", "order",
                "particular", "specific", "potential", "possible", "key", "different")


_WORD = re.compile(r"[^\W\d_][\w-]*[^\W_]", re.UNICODE)
# Words sklearn's English list stops that name work in a topic ("first responders",
# "fire brigades", "computer vision", "system").
_CONTENT_WORDS = frozenset(("first", "fire", "system", "computer", "detail", "front", "side",
                            "full", "top", "bottom", "amount", "part", "interest", "move"))

PHRASE_BOOST = 2.0


def _stop_words() -> frozenset[str]:
    return frozenset(english_stop_words().union(_TOPIC_WORDS) - _CONTENT_WORDS)


def _analyser(stop: frozenset[str], forms: dict[str, Counter[str]]) -> Any:
    """Words and two-word phrases that stand next to each other in the text (sklearn's
    own bigrams are built after stop words are dropped, so "tailored and advanced"
    became a phrase); ``forms`` learns how each term is written, to show it so."""
    def analyse(text: str) -> list[str]:
        found = list(_WORD.finditer(text))
        words = [m.group(0) for m in found]
        # a phrase never spans punctuation ("programs, responders")
        joined = [i + 1 < len(found) and not text[found[i].end():found[i + 1].start()].strip()
                  for i in range(len(found))]
        # Adverbs ("effectively") name no area of work.
        keep = [len(w) > 2 and w.lower() not in stop and not w.lower().endswith("ly")
                for w in words]
        out = []
        for i, word in enumerate(words):
            if not keep[i]:
                continue
            # A capital that only starts the sentence is no spelling of the word.
            shown = word.lower() if i == 0 and word[1:].islower() else word
            out.append(word.lower())
            forms[word.lower()][shown] += 1
            if joined[i] and keep[i + 1]:
                phrase = f"{shown} {words[i + 1]}"
                out.append(phrase.lower())
                forms[phrase.lower()][phrase] += 1
        return out
    return analyse


def tfidf(docs: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[str]]:
    """Dense TF-IDF of tokenised documents, as scikit-learn's ``TfidfVectorizer(
    sublinear_tf=True)`` computes it (1 + log tf, smooth idf, unit rows, terms sorted),
    written out because importing scikit-learn costs a report more than a second."""
    terms = sorted({t for doc in docs for t in doc})
    column = {t: k for k, t in enumerate(terms)}
    counts = np.zeros((len(docs), len(terms)))
    for i, doc in enumerate(docs):
        for term, n in Counter(doc).items():
            counts[i, column[term]] = n
    tf = np.where(counts > 0, 1.0 + np.log(np.maximum(counts, 1.0)), 0.0)
    df = (counts > 0).sum(axis=0)
    matrix = tf * (np.log((1.0 + len(docs)) / (1.0 + df)) + 1.0)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0), terms


def _vectoriser(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    analyse = _analyser(_stop_words(), forms)
    matrix, terms = tfidf([analyse(text) for text in texts])
    if not terms:               # nothing left once the stop words are gone
        return np.zeros((len(texts), 0)), np.array([], dtype=object)
    # A phrase says more than either of its words ("situational awareness"): weigh it up;
    # and between equal weights, prefer terms whose words recur in the topic (its
    # subject: "autonomous systems") over one-off pairs ("adapt robotic").
    df = (matrix > 0).sum(axis=0)
    index = {t: k for k, t in enumerate(terms)}
    recurring = np.array([np.mean([df[index[w]] for w in t.split() if w in index] or [1])
                          for t in terms]) / max(len(texts), 1)
    boost = np.array([PHRASE_BOOST if " " in t else 1.0 for t in terms])
    matrix = matrix * boost * (1.0 + recurring)
    return matrix, np.array([_shown(forms[t]) for t in terms], dtype=object)


def _shown(forms: Counter[str]) -> str:
    """A term as the topic writes it: lower case when it ever appears so, else its usual
    spelling ("Ukraine", "AI")."""
    lower = next(iter(forms)).lower()
    return lower if lower in forms else forms.most_common(1)[0][0]


def _top(weights: np.ndarray, names: np.ndarray, k: int) -> list[str]:
    """The ``k`` heaviest terms; a word inside a chosen phrase is not repeated."""
    chosen: list[str] = []
    for j in np.argsort(-weights, kind="stable"):
        if weights[j] <= 0 or len(chosen) == k:
            break
        term = str(names[j])
        words = term.lower().split()
        if any(set(words) & set(c.lower().split()) for c in chosen):
            continue
        chosen.append(term)
    return chosen


def key_terms(texts: Sequence[str], k: int = 3) -> list[list[str]]:
    """Each text's ``k`` most particular terms within the set."""
    matrix, names = _vectoriser(texts)
    return [_top(row, names, k) for row in matrix] if names.size else [[] for _ in texts]


def group_terms(texts: Sequence[str], groups: Sequence[Sequence[int]],
                k: int = 3) -> list[list[str]]:
    """The ``k`` heaviest terms of each group of texts (summed TF-IDF rows)."""
    matrix, names = _vectoriser(texts)
    if not names.size:
        return [[] for _ in groups]
    return [_top(matrix[list(g)].sum(axis=0), names, k) for g in groups]


def title(terms: Sequence[str]) -> str:
    """"Autonomous systems, first responders and training"."""
    if not terms:
        return ""
    words = list(terms)
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return text[0].upper() + text[1:]
