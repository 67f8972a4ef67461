"""A pool's distinct passages, embedded once and shared by every topic scored against it.

Partners that took part in the same project share that project's passages: the index
keeps each distinct passage once (with where it comes from) and a list of slots saying
which partner owns which passage, so similarity is one matrix product per topic followed
by a per-partner maximum (``score.partner_similarity``). The consortium builder fits one
topic on it; the radar and the cluster map score dozens.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .calls import Call
from .embed import CachedEmbedder
from .partners import Partner
from .score import partner_similarity


class PoolIndex:
    """A pool's distinct passages, embedded once, shared by every topic ranked against it."""

    def __init__(self, partners: Sequence[Partner], embedder: CachedEmbedder) -> None:
        self.partners = list(partners)
        self.embedder = embedder
        texts: dict[str, int] = {}
        self.sources: list[str] = []
        slot_partner: list[int] = []
        slot_passage: list[int] = []
        for i, partner in enumerate(self.partners):
            for text, source in partner.sourced_passages():
                if text not in texts:
                    texts[text] = len(texts)
                    self.sources.append(source)
                slot_partner.append(i)
                slot_passage.append(texts[text])
        self.passages = list(texts)
        self.slot_partner = np.asarray(slot_partner, dtype=np.intp)
        self.slot_passage = np.asarray(slot_passage, dtype=np.intp)
        self.vectors = embedder.embed(self.passages) if self.passages else None

    def similarity(self, call: Call) -> tuple[np.ndarray, np.ndarray]:
        """(S, evidence) as ``ConsortiumBuilder.fit`` computes them: R x N best passage
        similarity, and the index of that passage."""
        if self.vectors is None or not call.requirements:
            shape = (len(call.requirements), len(self.partners))
            return np.zeros(shape, np.float32), np.zeros(shape, np.intp)
        req = self.embedder.embed([r.text for r in call.requirements])
        return partner_similarity(req, self.vectors, self.slot_partner, self.slot_passage,
                                  len(self.partners))
