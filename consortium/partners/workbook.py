"""Reading an XLSX registry: the sheet, its merged cells and title rows, bounded in size.

Kept apart from ``readers`` (which reads every registry format) because a workbook is a
zip of XML parts: what the file's size says is not what is read. A 1 MB workbook can
inflate to 1 GiB of XML, so the parts' decompressed sizes are checked before openpyxl
opens it; and a formula saved without its value (written by a script, never opened in
Excel) reads as an empty cell, which must be said rather than read as a blank name.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from consortium.errors import InputError
from consortium.files import MAX_INPUT_BYTES

# The most XML (all parts together, decompressed) a workbook may hold; README states it.
MAX_XLSX_XML_BYTES = MAX_INPUT_BYTES

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
# A cell holding a formula and no value, or an empty one not typed as a string result.
_FORMULA = re.compile(rb'<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)'
                      rb'\s*(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def cell_text(value: Any) -> str:
    """Spreadsheet and JSON values as a person would type them: 12345.0 is the id 12345."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def check_parts(path: Path) -> None:
    """Refuse a workbook whose parts decompress to more than ``MAX_XLSX_XML_BYTES``, from
    the zip directory alone (a zip member never yields more than its declared size)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable XLSX workbook ({exc})") from None
    if total > MAX_XLSX_XML_BYTES:
        raise InputError(path, f"the workbook's parts decompress to {total / 1e6:,.1f} MB, "
                         f"more than the {MAX_XLSX_XML_BYTES / 1e6:.1f} MB read (a zip "
                         "bomb?); save the registry as CSV, or split it")


def _without_values(attributes: bytes, value: bytes | None) -> tuple[int, int] | None:
    """(row, column) of a formula cell saved without its value, else None. ``value`` is
    the cell's empty ``<v>`` if it has one (``_FORMULA`` matches no other): empty is a
    saved result only for a string formula (``t="str"``, ``=IF(..., "")``)."""
    from openpyxl.utils import column_index_from_string

    if value is not None and b't="str"' in attributes:
        return None
    ref = _REF.search(attributes)
    if ref is None:
        return None
    return int(ref.group(2)), column_index_from_string(ref.group(1).decode()) - 1


def _scan(sheet: Any) -> tuple[dict[int, list[tuple[int, int]]], set[tuple[int, int]]]:
    """Merged ranges as {first row: [(column, last row)]}, for filling values down, and
    the (row, column) of formulas without a saved value.

    Read-only sheets (which keep memory flat) expose neither, so the sheet's XML is
    scanned; if that fails, merged cells read as blanks and formulas as empty cells.
    """
    from openpyxl.utils import column_index_from_string

    source = getattr(sheet, "_get_source", None)
    found: set[tuple[bytes, ...]] = set()
    empty: set[tuple[int, int]] = set()
    if source is None:
        return {}, empty
    try:
        with source() as handle:
            tail = b""
            while chunk := handle.read(1 << 20):
                block = tail + chunk
                found.update(_MERGE.findall(block))
                for match in _FORMULA.finditer(block):
                    cell = _without_values(match.group(1), match.group(2))
                    if cell is not None:
                        empty.add(cell)
                tail = block[-4096:]
    except Exception:  # a best effort over openpyxl internals: blanks are the fallback
        return {}, empty
    ranges: dict[int, list[tuple[int, int]]] = {}
    for col, first, _, last in found:
        if int(last) > int(first):
            ranges.setdefault(int(first), []).append(
                (column_index_from_string(col.decode()) - 1, int(last)))
    return ranges, empty


def _no_formula_without_value(path: Path, formulas: set[tuple[int, int]], number: int,
                              cells: list[str], header: list[str] | None) -> None:
    for column, cell in enumerate(cells):
        if not cell.strip() and (number, column) in formulas:
            from openpyxl.utils import get_column_letter

            named = header[column] if header and column < len(header) and header[column] \
                else f"column {get_column_letter(column + 1)}"
            raise InputError(path, "formula without a saved value (the workbook was written "
                             "by a program, not saved by Excel): open and save the file in "
                             "Excel or LibreOffice", row=number, field=named)


def _sheet_rows(path: Path, sheet: Any) \
        -> tuple[list[str] | None, int, list[tuple[int, list[str]]]]:
    """Header and rows of one sheet, as the user sees them.

    A merged cell spanning rows (a country written once for three members) is the same
    value in each of those rows; a merged spanning columns belongs to its first column.
    Title rows above the table (one distinct value, often merged across the columns)
    are skipped: a header names at least two columns. A formula saved without its
    value is refused in a row that is read (a blank name, country or description).
    """
    down, formulas = _scan(sheet)
    carry: dict[int, tuple[int, str]] = {}  # column -> (last row, value) of merged ranges
    header: list[str] | None = None
    header_line = 0
    first: tuple[list[str], int] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(v).strip() if header is None else cell_text(v) for v in values]
        for column, last in down.get(number, []):
            if column < len(cells):
                carry[column] = (last, cells[column])
        for column, (last, value) in list(carry.items()):
            if number > last:
                del carry[column]
            elif column < len(cells) and not cells[column].strip():
                cells[column] = value
        if not any(cell.strip() for cell in cells):
            continue
        _no_formula_without_value(path, formulas, number, cells, header)
        if header is None:
            first = first or (cells, number)
            if len({cell for cell in cells if cell}) >= 2:
                header, header_line = cells, number
        else:
            rows.append((number, cells))
    if header is None and first is not None:
        header, header_line = first
    return header, header_line, rows


def xlsx_rows(path: Path, sheet_names: Sequence[str]) \
        -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    """The registry table of a workbook: a sheet named like one of ``sheet_names`` wins,
    else the first sheet holding a table (a blank or cover sheet before it is common)."""
    import openpyxl  # lazy: only XLSX registries pay for it

    check_parts(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors
        raise InputError(path, f"not a readable XLSX workbook ({exc})") from exc
    try:
        names = {name.lower(): name for name in book.sheetnames}
        named = [names[k] for k in sheet_names if k in names]
        header: list[str] | None = None
        header_line = 0
        rows: list[tuple[int, list[str]]] = []
        for name in named[:1] or book.sheetnames:
            found = _sheet_rows(path, book[name])
            if header is None:
                header, header_line, rows = found
            if found[0] is not None and len({c for c in found[0] if c}) >= 2:
                header, header_line, rows = found
                break
    finally:
        book.close()
    if header is None:
        raise InputError(path, "empty workbook (expected a header row and one row per entry)")
    return header, header_line, rows


