"""Test and experimentation facilities: what an organisation *has*, beside what it does.

Security topics ask for validation in operational settings (pilots, field trials, TRL
6-7); the clusters cooperate around shared test ranges, workbenches and living labs as
much as around expertise. A registry lists them in one ``facilities`` cell, entries
separated by ``;`` or one per line, each a short description; a location may close an
entry in square brackets, ``[country]`` or ``[country, city]``:

    Maritime test range off Den Helder, 40 km², radar and AIS [NL, Den Helder]

Brackets, not commas or parentheses, because descriptions are full of both. A JSON or
YAML registry may give the list as a list of strings, or of mappings with ``name`` (or
``description``), ``country`` and ``city``; ``facility_cell`` writes those in the one
text form, so every format reads the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from consortium.partners.countries import normalise_country
from consortium.text import clean

# The source every facility passage carries (``Partner.sourced_passages``), so a report
# can say that evidence comes from a facility rather than a profile or a project.
FACILITY_SOURCE = "facility"

_SPLIT = re.compile(r"\s*(?:;|\n)\s*")
_LOCATION = re.compile(r"\s*\[([^\[\]]*)\]\s*$")
_TEXT_KEYS = ("name", "description", "facility", "text")
_KEYS = frozenset((*_TEXT_KEYS, "country", "city", "location"))


@dataclass(frozen=True)
class Facility:
    """One facility: its description (matched against topics), where it is if known."""

    text: str
    country: str = ""    # a CORDIS country code, "" if not given
    city: str = ""

    def __str__(self) -> str:
        """The registry form, read back by ``parse_facilities``."""
        where = ", ".join(part for part in (self.country, self.city) if part)
        return f"{self.text} [{where}]" if where else self.text

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.country) if part)


class FacilityError(ValueError):
    """A facility entry that cannot be read; the message says which and how to fix it."""


def parse_facilities(value: str) -> list[Facility]:
    """Every facility of one registry cell, in order, each once."""
    if not value:               # most rows of a CORDIS store: nothing to read
        return []
    found: dict[str, Facility] = {}
    for number, entry in enumerate((e for e in _SPLIT.split(clean(value)) if e), 1):
        text, country, city = entry, "", ""
        where = _LOCATION.search(entry)
        if where is not None:
            text = entry[:where.start()].strip()
            country, city = _location(number, entry, where.group(1))
        if not text:
            raise FacilityError(f"facility {number} ('{entry}') has a location but no "
                                "description; write what the facility is before [ ]")
        found.setdefault(text.casefold(), Facility(text, country, city))
    return list(found.values())


def _location(number: int, entry: str, inside: str) -> tuple[str, str]:
    parts = [p.strip() for p in inside.split(",")]
    if not parts[0]:
        return "", ", ".join(p for p in parts[1:] if p)
    code = normalise_country(parts[0])
    if code is None:
        raise FacilityError(f"facility {number} ('{entry}'): '{parts[0]}' is not a country; "
                            "write the location as [country, city], e.g. [NL, Den Helder]")
    return code, ", ".join(p for p in parts[1:] if p)


def facilities_text(facilities: Sequence[Facility]) -> str:
    """One cell for a registry or the store: one facility per line."""
    return "\n".join(str(f) for f in facilities)


def facility_cell(value: Any) -> str | None:
    """A JSON/YAML list of facility mappings as one registry cell; None when ``value`` is
    not such a list (the reader then treats it like any other value)."""
    if not isinstance(value, list | tuple) or not value:
        return None
    if not any(isinstance(v, Mapping) for v in value):
        return None
    entries = []
    for item in value:
        if not isinstance(item, Mapping):
            entries.append(str(item))
            continue
        if not set(map(str, item)) <= _KEYS or isinstance(item.get("country"), Mapping):
            return None
        text = next((str(item[k]) for k in _TEXT_KEYS if item.get(k)), "")
        where = [str(item.get(k) or "") for k in ("country", "city")]
        if item.get("location") and not any(where):
            where = [str(item["location"]), ""]
        inside = ", ".join(w for w in where if w) if where[0] else (
            f", {where[1]}" if where[1] else "")
        entries.append(f"{text} [{inside}]" if inside else text)
    return "\n".join(entries)
