"""Survivors of score/conditions.py in the mutation run of 2026-12-03 (#25): a team
exactly at a maximum that falls short for another reason, and a maximum of 0."""

from __future__ import annotations

from consortium.calls.conditions import PRACTITIONERS, Condition
from consortium.partners.model import Partner
from consortium.score.conditions import check_condition


def responder(label: str, country: str) -> Partner:
    return Partner(id=label, name=label, short_name=label, country=country, org_type="PUB",
                   sme=False, description="", practitioner="first responders")


def test_at_the_maximum_the_fix_is_to_add_not_to_leave_out() -> None:
    team = [responder("A", "DE"), responder("B", "FR")]
    check = check_condition(Condition(PRACTITIONERS, True, "s", min_entities=1,
                                      min_countries=3, max_entities=2), team)
    assert check.status == "not met"
    assert check.message.startswith("needs them from 3 Member States/Associated Countries, "
                                    "has 2 (DE, FR): add a member counting as practitioners "
                                    "from another eligible country")


def test_a_maximum_of_zero_asks_to_leave_out_every_member() -> None:
    check = check_condition(Condition(PRACTITIONERS, True, "s", max_entities=0),
                            [responder("A", "DE")])
    assert check.message == "allows at most 0, has 1: leave out 1 member counting as practitioners"
