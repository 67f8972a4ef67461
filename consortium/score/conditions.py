"""Topic conditions checked against a consortium's members.

A condition read from the call ("the active involvement of at least 2 Police Authorities
from 2 different Member States or Associated Countries") is met when enough members of
the right practitioner category, from enough eligible countries, are in. Roles the
registry cannot tell apart (SSH expertise, a named body to engage, a CSIRT) are listed
as "to check by hand" rather than guessed. Members that are EU bodies or international
organisations never count for a national practitioner condition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consortium.calls.conditions import Condition, strongest
from consortium.partners.countries import is_associated, is_member_state
from consortium.partners.model import Partner
from consortium.partners.participation import counts_for_practitioner
from consortium.text import count

# Topic-condition roles (consortium.calls.conditions) -> practitioner categories
# (consortium.partners.practitioners) that satisfy them; an empty set means any practitioner.
CONDITION_PRACTITIONERS: dict[str, set[str]] = {
    "police authority": {"police"},
    "border or coast guard": {"border/coast guard"},
    "customs authority": {"customs"},
    "border or coast guard or customs authority": {"border/coast guard", "customs"},
    "first responders or civil protection": {"first responders", "civil protection"},
    "medical emergency authority": {"first responders"},
    "first responders": {"first responders"},
    "civil protection": {"civil protection"},
    "forensic institute": {"forensic institute"},
    "infrastructure operator": {"infrastructure operator"},
    "practitioners": set(),
}


@dataclass
class ConditionCheck:
    condition: str            # short form, e.g. "police authority>=2/2c (required)"
    required: bool
    status: str               # "met", "not met", "to check by hand"
    members: list[str]        # members that count towards it
    countries: list[str]
    message: str              # what is missing and how to fix it; "" when met
    sentence: str             # the call's own words


def qualifies(partner: Partner, role: str) -> bool:
    wanted = CONDITION_PRACTITIONERS.get(role)
    if wanted is None:
        return False
    # INTERPOL or an EU agency is not "a police authority from a Member State".
    return counts_for_practitioner(partner) and (not wanted or partner.practitioner in wanted)


def check_condition(condition: Condition, members: Sequence[Partner]) -> ConditionCheck:
    """One condition against the members, with the numbers and the fix when unmet."""
    def result(status: str, found: list[str], countries: list[str],
               message: str) -> ConditionCheck:
        return ConditionCheck(condition.summary(), condition.required, status, found,
                              countries, message, condition.sentence)

    if condition.role not in CONDITION_PRACTITIONERS:
        return result("to check by hand", [], [], f"'{condition.role}' cannot be read from "
                      "partner records; check it against the call text")
    found = [p for p in members if qualifies(p, condition.role)]
    countries = sorted({p.country for p in found
                        if is_member_state(p.country) or is_associated(p.country)})
    need_n, need_c = condition.min_entities or 1, condition.min_countries or 0
    problems = []
    if len(found) < need_n:
        problems.append(f"needs {count(need_n, f'{condition.role} member')}, "
                        f"has {len(found)}")
    if len(countries) < need_c:
        problems.append(f"needs them from {need_c} Member States/Associated Countries, "
                        f"has {len(countries)} ({', '.join(countries) or 'none'})")
    if condition.max_entities is not None and len(found) > condition.max_entities:
        problems.append(f"allows at most {condition.max_entities}, has {len(found)}")
    message = ""
    too_many = condition.max_entities is not None and len(found) > condition.max_entities
    if problems and too_many and len(problems) == 1:
        extra = len(found) - (condition.max_entities or 0)
        message = problems[0] + (f": leave out {count(extra, 'member')} counting as "
                                 f"{condition.role}")
    elif problems:
        message = "; ".join(problems) + (
            f": add a member counting as {condition.role} from "
            + ("another eligible country" if len(countries) < need_c else "the pool")
            + " (or tag an existing member's practitioner category in the registry)")
    return result("not met" if problems else "met", [p.label for p in found], countries,
                  message)


def checked_conditions(conditions: Sequence[Condition], members: Sequence[Partner]
                       ) -> list[tuple[Condition, ConditionCheck]]:
    """Every condition of the call (one per role), required ones first, with its check:
    callers that act on a condition (who would count for it) keep the condition itself."""
    chosen = sorted(strongest(list(conditions)), key=lambda c: (not c.required, c.role))
    return [(c, check_condition(c, members)) for c in chosen if not c.option]


def check_conditions(conditions: Sequence[Condition],
                     members: Sequence[Partner]) -> list[ConditionCheck]:
    return [check for _, check in checked_conditions(conditions, members)]
