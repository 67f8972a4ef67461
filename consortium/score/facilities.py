"""Where the consortium tests and demonstrates: its facilities against the topic's asks.

A facility *serves* a requirement when its passage reaches a fixed
similarity (``ScoreWeights.partial``, 0.39) for it. A validation requirement (``calls.kinds``)
that no member's facility serves is a named gap ("no partner lists a facility for the
at-sea demonstrations R12"): the writer must then find a test site, or a partner with
one. Both are read only when the pool lists some facility; a pool without any (the
CORDIS pools) says so once instead of naming every validation requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from consortium.calls.kinds import VALIDATION
from consortium.calls.topic import Requirement
from consortium.embed.pool_index import Match
from consortium.partners.facilities import FACILITY_SOURCE, Facility
from consortium.partners.model import Partner, chunks


@dataclass
class FacilityUse:
    """One row of "Where we test and demonstrate"."""

    facility: str
    owner: str                  # the member's label
    owner_id: str
    country: str                # the facility's country, else its owner's
    city: str
    requirements: list[str] = field(default_factory=list)  # ids it serves, best first
    validation: list[str] = field(default_factory=list)    # of those, validation asks


def facility_of(partner: Partner, passage: str) -> Facility | None:
    """The facility of ``partner`` that a passage was cut from."""
    return next((f for f in partner.facilities if passage in chunks(f.text)), None)


def evidence_source(partner: Partner, passage: str, source: str) -> str:
    """A report's evidence source: "facility (Den Helder, NL)" for a facility passage."""
    if source != FACILITY_SOURCE:
        return source
    found = facility_of(partner, passage)
    return f"{source} ({found.location})" if found is not None and found.location else source


def facility_uses(match: Match, requirements: Sequence[Requirement],
                  partners: Sequence[Partner], members: Sequence[int],
                  partial: float) -> list[FacilityUse]:
    """Each member facility serving some requirement, members in order, facilities in the
    order their registry lists them."""
    if match.facility_S.size == 0:
        return []
    out: list[FacilityUse] = []
    reach = np.asarray((match.facility_S >= partial).max(axis=0), dtype=bool)
    for j in members:
        partner = partners[j]
        if not reach[j]:
            continue
        served: dict[str, list[tuple[float, Requirement]]] = {}
        for r, req in enumerate(requirements):
            k, score = int(match.facility_evidence[r, j]), float(match.facility_S[r, j])
            if k >= 0 and score >= partial and req.weight > 0:
                found = facility_of(partner, match.passages[k])
                if found is not None:
                    served.setdefault(found.text, []).append((score, req))
        for facility in partner.facilities:
            hits = sorted(served.get(facility.text, []), key=lambda x: -x[0])
            if hits:
                out.append(FacilityUse(
                    facility.text, partner.label, partner.id,
                    facility.country or partner.country, facility.city,
                    [req.id for _, req in hits],
                    [req.id for _, req in hits if req.kind == VALIDATION]))
    return out


def facility_gaps(match: Match, requirements: Sequence[Requirement], members: Sequence[int],
                  partial: float) -> list[str]:
    """A sentence per validation requirement that no member's facility serves."""
    if match.facility_S.size == 0:
        return []
    cols = list(members)
    gaps = []
    for r, req in enumerate(requirements):
        if req.kind != VALIDATION or req.weight <= 0:
            continue
        if not cols or float(match.facility_S[r, cols].max()) < partial:
            gaps.append(f"no partner lists a facility for the {req.aspect or 'validation'} "
                        f"{req.id}")
    return gaps


def unlisted_note(match: Match, requirements: Sequence[Requirement]) -> str:
    """The one note of a pool without facilities, naming its validation requirements."""
    wanted = [req.id for req in requirements if req.kind == VALIDATION and req.weight > 0]
    if match.facility_S.size or not wanted:
        return ""
    return (f"No partner in the pool lists facilities, so the validation requirements "
            f"({', '.join(wanted)}) were matched on profiles and projects; a registry's "
            "'facilities' column names test ranges, labs and living labs.")


def facility_fit(match: Match, requirements: Sequence[Requirement], members: Sequence[int],
                 labels: Sequence[str], partial: float) -> tuple[float, list[str], int]:
    """How well the facilities of ``members`` serve a topic's validation asks: the
    weighted mean over them of the members' best facility similarity (0 when the topic
    asks for no validation or no member lists a facility), the asks served ("R4 (NMTR)",
    similarity at least ``partial``) and how many validation asks the topic has."""
    rows = [r for r, req in enumerate(requirements) if req.kind == VALIDATION and req.weight > 0]
    if not rows or match.facility_S.size == 0 or not len(members):
        return 0.0, [], len(rows)
    cols = np.asarray(members, dtype=np.intp)
    sub = match.facility_S[np.ix_(np.asarray(rows, dtype=np.intp), cols)]
    best, who = sub.max(axis=1), cols[sub.argmax(axis=1)]
    w = np.array([requirements[r].weight for r in rows])
    served = [f"{requirements[r].id} ({labels[int(j)]})" for r, s, j in zip(rows, best, who)
              if s >= partial]
    return round(float(best @ w / w.sum()), 4), served, len(rows)


def validation_facilities(match: Match, requirements: Sequence[Requirement],
                          partners: Sequence[Partner], members: Sequence[int],
                          partial: float, limit: int = 5) -> list[str]:
    """The facilities of ``members`` that serve validation asks, most asks first, owner
    and asks leading so a narrow terminal column still shows them: "NMTR: R4 — Maritime
    test range off Den Helder" (a cluster map's cell)."""
    uses = [u for u in facility_uses(match, requirements, partners, members, partial)
            if u.validation]
    uses.sort(key=lambda u: -len(u.validation))
    return [f"{u.owner}: {', '.join(u.validation)} — {u.facility}" for u in uses[:limit]]
