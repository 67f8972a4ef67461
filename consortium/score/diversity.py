"""Diversity as capped counts, one term per aspect a reviewer looks at.

Each term counts members (or distinct values among members) up to a cap and scales to
[0, 1]: distinct countries, triple-helix groups (research, industry, public), SMEs,
members from widening countries, practitioners, members with a coordinator track
record, clusters represented. A capped count is monotone and submodular, so the search
keeps its greedy guarantee, and the same ``Term`` objects serve the report, the greedy
gains and the exact MILP, so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from consortium.partners.countries import is_widening
from consortium.partners.model import Partner

# Organisation types grouped into the "triple helix" plus civil society.
TYPE_GROUP = {"HES": "research", "REC": "research", "PRC": "industry", "PUB": "public",
              "OTH": "other"}
HELIX = ("research", "industry", "public")


@dataclass(frozen=True)
class Term:
    """One diversity aspect over the partner pool.

    ``values[j]`` is partner j's value for a distinct-count term (a country code) or 0
    for a plain count term (an SME); -1 means the partner does not count.
    """

    name: str
    weight: float
    cap: int
    values: np.ndarray
    distinct: bool

    def count(self, members: np.ndarray) -> int:
        v = self.values[members]
        v = v[v >= 0]
        return len(set(v.tolist())) if self.distinct else int(v.size)

    def value(self, members: np.ndarray) -> float:
        return min(self.count(members), self.cap) / self.cap if self.cap else 0.0

    def gain(self, members: np.ndarray, cand: np.ndarray) -> np.ndarray:
        """Increase of ``value`` from adding each candidate (0 or 1/cap)."""
        counted = self.values[cand] >= 0
        have = self.count(members)
        if have >= self.cap:
            return np.zeros(cand.size)
        if self.distinct:
            present = list(set(self.values[members].tolist()))
            counted &= ~np.isin(self.values[cand], present)
        return counted / self.cap


@dataclass(frozen=True)
class Attributes:
    """Per-partner attributes the diversity terms read (arrays of length N)."""

    country: Sequence[str]
    org_type: Sequence[str]
    sme: Sequence[bool | None]
    practitioner: Sequence[str]
    coordinated: Sequence[int]
    cluster: Sequence[str]

    @classmethod
    def of(cls, partners: Sequence[Partner]) -> Attributes:
        return cls(
            country=[p.country for p in partners], org_type=[p.org_type for p in partners],
            sme=[p.sme for p in partners], practitioner=[p.practitioner for p in partners],
            coordinated=[p.coordinated for p in partners],
            cluster=[p.cluster for p in partners])


def _codes(values: Sequence[str], counts: Sequence[bool] | None = None) -> np.ndarray:
    index: dict[str, int] = {}
    out = np.full(len(values), -1, dtype=np.intp)
    for j, v in enumerate(values):
        if v and (counts is None or counts[j]):
            out[j] = index.setdefault(v, len(index))
    return out


def _flags(flags: Sequence[bool]) -> np.ndarray:
    return np.where(np.asarray(flags, dtype=bool), 0, -1).astype(np.intp)


def build_terms(a: Attributes, weights: dict[str, tuple[float, int]]) -> list[Term]:
    """The terms for a pool; ``weights`` maps term name to (weight, cap)."""
    groups = [TYPE_GROUP.get(t, "other") for t in a.org_type]
    widening = {c: is_widening(c) for c in set(a.country)}
    columns = {
        "countries": (_codes(a.country), True),
        "types": (_codes(groups, [g in HELIX for g in groups]), True),
        "sme": (_flags([bool(s) for s in a.sme]), False),
        "widening": (_flags([widening[c] for c in a.country]), False),
        "practitioners": (_flags([bool(p) for p in a.practitioner]), False),
        "experience": (_flags([c > 0 for c in a.coordinated]), False),
        "clusters": (_codes(a.cluster), True),
    }
    return [Term(name, weight, cap, *columns[name]) for name, (weight, cap) in weights.items()
            if weight > 0]


def diversity_value(terms: Sequence[Term], members: np.ndarray) -> float:
    return float(sum(t.weight * t.value(members) for t in terms))


def diversity_gain(terms: Sequence[Term], members: np.ndarray, cand: np.ndarray) -> np.ndarray:
    total = np.zeros(cand.size)
    for t in terms:
        total += t.weight * t.gain(members, cand)
    return total


@dataclass
class Diversity:
    """What a reviewer reads: each aspect counted, each term's value, the combined score."""

    countries: list[str]
    n_countries: int
    type_counts: dict[str, int]
    groups: list[str]            # organisation-type groups present
    n_sme: int
    sme_share: float
    country_term: float
    type_term: float
    sme_term: float
    score: float
    widening: list[str]          # widening countries represented
    n_widening_members: int
    practitioners: dict[str, int]  # category -> members
    n_experienced: int           # members that coordinated an EU project
    n_newcomers: int             # members with no EU project in the pool's records
    clusters: list[str]
    largest_country_share: float  # balance: the share of the most represented country
    terms: dict[str, float]      # every term's value in [0, 1]


def describe(a: Attributes, n_projects: Sequence[int],
             weights: dict[str, tuple[float, int]]) -> Diversity:
    """The diversity report of one consortium (``a`` holds its members only)."""
    terms = build_terms(a, weights)
    everyone = np.arange(len(a.country))
    values = {t.name: round(t.value(everyone), 4) for t in terms}
    n = len(a.country)
    counts: dict[str, int] = {}
    for t in a.org_type:
        counts[t] = counts.get(t, 0) + 1
    per_country: dict[str, int] = {}
    for c in a.country:
        per_country[c] = per_country.get(c, 0) + 1
    practitioners: dict[str, int] = {}
    for p in a.practitioner:
        if p:
            practitioners[p] = practitioners.get(p, 0) + 1
    n_sme = sum(1 for s in a.sme if s)
    return Diversity(
        countries=sorted(per_country), n_countries=len(per_country),
        type_counts=dict(sorted(counts.items())),
        groups=sorted({TYPE_GROUP.get(t, "other") for t in a.org_type}),
        n_sme=n_sme, sme_share=n_sme / n if n else 0.0,
        country_term=values.get("countries", 0.0), type_term=values.get("types", 0.0),
        sme_term=values.get("sme", 0.0),
        score=round(diversity_value(terms, everyone), 4),
        widening=sorted({c for c in a.country if is_widening(c)}),
        n_widening_members=sum(1 for c in a.country if is_widening(c)),
        practitioners=dict(sorted(practitioners.items())),
        n_experienced=sum(1 for c in a.coordinated if c > 0),
        n_newcomers=sum(1 for k in n_projects if k == 0),
        clusters=sorted({c for c in a.cluster if c}),
        largest_country_share=max(per_country.values()) / n if n else 0.0,
        terms=values,
    )
