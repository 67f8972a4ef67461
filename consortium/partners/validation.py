"""Checking the values of one registry row, each error naming the file, row and field.

Registries are written by hand in spreadsheets: a country written "Deutschland", a type
"University", an SME flag "Y", a year "2019-03-01". Each value is read leniently and, when
unusable, refused with an ``InputError`` that names the field as the user wrote it in the
header and says how to fix it. ``pool`` applies these checks to every row it loads.
"""

from __future__ import annotations

import re

from consortium.errors import InputError
from consortium.partners.classify import KINDS, classify_name, parse_kind
from consortium.partners.countries import normalise_country, suggest_country
from consortium.partners.formats import Table
from consortium.partners.orgtypes import accepted_types, parse_org_type
from consortium.partners.practitioners import (
    accepted_practitioners,
    infer_practitioner,
    parse_practitioner,
)

_SME_VALUES = {
    "true": True, "yes": True, "y": True, "1": True,
    "false": False, "no": False, "n": False, "0": False,
}


def field_error(table: Table, line: int, name: str, message: str) -> InputError:
    """Name the field as the user wrote it in their header, so they can find it."""
    return InputError(table.path, message, row=line, field=table.columns.get(name, name).strip())


def check_country(table: Table, line: int, value: str) -> str:
    code = normalise_country(value)
    if code is not None:
        return code
    hint = "use an ISO 3166 two-letter code such as DE"
    if not value.strip():
        raise field_error(table, line, "country", f"empty country ({hint})")
    guesses = suggest_country(value)
    if guesses:
        hint = f"did you mean {' or '.join(guesses)}?; {hint}"
    raise field_error(table, line, "country", f"unknown country '{value.strip()}' ({hint})")


def check_org_type(table: Table, line: int, value: str) -> tuple[str, bool | None]:
    parsed = parse_org_type(value)
    if parsed is None:
        raise field_error(table, line, "org_type",
                          f"unknown organisation type '{value.strip()}' ({accepted_types()})")
    return parsed


def check_sme(table: Table, line: int, value: str) -> bool | None:
    text = value.strip().lower()
    if not text:
        return None
    if text in _SME_VALUES:
        return _SME_VALUES[text]
    raise field_error(table, line, "sme",
                      f"unknown SME value '{value.strip()}' (use yes or no, or leave it blank "
                      "if unknown)")


def check_count(table: Table, line: int, name: str, value: str) -> int:
    text = value.strip()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    raise field_error(table, line, name, f"'{text}' is not a whole number")


def check_year(table: Table, line: int, value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})(-\d{2}-\d{2})?", text)
    if match is None:
        raise field_error(table, line, "start_year",
                          f"'{text}' is not a year (use four digits such as 2019)")
    return int(match.group(1))


def check_practitioner(table: Table, line: int, value: str, name: str, description: str,
                       org_type: str, short_name: str = "", country: str = "") -> str:
    if not value.strip():
        return infer_practitioner(name, description, org_type, short_name, country)
    category = parse_practitioner(value)
    if category is None:
        raise field_error(table, line, "practitioner", f"unknown practitioner category "
                          f"'{value.strip()}' (use {accepted_practitioners()})")
    return category


def check_kind(table: Table, line: int, value: str, name: str, short_name: str,
               org_type: str, country: str) -> str:
    """A kind given in the registry wins; otherwise the classifier's."""
    if not value.strip():
        return classify_name(name, short_name, org_type, country).kind
    kind = parse_kind(value)
    if kind is None:
        raise field_error(table, line, "kind", f"unknown kind '{value.strip()}' (use "
                          f"{', '.join(KINDS)})")
    return kind


# A member describes itself in a paragraph or a page; 5,000 words is some 45 passages.
# A 10 MB cell (a whole brochure pasted in) would be 13,000 passages, an hour of
# embedding on a laptop, without a word said (issue #23).
MAX_DESCRIPTION_WORDS = 5_000


class LongDescriptionNotice(UserWarning):
    """A description was cut to ``MAX_DESCRIPTION_WORDS``: worth one line."""


def check_description(table: Table, line: int, description: str) -> str:
    """The description, cut to its first ``MAX_DESCRIPTION_WORDS`` words with a notice."""
    words = description.split(" ")
    if len(words) <= MAX_DESCRIPTION_WORDS:
        return description
    import warnings

    warnings.warn(LongDescriptionNotice(
        f"{table.path}:{line}: field 'description': {len(words):,} words, cut to the first "
        f"{MAX_DESCRIPTION_WORDS:,} (describe the expertise in a page; put publications "
        "and projects in their own columns)"), stacklevel=2)
    return " ".join(words[:MAX_DESCRIPTION_WORDS])
