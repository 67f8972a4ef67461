"""Country codes and Horizon Europe eligibility.

Partner files come from people and from CORDIS, so a country arrives as "DE", "Germany",
"GR" or "Greece". Everything downstream (eligibility rules, diversity constraints, the
report) compares codes, so every input is reduced to one code style here: CORDIS's ISO
3166 alpha-2 variant, which writes EL for Greece, UK for the United Kingdom and XK for
Kosovo. Who counts as a Member State or an Associated Country changes over time, so that
list lives in a dated data file (``data/countries.csv``) rather than in code.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

DATA_FILE = Path(__file__).parent / "data" / "countries.csv"

# ISO codes that CORDIS writes differently.
_CODE_ALIASES = {"GR": "EL", "GB": "UK"}

# Names people use that pycountry does not know (it follows current ISO short names).
_NAME_ALIASES = {
    "turkey": "TR",
    "turkiye": "TR",
    "russia": "RU",
    "korea": "KR",
    "republic of korea": "KR",
    "great britain": "UK",
    "britain": "UK",
    "england": "UK",
    "scotland": "UK",
    "wales": "UK",
    "northern ireland": "UK",
    "uk": "UK",
    "holland": "NL",
    "the netherlands": "NL",
    "macedonia": "MK",
    "fyrom": "MK",
    "former yugoslav republic of macedonia": "MK",
    "kosovo": "XK",
    "usa": "US",
    "united states of america": "US",
    "ivory coast": "CI",
    "cape verde": "CV",
    "swaziland": "SZ",
    "burma": "MM",
    "vatican": "VA",
    "palestine": "PS",
    "czech republic": "CZ",
    # Native names that turn up in registries kept by European partners.
    "deutschland": "DE",
    "osterreich": "AT",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "espana": "ES",
    "italia": "IT",
    "nederland": "NL",
    "belgique": "BE",
    "belgie": "BE",
    "hellas": "EL",
    "ellada": "EL",
    "polska": "PL",
    "cesko": "CZ",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
}


@dataclass(frozen=True)
class CountryStatus:
    """One row of the data file: an EU Member State or a Horizon Europe Associated Country."""

    code: str
    name: str
    status: str  # "member" or "associated"
    since: date | None
    widening: bool = False  # a Horizon Europe widening country
    pillars: str = "all"    # "all", or "II" for an association to Pillar II only


def _key(value: str) -> str:
    """Comparison key for names: accents, case, punctuation and a leading 'the' ignored."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    value = value.replace("&", " and ").replace(".", "")
    value = re.sub(r"[\W_]+", " ", value).strip()  # keeps Greek, Cyrillic, ... letters
    return value.removeprefix("the ")


@lru_cache(maxsize=1)
def _statuses() -> dict[str, CountryStatus]:
    """Read the data file once; it is small and read-only."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    result: dict[str, CountryStatus] = {}
    for row in csv.DictReader(lines):
        since = date.fromisoformat(row["since"]) if row["since"].strip() else None
        result[row["code"]] = CountryStatus(
            row["code"], row["name"], row["status"], since,
            widening=row.get("widening", "no").strip() == "yes",
            pillars=(row.get("pillars") or "all").strip())
    return result


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """Build (code -> code, name key -> code) from pycountry plus our aliases.

    Built once, so normalising thousands of partner rows costs dictionary look-ups only.
    """
    import pycountry  # lazy: loading its database takes a noticeable moment

    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = _CODE_ALIASES.get(country.alpha_2, country.alpha_2)
        codes[country.alpha_2] = code
        codes[country.alpha_3] = code
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if not name:
                continue
            names.setdefault(_key(name), code)
            if ", " in name:  # "Korea, Republic of" -> "Republic of Korea"
                head, tail = name.split(", ", 1)
                names.setdefault(_key(f"{tail} {head}"), code)
    for status in _statuses().values():
        codes[status.code] = status.code
        names.setdefault(_key(status.name), status.code)
    codes.update(_CODE_ALIASES)
    names.update(_NAME_ALIASES)
    return codes, names


# Languages of the Member States and Associated Countries, for native country names.
_LANGUAGES = ("bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr", "hu", "is",
              "it", "lt", "lv", "mt", "nb", "nl", "pl", "pt", "ro", "sk", "sl", "sq", "sr",
              "sv", "tr", "uk", "mk", "ka", "hy", "he")


@lru_cache(maxsize=1)
def _native_names() -> dict[str, str]:
    """Country names in European languages from pycountry's translations (name key -> code).

    Built only when a name is not an English one: reading ~30 message catalogues costs
    a tenth of a second, which English-only registries should not pay.
    """
    import gettext

    import pycountry

    names: dict[str, str] = {}
    for language in _LANGUAGES:
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                            languages=[language])
        except OSError:
            continue
        for country in pycountry.countries:
            code = _CODE_ALIASES.get(country.alpha_2, country.alpha_2)
            for attr in ("name", "common_name", "official_name"):
                english = getattr(country, attr, None)
                if english:
                    names.setdefault(_key(catalogue.gettext(english)), code)
    return names


@lru_cache(maxsize=4096)
def normalise_country(value: str) -> str | None:
    """Reduce a code (alpha-2 or alpha-3) or a name (English or native) to a CORDIS code."""
    text = value.strip()
    if not text:
        return None
    codes, names = _index()
    if len(text) <= 3 and text.isalpha():
        code = codes.get(text.upper())
        if code is not None:
            return code
    key = _key(text)
    return names.get(key) or _native_names().get(key)


def _code(code: str) -> str:
    """Accept anything normalise_country does, so callers may pass GR or a name too."""
    return normalise_country(code) or code.strip().upper()


def is_member_state(code: str) -> bool:
    """True for the 27 EU Member States (the UK is not one since 2020)."""
    status = _statuses().get(_code(code))
    return status is not None and status.status == "member"


def is_associated(code: str, on: date | None = None) -> bool:
    """True if the country is associated to Horizon Europe on the given day (default today).

    The date matters: a call's eligibility depends on association at its deadline, and
    several countries (UK 2024, CH and KR 2025) joined part-way through the programme.
    """
    status = _statuses().get(_code(code))
    if status is None or status.status != "associated":
        return False
    day = on or date.today()
    return status.since is None or status.since <= day


def is_widening(code: str) -> bool:
    """A widening country: participation there is what widening measures reward."""
    status = _statuses().get(_code(code))
    return bool(status and status.widening)


def association_pillars(code: str) -> str:
    """'all', 'II' (Pillar II only), or '' for a country that is not associated."""
    status = _statuses().get(_code(code))
    return status.pillars if status and status.status == "associated" else ""


def country_name(code: str) -> str:
    """English short name for display; an unknown code is returned unchanged."""
    normalised = normalise_country(code)
    if normalised is None:
        return code
    status = _statuses().get(normalised)
    if status is not None:
        return status.name
    import pycountry

    iso = {"EL": "GR", "UK": "GB"}.get(normalised, normalised)
    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return normalised
    return str(getattr(country, "common_name", None) or country.name)


def suggest_country(value: str, limit: int = 3) -> list[str]:
    """Codes whose names look like a misspelt value, best first, for a "did you mean".

    Only names are compared: two- and three-letter inputs are codes, and every short
    string is close to dozens of codes, so suggestions for them would be noise.
    """
    key = _key(value)
    if len(key) <= 3:
        return []
    _, names = _index()
    scored = sorted(((difflib.SequenceMatcher(None, key, name).ratio(), name) for name in names),
                    reverse=True)
    best = scored[0][0]
    # Only near-ties of the best match: "Germny" should suggest Germany, not also Guernsey.
    matches = [name for score, name in scored if score >= max(0.7, best - 0.1)]
    matches += sorted(name for name in names if name.startswith(key))
    result: list[str] = []
    for match in matches:
        code = names[match]
        if code not in result:
            result.append(code)
    return result[:limit]


def country_masks(countries: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(eligible: Member State or Associated Country, in a Member State), as arrays;
    each country looked up once: a 23k-organisation pool has ~150 countries."""
    import numpy as np

    codes = sorted(set(countries))
    ms = {c: is_member_state(c) for c in codes}
    ok = {c: ms[c] or is_associated(c) for c in codes}
    return (np.array([ok[c] for c in countries], dtype=bool),
            np.array([ms[c] for c in countries], dtype=bool))
