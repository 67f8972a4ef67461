"""Topic conditions checked against a consortium (consortium/score/conditions.py).

Every branch a user's eligibility verdict depends on is pinned with exact numbers: met,
too few entities, enough entities from too few countries, exactly at each limit (so
``<=`` for ``<`` or a count off by one fails), a maximum, practitioners that do not
count (EU bodies, third countries, untagged members), recommended against required
conditions, and conditions restricted to one option.
"""

from __future__ import annotations

import pytest

from consortium.calls.conditions import POLICE, PRACTITIONERS, SSH, Condition
from consortium.partners.model import Partner
from consortium.score.conditions import (
    check_condition,
    check_conditions,
    checked_conditions,
    qualifies,
)

SENTENCE = "This topic requires the active involvement of at least 2 Police Authorities."


def member(label: str, country: str, practitioner: str = "", kind: str = "") -> Partner:
    return Partner(id=label, name=f"{label} full name", short_name=label, country=country,
                   org_type="PUB", sme=False, description="", practitioner=practitioner,
                   kind=kind)


def police(label: str, country: str, kind: str = "public_body") -> Partner:
    return member(label, country, "police", kind)


def condition(entities: int | None = 2, countries: int | None = 2, required: bool = True,
              role: str = POLICE, maximum: int | None = None, option: str = "") -> Condition:
    return Condition(role, required, SENTENCE, min_entities=entities,
                     min_countries=countries, max_entities=maximum, option=option)


def test_met_lists_the_members_and_countries_that_count() -> None:
    team = [police("BKA", "DE"), member("UPM", "ES"), police("PJ", "PT")]
    check = check_condition(condition(), team)
    assert check.status == "met" and check.message == ""
    assert check.members == ["BKA", "PJ"] and check.countries == ["DE", "PT"]
    assert check.required is True and check.sentence == SENTENCE
    assert check.condition == "police authority>=2/2c (required)"


def test_too_few_entities() -> None:
    check = check_condition(condition(countries=1), [police("BKA", "DE"), member("UPM", "ES")])
    assert check.status == "not met" and check.members == ["BKA"]
    assert check.message == (
        "needs 2 police authority members, has 1: add a member counting as police authority "
        "from the pool "
        "(or tag an existing member's practitioner category in the registry)")


def test_enough_entities_from_too_few_countries() -> None:
    check = check_condition(condition(), [police("BKA", "DE"), police("LKA", "DE")])
    assert check.status == "not met"
    assert check.members == ["BKA", "LKA"] and check.countries == ["DE"]
    assert check.message == (
        "needs them from 2 Member States/Associated Countries, has 1 (DE): add a member "
        "counting as police authority from another eligible country (or tag an existing "
        "member's practitioner category in the registry)")


def test_the_message_lists_the_countries_present() -> None:
    team = [police("BKA", "DE"), police("PJ", "PT"), police("PN", "PT")]
    check = check_condition(condition(3, 3), team)
    assert check.message.startswith("needs them from 3 Member States/Associated Countries, "
                                    "has 2 (DE, PT): add")


def test_no_member_counts() -> None:
    check = check_condition(condition(), [member("UPM", "ES")])
    assert check.status == "not met" and check.members == [] and check.countries == []
    assert check.message.startswith(
        "needs 2 police authority members, has 0; needs them from 2 Member States/"
        "Associated Countries, has 0 (none): add a member counting as police authority from "
        "another eligible")


@pytest.mark.parametrize(("entities", "countries", "team", "status"), [
    # exactly at both limits: met; one below either: not met
    (2, 2, [("DE", "police"), ("FR", "police")], "met"),
    (2, 2, [("DE", "police"), ("DE", "police")], "not met"),
    (2, 2, [("DE", "police"), ("FR", "")], "not met"),
    (3, 3, [("DE", "police"), ("FR", "police"), ("IT", "police")], "met"),
    (3, 3, [("DE", "police"), ("FR", "police"), ("FR", "police")], "not met"),
    (3, 2, [("DE", "police"), ("FR", "police"), ("FR", "police")], "met"),
    (3, 2, [("DE", "police"), ("FR", "police")], "not met"),
    (1, None, [("DE", "police")], "met"),
    (1, None, [("DE", "")], "not met"),
    # no number read: one member is needed, from any number of countries
    (None, None, [("DE", "police")], "met"),
    (None, None, [], "not met"),
    (None, 1, [("DE", "police")], "met"),
    (None, 2, [("DE", "police"), ("DE", "police")], "not met"),
    # no number of countries: a member from a third country still counts
    (1, None, [("US", "police")], "met"),
])
def test_exactly_at_the_limits(entities: int | None, countries: int | None,
                               team: list[tuple[str, str]], status: str) -> None:
    members = [member(f"M{i}", c, p, "public_body") for i, (c, p) in enumerate(team)]
    assert check_condition(condition(entities, countries), members).status == status


def test_only_eligible_countries_count_towards_the_countries() -> None:
    # a police force from the United States is a police member, but not from a Member
    # State or Associated Country; Norway (associated) counts
    team = [police("BKA", "DE"), police("NYPD", "US")]
    check = check_condition(condition(), team)
    assert check.status == "not met" and check.members == ["BKA", "NYPD"]
    assert check.countries == ["DE"]
    assert check_condition(condition(), [police("BKA", "DE"), police("POD", "NO")]
                           ).countries == ["DE", "NO"]


def test_eu_bodies_and_international_organisations_never_count() -> None:
    team = [police("BKA", "DE"), police("Europol", "NL", "eu_body"),
            police("INTERPOL", "FR", "international_org")]
    check = check_condition(condition(), team)
    assert check.status == "not met" and check.members == ["BKA"]
    assert qualifies(police("X", "DE", kind=""), POLICE)
    assert not qualifies(police("X", "DE", kind="eu_body"), POLICE)


def test_a_maximum_is_checked_at_its_limit() -> None:
    team = [member(f"P{i}", c, "first responders") for i, c in enumerate(["DE", "FR", "IT"])]
    at_limit = check_condition(condition(1, None, role=PRACTITIONERS, maximum=3), team)
    assert at_limit.status == "met" and at_limit.message == ""
    over = check_condition(condition(1, None, role=PRACTITIONERS, maximum=2), team)
    assert over.status == "not met"
    assert over.message == "allows at most 2, has 3: leave out 1 member counting as practitioners"


def test_roles_and_the_categories_that_satisfy_them() -> None:
    guard = member("GNR", "PT", "border/coast guard")
    customs = member("DOU", "FR", "customs")
    assert qualifies(guard, "border or coast guard or customs authority")
    assert qualifies(customs, "border or coast guard or customs authority")
    assert qualifies(guard, "border or coast guard") and not qualifies(customs,
                                                                      "border or coast guard")
    assert not qualifies(guard, POLICE)
    # "practitioners": any practitioner category, but a member must have one
    assert qualifies(customs, PRACTITIONERS)
    assert not qualifies(member("UPM", "ES"), PRACTITIONERS)
    assert not qualifies(police("BKA", "DE"), "public procurer")  # not in the table


def test_a_role_the_registry_cannot_tell_is_left_to_check_by_hand() -> None:
    check = check_condition(Condition(SSH, True, "SSH expertise is required."),
                            [police("BKA", "DE")])
    assert check.status == "to check by hand"
    assert check.members == [] and check.countries == []
    assert check.message == ("'SSH' cannot be read from partner records; check it against "
                             "the call text")
    assert check.sentence == "SSH expertise is required."


def test_required_first_recommended_kept_options_dropped() -> None:
    conditions = [
        Condition(PRACTITIONERS, False, "Practitioners are encouraged.", min_entities=1),
        condition(entities=1, countries=None, required=False),
        condition(entities=2, countries=2, required=True),
        Condition("forensic institute", True, "For Option b), forensic institutes must ...",
                  min_entities=1, option="b"),
    ]
    team = [police("BKA", "DE"), member("FR1", "FR", "first responders")]
    pairs = checked_conditions(conditions, team)
    # one condition per role (the required police one wins), required ones first, the
    # option-restricted one left out
    assert [c.summary() for c, _ in pairs] == ["police authority>=2/2c (required)",
                                               "practitioners>=1 (recommended)"]
    checks = check_conditions(conditions, team)
    assert [(c.required, c.status) for c in checks] == [(True, "not met"), (False, "met")]
    assert checks[1].members == ["BKA", "FR1"]


def test_recommended_condition_is_checked_and_marked_as_such() -> None:
    check = check_condition(condition(required=False), [police("BKA", "DE")])
    assert check.required is False and check.status == "not met"
    assert check.condition == "police authority>=2/2c (recommended)"
