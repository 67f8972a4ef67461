"""Build calls/<topic id>.md from the Funding & Tenders portal's search export (CSV).

The export flattens each topic page into one line of text, and that line carries export
artefacts we must not feed to the matcher: the last topic of each destination also holds
the NEXT destination's introduction ("Destination - ... Proposals are invited against the
following topic(s):"), bold spans come out doubled ("TheThe"), and paragraph breaks survive
only as runs of spaces. This script undoes exactly those artefacts and nothing else, then
writes Markdown that ``consortium.calls.load_call`` reads back to the same requirements.

Usage: python scripts/build_calls.py [--source CSV] [--out calls/]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from consortium.calls import parse_call, render_section  # noqa: E402
from consortium.errors import InputError  # noqa: E402

DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "topics" / "portal_search_CL3_2025.csv"
DEFAULT_OUT = REPO / "calls"

_TOPIC_ID = re.compile(r"^([A-Z]+-[A-Z0-9]+-\d{4}-\d{2})-[A-Z]+-\d{2}$")
# Where the next destination's introduction starts inside a topic's description.
_NEXT_DESTINATION = re.compile(r"\s+Destination\s+[-\u2013]\s+")
# "TheThe", "capabilitiescapabilities": a word glued to itself. Real English words of that
# shape exist (murmur, tartar), hence the exceptions.
_DOUBLED = re.compile(r"\b([A-Za-z]{2,})\1\b")
_REAL_DOUBLES = frozenset({"murmur", "tartar", "couscous", "bonbon", "dodo", "tutu"})
# "population.The": a sentence end that lost its space, which hides the sentence boundary.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
# A page heading glued to the end of a title ("... SME innovation Specific conditions").
_GLUED_HEADING = re.compile(r"\s+Specific conditions$")
# Runs of 2+ spaces: after ":" ";" "," they separated list items (the list survives as
# "A; B"), elsewhere they were paragraph breaks.
_ITEM_BREAK = re.compile(r"(?<=[:;,]) {2,}")
_PARAGRAPH_BREAK = re.compile(r" {2,}")

ATTRIBUTION = "EU Funding & Tenders portal, search export ({name})"


@dataclass
class Topic:
    """One CSV row, repaired, ready to be written."""

    id: str
    title: str
    call: str
    action_type: str
    deadline: str
    opening_date: str
    description: str


def undouble(text: str) -> str:
    """Undo words the export glued to themselves ("SecuritySecurity" -> "Security")."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word.lower() in _REAL_DOUBLES else match.group(1)
    return _DOUBLED.sub(fix, text)


def repair_description(text: str) -> str:
    """Cut the next destination's text off and restore paragraphs; change no wording."""
    cut = _NEXT_DESTINATION.search(text)
    if cut:
        text = text[: cut.start()]
    text = undouble(text.replace("\r\n", "\n"))
    text = _GLUED_SENTENCE.sub(". ", text)
    text = _ITEM_BREAK.sub(" ", text)
    return _PARAGRAPH_BREAK.sub("\n\n", text).strip()


def _date(value: str) -> str:
    """The date part of the export's timestamps; empty stays empty (never guessed)."""
    value = value.strip()
    return value[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", value) else ""


def topic_from_row(row: dict[str, str], line: int, source: Path) -> Topic:
    topic_id = (row.get("identifier") or "").strip()
    match = _TOPIC_ID.match(topic_id)
    if match is None:
        raise InputError(source, f"'{topic_id}' is not a topic identifier "
                         "(expected e.g. HORIZON-CL3-2025-01-FCT-01)", row=line,
                         field="identifier")
    title = _GLUED_HEADING.sub("", undouble((row.get("title") or "").strip()))
    return Topic(
        id=topic_id,
        title=title,
        call=match.group(1),
        action_type=(row.get("action_type") or "").strip(),
        deadline=_date(row.get("deadline") or ""),
        opening_date=_date(row.get("start_date") or ""),
        description=repair_description(row.get("description") or ""),
    )


def render(topic: Topic, source_name: str) -> str:
    """The call file: front matter, title, then each section as Markdown."""
    call = parse_call(topic.description, source=f"{source_name}:{topic.id}")
    front = [
        "---",
        f"id: {topic.id}",
        f"title: {topic.title}",
        f"call: {topic.call}",
        f"type_of_action: {topic.action_type}",
        f"deadline: {topic.deadline}",
        f"opening_date: {topic.opening_date}",
        f"source: {ATTRIBUTION.format(name=source_name)}",
        "---",
        "",
        f"# {topic.title}",
    ]
    front = [line.rstrip() for line in front]  # "deadline:" when empty, no trailing blank
    body = [f"\n## {name}\n\n{render_section(text)}" for name, text in call.sections.items()]
    return "\n".join(front) + "\n" + "\n".join(body) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write via a temp file and os.replace, so a crash never leaves half a call file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_round_trip(topic: Topic, path: Path) -> int:
    """The written file must give the requirements the repaired portal text gives."""
    from consortium.calls import load_call

    expected = [(r.section, r.text) for r in parse_call(topic.description).requirements]
    loaded = load_call(path)
    got = [(r.section, r.text) for r in loaded.requirements]
    if got != expected or loaded.id != topic.id:
        raise SystemExit(f"{path}: reading the file back changed its requirements; "
                         "this is a bug in consortium.calls.render_section")
    return len(got)


def read_rows(source: Path) -> list[Topic]:
    if not source.is_file():
        raise InputError(source, "portal export not found (pass --source PATH)")
    with source.open(encoding="utf-8-sig", newline="") as handle:  # the export has a BOM
        reader = csv.DictReader(handle)
        return [topic_from_row(row, reader.line_num, source) for row in reader]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="portal search export CSV (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder for the call files (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        topics = read_rows(args.source)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for topic in topics:
        path = args.out / f"{topic.id}.md"
        try:
            write_atomic(path, render(topic, args.source.name))
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"{path}: {check_round_trip(topic, path)} requirements")
    print(f"wrote {len(topics)} call files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
