"""Coverage levels a proposal writer can believe: covered, partial or gap.

An absolute cosine cut made every requirement of the demo topic "covered", with
evidence such as an event announcement, because a generic passage (a network, a
conference, crisis management in general) is fairly close to every requirement. A cell
(requirement r, partner j, with j's best passage p as evidence) is therefore levelled by
a small logistic model of "a reader would judge p relevant evidence for r", over three
features that generalised across topics:

- the *specific* similarity: similarity minus p's centrality (its cosine with the
  pool's mean direction), so a passage close to everything (a hub) scores low;
- ln of p's rank by specific similarity among the pool's passages for r (1 = the
  pool's best; capped at ``SPECIFIC_TOP`` + 1), so the evidence must be among the
  strongest the pool offers;
- the share of r's rare words (weighted by inverse document frequency over the pool's
  passages) that p contains, so the writer can see the link in the text.

**covered** when the modelled chance reaches ``covered``; **partial** ("related work
to check", not half a match) when it reaches ``partial_level``; a **gap** otherwise.
Administrative text and event announcements (``administrative``) are always a gap, and
so is a requirement that only sets the project's duration (``procedural``; added after
"The recommended duration of the project is 3 years" was covered in cross-validation by
a passage about sustaining a network in the coming years). The raw
similarity adds nothing once these are in; other procedural requirements share few rare
words with project text, so they are rarely covered.

Four coefficients and two cuts (``ScoreWeights``) were designed on all 609 judged pairs
of ``tests/data/evidence_pairs`` (321) and ``tests/data/evidence_pairs_fresh`` (288,
held out for the previous model and run once) with leave-one-topic-out
cross-validation over the pooled 48 topics: each fold refits the model on 47 topics
and picks its covered cut there (the lowest chance at which the covered training
pairs' mean chance is >= 85 %; the judged share jumps by a pair at a time and picked
cuts that did not hold). Cross-validated on this build data: covered 18 of 20 judged
relevant (90 %), 18 of the 103 relevant pairs covered, 84 partial, 1 a gap; partial
162 of 322 judged partial; gap 203 of 267 judged unrelated. The figure is fragile: a
target of 83-89 % instead of 85 % gives 81-92 %, and without the duration rule 83 %.
In-sample (the shipped numbers on the same pairs, not a measure of generalisation):
covered 20 of 22 (91 %). The held-out ``tests/data/evidence_pairs_fresh2`` (384
pairs, two judges), run once: covered 4 of 9 judged relevant (44 %; second judge 3,
33 %), so on new topics "covered" means the strongest related work, to be checked.
Extra features (the margin to the pool's best or second best, the project title's rare
words, requirement length, raw similarity, bigrams, contrast with the topic's other
requirements) and a gradient-boosted model did not rank relevant pairs better in
cross-validation and were left out.
``scripts/fit_levels.py`` refits and cross-validates it, ``scripts/eval_levels.py``
measures it on any judged set. A requirement's level for a set of
partners is the best level among them; the evidence shown is the partner reaching that
level with the highest similarity.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from consortium.text import split_sentences

if TYPE_CHECKING:
    from consortium.embed.pool_index import Match
    from consortium.score.coverage import ScoreWeights

NAMES = ("gap", "partial", "covered")
GAP, PARTIAL, COVERED = 0, 1, 2

# Sentences that say how a project is run or announced, not what it does: consortium
# make-up, dissemination, events, commercial figures, work-programme framing.
_ADMIN = re.compile(
    r"\b(the event|(the|this|annual|final) conference|(the|this) meeting|will bring together"
    r"|representatives from|brokerage"
    r"|(the|our|this|large|a) consortium (is|will|includes|consists|comprises|involves"
    r"|contains|also)|participation in the consortium|consortium of \d+|\d+ partners"
    r"|letters of support|(adequate|active|wide|maximum) dissemination|turnover|revenue"
    r"|\bjobs\b|business (and operational )?plan|bring (\w+ )?to (the )?market"
    r"|strategic investment|€ ?\d[\d.,]* ?(million|billion)|work ?programme|funding scheme"
    r"|call for proposals|this (project )?proposal|\d+-month|phase [12i]+\b)",
    re.IGNORECASE)

_WORD = re.compile(r"[a-z][a-z\-]{2,}")
_STOP = frozenset({
    "the", "and", "for", "with", "that", "this", "from", "into", "their", "which", "will",
    "also", "such", "are", "been", "have", "has", "not", "new", "based", "including",
    "between", "within", "both", "where", "how", "well", "through", "can", "should", "may",
    "more", "other", "all", "these", "those", "than", "under", "its"})


def administrative(text: str) -> bool:
    """True when most of the passage's sentences (one of two) are administrative or
    announce an event: such text never covers a requirement."""
    sentences = split_sentences(text) or [text]
    hits = sum(1 for s in sentences if _ADMIN.search(s))
    return hits * 2 > len(sentences) or (hits > 0 and len(sentences) == 2)


_DURATION = re.compile(r"\b(estimated|recommended|expected) duration\b"
                       r"|\bduration of (the|a|each) (project|action)s?\b", re.IGNORECASE)


def procedural(requirement: str) -> bool:
    """True for a requirement that sets the project's duration ("The recommended
    duration of the project is 3 years"): no passage of project work is evidence for
    it, yet it shares words ("duration", "years") with passages that talk about time."""
    return bool(_DURATION.search(requirement))


def _terms(text: str) -> set[str]:
    """Words of a text, cut to 6 letters (a cheap stem: 'procurement', 'procure')."""
    return {w[:6] for w in _WORD.findall(text.lower()) if w not in _STOP}


class TermWeights:
    """Inverse document frequency of words over a pool's passages."""

    def __init__(self, passages: Sequence[str]) -> None:
        df: Counter[str] = Counter()
        for text in passages:
            df.update(_terms(text))
        self.n = max(len(passages), 1)
        self.df = df
        self._found: dict[str, set[str]] = {}

    def idf(self, term: str) -> float:
        return math.log(self.n / (1 + self.df.get(term, 0)))

    def shared(self, requirement: str, passage: str) -> float:
        """Share of the requirement's word weight that the passage contains."""
        words = {t: max(self.idf(t), 0.0) for t in _terms(requirement)}
        total = sum(words.values())
        if total <= 0:
            return 0.0
        found = self._found.get(passage)
        if found is None:
            found = self._found[passage] = _terms(passage)
        return sum(v for t, v in words.items() if t in found) / total


_cache: dict[int, tuple[Sequence[str], TermWeights]] = {}


def term_weights(passages: Sequence[str]) -> TermWeights:
    """One ``TermWeights`` per pool in a process (a radar reads dozens of topics)."""
    key = id(passages)
    hit = _cache.get(key)
    if hit is None or hit[0] is not passages:
        _cache.clear()
        hit = (passages, TermWeights(passages))
        _cache[key] = hit
    return hit[1]


def pool_rank(top: np.ndarray, specific: np.ndarray) -> np.ndarray:
    """1 + how many of the pool's best specific similarities (``top``, last axis) beat
    ``specific``: the evidence's rank, capped at ``top``'s length + 1. The model's rank
    feature, here once for the product and for ``scripts/fit_levels.py``."""
    return 1 + (top > np.asarray(specific)[..., None] + 1e-6).sum(axis=-1)


def relevance_chance(match: Match, requirements: Sequence[str], w: ScoreWeights,
                     cells: np.ndarray) -> np.ndarray:
    """The model's chance that the evidence of each cell in ``cells`` (a boolean R x N
    mask) is relevant; 0 elsewhere. Words are compared only where they could lift the
    cell to partial (the costly part over a large pool)."""
    S, evidence = match.S, match.evidence
    central = match.centrality[evidence] if match.centrality.size else np.zeros_like(S)
    specific = S - central
    top = match.specific_top
    if top.size == 0:   # only the pool's best is known
        top = (match.specific_best[:, None] if match.specific_best.size
               else specific.max(axis=1, keepdims=True))
    rank = pool_rank(top[:, None, :], specific)
    odds = w.level_bias + w.level_specific * specific + w.level_rank * np.log(rank)
    floor = math.log(w.partial_level / (1 - w.partial_level))
    shared = np.zeros(S.shape)
    terms: TermWeights | None = None
    seen: dict[tuple[int, int], float] = {}
    for r, j in zip(*np.nonzero(cells & (odds + max(w.level_shared, 0.0) >= floor))):
        k = int(evidence[r, j])
        if (r, k) not in seen:
            terms = terms or term_weights(match.passages)
            seen[r, k] = terms.shared(requirements[r], match.passages[k])
        shared[r, j] = seen[r, k]
    chance = 1.0 / (1.0 + np.exp(-(odds + w.level_shared * shared)))
    return np.where(cells, chance, 0.0)


def cell_levels(match: Match, requirements: Sequence[str], w: ScoreWeights,
                columns: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
    """Level code (``GAP``, ``PARTIAL``, ``COVERED``) of every (requirement, partner)
    cell of ``match``, R x N. With ``columns`` (a consortium's members) only those
    partners are levelled and every other column is left ``GAP``: a report on a
    23k-organisation store reads about ten of them, and levelling all took 1.3 s."""
    if columns is not None:
        cols = np.unique(np.asarray(columns, dtype=np.intp))
        codes = np.zeros(match.S.shape, np.int8)
        if cols.size:
            part = replace(match, S=match.S[:, cols], evidence=match.evidence[:, cols])
            codes[:, cols] = cell_levels(part, requirements, w)
        return codes
    S, evidence = match.S, match.evidence
    if S.size == 0:
        return np.zeros(S.shape, np.int8)
    # Administrative text is read once per distinct passage.
    admin = np.zeros(len(match.passages), bool)
    for k in np.unique(evidence):
        admin[k] = administrative(match.passages[int(k)])
    cells = ~admin[evidence] & (S > 0)
    cells &= ~np.array([procedural(q) for q in requirements], bool)[:, None]
    chance = relevance_chance(match, requirements, w, cells)
    codes = np.where(chance >= w.partial_level, PARTIAL, GAP).astype(np.int8)
    codes[chance >= w.covered] = COVERED
    codes[~cells] = GAP
    return codes


def best_level(codes: np.ndarray, S: np.ndarray,
               members: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per requirement, the best level among ``members`` and the member giving it (the
    one with the highest similarity among those at that level)."""
    cols = np.asarray(members, dtype=np.intp)
    if cols.size == 0:
        return np.zeros(codes.shape[0], np.int8), np.full(codes.shape[0], -1)
    key = codes[:, cols].astype(np.float64) * 2.0 + S[:, cols]   # S in [0, 1]
    arg = key.argmax(axis=1)
    return codes[np.arange(codes.shape[0]), cols[arg]], cols[arg]


def names(codes: Sequence[int] | np.ndarray) -> list[str]:
    return [NAMES[int(c)] for c in codes]


def rule_numbers(w: ScoreWeights) -> dict[str, float]:
    """The rule's numbers, for the reports' level legend."""
    return {"covered": w.covered, "partial": w.partial, "partial_level": w.partial_level,
            "coef_bias": w.level_bias, "coef_specific": w.level_specific,
            "coef_rank": w.level_rank, "coef_shared": w.level_shared}
