"""Reading registries people keep: CSV, XLSX, JSON and YAML, into one row shape.

Every format ends up as the same ``Table`` (field -> header as the user wrote it, and rows
with the number the user would look for), so validation is written once and an error
points at the same place whichever program the registry was saved from: the physical
line of a CSV, the sheet row of an XLSX, the entry number of a JSON or YAML list.

Headers are matched leniently (case, spaces and punctuation ignored, usual aliases) and
``--map field=Header`` covers whatever the aliases miss; content is never guessed here.
Each format's own reading (delimiters, merged cells, lists of entries) is ``readers``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from consortium.errors import InputError
from consortium.partners.readers import (
    JSON_SUFFIXES,
    SUFFIXES,
    XLSX_SUFFIXES,
    YAML_SUFFIXES,
    raw_rows,
)


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
    header, header_line, raw = raw_rows(path)
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
