"""Read topics from every form the portal hands them out in, into one normalised Markdown.

Users bring Markdown they wrote, the portal's search export (CSV), its topic records
(JSON: one object, a list, or objects simply concatenated, gzip or not), an HTML page, or
the lossy ``topic_texts.csv.gz``. Each reader yields ``TopicRecord``s; a record becomes the
same Markdown that ``calls import`` writes, and that Markdown is what gets parsed, so a topic
read from an export and the file written from it always give the same requirements.

One bad topic must not cost the others: a record that cannot be used is skipped with one
line saying which and why, and the caller reports how many were skipped.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consortium.calls.repair import (
    fix_mojibake,
    html_to_text,
    looks_like_html,
    repair,
    split_description,
    topic_conditions,
)
from consortium.calls.topic import (
    CALL_SUFFIXES,
    SCOPE,
    UNLABELLED,
    Call,
    load_call,
    parse_call,
    render_section,
    trl_of,
)
from consortium.calls.topic_ids import Correction, TopicRow, check_topic_ids
from consortium.errors import InputError
from consortium.files import decode_text, gunzip, read_input

CONDITIONS_HEADING = "Specific conditions"
_CSV_FIELD_LIMIT = 10_000_000
_ID_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Sources whose "?" stand for lost bullets and quotes (README of ../shared/data).
_LOSSY_SOURCES = ("mjarmak/data.csv",)
LOSSY_NOTE = ", lossy: '?' stood for lost quotes and bullets"


@dataclass
class TopicRecord:
    """One topic as a source gives it, before it is cut into requirements."""

    id: str
    title: str = ""
    call: str = ""
    type_of_action: str = ""
    deadline: str = ""
    opening_date: str = ""
    budget_min: int | None = None
    budget_max: int | None = None
    expected_grants: int | None = None
    description: str = ""
    conditions: str = ""  # topic-specific eligibility text, if the source has it apart
    source: str = ""  # attribution line: which file, which export
    flat_spaces: bool = False  # paragraph breaks written as runs of spaces (search export)
    id_as_written: str = ""  # the source's id when it had to be cleaned ("...-BM 01-04")

    def markdown(self) -> str:
        """The normalised topic file; raises InputError when there is nothing to cut.

        A description without "Expected Outcome:" / "Scope:" labels (prizes, EIC, LIFE,
        cascade-funding open calls) is read whole as Scope, and the front matter says
        ``sections: unlabelled`` so a reader knows the split is not the portal's.
        """
        where = f"{self.source}: topic {self.id}"
        if not self.description.strip():
            raise InputError(where, "empty description (no Expected Outcome or Scope text)")
        text = repair(self.description, flat_spaces=self.flat_spaces)
        sections, tail = split_description(text)
        unlabelled = not sections
        if unlabelled:
            # The same cut as for labelled text ("Specific Topic Conditions:" goes with
            # the conditions), with the whole rest as the one Scope section.
            sections, tail = split_description(f"{SCOPE}: {text}")
        if not sections:
            raise InputError(where, "the description has no topic text (only "
                             "'Specific Topic Conditions', URLs or footnotes), so there is "
                             "nothing to cut into requirements")
        conditions = "\n\n".join(part for part in (self.conditions.strip(), tail) if part)
        text = "\n\n".join(f"{name}: {body}" for name, body in sections.items())
        trl = trl_of(f"{text}\n{conditions}")
        front = [("id", self.id), ("title", self.title), ("call", self.call),
                 ("type_of_action", self.type_of_action), ("deadline", self.deadline),
                 ("opening_date", self.opening_date), ("budget_min", self.budget_min),
                 ("budget_max", self.budget_max), ("expected_grants", self.expected_grants),
                 ("trl", trl), ("source", self.source)]
        if unlabelled:
            front.append(("sections", UNLABELLED))
        lines = ["---", *(f"{key}: {'' if value is None else value}".rstrip()
                          for key, value in front), "---", "", f"# {self.title or self.id}"]
        for name, body in sections.items():
            lines += ["", f"## {name}", "", render_section(body)]
        if conditions:
            lines += ["", f"## {CONDITIONS_HEADING}", "", conditions]
        return "\n".join(lines) + "\n"


@dataclass
class ReadResult:
    """Topics read from one or more files, one line for each topic that was skipped, and
    one for each topic read whole as Scope for want of Expected Outcome / Scope headings."""

    calls: list[Call] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)  # the normalised file of each call
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unlabelled: int = 0  # topics imported without headings (each has a warning line)
    # Records filed under the wrong id, relabelled or dropped (only with cordis_titles).
    corrections: list[Correction] = field(default_factory=list)


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


def _decompress(path: Path) -> str:
    data = read_input(path, "topic file")
    if data[:2] == b"\x1f\x8b":
        data = gunzip(path, data)
    return decode_text(path, data)


def _kind(path: Path, text: str) -> str:
    name = path.name.lower().removesuffix(".gz")
    for suffix, kind in ((".json", "json"), (".jsonl", "json"), (".csv", "csv"),
                         (".html", "html"), (".htm", "html")):
        if name.endswith(suffix):
            return kind
    if any(name.endswith(s) for s in CALL_SUFFIXES) or name.endswith(".markdown"):
        return "text"
    head = text.lstrip()[:200]
    if head[:1] in "{[":
        return "json"
    if head[:1] == "<":
        return "html"
    raise InputError(path, "unknown format (give .md/.txt, .csv, .json or .html, optionally "
                     ".gz: a portal export, topic JSON or a topic text)")


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


def _json_records(text: str, path: Path, skipped: list[str]) -> Iterator[TopicRecord]:
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


def _csv_records(text: str, path: Path, skipped: list[str]) -> Iterator[TopicRecord]:
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


# --- files ----------------------------------------------------------------------------------


def read_records(path: str | Path, option: str | None = None) \
        -> tuple[list[TopicRecord], list[Call], list[str]]:
    """Records from an export, or a ready Call for a Markdown/text file; plus skip lines."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found" if not path.exists() else
                         "is not a file (give a topic file or a portal export)")
    text = _decompress(path)
    if not text.strip():
        raise InputError(path, "file is empty")
    kind = _kind(path, text)
    skipped: list[str] = []
    if kind == "text":
        return [], [load_call(path, option, warn=None)], skipped
    if kind == "html":
        body = html_to_text(text) if looks_like_html(text) else text
        return [], [parse_call(body, source=str(path), option=option)], skipped
    reader = _json_records if kind == "json" else _csv_records
    try:
        return list(reader(text, path, skipped)), [], skipped
    except csv.Error as error:
        raise InputError(path, f"not a readable CSV file ({error})") from None


def read_topics(paths: list[Path] | list[str], option: str | None = None,
                only: tuple[str, ...] = (),
                cordis_titles: Mapping[str, str] | None = None) -> ReadResult:
    """Every topic in ``paths``; ``only`` keeps ids containing one of the given strings.

    With ``cordis_titles`` (``topic_ids.read_cordis_titles``), the records of all files
    are first checked together for texts filed under the wrong id (``topic_ids``):
    relabelled records are read under their corrected id, dropped ones not at all, and
    ``ReadResult.corrections`` says which and why (over every record, before ``only``).
    """
    result = ReadResult()
    wanted = tuple(s.casefold() for s in only)
    filtered_out = 0
    read: list[tuple[Path, list[TopicRecord], list[Call]]] = []
    for path in paths:
        records, calls, skipped = read_records(path, option)
        result.skipped += skipped
        read.append((Path(path), records, calls))
    if cordis_titles is not None:
        result.corrections = _correct_ids([r for _, records, _ in read for r in records],
                                          cordis_titles)
        read = [(path, [r for r in records if r.id], calls) for path, records, calls in read]
    for path, records, calls in read:
        filtered_out += len(calls)
        for record in records:
            if wanted and not any(w in record.id.casefold() for w in wanted):
                filtered_out += 1
                continue
            try:
                markdown = record.markdown()
                call = parse_call(markdown, option=option,
                                  source=f"{path}:{record.id_as_written or record.id}")
            except InputError as error:
                result.skipped.append(str(error))
                continue
            if call.unlabelled:
                # On the call too, so commands that only get the calls (radar) can say it.
                call.warnings = [f"{call.source}: no 'Expected Outcome:' or 'Scope:' "
                                 "heading; the whole description was read as Scope"]
                result.unlabelled += 1
                result.warnings += call.warnings
            result.calls.append(call)
            result.markdown.append(markdown)
        for call in calls:
            if not wanted or any(w in call.id.casefold() for w in wanted):
                result.unlabelled += bool(call.warnings)
                result.warnings += call.warnings
                result.calls.append(call)
                result.markdown.append(call_markdown(call))
    if not result.calls and not filtered_out and result.skipped:
        # Nothing usable at all is a failure (exit code 1), not a run that wrote nothing;
        # topics left out by ``only`` were usable, so that case stays the caller's to word.
        raise InputError(", ".join(str(p) for p in paths), f"no topic could be read "
                         f"({len(result.skipped)} skipped); the first: {result.skipped[0]}")
    return result


def _correct_ids(records: list[TopicRecord], cordis_titles: Mapping[str, str]) \
        -> list[Correction]:
    """Apply ``topic_ids.check_topic_ids`` to the records in place: a relabelled record
    gets its new id (the old one stays as ``id_as_written``, and its ``source`` says so);
    a dropped record's id is emptied, for the caller to leave it out."""
    rows = [TopicRow(r.id, r.title, r.description, r.source) for r in records]
    corrections = check_topic_ids(rows, cordis_titles)
    for correction in corrections:
        record = records[correction.index]
        if correction.dropped:
            record.id = ""
            continue
        record.id_as_written = record.id_as_written or record.id
        record.source += (f"; filed there as {correction.id}, relabelled: it has CORDIS's "
                          f"title of {correction.new_id}")
        record.id = correction.new_id
    return corrections


def same_topic(first: Call, second: Call) -> bool:
    """True when two topics read under one id are one topic: the same requirements, or the
    same section texts once white space and case are set aside (two exports of one text)."""
    def texts(call: Call) -> list[str]:
        return [" ".join(text.split()).casefold() for text in call.sections.values()]

    return ([r.text for r in first.requirements] == [r.text for r in second.requirements]
            or texts(first) == texts(second))


def call_markdown(call: Call) -> str:
    """A Call as a normalised topic file (for topics read from Markdown, text or HTML)."""
    front = [("id", call.id), ("title", call.title), ("call", call.call),
             ("type_of_action", call.action_type), ("deadline", call.deadline),
             ("opening_date", call.opening_date), ("budget_min", call.budget_min),
             ("budget_max", call.budget_max), ("expected_grants", call.expected_grants),
             ("trl", call.trl), ("source", call.source)]
    if call.unlabelled:
        front.append(("sections", UNLABELLED))
    lines = ["---", *(f"{key}: {'' if value is None else value}".rstrip()
                      for key, value in front), "---", "", f"# {call.title}"]
    for name, body in call.sections.items():
        lines += ["", f"## {name}", "", render_section(body)]
    conditions = "\n".join(f"- {c.sentence}" for c in call.conditions
                            if c.sentence not in "\n".join(call.sections.values()))
    if conditions:
        lines += ["", f"## {CONDITIONS_HEADING}", "", conditions]
    return "\n".join(lines) + "\n"


def safe_filename(topic_id: str) -> str:
    """Topic ids are file names; anything outside [A-Za-z0-9._-] must not reach the path."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", topic_id).strip("._")
    return f"{name or 'topic'}.md"
