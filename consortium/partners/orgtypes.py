"""Organisation types: CORDIS activity types and the Funding & Tenders portal's words.

Scoring groups partners by CORDIS ``activityType`` (HES, REC, PRC, PUB, OTH), but members'
spreadsheets use the portal's wording ("Private for-profit entity", "SME", "NGO",
"International organisation") or plain words. Each accepted value maps to one CORDIS code
and, where the word says so, to an SME flag: "SME" means a company that is an SME, so a
registry that writes it in its type column needs no separate SME column. The reverse
mapping gives the portal's label for exports people paste into proposals.
"""

from __future__ import annotations

import re

ORG_TYPES = ("HES", "REC", "PRC", "PUB", "OTH")

# How prose (the Part B 3.2 draft, tooltips) names each type.
PROSE_LABELS = {"HES": "higher or secondary education establishment",
                "REC": "research organisation", "PRC": "private company",
                "PUB": "public body", "OTH": "other organisation"}

# The portal's legal-entity categories, as its participant register writes them.
PORTAL_LABELS = {
    "HES": "Higher or secondary education establishment",
    "REC": "Research organisation",
    "PRC": "Private for-profit entity (excluding higher or secondary education establishments)",
    "PUB": "Public body (excluding research organisations and secondary or higher education "
           "establishments)",
    "OTH": "Other",
}

# word -> (CORDIS code, SME flag the word implies or None)
_WORDS: dict[str, tuple[str, bool | None]] = {
    "university": ("HES", None),
    "universities": ("HES", None),
    "higher education": ("HES", None),
    "higher education institution": ("HES", None),
    "higher or secondary education": ("HES", None),
    "higher or secondary education establishment": ("HES", None),
    "academia": ("HES", None),
    "research": ("REC", None),
    "research organisation": ("REC", None),
    "research organization": ("REC", None),
    "research centre": ("REC", None),
    "research center": ("REC", None),
    "research institute": ("REC", None),
    "rto": ("REC", None),
    "company": ("PRC", None),
    "industry": ("PRC", None),
    "private": ("PRC", None),
    "private company": ("PRC", None),
    "private for profit": ("PRC", None),
    "private for profit entity": ("PRC", None),
    "sme": ("PRC", True),
    "small or medium enterprise": ("PRC", True),
    "small and medium sized enterprise": ("PRC", True),
    "large enterprise": ("PRC", False),
    "large company": ("PRC", False),
    "public body": ("PUB", None),
    "public": ("PUB", None),
    "authority": ("PUB", None),
    "public authority": ("PUB", None),
    "government": ("PUB", None),
    "police": ("PUB", None),
    "other": ("OTH", None),
    "ngo": ("OTH", None),
    "non governmental organisation": ("OTH", None),
    "non governmental organization": ("OTH", None),
    "non profit": ("OTH", None),
    "association": ("OTH", None),
    "foundation": ("OTH", None),
    "international organisation": ("OTH", None),
    "international organization": ("OTH", None),
}


def _key(value: str) -> str:
    """Lower case, brackets dropped: the portal's labels carry "(excluding ...)" notes."""
    value = re.sub(r"\(.*?\)", " ", value.lower())
    return re.sub(r"[\s_\-/,.]+", " ", value).strip()


def parse_org_type(value: str) -> tuple[str, bool | None] | None:
    """(CORDIS code, implied SME flag) for a code, a portal label or a plain word."""
    text = value.strip()
    if text.upper() in ORG_TYPES:
        return text.upper(), None
    return _WORDS.get(_key(text))


def portal_label(code: str, sme: bool | None = None) -> str:
    """The portal's category for a CORDIS code, with the SME flag the portal shows beside."""
    label = PORTAL_LABELS.get(code, code)
    return f"{label}; SME" if code == "PRC" and sme else label


def accepted_types() -> str:
    """For error messages: the codes, then that words work too."""
    return ("use HES = higher education, REC = research organisation, PRC = company, "
            "PUB = public body, OTH = other; the portal's words such as SME, NGO or "
            "'Public body' work too")
