"""A pool's distinct passages, embedded once and shared by every topic scored against it.

Partners that took part in the same project share that project's passages: the index
keeps each distinct passage once (with where it comes from) and a list of slots saying
which partner owns which passage, so similarity is one matrix product per topic followed
by a per-partner maximum (``partner_similarity`` below). The consortium builder fits one
topic on it; the radar and the cluster map score dozens. With a ``Snapshot`` the passages
and vectors of a pool seen before are read back instead of rebuilt (``embed.snapshot``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from consortium.calls.topic import Call
from consortium.embed.embedder import CachedEmbedder, EmbedStats
from consortium.embed.facility_match import facility_first, facility_mask, facility_similarity
from consortium.embed.snapshot import Passages, Snapshot
from consortium.partners.model import Partner


def cut_passages(partners: Sequence[Partner]) -> Passages:
    """Each distinct passage once, with the slots saying which partner owns which."""
    texts: dict[str, int] = {}
    sources: list[str] = []
    slot_partner: list[int] = []
    slot_passage: list[int] = []
    for i, partner in enumerate(partners):
        for text, source in partner.sourced_passages():
            if text not in texts:
                texts[text] = len(texts)
                sources.append(source)
            slot_partner.append(i)
            slot_passage.append(texts[text])
    return Passages(list(texts), sources, np.asarray(slot_partner, dtype=np.intp),
                    np.asarray(slot_passage, dtype=np.intp))


@dataclass
class Match:
    """A call against a pool: the best passage similarity of every requirement for
    every partner (``S``, R x N), which passage that is (``evidence``), and the passages
    with their sources, so reports can quote the evidence."""

    S: np.ndarray
    evidence: np.ndarray
    passages: list[str]
    sources: list[str]
    # What the coverage levels read (consortium.score.levels): each passage's cosine with
    # the pool's mean direction (how generic it is: a hub matches every requirement), and
    # per requirement the best that any passage of the pool reaches once that is taken
    # off (similarity - centrality), so "covered" can be relative to what the pool offers.
    centrality: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    specific_best: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    # ... and the ``SPECIFIC_TOP`` best of those, descending (R x K), so a level can say
    # how many of the pool's passages beat the evidence (its rank, not only its margin).
    specific_top: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    # The requirements' own vectors (R x d), for grouping them (the proposal draft's WPs).
    requirement_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0),
                                                                              np.float32))
    # Each partner's best facility passage per requirement (``embed.facility_match``):
    # similarity (0 without a facility) and passage index (-1), R x N; empty arrays when
    # the pool lists no facility.
    facility_S: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    facility_evidence: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.intp))

    def passage(self, r: int, j: int) -> tuple[str, str]:
        """(text, source) of partner ``j``'s best evidence for requirement ``r``."""
        k = int(self.evidence[r, j])
        return self.passages[k], self.sources[k]


class PoolIndex:
    """A pool's distinct passages, embedded once, shared by every topic ranked against it."""

    def __init__(self, partners: Sequence[Partner], embedder: CachedEmbedder,
                 snapshot: Snapshot | None = None) -> None:
        self.partners = list(partners)
        self.embedder = embedder
        self.snapshot = snapshot
        saved = snapshot.passages() if snapshot is not None else None
        cut = saved if saved is not None else cut_passages(self.partners)
        if snapshot is not None and saved is None:
            snapshot.save(lambda: snapshot.save_passages(cut))
        self.passages, self.sources = cut.texts, cut.sources
        self.facilities = facility_mask(self.sources)
        self.slot_partner, self.slot_passage = cut.slot_partner, cut.slot_passage
        self.vectors = self._vectors(snapshot) if self.passages else None
        self._centrality: np.ndarray | None = None

    def _vectors(self, snapshot: Snapshot | None) -> np.ndarray:
        model = self.embedder.model_id
        vectors = snapshot.vectors(model, len(self.passages)) if snapshot is not None else None
        if vectors is not None:
            n = len(self.passages)
            self.embedder.stats.add(EmbedStats(n, n, n, 0))
        else:
            # Embedding stops with an exception if interrupted, so only a complete matrix
            # is ever saved; the embedding cache keeps the finished chunks.
            vectors = self.embedder.embed(self.passages)
            if snapshot is not None:
                snapshot.save(lambda: snapshot.save_vectors(model, vectors))
        return vectors

    def match(self, call: Call) -> Match:
        S, evidence, top, req, sims = self._similarity(call)
        match = Match(S, evidence, self.passages, self.sources, self.centrality(),
                      top[:, 0], specific_top=top, requirement_vectors=req)
        if sims is not None and self.facilities.any():
            match.facility_S, match.facility_evidence = facility_similarity(
                sims, self.slot_partner, self.slot_passage, self.facilities,
                len(self.partners))
        return match

    def centrality(self) -> np.ndarray:
        """Each passage's cosine with the normalised mean of the pool's passages."""
        if self._centrality is None:
            if self.vectors is None:
                self._centrality = np.zeros(0, np.float32)
            else:
                mean = self.vectors.mean(axis=0)
                norm = float(np.linalg.norm(mean))
                self._centrality = (self.vectors @ (mean / norm if norm else mean)
                                    ).astype(np.float32)
        return self._centrality

    def similarity(self, call: Call) -> tuple[np.ndarray, np.ndarray]:
        """(S, evidence) as ``ConsortiumBuilder.fit`` computes them: R x N best passage
        similarity, and the index of that passage."""
        S, evidence, *_ = self._similarity(call)
        return S, evidence

    def _similarity(self, call: Call) \
            -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
        """S, evidence, each requirement's ``SPECIFIC_TOP`` best specific similarities
        (descending), the requirements' vectors, and the raw R x P similarities (None
        without passages); validation rows read facilities first."""
        if self.vectors is None or not call.requirements:
            shape = (len(call.requirements), len(self.partners))
            return (np.zeros(shape, np.float32), np.zeros(shape, np.intp),
                    np.zeros((shape[0], 1), np.float32),
                    np.zeros((shape[0], 0), np.float32), None)
        req = self.embedder.embed_queries([r.text for r in call.requirements])
        raw = req @ self.vectors.T
        sims = facility_first(raw, call.requirements, self.facilities)
        S, evidence = slot_similarity(sims, self.slot_partner, self.slot_passage,
                                      len(self.partners))
        return S, evidence, specific_top(sims - self.centrality()[None, :]), req, raw


SPECIFIC_TOP = 64


def specific_top(specific: np.ndarray) -> np.ndarray:
    """The ``SPECIFIC_TOP`` highest values of each row, descending (R x K float32)."""
    k = min(SPECIFIC_TOP, specific.shape[1])
    if k == 0:
        return np.zeros((specific.shape[0], 1), np.float32)
    top = np.partition(specific, specific.shape[1] - k, axis=1)[:, -k:]
    return (-np.sort(-top, axis=1)).astype(np.float32)


def partner_similarity(req_vecs: np.ndarray, passage_vecs: np.ndarray,
                       slot_partner: np.ndarray, slot_passage: np.ndarray,
                       n_partners: int) -> tuple[np.ndarray, np.ndarray]:
    """Best passage similarity of every requirement for every partner.

    Passages are stored once (``passage_vecs``) and shared by partners through slots:
    slot k says partner ``slot_partner[k]`` owns passage ``slot_passage[k]``; slots must
    be sorted by partner and every partner must own at least one. Returns ``S`` (R x N,
    cosine similarity, negatives clipped to 0) and ``evidence`` (R x N, index of the
    best passage).
    """
    return slot_similarity(req_vecs @ passage_vecs.T, slot_partner, slot_passage, n_partners)


def slot_similarity(sims: np.ndarray, slot_partner: np.ndarray, slot_passage: np.ndarray,
                    n_partners: int) -> tuple[np.ndarray, np.ndarray]:
    """``partner_similarity`` from the R x P passage similarities already computed."""
    values = sims[:, slot_passage]                        # R x K
    starts = np.flatnonzero(np.r_[True, np.diff(slot_partner) != 0])
    if len(starts) != n_partners:
        raise ValueError("every partner needs at least one passage")
    best = np.maximum.reduceat(values, starts, axis=1)    # R x N
    positions = np.where(values == best[:, slot_partner], np.arange(values.shape[1]),
                         values.shape[1])
    first = np.minimum.reduceat(positions, starts, axis=1)
    evidence = slot_passage[first]
    # Cosines of float32 unit vectors can round a hair above 1; clip to the stated range.
    return np.clip(best, 0.0, 1.0).astype(np.float32), evidence
