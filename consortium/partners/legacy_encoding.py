"""Registries saved by Excel on Windows: Windows-1252 or Windows-1250, when that is safe.

Excel's "CSV (Comma delimited)" writes the machine's code page: Windows-1252 in Western
Europe, Windows-1250 in Central Europe. The two give every byte a character, often a
different one (0xE8 is è or č, 0xA3 is £ or Ł), so a wrong guess stores garbled names
for good. A file is therefore read only when the guess is safe:

1. a reading must decode (each code page leaves a few bytes undefined) and be plausible:
   no symbol glued to a letter, as "£ódŸ" or "Wroc³aw" (Łódź, Wrocław read as 1252);
2. if both readings are plausible they must give the same text (Müller, Žilina), or the
   lines on which they differ must all name countries of one side (a row of an FR, BE or
   ES partner votes for Windows-1252, one of a PL, CZ or SK partner for Windows-1250).

Anything else is refused as before (re-save as UTF-8). The reader says in one line which
encoding it used, through a ``LegacyEncodingNotice`` warning the CLI prints.
"""

from __future__ import annotations

import re
import unicodedata

from consortium.partners.countries import normalise_country

NAMES = {"cp1252": "Windows-1252", "cp1250": "Windows-1250"}
# Countries whose Excel writes Windows-1250, and those whose Excel writes Windows-1252.
CENTRAL = {"PL", "CZ", "SK", "HU", "SI", "HR", "RO", "RS", "BA", "ME", "MK", "AL", "XK"}
WESTERN = {"FR", "BE", "LU", "NL", "DE", "AT", "CH", "LI", "DK", "NO", "SE", "FI", "IS",
           "IE", "UK", "ES", "PT", "IT", "MT", "AD", "MC", "SM"}
_FIELDS = re.compile(r"[,;\t]")


class LegacyEncodingNotice(UserWarning):
    """A registry was read in a legacy code page: worth one line to the user."""


def _plausible(text: str) -> bool:
    """No non-ASCII symbol touching a letter: in names those are misread letters."""
    for i, ch in enumerate(text):
        if ord(ch) < 0x80 or ch.isalpha() or unicodedata.category(ch).startswith("Z"):
            continue
        around = text[max(i - 1, 0):i] + text[i + 1:i + 2]
        if any(c.isalpha() for c in around):
            return False
    return True


def _votes(readings: dict[str, str]) -> set[str]:
    """The code pages the countries on the lines where the readings differ point to."""
    western, central = (readings[c].splitlines() for c in ("cp1252", "cp1250"))
    votes = set()
    for west, cent in zip(western, central):
        if west == cent:
            continue
        codes = {normalise_country(f.strip().strip('"')) for f in _FIELDS.split(west)
                 if 0 < len(f.strip().strip('"')) <= 3}
        side = {"cp1252" for c in codes if c in WESTERN} | {"cp1250" for c in codes
                                                            if c in CENTRAL}
        votes |= side if len(side) == 1 else {"cp1252", "cp1250"}
    return votes


def decode_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding name) when the bytes are safely Windows-1252 or -1250, else None."""
    readings: dict[str, str] = {}
    for codec in NAMES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            readings[codec] = text
    if len(readings) == 2 and len(set(readings.values())) == 1:
        return readings["cp1252"], "Windows-1252 (Windows-1250 reads it the same)"
    if len(readings) == 1:
        codec = next(iter(readings))
        return readings[codec], NAMES[codec]
    if len(readings) == 2:
        votes = _votes(readings)
        if len(votes) == 1:
            codec = votes.pop()
            return readings[codec], NAMES[codec]
    return None
