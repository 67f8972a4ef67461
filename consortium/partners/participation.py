"""Participation rules by kind of organisation, for the consortium search to apply.

Horizon Europe's basic condition ("at least 3 independent legal entities, each in a
different Member State or Associated Country, at least one in a Member State") does not
count EU bodies (the JRC, Europol) or international organisations: they may join, but a
consortium that needs them to reach three is not eligible. Likewise INTERPOL is a police
body but not "a police authority from a Member State", and a research ministry or funder
is almost never a beneficiary. These helpers say so from a partner's kind
(``consortium.partners.classify.KINDS``), with a reason a report can print.
"""

from __future__ import annotations

from consortium.partners.model import Partner

# Kinds that are not among the "independent legal entities from Member States or
# Associated Countries" of the eligibility condition.
NOT_COUNTED = frozenset({"eu_body", "international_org"})
# Kinds the search leaves out unless the user names them: proposing the JRC, ESA or
# VINNOVA as an ordinary beneficiary is wrong more often than right.
NOT_PROPOSED = frozenset({"eu_body", "international_org", "funder"})
_KIND_WORDS = {"eu_body": "EU body", "international_org": "international organisation",
               "funder": "funding agency or research ministry", "public_body": "public body",
               "university": "university", "rto": "research organisation",
               "company": "company", "ngo": "non-profit organisation", "other": "other"}


def counts_for_eligibility(kind: str) -> bool:
    """True when a member of this kind counts toward the 3-entities-from-3-countries rule
    (and toward practitioner conditions "from Member States or Associated Countries")."""
    return kind not in NOT_COUNTED


def proposable_by_default(kind: str) -> bool:
    """True when the search may propose a member of this kind without being asked."""
    return kind not in NOT_PROPOSED


def counts_for_practitioner(partner: Partner) -> bool:
    """True when the partner's practitioner category may count for a national
    practitioner condition ("2 police authorities from 2 Member States")."""
    return bool(partner.practitioner) and counts_for_eligibility(partner.kind)


def participation_reason(partner: Partner) -> str:
    """Why a partner is treated apart, for a report ("" when it is not):
    "INTERPOL: international organisation, does not count for the police condition"."""
    what = _KIND_WORDS.get(partner.kind, partner.kind)
    who = partner.display_label
    if not counts_for_eligibility(partner.kind):
        if partner.practitioner:
            return (f"{who}: {what}, does not count for the {partner.practitioner} "
                    "condition")
        return f"{who}: {what}, does not count toward the 3 independent entities"
    if not proposable_by_default(partner.kind):
        return f"{who}: {what}, not proposed unless included by the user"
    return ""
