"""Search constraints at their limits (consortium/search/constraints.py, rules.py).

Each shape is checked exactly at its limit and one step either side, so ``<=`` for ``<``
or a count off by one changes an answer; the vectorised ``shortfall_after`` is checked
against ``shortfall`` of every extended set; the call's rules and the user's rules are
checked for what they build (names, counts, masks), not only that they build something.
"""

from __future__ import annotations

import numpy as np
import pytest

from consortium.calls.conditions import POLICE, PRACTITIONERS, SSH, Condition
from consortium.calls.topic import Call
from consortium.partners.model import Partner
from consortium.search.constraints import (
    AtLeast,
    AtMostPer,
    shortfall_after,
    total_shortfall,
    unmet,
    values_to_ints,
)
from consortium.search.rules import (
    Rules,
    condition_constraints,
    constraints,
    eligibility_constraints,
    eligible_mask,
)

# partners 0..5: countries A A B B C D; partners 0, 2, 3, 5 count
BY = np.array([0, 0, 1, 1, 2, 3], dtype=np.intp)
MASK = np.array([True, False, True, True, False, True])


def m(*idx: int) -> np.ndarray:
    return np.array(idx, dtype=np.intp)


@pytest.mark.parametrize(("members", "short"), [
    ((), 4),          # 2 members and 2 countries missing
    ((0,), 2),        # one member, one country
    ((0, 1), 2),      # 1 does not count
    ((2, 3), 1),      # two members, one country
    ((0, 2), 0),      # exactly at both limits
    ((0, 2, 3, 5), 0),
    ((1, 4), 4),
])
def test_at_least_shortfall_at_the_limits(members: tuple[int, ...], short: int) -> None:
    c = AtLeast("two from two", MASK, 2, BY, 2)
    assert c.shortfall(m(*members)) == short


def test_at_least_without_distinct_counts_members_only() -> None:
    c = AtLeast("two", MASK, 2)
    assert [c.shortfall(m(*s)) for s in [(), (2,), (2, 3), (2, 3, 5)]] == [2, 1, 0, 0]
    # a ``by`` with distinct 0 asks nothing of the countries
    assert AtLeast("two", MASK, 2, BY, 0).shortfall(m(2, 3)) == 0
    # distinct only ("at least 3 countries"): counts from 0
    c = AtLeast("3 countries", np.ones(6, bool), 0, BY, 3)
    assert [c.shortfall(m(*s)) for s in [(), (0, 1), (0, 2), (0, 2, 4)]] == [3, 2, 1, 0]


@pytest.mark.parametrize("members", [(), (0,), (1,), (2, 3), (0, 2), (4,), (0, 1, 2, 3, 4, 5)])
@pytest.mark.parametrize("distinct", [0, 1, 2, 3])
def test_shortfall_after_is_shortfall_of_each_extended_set(members: tuple[int, ...],
                                                           distinct: int) -> None:
    c = AtLeast("x", MASK, 2, BY, distinct)
    cand = np.setdiff1d(np.arange(6), members)
    after = c.shortfall_after(m(*members), cand)
    assert after.tolist() == [c.shortfall(m(*members, int(j))) for j in cand]


def test_reachable_at_the_limits() -> None:
    c = AtLeast("two from two", MASK, 2, BY, 2)
    assert c.reachable(m(0, 2), 2)            # exactly enough members, countries, size
    assert not c.reachable(m(0, 2), 1)        # size below the count
    assert not c.reachable(m(2, 3), 5)        # two members but one country
    assert not c.reachable(m(0, 1, 4), 5)     # one member counts
    assert c.reachable(m(0, 1, 2, 3, 4, 5), 2)
    distinct = AtLeast("3 countries", np.ones(6, bool), 0, BY, 3)
    assert distinct.reachable(m(0, 2, 4), 3) and not distinct.reachable(m(0, 2, 4), 2)
    assert not distinct.reachable(m(0, 1, 2), 5)
    plain = AtLeast("two", MASK, 2)
    assert plain.reachable(m(2, 3), 2) and not plain.reachable(m(2, 4), 9)


def test_at_most_per_at_its_limit() -> None:
    c = AtMostPer("at most 2 per country", BY, 2)
    cand = np.arange(6)
    assert c.allowed_after(m(), cand).all()
    # one of country A in: another A is still allowed (2 is the limit)
    assert c.allowed_after(m(0), cand).tolist() == [True] * 6
    # two of A in: no more A
    assert c.allowed_after(m(0, 1), cand).tolist() == [False, False, True, True, True, True]
    assert not c.violated(m()) and not c.violated(m(0, 1)) and not c.violated(m(0, 1, 2, 3))
    assert AtMostPer("at most 1", BY, 1).violated(m(0, 1))
    assert not AtMostPer("at most 1", BY, 1).violated(m(0, 2, 4))


def test_totals_and_unmet_names() -> None:
    two = AtLeast("two from two", MASK, 2, BY, 2, "add partners")
    one = AtLeast("one", MASK)
    per = AtMostPer("at most 1 per country", BY, 1)
    rules = [two, one, per]
    assert total_shortfall(rules, []) == 5 and total_shortfall(rules, [0, 2]) == 0
    assert total_shortfall(rules, [2, 3]) == 1
    short, allowed = shortfall_after(rules, [0], np.arange(1, 6))
    assert short.tolist() == [2, 0, 0, 2, 0]
    assert allowed.tolist() == [False, True, True, True, True]
    assert unmet(rules, []) == ["two from two (add partners)", "one"]
    assert unmet(rules, [2, 3]) == ["two from two (add partners)", "at most 1 per country"]
    assert unmet(rules, [0, 2]) == []


def test_values_to_ints_numbers_in_order_of_first_sight() -> None:
    assert values_to_ints(["DE", "FR", "DE", "", "IT", ""]).tolist() == [0, 1, 0, 2, 3, 2]
    assert values_to_ints([]).size == 0


# ------------------------------------------------------------------------------ rules

def partner(i: int, country: str, practitioner: str = "", kind: str = "",
            org_type: str = "HES", cluster: str = "", coordinated: int = 0,
            name: str = "") -> Partner:
    return Partner(id=f"P{i}", name=name or f"Org {i}", short_name="", country=country,
                   org_type=org_type, sme=False, description="", practitioner=practitioner,
                   kind=kind, cluster=cluster, coordinated=coordinated)


def call(conditions: list[Condition], action_type: str = "RIA") -> Call:
    return Call(id="T-01", title="t", call="", action_type=action_type, deadline="",
                source="t.md", sections={}, requirements=[], conditions=conditions)


def names(found: list) -> list[str]:
    return [c.name for c in found]


def test_eligibility_rule_by_action_type() -> None:
    countries = ["DE", "NO", "US", "FR"]
    assert eligible_mask(countries).tolist() == [True, True, False, True]
    ria = eligibility_constraints(countries, "RIA")
    assert names(ria) == ["eligibility: 3 entities from 3 different Member States or "
                          "Associated Countries", "eligibility: 1 entity in an EU Member State"]
    three, ms = ria
    assert isinstance(three, AtLeast) and isinstance(ms, AtLeast)
    assert (three.count, three.distinct) == (3, 3) and three.mask.tolist() == [
        True, True, False, True]
    assert ms.mask.tolist() == [True, False, False, True] and ms.count == 1
    assert three.shortfall(m(0, 1, 3)) == 0 and three.shortfall(m(0, 1, 2)) == 2
    assert three.hint == "add partners from more eligible countries"
    csa = eligibility_constraints(countries, " csa ")
    assert names(csa) == ["eligibility: 1 entity in a Member State or Associated Country"]
    assert csa[0].mask.tolist() == [True, True, False, True]
    # EU bodies and international organisations count for nothing
    counted = eligibility_constraints(countries, "IA", [True, False, True, True])
    assert counted[0].mask.tolist() == [True, False, False, True]
    assert counted[1].mask.tolist() == [True, False, False, True]


def test_condition_constraints_from_required_conditions_only() -> None:
    pool = [partner(0, "DE", "police"), partner(1, "DE", "police"),
            partner(2, "FR", "police", kind="international_org"), partner(3, "FR", "police"),
            partner(4, "IT", "first responders"), partner(5, "IT")]
    country = values_to_ints([p.country for p in pool])
    text = "This topic requires at least 2 Police Authorities from 2 countries."
    found = condition_constraints(call([
        Condition(SSH, True, "SSH is required"),      # not checkable: skipped, not the end
        Condition(POLICE, True, text, min_entities=2, min_countries=2),
        Condition(POLICE, False, "encouraged", min_entities=3, min_countries=3),
        Condition(PRACTITIONERS, False, "encouraged", min_entities=1),
        Condition("forensic institute", True, "option b", min_entities=1, option="b"),
        Condition(SSH, True, "SSH is required"),
    ]), pool, country)
    assert len(found) == 1
    c = found[0]
    assert isinstance(c, AtLeast)
    assert c.name == "topic condition: police authority>=2/2c (required)"
    assert c.mask.tolist() == [True, True, False, True, False, False]
    assert (c.count, c.distinct) == (2, 2) and c.by is country
    assert c.hint == ("the pool has 3 partners of that kind; tag practitioners in the "
                      "registry or use --no-conditions")
    assert c.shortfall(m(0, 1)) == 1 and c.shortfall(m(0, 3)) == 0
    assert c.shortfall(m(0, 2)) == 2  # INTERPOL does not count
    # no number of countries: no country spread asked; no number: one member
    loose = condition_constraints(call([Condition(PRACTITIONERS, True, "t")]), pool, country)
    assert len(loose) == 1 and loose[0].by is None and loose[0].count == 1
    assert loose[0].mask.tolist() == [True, True, False, True, True, False]


def test_user_rules_become_constraints() -> None:
    pool = [partner(0, "DE", "police", cluster="HSD", name="Same"),
            partner(1, "DE", org_type="PRC", coordinated=1, name="Same"),
            partner(2, "FR", cluster="SAFE"), partner(3, "IT", kind="eu_body")]
    rules = Rules(max_per_country=1, min_countries=3, require_types=("PRC",),
                  min_clusters=2, experienced_coordinator=True)
    cond = Condition(POLICE, True, "requires 1 police authority from 1 country",
                     min_entities=1, min_countries=1)
    found = constraints(call([cond]), pool, rules)
    assert names(found) == [
        "eligibility: 3 entities from 3 different Member States or Associated Countries",
        "eligibility: 1 entity in an EU Member State",
        "topic condition: police authority>=1/1c (required)",
        "at most 1 partner per country",
        "at least 3 countries",
        "at least one partner of type PRC",
        "members from at least 2 clusters",
        "at most 1 entities per organisation (same name and country)",
        "a coordinator with a track record (a member that has coordinated an EU project)",
    ]
    by = dict(zip(names(found), found))
    assert by["eligibility: 1 entity in an EU Member State"].mask.tolist() == [
        True, True, True, False]
    per_country = by["at most 1 partner per country"]
    assert isinstance(per_country, AtMostPer) and per_country.limit == 1
    assert per_country.violated(m(0, 1)) and not per_country.violated(m(0, 2))
    police = by["topic condition: police authority>=1/1c (required)"]
    assert police.by is not None and police.by.tolist() == [0, 0, 1, 2]
    countries = by["at least 3 countries"]
    assert countries.shortfall(m()) == 3
    assert countries.shortfall(m(0, 1, 2)) == 1 and countries.shortfall(m(0, 2, 3)) == 0
    prc = by["at least one partner of type PRC"]
    assert prc.mask.tolist() == [False, True, False, False]
    assert prc.hint == "the pool has 1 of type PRC" and prc.count == 1
    clusters = by["members from at least 2 clusters"]
    assert clusters.shortfall(m(0, 1)) == 1 and clusters.shortfall(m(0, 2)) == 0
    assert clusters.shortfall(m()) == 2 and clusters.shortfall(m(3)) == 2
    assert clusters.hint == ("the pool has 2 cluster tags; tag registries with "
                             "`partners import --cluster TAG`")
    same = by["at most 1 entities per organisation (same name and country)"]
    assert same.violated(m(0, 1)) and not same.violated(m(0, 2))
    coordinator = by["a coordinator with a track record (a member that has coordinated an "
                     "EU project)"]
    assert coordinator.mask.tolist() == [False, True, False, False]
    assert coordinator.hint == "the pool has 1 such partners" and coordinator.count == 1


def test_default_rules_and_no_conditions() -> None:
    pool = [partner(0, "DE", "police"), partner(1, "FR")]
    cond = Condition(POLICE, True, "requires 1 police authority", min_entities=1)
    default = names(constraints(call([cond], "CSA"), pool, Rules()))
    assert default == ["eligibility: 1 entity in a Member State or Associated Country",
                       "topic condition: police authority>=1 (required)",
                       "at most 1 entities per organisation (same name and country)"]
    off = Rules(topic_conditions=False, max_per_organisation=None)
    assert names(constraints(call([cond], "CSA"), pool, off)) == [
        "eligibility: 1 entity in a Member State or Associated Country"]
