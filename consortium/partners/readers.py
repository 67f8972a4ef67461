"""One reader per registry format: the header and the numbered rows, as the user sees them.

A registry saved from Excel, LibreOffice, a script or a YAML editor reaches us as CSV/TSV
(any delimiter, BOM or not), an XLSX workbook (merged cells, title rows, a cover sheet) or
a JSON/YAML list of entries. Each reader undoes its format's quirks and returns the same
thing: the header cells, the header's row number, and each row with the number the user
would look for (the physical CSV line, the sheet row, the entry number). What the columns
mean is decided afterwards, once for all formats, by ``formats.read_table``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from consortium.errors import InputError
from consortium.files import MAX_INPUT_BYTES, check_file, decode_text, load_yaml, read_input
from consortium.partners.facilities import facility_cell
from consortium.partners.legacy_encoding import LegacyEncodingNotice, decode_legacy
from consortium.partners.workbook import cell_text, xlsx_rows

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES + JSON_SUFFIXES + YAML_SUFFIXES

# Distinct field names a JSON/YAML registry may use: each becomes a column of every row.
MAX_FIELDS = 1000
# Keys under which a JSON/YAML document may hold its list of entries.
_LIST_KEYS = ("partners", "members", "organisations", "organizations", "registry", "rows")


def _read_text(path: Path) -> str:
    """Read a whole file as UTF-8 or BOM-marked UTF-16 (``files.decode_text``), or as
    Windows-1252/1250 where ``legacy_encoding`` finds that safe (with a notice); refuse
    the rest."""
    data = read_input(path, "registry file")
    try:
        text = decode_text(path, data, "re-save it as 'CSV UTF-8' (Excel) or as UTF-8")
    except InputError as error:
        legacy = decode_legacy(data) if "not UTF-8 text" in str(error) else None
        if legacy is None:
            raise
        text = legacy[0]
        warnings.warn(f"{path}: not UTF-8; read as {legacy[1]} (Excel's 'CSV' on "
                      "Windows); re-save it as 'CSV UTF-8' to be sure", LegacyEncodingNotice,
                      stacklevel=2)
    if not text.strip():
        raise InputError(path, "empty file (expected a header row and one row per entry)")
    return text


def _sniff_delimiter(text: str, suffix: str) -> str:
    """Decide on the header alone: prose in later rows holds every delimiter."""
    header = text.lstrip().split("\n", 1)[0]
    if suffix == ".tsv" or header.count("\t") > max(header.count(","), header.count(";")):
        return "\t"
    return ";" if header.count(";") > header.count(",") else ","


def _ends_in_quote(text: str, delimiter: str) -> bool:
    """Whether ``text`` (one CSV record and what follows it) ends inside a quoted field,
    by the csv module's own rules: a quote opens only at a field's start, ``""`` inside is
    one quote, and a quote elsewhere is a literal (``12" screen``)."""
    start, field, quoted, closing = range(4)
    state, end = start, 0
    for match in re.finditer(f'["\\r\\n{re.escape(delimiter)}]', text):
        if match.start() > end:  # ordinary characters before this one
            state = quoted if state == quoted else field
        end = match.end()
        if match.group() == '"':
            state = {start: quoted, field: field, quoted: closing, closing: quoted}[state]
        elif state != quoted:  # a delimiter or line end outside quotes ends the field
            state = start
    return state == quoted


def _unclosed_quote(path: Path, text: str, delimiter: str, start: int,
                    record: list[str]) -> InputError | None:
    """The last record swallowed the rest of the file when its quote never closed: csv
    reads on to the end, so rows after it vanish into one field. Name the row it opened."""
    if not any("\n" in cell or "\r" in cell for cell in record):
        return None
    lines = io.StringIO(text, newline="").readlines()
    if not _ends_in_quote("".join(lines[start - 1:]), delimiter):
        return None
    swallowed = sum(1 for line in lines[start:] if line.strip())
    return InputError(path, f"a quote opened in this row is never closed, so the {swallowed} "
                      "line(s) after it would be read as one value and their rows lost; "
                      'close the quote (a quote inside a quoted value is written "")',
                      row=start)


def _csv_rows(path: Path) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    text = _read_text(path)
    # A 1 MB description is one field; the csv module's default cap is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))
    delimiter = _sniff_delimiter(text, path.suffix.lower())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next((r for r in reader if any(cell.strip() for cell in r)), None)
        if header is None:
            raise InputError(path, "empty file (expected a header row and one row per entry)")
        header_line = reader.line_num
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
                raise InputError(path, f"{len(record)} fields but the header has {len(header)}"
                                 " (quote values that contain the delimiter)", row=start)
            rows.append((start, record))
    except csv.Error as exc:
        raise InputError(path, f"not a readable CSV file ({exc})", row=reader.line_num) from exc
    if rows and (error := _unclosed_quote(path, text, delimiter, *rows[-1])):
        raise error
    return header, header_line, rows


def _entries(path: Path, document: Any) -> list[Any]:
    if isinstance(document, Mapping):
        lists = [k for k in _LIST_KEYS if isinstance(document.get(k), list)]
        if not lists:
            lists = [k for k, v in document.items() if isinstance(v, list)]
        if len(lists) != 1:
            # One organisation's object on its own is refused too, with the fix: guessing
            # would also "read" any unrelated JSON object as a registry of one.
            raise InputError(path, "expected a list of entries, or one key holding it (such "
                             f"as 'partners'); found keys {', '.join(map(str, document))} "
                             "(for a single organisation, put its object in [ ])")
        document = document[lists[0]]
    if not isinstance(document, list):
        raise InputError(path, "expected a list of entries, one mapping per organisation")
    return document


class _Object(dict):
    """A JSON object that remembers the keys it was given twice (``json`` keeps the last
    value silently), for the reader to name with the entry's number."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    obj.duplicates = []
    if len(obj) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                obj.duplicates.append(key)
            seen.add(key)
    return obj


def _parse_document(path: Path, text: str) -> Any:
    if path.suffix.lower() not in JSON_SUFFIXES:
        return load_yaml(path, text)
    try:
        document = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg.removesuffix(' at')} at column "
                         f"{exc.colno}; is the file complete?)", row=exc.lineno) from exc
    except RecursionError:
        raise InputError(path, "nested too deeply to read (thousands of levels of [ or {); "
                         "flatten it") from None
    if isinstance(document, _Object) and document.duplicates:
        raise InputError(path, f"key '{document.duplicates[0]}' given twice at the top "
                         "level (the second value would silently win); keep one")
    return document


def _entry_cells(path: Path, number: int, entry: Mapping[Any, Any],
                 header: list[str]) -> list[str]:
    """One entry's values in header order; a value that is an object is refused (it was
    stored as its Python repr), and so is a key given twice. A list of facility mappings
    (``facilities.facility_cell``) is the one object a cell may hold."""
    twice = getattr(entry, "duplicates", [])
    if twice:
        raise InputError(path, "key given twice in one entry (the second value would "
                         "silently win); keep one", row=number, field=twice[0])
    cells = []
    for name in header:
        value = entry.get(name)
        facilities = facility_cell(value)
        if facilities is not None:
            cells.append(facilities)
            continue
        if isinstance(value, Mapping) or (isinstance(value, list | tuple)
                                          and any(isinstance(v, Mapping) for v in value)):
            raise InputError(path, "holds an object ({...}), not text; write the value "
                             "itself", row=number, field=name)
        cells.append(cell_text(value))
    return cells


def _document_rows(path: Path) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    entries = _entries(path, _parse_document(path, _read_text(path)))
    header: dict[str, None] = {}  # ordered, and O(1) per key (a list was quadratic)
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            raise InputError(path, "entry is not a mapping of field: value", row=number)
        header.update((str(k), None) for k in entry)
        if len(header) > MAX_FIELDS:
            raise InputError(path, f"the entries name more than {MAX_FIELDS:,} different "
                             "fields (a registry has a few dozen); is this a registry?",
                             row=number)
    names = list(header)
    try:
        rows = [(number, _entry_cells(path, number, entry, names))
                for number, entry in enumerate(entries, start=1)]
    except RecursionError:
        raise InputError(path, "a value is nested too deeply to read; flatten it") from None
    return names, 0, rows


def raw_rows(path: Path) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    check_file(path, "registry file")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return xlsx_rows(path, _LIST_KEYS)
    if suffix in JSON_SUFFIXES + YAML_SUFFIXES:
        return _document_rows(path)
    return _csv_rows(path)
