"""Practitioner categories: which members are end users, not researchers or vendors.

Civil-security topics ask for practitioners ("at least 2 police authorities"), and no
registry or CORDIS file has such a column, so the category is given or inferred.

The rule, in order (the README repeats it):

1. A value given in the registry wins: one of the categories below (or a close word such
   as "fire brigade" or "coast guard"), or "none" to say the member is no practitioner.
2. Otherwise the organisation's **name** is matched against each category's words, in the
   order of ``CATEGORIES`` (the first match wins, so "Forensic Institute of the Police"
   is a forensic institute). Words are matched whole, with accents and case ignored, and
   include native forms (Polizei, Guardia Civil, Feuerwehr, Protezione Civile, ...).
3. For public bodies and "other" organisations (PUB, OTH) only, the same words are also
   looked for in the **description**: a ministry describing itself says what it runs,
   whereas universities and companies describe whom they work *for*, so their
   descriptions would make every security researcher a police force.
4. A public body (PUB) or other organisation (OTH) whose name names an administration
   (ministry, municipality, region, agency, customs, prison service, ...) is an
   "other end-user".
5. Anything else is no practitioner ("").
"""

from __future__ import annotations

import re
import unicodedata

CATEGORIES = (
    "forensic institute",
    "border/coast guard",
    "police",
    "first responders",
    "civil protection",
    "infrastructure operator",
    "other end-user",
)

_WORDS: dict[str, tuple[str, ...]] = {
    "forensic institute": (
        "forensic", "forensics", "forensische", "forensisch", "forense", "forensique",
        "kriminaltechnik", "criminalistics", "kriminalteknisk", "medicina legal",
        "medecine legale", "rechtsmedizin"),
    "border/coast guard": (
        "border guard", "border police", "border force", "border control", "coast guard",
        "coastguard", "frontex", "grenzschutz", "guardia costiera", "guarda costeira",
        "garde cotes", "kustwacht", "straz graniczna", "politia de frontiera",
        "guardia di finanza", "border management", "rajavartiolaitos", "kustbevakningen"),
    "police": (
        "police", "policing", "polizei", "politie", "polis", "policia", "polizia",
        "policie", "politia", "policja", "poliisi", "politi", "rendorseg", "gendarmerie",
        "gendarmeria", "carabinieri", "guardia civil", "marechaussee", "bundeskriminalamt",
        "landeskriminalamt", "europol", "interpol", "law enforcement", "guarda nacional "
        "republicana"),
    "first responders": (
        "fire brigade", "fire brigades", "fire service", "fire services", "fire department",
        "fire and rescue", "firefighters", "feuerwehr", "brandweer", "pompiers",
        "sapeurs pompiers", "bomberos", "vigili del fuoco", "bombeiros", "strazacy",
        "pelastuslaitos", "raddningstjanst", "ambulance", "emergency medical",
        "red cross", "croix rouge", "cruz roja", "croce rossa", "rotes kreuz", "samaritan",
        "search and rescue", "mountain rescue", "emergency services"),
    "civil protection": (
        "civil protection", "civil defence", "civil defense", "civil contingencies",
        "protezione civile", "protection civile", "proteccion civil", "protecao civil",
        "bevolkerungsschutz", "katastrophenschutz", "emergency management",
        "crisis management agency", "civil emergencies", "disaster management",
        "samfunnssikkerhet", "samhallsskydd", "beredskap", "thw"),
    "infrastructure operator": (
        "airport", "airports", "flughafen", "aeroport", "aeropuerto", "aeroporto",
        "port authority", "port of", "havenbedrijf", "autorita portuale", "railway",
        "railways", "chemins de fer", "ferrovie", "deutsche bahn", "network rail",
        "metro", "transit authority", "public transport", "water company", "water utility",
        "waterworks", "water supply", "stadtwerke", "transmission system operator",
        "distribution system operator", "grid operator", "power grid", "electricity",
        "gas network", "nuclear power plant", "telecom operator"),
    "other end-user": (),
}

_ADMINISTRATION = (
    "ministry", "ministerio", "ministere", "ministero", "ministerie", "ministerium",
    "ministerstvo", "ministerstwo", "ministerio", "bundesministerium", "municipality",
    "municipio", "comune", "gemeente", "gemeinde", "city of", "ville de", "ayuntamiento",
    "stadt", "region", "regione", "county", "prefecture", "department of", "agency",
    "authority", "directorate", "customs", "prison", "penitentiary", "home office",
    "government", "council", "kommune", "kommun", "commune")

ALIASES = {
    "police force": "police", "law enforcement": "police", "lea": "police",
    "border guard": "border/coast guard", "coast guard": "border/coast guard",
    "border": "border/coast guard", "border police": "border/coast guard",
    "forensic": "forensic institute", "forensics": "forensic institute",
    "first responder": "first responders", "fire brigade": "first responders",
    "fire service": "first responders", "firefighters": "first responders",
    "ambulance": "first responders", "emergency services": "first responders",
    "civil defence": "civil protection", "infrastructure": "infrastructure operator",
    "critical infrastructure operator": "infrastructure operator",
    "operator": "infrastructure operator", "end user": "other end-user",
    "end-user": "other end-user", "other": "other end-user", "public authority":
    "other end-user", "none": "", "no": "", "-": "",
}


def _fold(text: str) -> str:
    """Accents, case and punctuation away, so 'Protección Civil' meets 'proteccion civil'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " " + re.sub(r"[^a-z0-9]+", " ", text).strip() + " "


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation per category, words whole: 'polis' must not match 'metropolis'."""
    folded = sorted((_fold(word).strip() for word in words), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, folded)) + r")(?![a-z0-9])"
                      if folded else r"(?!x)x")


_COMPILED = {category: _pattern(words) for category, words in _WORDS.items()}
_ADMIN = _pattern(_ADMINISTRATION)


def parse_practitioner(value: str) -> str | None:
    """A given category (or alias) -> category; "" for an explicit none; None if unknown."""
    key = " ".join(value.strip().lower().replace("_", " ").split())
    if key in CATEGORIES:
        return key
    if key.replace(" / ", "/") in CATEGORIES:
        return key.replace(" / ", "/")
    return ALIASES.get(key)


def _category_in(text: str) -> str:
    folded = _fold(text)
    for category in CATEGORIES:
        if _COMPILED[category].search(folded):
            return category
    return ""


def infer_practitioner(name: str, description: str, org_type: str) -> str:
    """Steps 2 to 5 of the rule in the module docstring."""
    found = _category_in(name)
    if found:
        return found
    if org_type not in ("PUB", "OTH"):
        return ""
    found = _category_in(description)
    if found:
        return found
    return "other end-user" if _ADMIN.search(_fold(name)) else ""


def accepted_practitioners() -> str:
    return ", ".join(CATEGORIES) + ", or none"
