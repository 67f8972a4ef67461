"""Practitioner categories: which members are end users, not researchers or vendors.

Civil-security topics ask for practitioners ("at least 2 police authorities"), and no
registry or CORDIS file has such a column, so the category is given or inferred.

The rule, in order (the README repeats it):

1. A value given in the registry wins: one of the categories below (or a close word such
   as "fire brigade", "coast guard" or the labelled set's ``border_coast_guard``), or
   "none" to say the member is no practitioner.
2. Otherwise the organisation classifier (``consortium.partners.classify``) reads the
   name, short names and activity type: stems in many languages and scripts (Polizei and
   its compounds, poliisi, policja, politsei, Garda Síochána, granichna politsia), the
   kind of organisation (a police *university*, a forensic *company*, INTERPOL and Europol
   are not national police authorities), and the ministries whose short name names the
   unit that takes part (ORFK, THW, NICC).
3. For public bodies and "other" organisations (PUB, OTH) that the name leaves at most an
   "other end-user", the same category words are looked for in the **description**: a
   ministry describing itself says what it runs, whereas universities and companies
   describe whom they work *for*, so their descriptions would make every security
   researcher a police force.
4. Anything else is no practitioner ("").

The stored names below predate the classifier and are what topic conditions
(``consortium.score.conditions``) compare with; ``from_classifier`` maps the classifier's
names onto them.
"""

from __future__ import annotations

from consortium.partners.classify import classify_name, words_category
from consortium.partners.names import fold

CATEGORIES = (
    "forensic institute",
    "border/coast guard",
    "customs",
    "police",
    "first responders",
    "civil protection",
    "infrastructure operator",
    "other end-user",
)

# The classifier's (and the labelled set's) names -> the stored names above.
_FROM_CLASSIFIER = {
    "police": "police", "border_coast_guard": "border/coast guard", "customs": "customs",
    "first_responder": "first responders", "civil_protection": "civil protection",
    "forensic_institute": "forensic institute",
    "infrastructure_operator": "infrastructure operator",
    "other_public_end_user": "other end-user", "none": "",
}

ALIASES = {
    "police force": "police", "law enforcement": "police", "lea": "police",
    "border guard": "border/coast guard", "coast guard": "border/coast guard",
    "border": "border/coast guard", "border police": "border/coast guard",
    "border coast guard": "border/coast guard", "customs authority": "customs",
    "forensic": "forensic institute", "forensics": "forensic institute",
    "first responder": "first responders", "fire brigade": "first responders",
    "fire service": "first responders", "firefighters": "first responders",
    "ambulance": "first responders", "emergency services": "first responders",
    "civil defence": "civil protection", "infrastructure": "infrastructure operator",
    "critical infrastructure operator": "infrastructure operator",
    "operator": "infrastructure operator", "end user": "other end-user",
    "end-user": "other end-user", "other": "other end-user", "public authority":
    "other end-user", "other public end user": "other end-user", "none": "", "no": "",
    "-": "",
}


def from_classifier(category: str) -> str:
    """A classifier category -> the stored practitioner category ("" for none)."""
    return _FROM_CLASSIFIER.get(category, "")


def parse_practitioner(value: str) -> str | None:
    """A given category (or alias) -> category; "" for an explicit none; None if unknown."""
    key = " ".join(value.strip().lower().replace("_", " ").split())
    if key in CATEGORIES:
        return key
    if key.replace(" / ", "/") in CATEGORIES:
        return key.replace(" / ", "/")
    return ALIASES.get(key)


def infer_practitioner(name: str, description: str, org_type: str,
                       short_name: str = "", country: str = "") -> str:
    """Steps 2 to 4 of the rule in the module docstring."""
    found = from_classifier(classify_name(name, short_name, org_type, country).category)
    if found and found != "other end-user":
        return found
    if org_type in ("PUB", "OTH") and description:
        in_text = from_classifier(words_category(" " + fold(description) + " "))
        if in_text and in_text != "infrastructure operator":
            return in_text
    return found


def accepted_practitioners() -> str:
    return ", ".join(CATEGORIES) + ", or none"
