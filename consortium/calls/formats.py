"""Read topics from every form the portal hands them out in, into one normalised Markdown.

Users bring Markdown they wrote, the portal's search export (CSV), its topic records
(JSON: one object, a list, or objects simply concatenated, gzip or not), an HTML page, or
the lossy ``topic_texts.csv.gz``. This module tells the forms apart and reads them into
calls; the export readers are ``portal`` (each yields ``TopicRecord``s), and a record becomes
the normalised Markdown of ``records``, the same file ``calls import`` writes. That Markdown
is what gets parsed, so a topic read from an export and the file written from it always give
the same requirements.

One bad topic must not cost the others: a record that cannot be used is skipped with one
line saying which and why, and the caller reports how many were skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from consortium.calls.folder import CALL_SUFFIXES
from consortium.calls.portal import csv_records, json_records
from consortium.calls.records import TopicRecord, call_markdown
from consortium.calls.repair import html_to_text, looks_like_html
from consortium.calls.topic import Call, load_call, parse_call
from consortium.calls.topic_ids import Correction, TopicRow, check_topic_ids
from consortium.errors import InputError
from consortium.files import decode_text, gunzip, read_input


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
    reader = json_records if kind == "json" else csv_records
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
