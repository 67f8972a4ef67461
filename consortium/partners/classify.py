"""What an organisation is: its practitioner category and its kind, from names and type.

Civil-security topics count practitioners ("2 police authorities from 2 Member States")
and the participation rules treat EU bodies, international organisations and funders
apart, but no CORDIS file says either. Both are read here from the evidence CORDIS does
give: the legal name, the short names and other names (often English beside a native
legal name), the activity type (PUB/HES/REC/PRC/OTH) and the topics of its projects.

Rules rather than a learned model: 1,210 labelled organisations are too few to learn
"Politsei- ja Piirivalveamet" from (a character n-gram model cross-validated on them
scores category 0.83 and finds no infrastructure operator:
``scripts/crossval_organisations.py``), whereas a stem list is readable, and each rule
names its reason. The category names and kinds are those of the labelled set
(``tests/data/organisations/README.md``); its hard-case rules are applied in this order:

1. kind first (EU body, international organisation, funder, university, RTO, company,
   NGO, public body), from names, then the activity type;
2. a ministry whose short name names a known practitioner unit (ORFK, THW, NICC) is
   that unit;
3. police, fire and defence education is never a practitioner (rule 1);
4. the category words, most specific first (forensic, border, customs, police, first
   responder, civil protection, infrastructure); a border *police* is a border guard;
5. what a kind allows: universities and funders are never practitioners, companies and
   NGOs only as operators, hospitals or rescue services, EU and international bodies
   only when they are operational law-enforcement (Europol, INTERPOL, EUROCONTROL);
6. any other public body is an ``other_public_end_user`` unless it is a school, library,
   museum, archive, heritage office or broadcaster: municipalities, regions and agencies
   are named in too many languages for a word list to wait for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from consortium.partners import classify_words as W
from consortium.partners.names import fold, repair_spacing

CATEGORIES = ("police", "border_coast_guard", "customs", "first_responder", "civil_protection",
              "forensic_institute", "infrastructure_operator", "other_public_end_user", "none")
KINDS = ("public_body", "eu_body", "international_org", "funder", "university", "rto",
         "company", "ngo", "other")
_BY_TYPE = {"HES": "university", "REC": "rto", "PRC": "company", "PUB": "public_body",
            "OTH": "ngo"}

_RE = {name: W.AnyOf(W.WORDS[name]) for name in (
    "POLICE", "BORDER", "CUSTOMS", "FIRST_RESPONDER", "CIVIL_PROTECTION", "FORENSIC",
    "INFRASTRUCTURE", "HOSPITAL", "ADMINISTRATION", "NOT_OPERATIONAL", "TRAINING")}
_KRE = {name: W.AnyOf(W.WORDS[name]) for name in (
    "EU_BODY", "INTERNATIONAL", "FUNDER", "RESEARCH_REMIT", "UNIVERSITY", "RTO",
    "COMPANY_FORM", "NON_PROFIT", "RTO_COUNCIL", "RTO_STRONG", "PUBLIC_OTHER", "SCHOOL",
    "RESEARCH_WORD", "CHAMBER")}
_MINISTRY = re.compile(W.WORDS["MINISTRY"][0])  # any ministry or state secretariat
# Members' bodies; foundations are left out: many research institutes are foundations.
_ASSOCIATION = W.compile_any(tuple(p for p in W.WORDS["NON_PROFIT"] if not re.search(
    r"fund|fond|found|stift|sticht|sihtas", p)))

# Short names of practitioner units that take part under their ministry's PIC (rule 2).
UNITS = {
    "orfk": "police", "hnp": "police", "klpd": "police", "bfp": "police", "girp": "police",
    "it cc": "police", "sp": "police", "pd": "police", "dnp": "police", "igpr": "police",
    "guardia civil": "police", "gnr": "police", "psp": "police", "thw": "civil_protection",
    "tdcp": "civil_protection", "igsu": "civil_protection", "nicc": "forensic_institute",
    "dema": "civil_protection", "dsc": "civil_protection", "fsni": "forensic_institute",
    "nfi": "forensic_institute", "uscg": "border_coast_guard",
    "igpf": "border_coast_guard", "sbgs": "border_coast_guard", "hcg": "border_coast_guard",
}
_OPERATIONAL_ABROAD = {"europol": "police", "interpol": "police", "international criminal "
                       "police": "police", "eurocontrol": "infrastructure_operator",
                       "frontex": "border_coast_guard"}


@dataclass(frozen=True)
class Organisation:
    """The evidence about one organisation that the classifier reads."""

    name: str
    short_names: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    activity_types: tuple[str, ...] = ()  # CORDIS codes, most frequent first
    country: str = ""
    topics: tuple[str, ...] = ()          # topic codes of its projects


@dataclass(frozen=True)
class Classification:
    category: str  # one of CATEGORIES
    kind: str      # one of KINDS
    reason: str    # which rule decided, for a person checking it


def _text(org: Organisation) -> str:
    """Every name, spaces repaired and folded, one string: the stems may be in any."""
    names = (org.name, *org.other_names, *org.short_names)
    return " " + " | ".join(fold(repair_spacing(n)) for n in names if n) + " "


def _has(name: str, text: str) -> bool:
    return (_RE.get(name) or _KRE[name]).search(text)


def classify_kind(org: Organisation, text: str | None = None) -> tuple[str, str]:
    """(kind, reason): named bodies first, then the activity type CORDIS gives."""
    text = text if text is not None else _text(org)
    legal = " " + fold(org.name) + " "
    if _has("EU_BODY", text) and not _has("COMPANY_FORM", legal):  # JRC Capital GmbH
        return "eu_body", "named EU body"
    if _has("INTERNATIONAL", text):
        return "international_org", "named intergovernmental organisation"
    if _has("RTO_COUNCIL", text):
        return "rto", "research council that runs institutes"
    ministry = _MINISTRY.search(legal)
    if (ministry and _has("RESEARCH_REMIT", legal) and "defen" not in legal
            and not re.search(r"\binstitu", legal[:ministry.start()])):  # X Institute of MoA
        return "funder", "ministry of education, science or research"
    if _has("FUNDER", text) and not _has("UNIVERSITY", legal) and not words_category(legal):
        return "funder", "research funder or research council"  # not FFG the fire brigade
    if _has("CHAMBER", legal):
        return "ngo", "chamber of commerce or cluster"
    code = org.activity_types[0] if org.activity_types else ""
    return _kind_by_type(code, text, legal)


def _kind_by_type(code: str, text: str, legal: str) -> tuple[str, str]:
    """The activity type's kind, corrected where the name says otherwise."""
    hospital = _has("HOSPITAL", text)
    if (_has("UNIVERSITY", text) and not _has("RTO", legal) and not hospital
            and code in ("HES", "PUB", "REC")):
        return "university", "higher-education name"
    if code == "OTH":
        if _has("RTO_STRONG", legal):
            return "rto", "research institute name"
        if _has("PUBLIC_OTHER", legal):
            return "public_body", "public administration or public hospital name"
        if _has("COMPANY_FORM", legal) and not re.search(r"\b(?:ltd|limited)\b", legal) \
                and not _has("NON_PROFIT", legal):
            return "company", "company legal form"
    if code == "REC" and hospital and not _has("RESEARCH_WORD", legal):
        return "public_body", "hospital filed as research"
    if code == "REC" and _has("POLICE", legal) and not _has("UNIVERSITY", legal):
        return "public_body", "police service filed as research"  # a police laboratory
    if code == "REC" and not _has("RTO", legal) and not _has("RESEARCH_WORD", legal):
        if _ASSOCIATION.search(legal):
            return "ngo", "association without a research name"
        if words_category(text) or _has("ADMINISTRATION", legal):
            return "public_body", "public service without a research name"
    if code == "PRC" and _has("RTO_STRONG", legal) and not _has("COMPANY_FORM", legal):
        return "rto", "research institute name"
    if code in ("HES", "PUB") and _has("RTO", legal) and not hospital and (
            code == "HES" or not _has("ADMINISTRATION", legal)):
        return "rto", "research institute name"
    if code == "PRC" and _has("RTO", legal) and "research" in legal:
        return "rto", "research institute name"
    if code == "PUB" and _has("SCHOOL", legal):
        return "other", "public school"
    kind = _BY_TYPE.get(code, "ngo" if not code else "other")
    return kind, f"CORDIS activity type {code or 'unknown'}"


def _unit(org: Organisation) -> str:
    """Rule 2: a ministry (or department) whose short name names a practitioner unit."""
    legal = " " + fold(org.name) + " "
    if not (_MINISTRY.search(legal) or "department" in legal or "service public" in legal):
        return ""
    for short in org.short_names:
        for token in re.split(r"[\s/|\-]+", short.strip()):
            found = UNITS.get(fold(token))
            if found:
                return found
        found = UNITS.get(fold(short))
        if found:
            return found
    return ""


def words_category(text: str) -> str:
    """Rule 4: category words, most specific first ("" when none is there); ``text`` is
    folded and padded with spaces."""
    if _has("FORENSIC", text):
        return "forensic_institute"
    border = _has("BORDER", text)
    if border and _has("POLICE", W.BORDER_COMPOUND.sub(" ", text)):
        return "police"  # "Police and Border Guard Board"
    if border:
        return "border_coast_guard"
    if _has("CUSTOMS", text):
        return "customs"
    if _has("POLICE", text):
        return "police"
    if _has("FIRST_RESPONDER", text):
        return "first_responder"
    if _has("CIVIL_PROTECTION", text):
        return "civil_protection"
    if _has("INFRASTRUCTURE", text):
        return "infrastructure_operator"
    return ""


def _allowed(category: str, kind: str, text: str) -> str:
    """Rule 5: what each kind of organisation can be."""
    if kind in ("university", "funder"):
        return "none"
    if kind in ("eu_body", "international_org"):
        return next((c for k, c in _OPERATIONAL_ABROAD.items() if f" {k} " in text), "none")
    if kind == "rto" or (kind == "ngo" and _has("RESEARCH_WORD", text)):
        # A hospital's research foundation is not the hospital (rule 4).
        return category if category == "forensic_institute" else "none"
    if _has("HOSPITAL", text) and category in ("", "other_public_end_user", "first_responder"):
        return "other_public_end_user"
    if kind == "company":
        keep = ("infrastructure_operator",)
        return category if category in keep or "forensic science service" in text else "none"
    if kind in ("ngo", "other"):
        if category == "first_responder" and not re.search(
                r"\b(?:international|european|network|umbrella)\b", text):
            return category
        return "none"
    if kind == "rto":
        return category if category == "forensic_institute" else "none"
    return category


def classify(org: Organisation) -> Classification:
    """Category and kind of one organisation, with the rule that decided."""
    text = _text(org)
    kind, why = classify_kind(org, text)
    unit = _unit(org)
    if unit and kind == "public_body":
        return Classification(unit, kind, f"{why}; short name names a {unit} unit")
    if (_has("TRAINING", text) and (words_category(text) or _has("ADMINISTRATION", text))
            and kind in ("public_body", "university", "rto", "ngo")):
        return Classification("none", kind, f"{why}; training institution")
    category = words_category(text)
    allowed = _allowed(category, kind, text)
    if allowed != "none" and allowed:
        return Classification(allowed, kind, f"{why}; {allowed} words in its names")
    if kind == "public_body" and allowed == "" and not _has("NOT_OPERATIONAL", text):
        return Classification("other_public_end_user", kind, f"{why}; public administration")
    return Classification("none", kind, why)


@lru_cache(maxsize=1 << 15)
def classify_name(name: str, short_name: str = "", org_type: str = "",
                  country: str = "") -> Classification:
    """``classify`` for what a Partner record holds (cached: pools repeat names)."""
    shorts = tuple(s.strip() for s in short_name.split("|") if s.strip())
    return classify(Organisation(name, shorts, (), (org_type,) if org_type else (), country))


_KIND_WORDS = {
    "public body": "public_body", "public authority": "public_body", "pub": "public_body",
    "eu body": "eu_body", "eu agency": "eu_body", "eu institution": "eu_body",
    "international organisation": "international_org",
    "international organization": "international_org", "io": "international_org",
    "funder": "funder", "funding agency": "funder", "research ministry": "funder",
    "university": "university", "hes": "university", "rto": "rto", "rec": "rto",
    "research organisation": "rto", "company": "company", "prc": "company",
    "sme": "company", "ngo": "ngo", "association": "ngo", "non profit": "ngo", "other": "other",
}


def parse_kind(value: str) -> str | None:
    """A kind a registry gives (its name or a plain word) -> kind; None if not one."""
    key = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    if key.replace(" ", "_") in KINDS:
        return key.replace(" ", "_")
    return _KIND_WORDS.get(key)
