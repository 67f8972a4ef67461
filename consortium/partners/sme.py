"""SME status from CORDIS rows: the most recent record decides, never "any row".

CORDIS repeats the SME flag on every participation, and organisations change status (a
start-up grows, a validation is corrected), so one old "True" must not make a company an
SME forever; and the flag is sometimes set on universities and public bodies, which by
the EU definition are never SMEs. Unknown stays unknown (None): a consortium rule that
needs an SME should not count a guess.
"""

from __future__ import annotations

NEVER_SME = frozenset({"university", "rto", "public_body", "eu_body", "international_org",
                       "funder"})
# The CORDIS activity types of those kinds: higher education, research, public body.
NEVER_SME_TYPES = frozenset({"HES", "REC", "PUB"})


def sme_for_kind(value: bool | None, kind: str) -> bool | None:
    """The SME flag a record gives, overruled for kinds that cannot be SMEs."""
    return False if kind in NEVER_SME else value


def sme_from_counts(counts: str, kind: str = "") -> bool | None:
    """SME from a tally such as "False:1/True:2" (the labelled set's form): the majority,
    None on a tie or with no value; kinds that cannot be SMEs are False."""
    tally = {"true": 0, "false": 0}
    for part in counts.split("/"):
        value, _, number = part.partition(":")
        if value.strip().lower() in tally and number.strip().isdigit():
            tally[value.strip().lower()] += int(number)
    if tally["true"] == tally["false"]:
        value_: bool | None = None
    else:
        value_ = tally["true"] > tally["false"]
    return sme_for_kind(value_, kind)
