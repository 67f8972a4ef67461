"""The ranker's inputs for a product pool: track records and keyword documents built
from ``Partner`` objects, the same features the evaluation computes from CORDIS arrays.

A partner's own description is a project of its own (one owner, no year, not
collaborative), so a registry member with no CORDIS record is ranked by its text alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from consortium.embed.snapshot import Snapshot
from consortium.partners.model import Partner, chunks
from consortium.rank.history import History, build_history, programme_part

BENEFICIARY = ("coordinator", "participant", "")
SAVED = "ranker-records-1"    # the snapshot file of ``cached_records`` (format 1)
_MATRICES = ("incidence", "coordinating", "share", "terms")
TOKENS = r"(?u)\b[^\W\d_][\w-]+\b"


@dataclass
class PoolRecords:
    """History, project passages (indices into the pool's passages) and keyword terms."""

    history: History
    project_ids: list[str]
    slot_project: np.ndarray
    slot_passage: np.ndarray
    terms: sp.csr_matrix          # N x V term counts of each partner's passages
    vocabulary: dict[str, int]


def _entries(partners: Sequence[Partner]) -> tuple[list, dict[str, int], list[int], list[str],
                                                   list[str]]:
    entries: list[tuple[int, int, str, float | None]] = []
    index: dict[str, int] = {}
    years: list[int] = []
    topics: list[str] = []
    texts: list[str] = []
    for i, partner in enumerate(partners):
        if partner.description.strip():
            index[f"profile:{i}"] = len(years)
            years.append(0)
            topics.append("")
            texts.append(partner.description)
            entries.append((i, index[f"profile:{i}"], "participant", None))
        for project in partner.projects:
            part = partner.role_in(project.id)
            role = (part.role if part else "").lower()
            if role not in BENEFICIARY:
                continue
            if project.id not in index:
                index[project.id] = len(years)
                years.append(project.start_year or 0)
                topics.append(project.topic)
                texts.append(project.text())
            entries.append((i, index[project.id], role or "participant",
                            part.ec_contribution if part else None))
    return entries, index, years, topics, texts


def pool_records(partners: Sequence[Partner], passages: Sequence[str]) -> PoolRecords:
    """Built once per pool; ``passages`` are the pool index's distinct passages."""
    from sklearn.feature_extraction.text import CountVectorizer

    entries, index, years, topics, texts = _entries(partners)
    rows, cols, roles, money = (list(x) for x in zip(*entries)) if entries else ([], [], [],
                                                                                   [])
    history = build_history(rows, cols, roles, money, len(partners), years,
                            [programme_part(t) for t in topics])
    position = {text: k for k, text in enumerate(passages)}
    empty = len(passages)
    slot_project: list[int] = []
    slot_passage: list[int] = []
    for j, text in enumerate(texts):
        owned = [position[c] for c in chunks(text) if c in position] or [empty]
        slot_project += [j] * len(owned)
        slot_passage += owned
    vectorizer = CountVectorizer(stop_words="english", dtype=np.float32, token_pattern=TOKENS)
    docs = [" ".join(p.passages()) for p in partners]
    try:
        terms = sp.csr_matrix(vectorizer.fit_transform(docs))
        vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    except ValueError:          # no word at all in the pool
        terms, vocabulary = sp.csr_matrix((len(partners), 0), dtype=np.float32), {}
    return PoolRecords(history, list(index), np.asarray(slot_project, dtype=np.intp),
                       np.asarray(slot_passage, dtype=np.intp), terms, vocabulary)


def keyword_scores(records: PoolRecords, query: str) -> np.ndarray:
    """BM25 of every partner's passages for the topic text."""
    import re

    from consortium.rank.lexical import bm25_scores

    words = re.findall(TOKENS, query.lower())
    counts: dict[int, float] = {}
    for word in words:
        k = records.vocabulary.get(word)
        if k is not None:
            counts[k] = counts.get(k, 0.0) + 1.0
    if not counts:
        return np.zeros(records.terms.shape[0])
    cols = np.array(list(counts), dtype=np.intp)
    tf = records.terms[:, cols]
    doc_len = np.asarray(records.terms.sum(axis=1), dtype=np.float64).ravel()
    return bm25_scores(tf, doc_len, np.array(list(counts.values())))


def _to_arrays(records: PoolRecords) -> dict[str, np.ndarray]:
    h = records.history
    out: dict[str, np.ndarray] = {}
    for name, m in (("incidence", h.incidence), ("coordinating", h.coordinating),
                    ("share", h.share), ("terms", records.terms)):
        out.update({f"{name}_data": m.data, f"{name}_indices": m.indices,
                    f"{name}_indptr": m.indptr, f"{name}_shape": np.array(m.shape)})
    words = sorted(records.vocabulary, key=records.vocabulary.__getitem__)
    out.update(year=h.year, programme=np.array(h.programme.tolist(), dtype=str),
               project_ids=np.array(records.project_ids, dtype=str),
               slot_project=records.slot_project, slot_passage=records.slot_passage,
               words=np.array(words, dtype=str))
    return out


def _from_arrays(a: dict[str, np.ndarray]) -> PoolRecords:
    m = {name: sp.csr_matrix((a[f"{name}_data"], a[f"{name}_indices"], a[f"{name}_indptr"]),
                             shape=tuple(a[f"{name}_shape"])) for name in _MATRICES}
    history = History(m["incidence"], m["coordinating"], m["share"], a["year"],
                      np.asarray(a["programme"].tolist(), dtype=object))
    words = a["words"].tolist()
    return PoolRecords(history, a["project_ids"].tolist(), a["slot_project"].astype(np.intp),
                       a["slot_passage"].astype(np.intp), m["terms"],
                       {w: k for k, w in enumerate(words)})


def cached_records(partners: Sequence[Partner], passages: Sequence[str],
                   snapshot: Snapshot | None) -> PoolRecords:
    """``pool_records``, kept in the pool's snapshot: on a 23k-organisation store a
    warm run then reads no partner's track record to rank it."""
    saved = snapshot.arrays(SAVED) if snapshot is not None else None
    if saved is not None:
        try:
            records = _from_arrays(saved)
            if records.history.n == len(partners):
                return records
        except (KeyError, ValueError):
            pass
    records = pool_records(partners, passages)
    if snapshot is not None:
        snapshot.save(lambda: snapshot.save_arrays(SAVED, _to_arrays(records)))
    return records
