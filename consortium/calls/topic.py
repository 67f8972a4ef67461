"""The "calls" stage: read a Horizon Europe topic text and cut it into requirements.

A topic text says what funded projects must deliver in two places, "Expected Outcome" and
"Scope". Every later stage scores partners against single requirements, so each one must be
a self-contained piece of prose: one outcome from a list, or one sentence of the scope.

Topic texts reach us in two shapes: Markdown files we (or a user) wrote, and the portal's
flat export where bullet lists were squashed into "...outcomes: A; B; C." inside one long
paragraph. Both must give the same requirements, which is why ``segment.render_section``
exists: ``scripts/build_calls.py`` turns the flat text into Markdown with it, and loading
that Markdown back yields exactly the requirements the flat text gave. Finding the sections
is ``sections``; finding topic files in a folder is ``folder``.

A text with neither headings nor labels (prizes, EIC, cascade-funding open calls, a user's
own notes) is read whole as one Scope section: ``Call.unlabelled`` says so, and
``Call.warnings`` holds the one line that ``load_call`` prints and ``read_topics`` collects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from consortium.calls.conditions import Condition, extract_conditions
from consortium.calls.kinds import (
    EXPECTED_OUTCOME_KIND,
    SCOPE_KIND,
    assign_options,
    classify,
)
from consortium.calls.published import with_published
from consortium.calls.sections import (
    EXPECTED_OUTCOME,
    SCOPE,
    UNLABELLED,
    front_matter,
    label_sections,
    markdown_sections,
    title_heading,
)
from consortium.calls.segment import segment_blocks
from consortium.errors import InputError
from consortium.files import decode_text, read_input

__all__ = ["Call", "Requirement", "load_call", "parse_call", "read_call_text",
           "split_requirements", "trl_of"]

# HORIZON-CL3-2025-01-FCT-01 -> call HORIZON-CL3-2025-01 (calls numbered within a year);
# HORIZON-CL3-2023-FCT-01-01 -> call HORIZON-CL3-2023-FCT-01 (the older naming).
_TOPIC_CALL = re.compile(r"^([A-Z]+-[A-Z0-9]+-\d{4}-\d{2})-[A-Z][A-Z0-9-]*-\d{2}$"
                         r"|^([A-Z]+-[A-Z0-9]+-\d{4}-[A-Z]+-\d{2})-\d{2}$")


@dataclass(frozen=True)
class Requirement:
    """One thing the topic asks for, matched against partner expertise on its own."""

    id: str  # "R1", "R2", ... numbered in document order across sections
    section: str  # "Expected Outcome" or "Scope"
    text: str
    weight: float = 1.0  # 0 for boilerplate every proposal shares (calls.kinds)
    kind: str = SCOPE_KIND  # expected_outcome, scope, cross_cutting or boilerplate
    option: str = ""  # "a", "b", ... for text of one "Option"; "" = common to all options
    aspect: str = ""  # for cross_cutting: ssh, gender, ethics, engagement, ...


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
    opening_date: str = ""
    budget_min: int | None = None  # EUR per project, as the portal states it
    budget_max: int | None = None
    expected_grants: int | None = None
    trl: str = ""  # "5" or "6-7" when the topic states the TRL to reach
    conditions: list[Condition] = field(default_factory=list)
    options: list[str] = field(default_factory=list)  # options the topic offers, e.g. a, b
    # True when the text had no Expected Outcome / Scope headings and was read whole as
    # Scope: now, or when it was imported (front matter "sections: unlabelled").
    unlabelled: bool = False
    # What reading this text had to guess, one line each (e.g. the whole text read as
    # Scope); ``load_call`` prints them, ``read_topics`` collects them.
    warnings: list[str] = field(default_factory=list)

# --- requirements ---------------------------------------------------------------------------


def split_requirements(sections: dict[str, str], option: str | None = None) \
        -> list[Requirement]:
    """Number requirements R1, R2, ... across sections, in the order the sections came.

    With ``option`` ("b"), only that option's requirements and the common ones are kept;
    they keep the numbers they have in the whole topic, so R7 is R7 whichever option.
    """
    requirements: list[Requirement] = []
    for name, text in sections.items():
        pieces = segment_blocks(text)
        section_kind = EXPECTED_OUTCOME_KIND if name == EXPECTED_OUTCOME else SCOPE_KIND
        for (_, item), item_option in zip(pieces, assign_options(pieces)):
            kind, aspect, weight = classify(section_kind, item)
            requirements.append(Requirement(f"R{len(requirements) + 1}", name, item, weight,
                                            kind, item_option, aspect))
    if option:
        wanted = option.strip().lower().strip("()")
        requirements = [r for r in requirements if r.option in ("", wanted)]
    return requirements


# --- reading a call text --------------------------------------------------------------------


def _iso_date(value: str, source: str, name: str = "deadline") -> str:
    """Accept "2025-11-12" or a timestamp; deadlines get compared, so junk must not pass."""
    if not value:
        return ""
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise InputError(source, f"'{value}' is not a date (write it as YYYY-MM-DD, "
                         "e.g. 2025-11-12, or leave it empty)", field=name) from None



_TRL = re.compile(r"\bTRL\s*(\d(?:\s*(?:-|–|to|and)\s*\d)?)\b")


def _int_field(meta: dict[str, str], key: str, source: str) -> int | None:
    """Budgets and grant counts; "3000000", "3 000 000" or "3,000,000.00" all read."""
    value = re.sub(r"[\s,_]|\.0+$", "", meta.get(key, ""))
    if not value or value.lower() in ("none", "null"):
        return None
    if not value.isdigit():
        raise InputError(source, f"'{meta[key]}' is not a whole number (write e.g. 3000000, "
                         "or leave it empty)", field=key)
    return int(value)


def trl_of(text: str) -> str:
    """The TRL a topic asks projects to reach ("6-7"), from its "TRL 6-7" wording."""
    match = _TRL.search(text)
    return re.sub(r"\s*(?:-|–|to|and)\s*", "-", match.group(1)) if match else ""


def parse_call(text: str, source: str = "<text>", option: str | None = None) -> Call:
    """Read a topic text (Markdown or the portal's plain text) into a Call.

    ``option`` ("b") keeps one option's requirements and conditions plus the common ones,
    since a proposal addresses one option only; by default all are kept.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "the call text is empty (paste the topic's Expected Outcome "
                         "and Scope into it)")
    meta, body = front_matter(text, source)
    heading_title, lines = title_heading(body.split("\n"))
    sections = markdown_sections(lines)
    if sections is None:
        sections = label_sections("\n".join(lines))
    warnings: list[str] = []
    if sections is None:
        sections = {SCOPE: "\n".join(lines).strip()}
        if sections[SCOPE]:
            warnings.append(f"{source}: no '## Expected Outcome' or '## Scope' heading (nor "
                            "'Expected Outcome:' / 'Scope:' label); the whole text was read "
                            "as Scope")
    everything = split_requirements(sections)
    if not everything:
        raise InputError(source, "no requirements found (expected '## Expected Outcome' and "
                         "'## Scope' sections, or 'Expected Outcome:' / 'Scope:' labels, "
                         "followed by the topic's prose)")
    options = sorted({r.option for r in everything if r.option})
    wanted = (option or "").strip().lower().strip("()")
    if wanted and wanted not in options:
        offered = ", ".join(options) if options else "none"
        raise InputError(source, f"the topic has no option '{option}' (options: {offered})")
    requirements = split_requirements(sections, wanted) if wanted else everything
    conditions = [c for c in extract_conditions("\n".join(lines))
                  if not wanted or c.option in ("", wanted)]
    topic_id = meta.get("id") or Path(source).stem
    conditions = with_published(topic_id, conditions)
    call_match = _TOPIC_CALL.match(topic_id)
    return Call(
        id=topic_id,
        title=meta.get("title") or heading_title or topic_id,
        call=meta.get("call") or (call_match.group(call_match.lastindex or 1) if call_match
                                   else ""),
        action_type=meta.get("type_of_action") or meta.get("action_type") or "",
        deadline=_iso_date(meta.get("deadline", ""), source),
        source=source,
        sections=sections,
        requirements=requirements,
        opening_date=_iso_date(meta.get("opening_date", ""), source, "opening_date"),
        budget_min=_int_field(meta, "budget_min", source),
        budget_max=_int_field(meta, "budget_max", source),
        expected_grants=_int_field(meta, "expected_grants", source),
        trl=meta.get("trl") or trl_of(body),
        conditions=conditions,
        options=options,
        unlabelled=bool(warnings) or meta.get("sections", "").lower() == UNLABELLED,
        warnings=warnings,
    )


def read_call_text(path: Path) -> str:
    """Read a call file, turning every way it can be unreadable into one InputError."""
    if not path.exists():
        raise InputError(path, "file not found (check the path, or give a topic id that has "
                         "a file in calls/)")
    if path.is_dir():
        raise InputError(path, "is a folder, not a call text (give one .md or .txt file)")
    text = decode_text(path, read_input(path, "call text"))
    if not text.strip():
        raise InputError(path, "file is empty (paste the topic's Expected Outcome and Scope "
                         "into it)")
    return text


def load_call(path: str | Path, option: str | None = None,
              warn: Callable[[str], None] | None = None) -> Call:
    """Read a call file: Markdown or plain text, optional front matter (see parse_call).

    A text without Expected Outcome / Scope headings is read whole as Scope, and ``warn``
    gets one line saying so (the command line prints it; without ``warn`` only
    ``Call.warnings`` keeps it: library code never prints).
    """
    path = Path(path)
    call = parse_call(read_call_text(path), source=str(path), option=option)
    if warn is not None:
        for message in call.warnings:
            warn(message)
    return call

