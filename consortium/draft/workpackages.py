"""A work-package draft: the topic's requirements grouped, a leader for each package.

Technical packages are groups of the weighted requirements whose embeddings are close:
agglomerative clustering with Ward's linkage on unit vectors (``ward``) (Euclidean distance there
ranks pairs as cosine distance does; average linkage left one package holding most
requirements), with no random start, so a topic always gives the same packages; 3 to 6
of them, about three requirements each. A package's title is its requirements' key
terms. Management comes first and is led by the coordinator; dissemination and
exploitation come last. Leaders: the partner with the best weighted similarity over the
package's requirements, at most two packages per partner (management counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from consortium.draft.model import WorkPackage
from consortium.draft.terms import group_terms, title

MIN_WPS, MAX_WPS, PER_WP, MAX_LED = 3, 6, 3, 2
MANAGEMENT = "Project management and coordination"
DISSEMINATION = "Dissemination, exploitation and communication"


@dataclass
class Topic:
    """The requirements a draft groups, and how each member reaches them."""

    ids: list[str]
    texts: list[str]
    weights: np.ndarray          # R
    vectors: np.ndarray          # R x d, unit rows
    scores: np.ndarray           # R x N, members in Part A order
    reached: np.ndarray          # R x N, True where the member is at least partial


def clusters(vectors: np.ndarray, n: int) -> list[list[int]]:
    """``n`` groups of row indices, in the order of their first requirement."""
    if n <= 1 or len(vectors) <= 1:
        return [list(range(len(vectors)))]
    if vectors.shape[1] == 0 or not np.all(np.linalg.norm(vectors, axis=1) > 0):
        # No vectors to compare (a report built without them): consecutive runs.
        return [list(c) for c in np.array_split(np.arange(len(vectors)), n)]
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return sorted(ward(unit, n), key=lambda g: g[0])


def ward(points: np.ndarray, n: int) -> list[list[int]]:
    """Ward's agglomerative clustering cut at ``n`` groups (the groups scikit-learn's
    ``AgglomerativeClustering(linkage="ward")`` gives), written out because importing
    scikit-learn costs a report more than a second; a topic has a few dozen requirements,
    so the plain O(R^3) merge loop with the Lance-Williams update is instant."""
    size = len(points)
    d2 = ((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(d2, np.inf)
    members = {i: [i] for i in range(size)}
    for _ in range(size - max(n, 1)):
        i, j = divmod(int(np.argmin(d2)), size)
        i, j = min(i, j), max(i, j)
        ni, nj = len(members[i]), len(members[j])
        nk = np.array([len(members.get(k, ())) for k in range(size)], dtype=float)
        merged = ((ni + nk) * d2[i] + (nj + nk) * d2[j] - nk * d2[i, j]) / (ni + nj + nk)
        d2[i, :] = d2[:, i] = merged
        d2[j, :] = d2[:, j] = np.inf
        d2[i, i] = np.inf
        members[i] += members.pop(j)
    return [sorted(g) for g in members.values()]


def n_packages(n_requirements: int) -> int:
    if n_requirements < MIN_WPS:
        return max(n_requirements, 1)
    return int(min(MAX_WPS, max(MIN_WPS, round(n_requirements / PER_WP))))


def work_packages(t: Topic, labels: Sequence[str], coordinator: int,
                  prefers_dissemination: Sequence[bool]) -> list[WorkPackage]:
    """Management, the technical packages, then dissemination, each with a leader."""
    scored = [r for r in range(len(t.ids)) if t.weights[r] > 0]
    groups = ([[scored[i] for i in g] for g in clusters(t.vectors[scored],
                                                       n_packages(len(scored)))]
              if scored else [])
    names = group_terms(t.texts, groups) if groups else []
    led = [0] * len(labels)
    led[coordinator] += 1
    out = [WorkPackage(1, MANAGEMENT, "management", [], labels[coordinator], coordinator + 1,
                       "the coordinator leads management")]
    strength = [float(t.weights[g].sum()) for g in groups]
    leaders: dict[int, tuple[int, str]] = {}
    for g in sorted(range(len(groups)), key=lambda g: -strength[g]):
        rows = groups[g]
        value = (t.weights[rows, None] * t.scores[rows]).sum(axis=0) / t.weights[rows].sum()
        order = [j for j in np.argsort(-value, kind="stable") if led[j] < MAX_LED]
        j = int(order[0]) if order else int(np.argmax(value))
        led[j] += 1
        leaders[g] = (j, f"best weighted similarity over its requirements ({value[j]:.2f})")
    for g, rows in enumerate(groups):
        j, why = leaders[g]
        out.append(WorkPackage(g + 2, title(names[g]) or f"Technical work {g + 1}",
                               "technical", [t.ids[r] for r in rows], labels[j], j + 1, why))
    j = _dissemination_leader(led, prefers_dissemination)
    out.append(WorkPackage(len(out) + 1, DISSEMINATION, "dissemination", [], labels[j],
                           j + 1, "a company, SME or practitioner leading fewer than two "
                           "packages" if prefers_dissemination[j] else
                           "the partner leading the fewest packages"))
    return out


def _dissemination_leader(led: list[int], prefers: Sequence[bool]) -> int:
    """Industry, SMEs and practitioners take results to use; among them (or else among
    all) the partner leading the fewest packages, Part A order breaking ties."""
    pool = [j for j in range(len(led)) if prefers[j] and led[j] < MAX_LED] or list(
        range(len(led)))
    j = min(pool, key=lambda k: (led[k], k))
    led[j] += 1
    return j


def participation(t: Topic, packages: Sequence[WorkPackage], n_members: int) -> list[list[str]]:
    """Per member, per package: "lead", "x" (it reaches one of the package's requirements
    at least partially; everyone takes part in management and dissemination) or ""."""
    index = {rid: r for r, rid in enumerate(t.ids)}
    rows = []
    for j in range(n_members):
        cells = []
        for wp in packages:
            if wp.leader_no == j + 1:
                cells.append("lead")
            elif wp.kind != "technical" or any(t.reached[index[r], j] for r in wp.requirements):
                cells.append("x")
            else:
                cells.append("")
        rows.append(cells)
    return rows
