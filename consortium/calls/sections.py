"""Where a topic text's Expected Outcome and Scope are: headings, labels, front matter.

A topic text comes as Markdown ("## Expected Outcome") or as the portal's plain text
("Expected Outcome:" labels, possibly inside one long paragraph), optionally after a
"---" block of "key: value" lines. Finding those parts is kept apart from cutting them
into requirements (``topic``), because the export readers (``repair``, ``records``) need
the same section names and labels without reading a whole Call.
"""

from __future__ import annotations

import re

from consortium.calls.segment import HEADING
from consortium.errors import InputError

EXPECTED_OUTCOME = "Expected Outcome"
SCOPE = "Scope"
SECTION_NAMES = (EXPECTED_OUTCOME, SCOPE)
# Front matter "sections: unlabelled": the source had no Expected Outcome / Scope headings,
# so its whole text was read as Scope (written by ``calls import``, kept for the reader).
UNLABELLED = "unlabelled"

_SECTION_HEADING = re.compile(r"^(expected\s*outcomes?|scope)\s*:?$", re.IGNORECASE)
# Plain-text labels as the portal prints them, at a line start or inside one long paragraph.
# Only capitalised forms count: "within its scope: ..." in running prose is not a label.
# The portal's search exports write the label glued ("ExpectedOutcome :", "Scope :"), so
# the space between the words and before the colon is optional. "Expected Impact:" is not
# taken for a label: it opens a few Horizon Europe partnership and prize texts, before their
# Expected Outcome, and is left out as a destination's impacts are; in LIFE, EDF and
# DIGITAL texts (and a few IHI ones) it follows Scope and stays part of it.
SECTION_LABEL = re.compile(r"(?<!\w)(Expected[ \t\u00a0]*[Oo]utcomes?"
                           r"|EXPECTED[ \t\u00a0]*OUTCOMES?|Scope|SCOPE)[ \t\u00a0]*:")


def front_matter(text: str, source: str) -> tuple[dict[str, str], str]:
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
            # YAML single quotes write a quote as '' (``records.front_value``).
            value = value[1:-1].replace("''", "'") if value[0] == "'" else value[1:-1]
        meta[key.strip().lower()] = value
    return meta, "\n".join(lines[end + 1:])


def canonical_section(name: str) -> str | None:
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


def markdown_sections(lines: list[str]) -> dict[str, str] | None:
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
        heading = HEADING.match(line)
        name = canonical_section(heading.group(2)) if heading and len(heading.group(1)) <= 4 \
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


def label_sections(body: str) -> dict[str, str] | None:
    """Sections after "Expected Outcome:" / "Scope:" labels, the portal's plain-text form."""
    starts: list[tuple[int, int, str]] = []
    for match in SECTION_LABEL.finditer(body):
        name = canonical_section(match.group(1))
        if name is not None and all(name != seen for _, _, seen in starts):
            starts.append((match.start(), match.end(), name))
    if not starts:
        return None
    sections: dict[str, str] = {}
    for index, (_, end, name) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        _add_section(sections, name, body[end:stop])
    return sections


def title_heading(lines: list[str]) -> tuple[str, list[str]]:
    """The first "# " heading is the title; it is not part of any section."""
    for index, line in enumerate(lines):
        heading = HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            return heading.group(2).strip(), lines[:index] + lines[index + 1:]
    return "", lines

