"""Who took part in what, when, in which role and with what share: the track records
the ranker reads, as sparse matrices over organisations (N) and projects (J).

Built once per pool (the evaluation's CORDIS pool or the product's partners); a topic
then only chooses which projects may be seen (``visible``): never the topic's own, and
for network and experience features, only those of calls before the topic's year, so a
consortium re-forming for a follow-up cannot predict itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

COLLABORATIVE_MIN = 3     # beneficiaries: RIA, IA, CSA consortia, not ERC or MSCA grants
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def topic_year(topic_id: str) -> int:
    """The call year in a topic code (HORIZON-CL3-2022-BM-01-01 -> 2022), 0 if none."""
    found = _YEAR.search(topic_id or "")
    return int(found.group(1)) if found else 0


def programme_part(topic_id: str) -> str:
    """The programme part a topic belongs to (HORIZON-CL3, H2020-SU, ERC...): the
    prefix before the year; experience there is experience in the topic's field."""
    code = (topic_id or "").upper().replace(" ", "")
    found = _YEAR.search(code)
    head = code[: found.start()] if found else code
    return head.rstrip("-_") or code


@dataclass
class History:
    """Participations as N x J matrices plus per-project facts."""

    incidence: sp.csr_matrix      # 1 where the organisation was a beneficiary
    coordinating: sp.csr_matrix   # 1 where it coordinated
    share: sp.csr_matrix          # its share of the project's EC contribution (0..1)
    year: np.ndarray              # J call or start year, 0 if unknown
    programme: np.ndarray         # J programme parts (``programme_part``)

    @property
    def n(self) -> int:
        return int(self.incidence.shape[0])

    @property
    def beneficiaries(self) -> np.ndarray:
        return np.asarray(self.incidence.sum(axis=0)).ravel()

    def visible(self, masked: Sequence[int] | np.ndarray = (), before: int = 0) -> np.ndarray:
        """J booleans: projects that may be seen (not masked; if ``before``, of a year
        known and earlier)."""
        keep = np.ones(self.incidence.shape[1], dtype=bool)
        keep[np.asarray(masked, dtype=np.intp)] = False
        if before:
            keep &= (self.year > 0) & (self.year < before)
        return keep


def build_history(rows: Sequence[int], cols: Sequence[int], roles: Sequence[str],
                  contributions: Sequence[float | None], n: int, years: Sequence[int],
                  programmes: Sequence[str]) -> History:
    """From one (organisation, project, role, EC contribution) entry per beneficiary;
    an unknown contribution counts as an equal share of what is unknown."""
    j_count = len(years)
    r = np.asarray(rows, dtype=np.intp)
    c = np.asarray(cols, dtype=np.intp)
    money = np.array([m if m is not None and m == m and m > 0 else np.nan
                      for m in contributions], dtype=np.float64)
    total = np.bincount(c, weights=np.nan_to_num(money), minlength=j_count)
    known = np.bincount(c, weights=~np.isnan(money), minlength=j_count)
    count = np.bincount(c, minlength=j_count).astype(np.float64)
    equal = 1.0 / np.maximum(count, 1.0)
    share = np.where(np.isnan(money) | (total[c] <= 0), equal[c],
                     np.nan_to_num(money) / np.maximum(total[c], 1e-9) * (known[c] / count[c]))
    ones = np.ones(r.size, dtype=np.float32)
    lead = np.array([role == "coordinator" for role in roles], dtype=bool)
    shape = (n, j_count)
    return History(
        incidence=sp.csr_matrix((ones, (r, c)), shape=shape),
        coordinating=sp.csr_matrix((ones[lead], (r[lead], c[lead])), shape=shape),
        share=sp.csr_matrix((share.astype(np.float32), (r, c)), shape=shape),
        year=np.asarray(years, dtype=np.int64),
        programme=np.asarray(list(programmes), dtype=object))
