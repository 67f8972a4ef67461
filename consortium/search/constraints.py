"""Consortium constraints as masks over the partner pool.

Every rule the search must respect is one of two shapes, so the greedy search, the swap
search and the exact MILP all handle any mix of them the same way:

- ``AtLeast``: at least ``count`` members among ``mask``, spread over at least
  ``distinct`` values of ``by`` (eligibility: 3 entities from 3 Member States or
  Associated Countries; a topic condition: 2 police authorities from 2 countries;
  required organisation types; members from N clusters; a coordinator with a track
  record);
- ``AtMostPer``: at most ``limit`` members sharing a value of ``by`` (partners per
  country, per organisation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AtLeast:
    name: str                      # what a user reads when it cannot be met
    mask: np.ndarray               # N bools: partners that count
    count: int = 1
    by: np.ndarray | None = None   # N ints: values that must be distinct
    distinct: int = 0
    hint: str = ""                 # how to fix it

    def shortfall(self, members: np.ndarray) -> int:
        inside = members[self.mask[members]] if members.size else members
        short = max(0, self.count - int(inside.size))
        if self.by is not None and self.distinct:
            short += max(0, self.distinct - len(set(self.by[inside].tolist())))
        return short

    def shortfall_after(self, members: np.ndarray, cand: np.ndarray) -> np.ndarray:
        """Shortfall after adding each candidate, for all candidates at once."""
        inside = members[self.mask[members]] if members.size else members
        hit = self.mask[cand]
        short = np.maximum(0, self.count - inside.size - hit.astype(int))
        if self.by is not None and self.distinct:
            present = list(set(self.by[inside].tolist()))
            new = hit & ~np.isin(self.by[cand], present)
            short = short + np.maximum(0, self.distinct - len(present) - new.astype(int))
        return short

    def reachable(self, pool: np.ndarray, max_size: int) -> bool:
        inside = pool[self.mask[pool]]
        if inside.size < self.count or self.count > max_size:
            return False
        if self.by is not None and self.distinct:
            distinct = len(set(self.by[inside].tolist()))
            return distinct >= self.distinct and self.distinct <= max_size
        return True


@dataclass(frozen=True)
class AtMostPer:
    name: str
    by: np.ndarray                 # N ints
    limit: int

    def allowed_after(self, members: np.ndarray, cand: np.ndarray) -> np.ndarray:
        if not members.size:
            return np.ones(cand.size, bool)
        values, counts = np.unique(self.by[members], return_counts=True)
        full = values[counts >= self.limit]
        return ~np.isin(self.by[cand], full)

    def violated(self, members: np.ndarray) -> bool:
        if not members.size:
            return False
        return bool(np.unique(self.by[members], return_counts=True)[1].max() > self.limit)


Constraint = AtLeast | AtMostPer


def total_shortfall(constraints: Sequence[Constraint], members: Sequence[int]) -> int:
    m = np.asarray(members, dtype=np.intp)
    return sum(c.shortfall(m) for c in constraints if isinstance(c, AtLeast))


def shortfall_after(constraints: Sequence[Constraint], members: Sequence[int],
                    cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(total shortfall after adding each candidate, whether adding it is allowed)."""
    m = np.asarray(members, dtype=np.intp)
    short = np.zeros(cand.size, dtype=int)
    allowed = np.ones(cand.size, dtype=bool)
    for c in constraints:
        if isinstance(c, AtLeast):
            short += c.shortfall_after(m, cand)
        else:
            allowed &= c.allowed_after(m, cand)
    return short, allowed


def unmet(constraints: Sequence[Constraint], members: Sequence[int]) -> list[str]:
    """Names of the constraints the member set breaks, with the fix where known."""
    m = np.asarray(members, dtype=np.intp)
    out = []
    for c in constraints:
        if isinstance(c, AtLeast) and c.shortfall(m):
            out.append(f"{c.name}" + (f" ({c.hint})" if c.hint else ""))
        elif isinstance(c, AtMostPer) and c.violated(m):
            out.append(c.name)
    return out


def values_to_ints(values: Sequence[str]) -> np.ndarray:
    """Codes for string attributes (countries, clusters) so masks stay numeric."""
    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values], dtype=np.intp)
