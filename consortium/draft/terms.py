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

from consortium.text import english_stop_words, word_set

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

# Verbs that open a clause, not a name of work: "deliver tangible", "protect
# infrastructure", "developing tools" read as broken titles. Gerunds that name work
# ("training", "monitoring", "sensing") are not here.
_VERBS = word_set("""
    achieve adapt addressing allow allowing analyse assess assessing boost build combine
    conduct conducting create creating define deliver delivering demonstrate demonstrating
    deploy design developing enable enabling enhance enhancing establish establishing
    facilitate facilitating foster fostering identify identifying implement improve
    improving increase increasing integrate integrating involve leverage maintain make
    making promote promoting protect protecting provide providing reduce reducing
    reinforce reinforcing strengthen strengthening take taking transfer transferring
    tackle tackling validate validating cater consider considering bring bringing
    launching duplicate resulting meet recognises used ensuring causing acting carry lies
    minimise minimize maximise maximize optimise optimize
""")
# Words that qualify rather than name ("appropriate", "indicative"): no term alone, and
# never the end of a phrase ("solutions similar"); the first group never starts one.
_LEADING = word_set("""
    appropriate indicative adequate suitable various several similar related respective
    certain account clear
""")
_QUALIFIERS = _LEADING | word_set("""
    wide broad better best existing current proposed future overall efficient effective
    high low
""")


def _stop_words() -> frozenset[str]:
    return frozenset(english_stop_words().union(_TOPIC_WORDS) - _CONTENT_WORDS)


def _analyser(stop: frozenset[str], forms: dict[str, Counter[str]],
              inside: dict[str, list[int]]) -> Any:
    """Words and two- and three-word phrases that stand next to each other in the text
    (sklearn's own bigrams are built after stop words are dropped, so "tailored and
    advanced" became a phrase); ``forms`` learns how each term is written, to show it
    so; ``inside`` counts, per two-word phrase, its uses and those inside a three-word
    one ("Multi-Function Autonomous" of "Multi-Function Autonomous Systems")."""
    def analyse(text: str) -> list[str]:
        found = list(_WORD.finditer(text))
        words = [m.group(0) for m in found]
        # a phrase never spans punctuation ("programs, responders")
        joined = [i + 1 < len(found) and not text[found[i].end():found[i + 1].start()].strip()
                  for i in range(len(found))]
        # Adverbs ("effectively") name no area of work.
        keep = [len(w) > 2 and w.lower() not in stop and not w.lower().endswith("ly")
                for w in words]
        pair = [joined[i] and keep[i] and keep[i + 1] for i in range(len(words))]
        opens = [pair[i] and words[i].lower() not in _VERBS | _LEADING
                 for i in range(len(words))]
        triple = [opens[i] and pair[i + 1] and _inside(words[i + 1], words[i + 2])
                  for i in range(len(words))]
        out = []
        for i, word in enumerate(words):
            if not keep[i]:
                continue
            # A capital that only starts the sentence is no spelling of the word.
            shown = word.lower() if i == 0 and word[1:].islower() else word
            if not _qualifies(word):
                out.append(word.lower())
                forms[word.lower()][shown] += 1
            if not opens[i]:
                continue
            phrase = f"{shown} {words[i + 1]}"
            if not _trails(words[i + 1]):
                out.append(phrase.lower())
                forms[phrase.lower()][phrase] += 1
                counts = inside.setdefault(phrase.lower(), [0, 0])
                counts[0] += 1
                counts[1] += triple[i] or (i > 0 and triple[i - 1])
            if triple[i]:
                longer = f"{phrase} {words[i + 2]}"
                out.append(longer.lower())
                forms[longer.lower()][longer] += 1
        return out
    return analyse


def _inside(second: str, third: str) -> bool:
    """Whether a three-word phrase may run on through ``second`` to ``third``: an
    adjective may stand inside one ("unmanned aerial drones"), a verb or participle may
    not, nor may it end on a word that trails; "environments focusing" is a participle
    after a plural, not a gerund noun."""
    return not (_trails(third) or _participle(second) or second.lower() in _VERBS
                or (third.lower().endswith("ing") and second.lower().endswith("s")))


def _participle(word: str) -> bool:
    """"developed", "involved" (not "speed", "need")."""
    low = word.lower()
    return len(low) > 4 and low.endswith("ed") and not low.endswith("eed")


# Nouns that end as adjectives do ("-al", "-ous"), so ``_adjective`` keeps them.
_AL_NOUNS = word_set("""
    signal signals hospital hospitals terminal terminals material materials proposal
    potential approval arrival portal capital journal manual animal animals individual
    individuals professional professionals official officials removal retrieval disposal
    tribunal survival renewal festival interval criminal criminals rehearsal referral
""")


def _adjective(word: str) -> bool:
    """"operational", "critical", "dangerous": a word that wants its noun."""
    low = word.lower()
    return (low.endswith(("al", "ous")) and len(low) > 4 and low not in _AL_NOUNS)


def _trails(word: str) -> bool:
    """A word that cannot end a phrase: a participle trailing its noun ("solutions
    developed"), a verb ("products meet") or a qualifier ("solutions similar")."""
    return _participle(word) or _adjective(word) or word.lower() in _VERBS | _QUALIFIERS


def _qualifies(word: str) -> bool:
    """A word that names no work on its own ("estimated", "appropriate", "deliver")."""
    return _trails(word)


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
    inside: dict[str, list[int]] = {}
    analyse = _analyser(_stop_words(), forms, inside)
    docs = [analyse(text) for text in texts]
    # A two-word phrase the topic only ever writes inside a longer one is a fragment of
    # it ("enforcement community" of "law enforcement community"): the longer one stays.
    fragments = {t for t, (uses, extended) in inside.items() if extended == uses}
    matrix, terms = tfidf([[t for t in doc if t not in fragments] for doc in docs])
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
