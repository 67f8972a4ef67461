"""The call's eligibility rule, its topic conditions and the user's rules, as search
constraints over a pool.

Kept in one place so a rule is turned into a constraint once: the builder, the gap
filler and the evaluation see the same constraints and the same eligible mask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from consortium.calls.conditions import strongest
from consortium.calls.topic import Call
from consortium.partners.countries import country_masks
from consortium.partners.duplicates import identity_key
from consortium.partners.model import Partner
from consortium.partners.participation import counts_for_eligibility, counts_for_practitioner
from consortium.score.conditions import CONDITION_PRACTITIONERS
from consortium.search.constraints import AtLeast, AtMostPer, Constraint, values_to_ints
from consortium.text import count


@dataclass(frozen=True)
class Rules:
    """Constraints a user adds on top of the call's eligibility rule."""

    max_per_country: int | None = None
    min_countries: int | None = None
    require_types: tuple[str, ...] = ()
    topic_conditions: bool = True   # enforce the call's required practitioner conditions
    min_clusters: int | None = None  # members from at least N clusters (registry tags)
    experienced_coordinator: bool = False  # a member that has coordinated an EU project
    max_per_organisation: int | None = 1  # entities sharing one legal identity


def eligible_mask(countries: Sequence[str]) -> np.ndarray:
    """Which entities are in an EU Member State or an Associated Country."""
    return country_masks(countries)[0]


def eligibility_constraints(countries: Sequence[str], action_type: str = "RIA",
                            counted: Sequence[bool] | None = None) -> list[Constraint]:
    """The General Annexes' rule for the action type: a CSA needs one eligible entity,
    other actions three independent ones from three Member States or Associated
    Countries, one of them in a Member State. ``counted``: which entities count at all
    (EU bodies and international organisations do not)."""
    eligible, member_state = country_masks(countries)
    if counted is not None:
        eligible = eligible & np.asarray(counted, dtype=bool)
        member_state = member_state & np.asarray(counted, dtype=bool)
    if action_type.strip().upper() == "CSA":
        return [AtLeast("eligibility: 1 entity in a Member State or Associated Country",
                        eligible)]
    return [AtLeast("eligibility: 3 entities from 3 different Member States or "
                    "Associated Countries", eligible, 3, values_to_ints(list(countries)), 3,
                    "add partners from more eligible countries"),
            AtLeast("eligibility: 1 entity in an EU Member State", member_state)]


def condition_constraints(call: Call, partners: Sequence[Partner],
                          country: np.ndarray) -> list[Constraint]:
    """Required topic conditions ("at least 2 Police Authorities from 2 countries")
    that the partners' practitioner categories can be checked against."""
    categories = np.array([p.practitioner if counts_for_practitioner(p) else ""
                           for p in partners])
    out: list[Constraint] = []
    for cond in strongest([c for c in call.conditions if c.required]):
        wanted = CONDITION_PRACTITIONERS.get(cond.role)
        if wanted is None or cond.option:
            continue
        mask = (categories != "") if not wanted else np.isin(categories, list(wanted))
        out.append(AtLeast(
            f"topic condition: {cond.summary()}", mask, cond.min_entities or 1,
            country if cond.min_countries else None, cond.min_countries or 0,
            f"the pool has {int(mask.sum())} partners of that kind; tag practitioners "
            "in the registry or use --no-conditions"))
    return out


def constraints(call: Call, partners: Sequence[Partner], rules: Rules) -> list[Constraint]:
    """Everything the search must meet: the call's eligibility rule and conditions, then
    the user's rules."""
    countries = [p.country for p in partners]
    country = values_to_ints(countries)
    out = eligibility_constraints(countries, call.action_type,
                                  [counts_for_eligibility(p.kind) for p in partners])
    if rules.topic_conditions:
        out.extend(condition_constraints(call, partners, country))
    if rules.max_per_country:
        out.append(AtMostPer(f"at most {count(rules.max_per_country, 'partner')} per country",
                             country, rules.max_per_country))
    if rules.min_countries:
        out.append(AtLeast(f"at least {rules.min_countries} countries",
                           np.ones(len(country), bool), 0, country, rules.min_countries))
    for kind in rules.require_types:
        mask = np.array([p.org_type == kind for p in partners], dtype=bool)
        out.append(AtLeast(f"at least one partner of type {kind}", mask, 1,
                           hint=f"the pool has {int(mask.sum())} of type {kind}"))
    if rules.min_clusters:
        tagged = np.array([bool(p.cluster) for p in partners], dtype=bool)
        n_tags = len({p.cluster for p in partners if p.cluster})
        out.append(AtLeast(
            f"members from at least {rules.min_clusters} clusters", tagged, 0,
            values_to_ints([p.cluster for p in partners]), rules.min_clusters,
            f"the pool has {n_tags} cluster tags; tag registries with "
            "`partners import --cluster TAG`"))
    if rules.max_per_organisation:
        out.append(AtMostPer(
            f"at most {rules.max_per_organisation} entities per organisation (same name "
            "and country)",
            values_to_ints([identity_key(p.name, p.country) for p in partners]),
            rules.max_per_organisation))
    if rules.experienced_coordinator:
        mask = np.array([p.coordinated > 0 for p in partners], dtype=bool)
        out.append(AtLeast("a coordinator with a track record (a member that has "
                           "coordinated an EU project)", mask, 1,
                           hint=f"the pool has {int(mask.sum())} such partners"))
    return out
