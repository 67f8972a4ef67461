"""Diversity terms at and beyond their caps (consortium/score/diversity.py).

The fixture exceeds every cap (7 countries for a cap of 6, 3 SMEs for 2, 2 widening
members for 1, 3 practitioners for 2, 2 experienced coordinators for 1, 4 clusters for
3), so a cap removed or moved changes a value here, not only a range property.
"""

from __future__ import annotations

import numpy as np
import pytest

from consortium.score.coverage import ScoreWeights, term_weights
from consortium.score.diversity import (
    Attributes,
    Term,
    build_terms,
    describe,
    diversity_gain,
    diversity_value,
)

OVER = Attributes(
    country=["DE", "FR", "IT", "ES", "NL", "PL", "EL", "DE"],
    org_type=["HES", "PRC", "PUB", "REC", "PRC", "PUB", "OTH", "HES"],
    sme=[True, True, None, False, True, False, False, None],
    practitioner=["", "", "police", "first responders", "", "", "police", ""],
    coordinated=[3, 0, 0, 1, 0, 0, 0, 0],
    cluster=["HSD", "SAFE", "", "BLUE", "HSD", "", "RED", ""])
ALL = np.arange(8)


def terms(w: ScoreWeights = ScoreWeights()) -> dict[str, Term]:
    return {t.name: t for t in build_terms(OVER, term_weights(w))}


def test_counts_beyond_the_caps() -> None:
    t = terms()
    counts = {name: term.count(ALL) for name, term in t.items()}
    assert counts == {"countries": 7, "types": 3, "sme": 3, "widening": 2,
                      "practitioners": 3, "experience": 2, "clusters": 4}
    caps = {name: term.cap for name, term in t.items()}
    assert caps == {"countries": 6, "types": 3, "sme": 2, "widening": 1,
                    "practitioners": 2, "experience": 1, "clusters": 3}


def test_every_term_stops_at_its_cap() -> None:
    assert {name: term.value(ALL) for name, term in terms().items()} == {
        "countries": 1.0, "types": 1.0, "sme": 1.0, "widening": 1.0, "practitioners": 1.0,
        "experience": 1.0, "clusters": 1.0}
    assert diversity_value(list(terms().values()), ALL) == pytest.approx(1.0)
    d = describe(OVER, [2, 0, 0, 5, 1, 0, 0, 0], term_weights(ScoreWeights()))
    assert d.score == 1.0 and set(d.terms.values()) == {1.0}
    assert (d.country_term, d.type_term, d.sme_term) == (1.0, 1.0, 1.0)


def test_values_below_the_caps() -> None:
    t = terms()
    first = np.array([0, 1, 2])  # DE FR IT; HES PRC PUB; 2 SMEs; 1 practitioner; 1 coordinator
    assert {name: round(term.value(first), 4) for name, term in t.items()} == {
        "countries": 0.5, "types": 1.0, "sme": 1.0, "widening": 0.0, "practitioners": 0.5,
        "experience": 1.0, "clusters": 0.6667}
    w = ScoreWeights()
    assert diversity_value(list(t.values()), first) == pytest.approx(
        w.countries * 0.5 + w.types + w.sme + w.practitioners * 0.5 + w.experience
        + w.clusters * 2 / 3)
    assert diversity_value(list(t.values()), np.array([], dtype=np.intp)) == 0.0


def test_gains_are_one_over_the_cap_and_zero_at_the_cap() -> None:
    t = terms()
    cand = np.arange(8)
    # countries: DE and FR in; new countries gain 1/6, DE and FR nothing
    assert t["countries"].gain(np.array([0, 1]), cand).tolist() == pytest.approx(
        [0, 0, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 0])
    # six countries in: the cap is reached, a seventh gains nothing
    assert t["countries"].gain(np.arange(6), cand).tolist() == [0.0] * 8
    # sme: a plain count, one SME in (cap 2): every other SME gains 1/2
    assert t["sme"].gain(np.array([0]), cand).tolist() == [0.5, 0.5, 0, 0, 0.5, 0, 0, 0]
    assert t["sme"].gain(np.array([0, 1]), cand).tolist() == [0.0] * 8
    # types: "other" does not count
    assert t["types"].gain(np.array([0]), cand).tolist() == pytest.approx(
        [0, 1 / 3, 1 / 3, 0, 1 / 3, 1 / 3, 0, 0])
    w = ScoreWeights()
    total = diversity_gain(list(t.values()), np.array([0]), np.array([6]))
    # EL: a new country, widening, a practitioner, a new cluster; OTH is no helix group
    assert total.tolist() == pytest.approx([w.countries / 6 + w.widening
                                            + w.practitioners / 2 + w.clusters / 3])


def test_gain_matches_value_differences() -> None:
    t = list(terms().values())
    for members in ([], [0], [0, 3], [1, 2, 5], list(range(7))):
        m = np.array(members, dtype=np.intp)
        cand = np.setdiff1d(ALL, m)
        gains = diversity_gain(t, m, cand)
        for j, g in zip(cand, gains):
            after = diversity_value(t, np.array([*members, int(j)], dtype=np.intp))
            assert g == pytest.approx(after - diversity_value(t, m)), (members, j)


def test_zero_weight_terms_are_dropped_and_a_zero_cap_is_worth_nothing() -> None:
    w = ScoreWeights(sme=0.0, clusters=0.0)
    assert [t.name for t in build_terms(OVER, term_weights(w))] == [
        "countries", "types", "widening", "practitioners", "experience"]
    capless = Term("x", 1.0, 0, np.zeros(3, np.intp), False)
    assert capless.value(np.arange(3)) == 0.0


def test_describe_reports_the_uncapped_counts() -> None:
    d = describe(OVER, [2, 0, 0, 5, 1, 0, 0, 0], term_weights(ScoreWeights()))
    assert d.n_countries == 7 and d.countries == ["DE", "EL", "ES", "FR", "IT", "NL", "PL"]
    assert d.type_counts == {"HES": 2, "OTH": 1, "PRC": 2, "PUB": 2, "REC": 1}
    assert d.groups == ["industry", "other", "public", "research"]
    assert d.n_sme == 3 and d.sme_share == 3 / 8
    assert d.widening == ["EL", "PL"] and d.n_widening_members == 2
    assert d.practitioners == {"first responders": 1, "police": 2}
    assert d.n_experienced == 2 and d.n_newcomers == 5
    assert d.clusters == ["BLUE", "HSD", "RED", "SAFE"]
    assert d.largest_country_share == 2 / 8


def test_describe_an_empty_team() -> None:
    empty = Attributes([], [], [], [], [], [])
    d = describe(empty, [], term_weights(ScoreWeights()))
    assert (d.n_countries, d.n_sme, d.sme_share, d.largest_country_share, d.score) == (
        0, 0, 0.0, 0.0, 0.0)


def test_describe_rounds_term_values_to_four_places() -> None:
    first = Attributes(*[list(getattr(OVER, f))[:3] for f in
                         ("country", "org_type", "sme", "practitioner", "coordinated",
                          "cluster")])
    d = describe(first, [1, 0, 0], term_weights(ScoreWeights()))
    assert d.terms == {"countries": 0.5, "types": 1.0, "sme": 1.0, "widening": 0.0,
                       "practitioners": 0.5, "experience": 1.0, "clusters": 0.6667}
    w = ScoreWeights()
    assert d.score == round(w.countries * 0.5 + w.types + w.sme + w.practitioners * 0.5
                            + w.experience + w.clusters * 2 / 3, 4) == 0.7083


def test_describe_without_a_term_reports_it_as_zero() -> None:
    w = ScoreWeights(countries=0.0, types=0.0, sme=0.0)
    d = describe(OVER, [0] * 8, term_weights(w))
    assert (d.country_term, d.type_term, d.sme_term) == (0.0, 0.0, 0.0)
    assert set(d.terms) == {"widening", "practitioners", "experience", "clusters"}


def test_unknown_organisation_types_are_other() -> None:
    odd = Attributes(["DE", "FR"], ["", "XYZ"], [None, None], ["", ""], [0, 0], ["", ""])
    d = describe(odd, [0, 0], term_weights(ScoreWeights()))
    assert d.groups == ["other"] and d.type_term == 0.0


def test_attributes_of_partners() -> None:
    from consortium.partners.model import Partner

    partners = [Partner("1", "Uni", "U", "DE", "HES", None, "", coordinated=2,
                        cluster="HSD", practitioner=""),
                Partner("2", "Police", "P", "FR", "PUB", False, "", practitioner="police")]
    a = Attributes.of(partners)
    assert (list(a.country), list(a.org_type), list(a.sme)) == (
        ["DE", "FR"], ["HES", "PUB"], [None, False])
    assert (list(a.practitioner), list(a.coordinated), list(a.cluster)) == (
        ["", "police"], [2, 0], ["HSD", ""])
