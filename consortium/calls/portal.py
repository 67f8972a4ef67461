"""Reading the portal's topic exports: topic JSON records and the search export (CSV).

The EU Funding & Tenders portal hands topics out as JSON records (one object, a list, or
objects simply concatenated; its search API nests fields under "metadata") and as a CSV
search export; ``topic_texts.csv.gz`` is a CSV of the same shape with a "source" column.
Each reader yields ``TopicRecord``s and appends one line to ``skipped`` for every record it
cannot use, so one bad topic does not cost the others. Kept apart from ``formats``, which
decides which reader a file needs and turns records into calls.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from consortium.calls.records import TopicRecord
from consortium.calls.repair import fix_mojibake, topic_conditions
from consortium.errors import InputError

_CSV_FIELD_LIMIT = 10_000_000
_ID_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Sources whose "?" stand for lost bullets and quotes (README of ../shared/data).
_LOSSY_SOURCES = ("mjarmak/data.csv",)
LOSSY_NOTE = ", lossy: '?' stood for lost quotes and bullets"


def _int(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    digits = re.sub(r"[\s,_]|\.0+$", "", str(value))
    return int(digits) if digits.isdigit() else None


def _date(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    match = _DATE.search(str(value or ""))
    return match.group(0) if match else ""


def _text(value: object) -> str:
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return "" if value is None else str(value).strip()


def _clean_id(value: object) -> str:
    """"HORIZON-CL3-2024-BM 01-04" occurs in the data: white space inside stands for "-"."""
    return _ID_SPACE.sub("-", _text(value).strip())


def _as_written(value: object, topic_id: str) -> str:
    """The id as the source wrote it, when cleaning changed it (else "")."""
    written = _text(value)
    return written if written != topic_id else ""


# --- JSON -----------------------------------------------------------------------------------

_JSON_KEYS = {
    "id": ("topicId", "identifier", "topic_id", "id", "topic"),
    "title": ("title",),
    "call": ("callIdentifier", "callId", "call"),
    "type_of_action": ("actionType", "action_type", "type_of_action", "typesOfAction"),
    "deadline": ("deadline", "deadlineDate", "deadlineDates"),
    "opening_date": ("startDate", "openingDate", "start_date", "opening_date"),
    "budget_min": ("budgetMin", "budget_min"),
    "budget_max": ("budgetMax", "budget_max"),
    "expected_grants": ("expectedGrants", "expected_grants"),
    "description": ("description", "descriptionByte"),
    "conditions": ("topicConditions", "conditions"),
}


def _pick(obj: dict[str, Any], name: str) -> object:
    for key in _JSON_KEYS[name]:
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


def _json_values(text: str, source: Path, skipped: list[str]) -> Iterator[object]:
    """Concatenated JSON values; a broken one is skipped up to the next object's start."""
    decoder = json.JSONDecoder()
    position, length = 0, len(text)
    while True:
        while position < length and text[position] in " \t\r\n,]":
            position += 1
        if position >= length:
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except RecursionError:
            raise InputError(source, "nested too deeply to read (thousands of levels of [ "
                             "or {); not a topic export", row=text.count("\n", 0, position)
                             + 1) from None
        except json.JSONDecodeError as error:
            if text[position] == "[":
                # A broken list (a truncated download): read its objects one by one, so
                # only the broken one is lost.
                position += 1
                continue
            line = text.count("\n", 0, position) + 1
            following = text.find('{"', max(error.pos, position + 1))
            skipped.append(f"{source}:{line}: broken JSON object skipped "
                           f"({error.msg.removesuffix(' at')} at "
                           f"line {error.lineno} column {error.colno})")
            if following < 0:
                return
            position = following
            continue
        yield value


def json_records(text: str, path: Path, skipped: list[str]) -> Iterator[TopicRecord]:
    for value in _json_values(text, path, skipped):
        for obj in value if isinstance(value, list) else [value]:
            if not isinstance(obj, dict):
                skipped.append(f"{path}: a JSON value that is not a topic object skipped")
                continue
            if isinstance(obj.get("metadata"), dict):  # the portal's search API shape
                obj = {**{k: _text(v) for k, v in obj["metadata"].items()}, **obj}
            topic_id = _clean_id(_pick(obj, "id"))
            if not topic_id:
                skipped.append(f"{path}: topic '{_text(obj.get('title'))[:60]}' skipped: "
                               "no topicId/identifier")
                continue
            action = _text(_pick(obj, "type_of_action"))
            yield TopicRecord(
                id=topic_id, id_as_written=_as_written(_pick(obj, "id"), topic_id),
                title=fix_mojibake(_text(obj.get("title"))),
                call=_text(_pick(obj, "call")),
                type_of_action=action if len(action) <= 12 else "",
                deadline=_date(_pick(obj, "deadline")),
                opening_date=_date(_pick(obj, "opening_date")),
                budget_min=_int(_pick(obj, "budget_min")),
                budget_max=_int(_pick(obj, "budget_max")),
                expected_grants=_int(_pick(obj, "expected_grants")),
                description=_text(_pick(obj, "description")),
                conditions=topic_conditions(_text(_pick(obj, "conditions"))),
                source=f"EU Funding & Tenders portal, topic JSON ({path.name})")


# --- CSV ------------------------------------------------------------------------------------


def csv_records(text: str, path: Path, skipped: list[str]) -> Iterator[TopicRecord]:
    csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text, newline=""))  # csv reads \r, \r\n, \n
    headers = {h.strip().lower(): h for h in reader.fieldnames or []}
    id_key = headers.get("identifier") or headers.get("topic") or headers.get("topicid")
    text_key = headers.get("description")
    if id_key is None or text_key is None:
        raise InputError(path, "not a topic CSV: need an 'identifier' (or 'topic') column and "
                         f"a 'description' column; found {', '.join(headers) or 'none'}")

    def get(row: dict[str, str], name: str) -> str:
        key = headers.get(name)
        return (row.get(key) or "").strip() if key else ""

    for row in reader:
        topic_id = _clean_id(row.get(id_key))
        if not topic_id:
            skipped.append(f"{path}:{reader.line_num}: row without a topic id skipped")
            continue
        origin = get(row, "source")
        lossy = origin in _LOSSY_SOURCES
        yield TopicRecord(
            id=topic_id, id_as_written=_as_written(row.get(id_key), topic_id),
            title=re.sub(r"\s+Specific conditions$", "", get(row, "title")),
            type_of_action=get(row, "action_type") or get(row, "type_of_action"),
            deadline=_date(get(row, "deadline")), opening_date=_date(get(row, "start_date")),
            budget_min=_int(get(row, "budget_min")), budget_max=_int(get(row, "budget_max")),
            expected_grants=_int(get(row, "expected_grants")),
            description=row.get(text_key) or "",
            source=(f"{path.name} (from {origin}{LOSSY_NOTE if lossy else ''})" if origin
                    else f"EU Funding & Tenders portal, search export ({path.name})"),
            flat_spaces=not origin or not lossy)
