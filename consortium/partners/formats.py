"""Reading registries people keep: CSV, XLSX, JSON and YAML, into one row shape.

Every format ends up as the same ``Table`` (field -> header as the user wrote it, and rows
with the number the user would look for), so validation is written once and an error
points at the same place whichever program the registry was saved from: the physical
line of a CSV, the sheet row of an XLSX, the entry number of a JSON or YAML list.

Headers are matched leniently (case, spaces and punctuation ignored, usual aliases) and
``--map field=Header`` covers whatever the aliases miss; content is never guessed here.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from consortium.errors import InputError
from consortium.files import MAX_INPUT_BYTES, check_file, decode_text, read_input

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES + JSON_SUFFIXES + YAML_SUFFIXES

# Keys under which a JSON/YAML document may hold its list of entries.
_LIST_KEYS = ("partners", "members", "organisations", "organizations", "registry", "rows")


@dataclass
class Table:
    """A parsed registry: canonical field -> header as written, rows with their number."""

    path: Path
    columns: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]


def header_key(header: str) -> str:
    """'Short name', 'shortName', 'short_name' and 'SHORT-NAME' all compare equal."""
    return re.sub(r"[^a-z0-9]+", "", header.lower())


def parse_mapping(pairs: Iterable[str], fields: Iterable[str]) -> dict[str, str]:
    """Turn ``field=Header`` option values into {field: Header}, refusing unknown fields."""
    known = list(fields)
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, header = pair.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not name or not header.strip():
            raise InputError("--map", f"'{pair}' is not field=Header (e.g. name=Organisation)")
        if name not in known:
            raise InputError("--map", f"unknown field '{name}' (fields: {', '.join(known)})")
        mapping[name] = header.strip()
    return mapping


# --------------------------------------------------------------------------- raw rows


def _read_text(path: Path) -> str:
    """Read a whole file as UTF-8 or BOM-marked UTF-16 (``textfiles``), refusing the rest."""
    text = decode_text(path, read_input(path, "registry file"),
                       "re-save it as 'CSV UTF-8' (Excel) or as UTF-8")
    if not text.strip():
        raise InputError(path, "empty file (expected a header row and one row per entry)")
    return text


def _sniff_delimiter(text: str, suffix: str) -> str:
    """Decide on the header alone: prose in later rows holds every delimiter."""
    header = text.lstrip().split("\n", 1)[0]
    if suffix == ".tsv" or header.count("\t") > max(header.count(","), header.count(";")):
        return "\t"
    return ";" if header.count(";") > header.count(",") else ","


def _csv_rows(path: Path) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    text = _read_text(path)
    # A 1 MB description is one field; the csv module's default cap is 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_INPUT_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=_sniff_delimiter(text, path.suffix.lower()))
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
    return header, header_line, rows


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


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_down(sheet: Any) -> dict[int, list[tuple[int, int]]]:
    """Merged ranges as {first row: [(column, last row)]}, for filling values down.

    Read-only sheets (which keep memory flat) do not expose merged cells, so the sheet's
    XML is scanned for them; if that fails the merged cells simply read as blanks.
    """
    from openpyxl.utils import column_index_from_string

    source = getattr(sheet, "_get_source", None)
    found: set[tuple[bytes, ...]] = set()
    if source is None:
        return {}
    try:
        with source() as handle:
            tail = b""
            while chunk := handle.read(1 << 20):
                block = tail + chunk
                found.update(_MERGE.findall(block))
                tail = block[-300:]
    except Exception:  # a best effort over openpyxl internals: blanks are the fallback
        return {}
    ranges: dict[int, list[tuple[int, int]]] = {}
    for col, first, _, last in found:
        if int(last) > int(first):
            ranges.setdefault(int(first), []).append(
                (column_index_from_string(col.decode()) - 1, int(last)))
    return ranges


def _sheet_rows(sheet: Any) -> tuple[list[str] | None, int, list[tuple[int, list[str]]]]:
    """Header and rows of one sheet, as the user sees them.

    A merged cell spanning rows (a country written once for three members) is the same
    value in each of those rows; a merged spanning columns belongs to its first column.
    Title rows above the table (one distinct value, often merged across the columns)
    are skipped: a header names at least two columns.
    """
    down = _merged_down(sheet)
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
        if header is None:
            first = first or (cells, number)
            if len({cell for cell in cells if cell}) >= 2:
                header, header_line = cells, number
        else:
            rows.append((number, cells))
    if header is None and first is not None:
        header, header_line = first
    return header, header_line, rows


def _xlsx_rows(path: Path) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    import openpyxl  # lazy: only XLSX registries pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors
        raise InputError(path, f"not a readable XLSX workbook ({exc})") from exc
    try:
        # A sheet named like a registry wins; otherwise the first sheet holding a table
        # (a blank or cover sheet before the data is common).
        names = {name.lower(): name for name in book.sheetnames}
        named = [names[k] for k in _LIST_KEYS if k in names]
        header: list[str] | None = None
        header_line = 0
        rows: list[tuple[int, list[str]]] = []
        for name in named[:1] or book.sheetnames:
            found = _sheet_rows(book[name])
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


def _document_rows(path: Path) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    text = _read_text(path)
    try:
        if path.suffix.lower() in JSON_SUFFIXES:
            document = json.loads(text)
        else:
            import yaml  # lazy, like openpyxl

            document = yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON ({exc.msg.removesuffix(' at')} at column "
                         f"{exc.colno}; is the file complete?)", row=exc.lineno) from exc
    except Exception as exc:  # yaml.YAMLError carries the position in its text
        raise InputError(path, f"not valid YAML ({' '.join(str(exc).split())})") from exc
    entries = _entries(path, document)
    header: list[str] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            raise InputError(path, "entry is not a mapping of field: value", row=number)
        header.extend(str(k) for k in entry if str(k) not in header)
    rows = [(number, [cell_text(entry.get(h)) for h in header])
            for number, entry in enumerate(entries, start=1)]
    return header, 0, rows


def _raw_rows(path: Path) -> tuple[list[str], int, list[tuple[int, list[str]]]]:
    check_file(path, "registry file")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _xlsx_rows(path)
    if suffix in JSON_SUFFIXES + YAML_SUFFIXES:
        return _document_rows(path)
    return _csv_rows(path)


# ---------------------------------------------------------------------------- mapping


def _map_columns(path: Path, header: list[str], spec: dict[str, tuple[str, ...]],
                 required: list[str], unless: dict[str, str], line: int,
                 mapping: dict[str, str]) -> dict[str, str]:
    """Map headers to fields; ``unless`` = {field: other} makes field required without other."""
    where = line or None
    by_key = {header_key(raw): raw for raw in header}
    columns: dict[str, str] = {}
    for name, wanted in mapping.items():
        raw = by_key.get(header_key(wanted))
        if raw is None:
            found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
            raise InputError(path, f"--map {name}={wanted}: no such column (columns found: "
                             f"{found})", row=where)
        columns[name] = raw
    mapped = set(columns.values())
    aliases = {header_key(alias): name for name, options in spec.items() for alias in options}
    for raw in header:
        known = aliases.get(header_key(raw))
        if known is None or raw in mapped or known in mapping:
            continue
        if known in columns:
            raise InputError(path, f"columns '{columns[known]}' and '{raw.strip()}' both mean "
                             f"{known}; keep one (or choose with --map {known}=HEADER)",
                             row=where)
        columns[known] = raw
    found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
    for name in required + [n for n, other in unless.items() if other not in columns]:
        if name not in columns:
            accepted = ", ".join(spec[name])
            alternative = f", or a '{unless[name]}' column" if name in unless else ""
            raise InputError(path, f"missing required column '{name}' (accepted headers: "
                             f"{accepted}{alternative}; or --map {name}=HEADER; columns "
                             f"found: {found})", row=where)
    return columns


def read_table(path: Path, spec: dict[str, tuple[str, ...]], required: list[str], what: str,
               unless: dict[str, str] | None = None,
               mapping: dict[str, str] | None = None) -> Table:
    """Read any supported format and keep only the columns the spec knows."""
    header, header_line, raw = _raw_rows(path)
    columns = _map_columns(path, header, spec, required, unless or {}, header_line,
                           mapping or {})
    positions = {name: header.index(h) for name, h in columns.items()}
    rows = [(number, {name: record[pos] if pos < len(record) else ""
                      for name, pos in positions.items()})
            for number, record in raw]
    if not rows:
        raise InputError(path, f"no {what} (the file has a header but no rows)")
    return Table(path, columns, rows)


# ---------------------------------------------------------------------------- writing


def write_table(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write rows in the format the extension names, readable back by ``read_table``."""
    from consortium.files import write_atomic

    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, f"unknown export format (use one of {', '.join(SUFFIXES)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    content: str | bytes
    if suffix in XLSX_SUFFIXES:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook always has one sheet
        sheet.title = "partners"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    elif suffix in JSON_SUFFIXES + YAML_SUFFIXES:
        entries = [{h: v for h, v in zip(header, row) if v != ""} for row in rows]
        if suffix in JSON_SUFFIXES:
            content = json.dumps({"partners": entries}, ensure_ascii=False, indent=2) + "\n"
        else:
            import yaml

            content = yaml.safe_dump({"partners": entries}, allow_unicode=True,
                                     sort_keys=False)
    else:
        text = io.StringIO(newline="")
        writer = csv.writer(text, delimiter="\t" if suffix == ".tsv" else ",")
        writer.writerow(header)
        writer.writerows(rows)
        content = text.getvalue()
    write_atomic(path, content)


def csv_text(fields: list[str], rows: Iterable[Mapping[str, str]]) -> str:
    """Rows as CSV text with "\\n" line ends, for the shipped pools: the build scripts
    write them byte for byte the same on every platform, so a rebuild shows no diff."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
