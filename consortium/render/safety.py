"""Spreadsheet formula neutralisation (CSV and XLSX injection).

Partner names and evidence come from registries and CORDIS texts that anyone could
have written; a cell such as ``=HYPERLINK(...)`` or ``@SUM(...)`` would run as a
formula when a cluster manager opens the file in Excel or LibreOffice. OWASP's advice
is to prefix such cells with a single quote, which spreadsheets show as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Characters a spreadsheet may read as the start of a formula, or that shift a cell
# onto a formula position (tab, carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# XML 1.0 forbids these; openpyxl and python-docx refuse a whole file over one of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def printable(text: str) -> str:
    """Drop control characters that Office XML cannot hold (tab, LF and CR stay)."""
    return _CONTROL.sub("", text)


def neutralise(value: object) -> object:
    """Prefix text cells that could start a formula with ``'``; numbers stay numbers."""
    if isinstance(value, str):
        value = printable(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def neutralise_row(row: Sequence[object]) -> list[object]:
    return [neutralise(v) for v in row]
