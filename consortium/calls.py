"""The "calls" stage: read a Horizon Europe topic text and cut it into requirements.

A topic text says what funded projects must deliver in two places, "Expected Outcome" and
"Scope". Every later stage scores partners against single requirements, so each one must be
a self-contained piece of prose: one outcome from a list, or one sentence of the scope.

Topic texts reach us in two shapes: Markdown files we (or a user) wrote, and the portal's
flat export where bullet lists were squashed into "...outcomes: A; B; C." inside one long
paragraph. Both must give the same requirements, which is why ``render_section`` exists:
``scripts/build_calls.py`` turns the flat text into Markdown with it, and loading that
Markdown back yields exactly the requirements the flat text gave.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from consortium.errors import InputError
from consortium.text import clean, split_sentences

EXPECTED_OUTCOME = "Expected Outcome"
SCOPE = "Scope"
SECTION_NAMES = (EXPECTED_OUTCOME, SCOPE)
CALL_SUFFIXES = (".md", ".txt")

# A fragment shorter than this (in words) is not a requirement on its own: "Participation of
# SMEs is encouraged." reads better, and embeds better, together with its neighbour.
MIN_WORDS = 6
# A colon after fewer words than this is a label ("Option a:"), not a list's lead-in.
MIN_LEAD_WORDS = 3

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(.*\S)\s*$")
_SECTION_HEADING = re.compile(r"^(expected\s+outcomes?|scope)\s*:?$", re.IGNORECASE)
# Plain-text labels as the portal prints them, at a line start or inside one long paragraph.
# Only capitalised forms count: "within its scope: ..." in running prose is not a label.
_LABEL = re.compile(r"(?<!\w)(Expected [Oo]utcomes?|EXPECTED OUTCOMES?|Scope|SCOPE)[ \t]*:")
_LEAD_COLON = re.compile(r":(?=\s|$)")
_TOPIC_CALL = re.compile(r"^([A-Z]+-[A-Z0-9]+-\d{4}-\d{2})-[A-Z]+-\d{2}$")
_WORD = re.compile(r"[A-Za-z]+")

# Words that only frame a list ("Project results are expected to contribute to some or all
# of the following outcomes:"). A lead-in made of these alone says nothing a partner could
# match against, so it is dropped instead of becoming a requirement.
_FRAMING = frozenset((
    "a", "achieve", "action", "actions", "activities", "address", "aim", "aims", "all", "an",
    "and", "any", "are", "as", "at", "be", "both", "but", "contribute", "contributing", "deliver",
    "e", "each", "examples", "expected", "following", "for", "g", "i", "impact", "impacts", "in",
    "include", "includes", "including", "least", "limited", "may", "more", "must", "not",
    "objective", "objectives", "of", "one", "option", "options", "or", "out", "outcome",
    "outcomes", "particular", "plan", "project", "projects", "proposal", "proposals", "proposed",
    "relevant", "result", "results", "s", "shall", "should", "solutions", "some", "such",
    "technologies", "that", "the", "these", "this", "though", "three", "to", "topic", "two",
    "under", "will", "with",
))


@dataclass(frozen=True)
class Requirement:
    """One thing the topic asks for, matched against partner expertise on its own."""

    id: str  # "R1", "R2", ... numbered in document order across sections
    section: str  # "Expected Outcome" or "Scope"
    text: str
    weight: float = 1.0


@dataclass
class Call:
    """A topic text with its metadata and the requirements cut from it."""

    id: str  # topic id, e.g. HORIZON-CL3-2025-01-FCT-01
    title: str
    call: str  # call id, e.g. HORIZON-CL3-2025-01 ("" if unknown)
    action_type: str  # e.g. RIA / IA / CSA, "" if unknown
    deadline: str  # ISO date or "" if unknown
    source: str  # path it was read from
    sections: dict[str, str]  # ordered section name -> raw section text
    requirements: list[Requirement]


# --- segmenting a section -----------------------------------------------------------------


@dataclass
class _Prose:
    """Consecutive sentences of one paragraph; short ones merge only within this run."""

    sentences: list[str]


@dataclass
class _List:
    """A list: from Markdown bullets, or from "lead: A; B; C." flattened by the portal."""

    lead: str
    items: list[str]


_Block = _Prose | _List


def _word_count(text: str) -> int:
    return len(text.split())


def _is_framing(lead: str) -> bool:
    """True for lead-ins like "...contribute to some or all of the following outcomes:"."""
    return all(word in _FRAMING for word in _WORD.findall(lead.lower()))


def _split_top_level(text: str, sep: str) -> list[str]:
    """Split at ``sep`` outside brackets, so "(e.g. A; B)" stays one item."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_KEEP_FINAL_DOT = re.compile(r"(?:\b(?:etc|al|incl|[A-Za-z]\.[A-Za-z])|\.)\.$")


def _tidy_item(item: str) -> str:
    """Drop the separators a list leaves around an item ("needs.;" -> "needs").

    Only the last item of a flattened list ends in "."; without this one item in each list
    would differ from its siblings. "etc." and "e.g." keep their dot.
    """
    item = item.strip().rstrip(";,").strip()
    if item.endswith(".") and not _KEEP_FINAL_DOT.search(item):
        item = item[:-1].rstrip()
    return item


def _lead_and_rest(sentence: str) -> tuple[str, str] | None:
    """Cut a sentence at its first top-level colon, if what precedes it is a lead-in."""
    for match in _LEAD_COLON.finditer(sentence):
        lead = sentence[: match.end()]
        if lead.count("(") != lead.count(")"):
            continue  # colon inside brackets
        if _word_count(lead) < MIN_LEAD_WORDS:
            return None  # "Option a: ..." is a label, part of the sentence
        return lead.strip(), sentence[match.end():].strip()
    return None


def _inline_list(sentence: str) -> _List | None:
    """Recognise "lead: A; B; C." (the portal's flattened bullet list) in one sentence."""
    cut = _lead_and_rest(sentence)
    if cut is None:
        return None
    lead, rest = cut
    items = [_tidy_item(part) for part in _split_top_level(rest, ";")]
    items = [item for item in items if item]
    if len(items) < 2:
        return None
    return _List(lead, items)


def _has_semicolon(sentence: str) -> bool:
    return len(_split_top_level(sentence, ";")) > 1


def _paragraph_blocks(paragraph: str) -> list[_Block]:
    """Cut one prose paragraph into runs of sentences and inline lists, in order.

    A flattened list item may hold two sentences ("lead: A. More on A; B; C."), so a
    sentence with a lead-in absorbs the following sentences that continue its list: those
    with a ";" and no lead-in of their own (that would start the next list).
    """
    blocks: list[_Block] = []
    run: list[str] = []
    sentences = split_sentences(paragraph)
    index = 0
    while index < len(sentences):
        sentence = sentences[index]
        index += 1
        if _lead_and_rest(sentence) is not None:
            while (index < len(sentences) and _has_semicolon(sentences[index])
                   and _lead_and_rest(sentences[index]) is None):
                sentence = f"{sentence} {sentences[index]}"
                index += 1
        found = _inline_list(sentence)
        if found is None:
            run.extend(split_sentences(sentence))
            continue
        if run:
            blocks.append(_Prose(run))
            run = []
        blocks.append(found)
    if run:
        blocks.append(_Prose(run))
    return blocks


def _take_lead(blocks: list[_Block]) -> str:
    """Pop the sentence ending in ":" just before a bullet list: that is its lead-in."""
    if not blocks or not isinstance(blocks[-1], _Prose):
        return ""
    last = blocks[-1]
    if not last.sentences[-1].endswith(":"):
        return ""
    lead = last.sentences.pop()
    if not last.sentences:
        blocks.pop()
    return lead


def _blocks(section_text: str) -> list[_Block]:
    """Parse a section into prose runs and lists, following Markdown where there is any."""
    blocks: list[_Block] = []
    paragraph: list[str] = []
    items: list[str] | None = None  # the open bullet list, if any
    after_blank = False

    def flush_paragraph() -> None:
        if paragraph:
            blocks.extend(_paragraph_blocks(" ".join(paragraph)))
            paragraph.clear()

    for line in clean(section_text).split("\n"):
        bullet = _BULLET.match(line)
        if bullet:
            flush_paragraph()
            if items is None:
                items = []
                blocks.append(_List(_take_lead(blocks), items))
            items.append(bullet.group(1))
        elif not line.strip():
            flush_paragraph()
        elif _HEADING.match(line):
            flush_paragraph()  # a sub-heading labels what follows; it is not a requirement
            items = None
        elif items is not None and not after_blank:
            items[-1] += " " + line.strip()  # continuation of a wrapped bullet
        else:
            items = None
            paragraph.append(line.strip())
        after_blank = not line.strip()
    flush_paragraph()
    for block in blocks:
        if isinstance(block, _List):
            block.items[:] = [tidy for tidy in map(_tidy_item, block.items) if tidy]
    return [b for b in blocks if not (isinstance(b, _List) and not b.items)]


def _strip_framing_lead(sentence: str) -> str:
    """"...the following outcome(s): Enhanced X." -> "Enhanced X." (a one-item list)."""
    cut = _lead_and_rest(sentence)
    if cut is not None and _is_framing(cut[0]):
        return cut[1]
    return sentence


def _merge_short(sentences: list[str]) -> list[str]:
    """Merge fragments under MIN_WORDS words into the previous sentence (else the next)."""
    merged: list[str] = []
    pending = ""
    for sentence in sentences:
        if pending:
            sentence = f"{pending} {sentence}"
            pending = ""
        if _word_count(sentence) >= MIN_WORDS:
            merged.append(sentence)
        elif merged:
            merged[-1] = f"{merged[-1]} {sentence}"
        else:
            pending = sentence
    if pending:
        merged.append(pending)  # the whole run is short: keep it rather than lose it
    return merged


def _block_texts(block: _Block) -> list[str]:
    if isinstance(block, _Prose):
        return _merge_short([_strip_framing_lead(s) for s in block.sentences])
    texts = list(block.items)
    if block.lead and not _is_framing(block.lead) and _word_count(block.lead) >= MIN_WORDS:
        texts.insert(0, block.lead)  # a lead-in that says something is context worth keeping
    return texts


def _has_prose(text: str) -> bool:
    return len(_WORD.findall(text)) >= 2


def segment(section_text: str) -> list[str]:
    """Split a section into requirement texts, in document order.

    Bullets (Markdown, or the portal's "lead: A; B; C.") give one requirement per item;
    other prose gives one per sentence. Lead-ins that only frame a list are dropped.
    """
    texts: list[str] = []
    for block in _blocks(section_text):
        texts.extend(_block_texts(block))
    return [t.strip() for t in texts if _has_prose(t)]


def render_section(section_text: str) -> str:
    """Write a section as Markdown: prose as paragraphs, lists as bullets.

    ``segment`` gives the same requirements for the result as for the input, which is what
    lets ``scripts/build_calls.py`` store the portal's flat text as readable Markdown.
    """
    parts: list[str] = []
    for block in _blocks(section_text):
        if isinstance(block, _Prose):
            parts.append(" ".join(block.sentences))
            continue
        if block.lead:
            # A paragraph of its own: glued to the prose before it, it could fuse with that
            # prose's last sentence and no longer be found as the lead-in.
            parts.append(block.lead)
        parts.append("\n".join(f"- {item}" for item in block.items))
    return "\n\n".join(parts)


def split_requirements(sections: dict[str, str]) -> list[Requirement]:
    """Number requirements R1, R2, ... across sections, in the order the sections came."""
    requirements: list[Requirement] = []
    for name, text in sections.items():
        for item in segment(text):
            requirements.append(Requirement(f"R{len(requirements) + 1}", name, item))
    return requirements


# --- reading a call text --------------------------------------------------------------------


def _front_matter(text: str, source: str) -> tuple[dict[str, str], str]:
    """Split off a leading "---" block of "key: value" lines; return it and the body."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].strip() != "---":
        return {}, text
    end = next((n for n in range(start + 1, len(lines)) if lines[n].strip() in ("---", "...")),
               None)
    if end is None:
        raise InputError(source, "front matter opened with '---' is never closed "
                         "(add a '---' line after the 'key: value' lines)", row=start + 1)
    meta: dict[str, str] = {}
    for number in range(start + 1, end):
        line = lines[number].strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            raise InputError(source, f"front matter line '{line}' is not 'key: value' "
                             "(write e.g. 'title: My topic')", row=number + 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key.strip().lower()] = value
    return meta, "\n".join(lines[end + 1:])


def _iso_date(value: str, source: str) -> str:
    """Accept "2025-11-12" or a timestamp; deadlines get compared, so junk must not pass."""
    if not value:
        return ""
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise InputError(source, f"'{value}' is not a date (write it as YYYY-MM-DD, "
                         "e.g. 2025-11-12, or leave it empty)", field="deadline") from None


def _canonical_section(name: str) -> str | None:
    match = _SECTION_HEADING.match(name.strip())
    if match is None:
        return None
    return SCOPE if match.group(1).lower() == "scope" else EXPECTED_OUTCOME


def _add_section(sections: dict[str, str], name: str, text: str) -> None:
    text = text.strip()
    if name in sections and text:
        sections[name] = f"{sections[name]}\n\n{text}".strip()
    elif name not in sections:
        sections[name] = text


def _markdown_sections(lines: list[str]) -> dict[str, str] | None:
    """Sections under "## Expected Outcome" / "## Scope" headings, or None if there are none.

    A heading at the section's level or above that is not a known section ends the section
    (e.g. "## Specific conditions"); deeper headings are part of it.
    """
    sections: dict[str, str] = {}
    current: str | None = None
    level = 0
    body: list[str] = []
    found = False
    for line in lines:
        heading = _HEADING.match(line)
        name = _canonical_section(heading.group(2)) if heading and len(heading.group(1)) <= 4 \
            else None
        if heading and (name is not None or len(heading.group(1)) <= level or current is None):
            if current is not None:
                _add_section(sections, current, "\n".join(body))
            current, level, body = name, len(heading.group(1)), []
            found = found or name is not None
            continue
        if current is not None:
            body.append(line)
    if current is not None:
        _add_section(sections, current, "\n".join(body))
    return sections if found else None


def _label_sections(body: str) -> dict[str, str] | None:
    """Sections after "Expected Outcome:" / "Scope:" labels, the portal's plain-text form."""
    starts: list[tuple[int, int, str]] = []
    for match in _LABEL.finditer(body):
        name = _canonical_section(match.group(1))
        if name is not None and all(name != seen for _, _, seen in starts):
            starts.append((match.start(), match.end(), name))
    if not starts:
        return None
    sections: dict[str, str] = {}
    for index, (_, end, name) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        _add_section(sections, name, body[end:stop])
    return sections


def _title_heading(lines: list[str]) -> tuple[str, list[str]]:
    """The first "# " heading is the title; it is not part of any section."""
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            return heading.group(2).strip(), lines[:index] + lines[index + 1:]
    return "", lines


def parse_call(text: str, source: str = "<text>") -> Call:
    """Read a topic text (Markdown or the portal's plain text) into a Call."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "the call text is empty (paste the topic's Expected Outcome "
                         "and Scope into it)")
    meta, body = _front_matter(text, source)
    heading_title, lines = _title_heading(body.split("\n"))
    sections = _markdown_sections(lines)
    if sections is None:
        sections = _label_sections("\n".join(lines))
    if sections is None:
        sections = {SCOPE: "\n".join(lines).strip()}
    requirements = split_requirements(sections)
    if not requirements:
        raise InputError(source, "no requirements found (expected '## Expected Outcome' and "
                         "'## Scope' sections, or 'Expected Outcome:' / 'Scope:' labels, "
                         "followed by the topic's prose)")
    topic_id = meta.get("id") or Path(source).stem
    call_match = _TOPIC_CALL.match(topic_id)
    return Call(
        id=topic_id,
        title=meta.get("title") or heading_title or topic_id,
        call=meta.get("call") or (call_match.group(1) if call_match else ""),
        action_type=meta.get("type_of_action") or meta.get("action_type") or "",
        deadline=_iso_date(meta.get("deadline", ""), source),
        source=source,
        sections=sections,
        requirements=requirements,
    )


def _read_text(path: Path) -> str:
    """Read a call file, turning every way it can be unreadable into one InputError."""
    if not path.exists():
        raise InputError(path, "file not found (check the path, or give a topic id that has "
                         "a file in calls/)")
    if path.is_dir():
        raise InputError(path, "is a folder, not a call text (give one .md or .txt file)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror}); check its permissions") \
            from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                         f"{error.start}); re-save it as UTF-8") from None
    if not text.strip():
        raise InputError(path, "file is empty (paste the topic's Expected Outcome and Scope "
                         "into it)")
    return text


def load_call(path: str | Path) -> Call:
    """Read a call file: Markdown or plain text, optional front matter."""
    path = Path(path)
    return parse_call(_read_text(path), source=str(path))


# --- finding call files ---------------------------------------------------------------------


def _call_files(calls_dir: Path) -> list[Path]:
    if not calls_dir.is_dir():
        raise InputError(calls_dir, "calls folder not found (create it, or point to the folder "
                         "that holds the topic .md files)")
    return sorted(p for p in calls_dir.iterdir()
                  if p.is_file() and p.suffix.lower() in CALL_SUFFIXES
                  and p.name.lower() != "readme.md")


def _declared_id(path: Path) -> str:
    """The front-matter id, if the file has a readable one; lookups must not fail on it."""
    try:
        meta, _ = _front_matter(_read_text(path).lstrip("\ufeff"), str(path))
    except InputError:
        return ""
    return meta.get("id", "")


def resolve_call(ref: str, calls_dir: Path) -> Path:
    """Turn a file path or a topic id (any case) into the call file to load."""
    as_path = Path(ref)
    if as_path.is_file():
        return as_path
    wanted = as_path.stem if as_path.suffix.lower() in CALL_SUFFIXES else ref
    wanted = wanted.strip().casefold()
    known: dict[str, Path] = {}
    for path in _call_files(calls_dir):
        for name in (path.stem, _declared_id(path)):
            if name:
                known.setdefault(name, path)
    matches = sorted({path for name, path in known.items() if name.casefold() == wanted})
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(str(p) for p in matches)
        raise InputError(ref, f"matches several call files ({names}); give the file path")
    by_upper = {name.upper(): name for name in known}
    close = difflib.get_close_matches(ref.strip().upper(), list(by_upper), n=3, cutoff=0.6)
    hint = (f"did you mean {', '.join(by_upper[c] for c in close)}?" if close
            else f"check the spelling; the topic files are the .md files in {calls_dir}")
    raise InputError(ref, f"no call file or topic id '{ref}' in {calls_dir}; {hint}")


def list_calls(calls_dir: Path) -> list[Call]:
    """Load every call in a folder, sorted by topic id; two files with one id is an error."""
    calls = [load_call(path) for path in _call_files(calls_dir)]
    seen: dict[str, str] = {}
    for call in calls:
        if call.id.casefold() in seen:
            raise InputError(call.source, f"topic id '{call.id}' is also used by "
                             f"{seen[call.id.casefold()]} (give each topic one file)")
        seen[call.id.casefold()] = call.source
    return sorted(calls, key=lambda c: c.id)
