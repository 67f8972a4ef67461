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
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from consortium.calls.conditions import Condition, extract_conditions
from consortium.calls.kinds import (
    BOILERPLATE,
    EXPECTED_OUTCOME_KIND,
    SCOPE_KIND,
    assign_options,
    classify,
)
from consortium.calls.predecessors import topic_ids_in
from consortium.calls.published import with_published
from consortium.calls.roles import ASK, CONTEXT, FRAGMENT, strip_glued_footnote, unit_role
from consortium.calls.sections import (
    EXPECTED_OUTCOME,
    SCOPE,
    UNLABELLED,
    front_matter,
    label_sections,
    markdown_sections,
    title_heading,
)
from consortium.calls.segment import segment_units
from consortium.calls.similarity import topic_key
from consortium.errors import InputError
from consortium.files import decode_text, read_input
from consortium.text import strip_controls

__all__ = ["Call", "Requirement", "load_call", "parse_call", "read_call_text",
           "split_requirements", "split_units", "trl_of"]

# HORIZON-CL3-2025-01-FCT-01 -> call HORIZON-CL3-2025-01 (calls numbered within a year);
# HORIZON-CL3-2023-FCT-01-01 -> call HORIZON-CL3-2023-FCT-01 (the older naming).
_TOPIC_CALL = re.compile(r"^([A-Z]+-[A-Z0-9]+-\d{4}-\d{2})-[A-Z][A-Z0-9-]*-\d{2}$"
                         r"|^([A-Z]+-[A-Z0-9]+-\d{4}-[A-Z]+-\d{2})-\d{2}$")


@dataclass(frozen=True)
class Requirement:
    """One thing the topic asks for, matched against partner expertise on its own."""

    id: str  # asks "R1", "R2", ...; other units "X1", "X2", ...; in document order
    section: str  # "Expected Outcome" or "Scope"
    text: str
    weight: float = 1.0  # 0 for boilerplate every proposal shares (calls.kinds)
    kind: str = SCOPE_KIND  # expected_outcome, scope, cross_cutting or boilerplate
    option: str = ""  # "a", "b", ... for text of one "Option"; "" = common to all options
    aspect: str = ""  # for cross_cutting: ssh, gender, ethics, engagement, ...
    # ask (weighted) or context, boilerplate, footnote, lead_in, fragment, condition,
    # predecessor (weight 0, kept in Call.context): see consortium.calls.roles
    role: str = ASK
    lead: str = ""  # the lead-in sentence of the list this item belongs to, if any
    position: int = 0  # 0-based over all units of the topic, asks and context together


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
    requirements: list[Requirement]  # the asks only: what partners are scored against
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
    # The units that are not asks (role context, boilerplate, footnote, lead_in, fragment,
    # condition, predecessor), weight 0, numbered X1, X2, ...; ``position`` puts them back
    # among the requirements so a report can show the whole text in order, these greyed.
    context: list[Requirement] = field(default_factory=list)
    predecessors: list[str] = field(default_factory=list)  # topic ids the text names

    def units(self) -> list[Requirement]:
        """Requirements and context together, in document order."""
        return sorted([*self.requirements, *self.context], key=lambda r: r.position)

# --- requirements ---------------------------------------------------------------------------


def _section_units(name: str, text: str) -> list[Requirement]:
    """One section's units with role, option and weight; ids are filled in by the caller.

    A fragment (the tail of a list item the export cut at ";") is joined to the item before
    it, which keeps that item's role; only asks weigh anything.
    """
    section_kind = EXPECTED_OUTCOME_KIND if name == EXPECTED_OUTCOME else SCOPE_KIND
    units = segment_units(text)
    options = assign_options([(u.block, u.text) for u in units])
    out: list[Requirement] = []
    lead, previous = "", ""
    for index, (unit, item_option) in enumerate(zip(units, options)):
        unit = replace(unit, text=strip_glued_footnote(unit.text))
        if unit.lead:
            lead = unit.text
        elif not unit.bullet:
            lead = ""
        before_list = unit.lead or (unit.text.endswith(":") and index + 1 < len(units)
                                    and units[index + 1].bullet)
        role = unit_role(unit.text, section_kind, unit.bullet, before_list, previous)
        if role == FRAGMENT and out and out[-1].lead == lead and unit.bullet:
            out[-1] = replace(out[-1], text=f"{out[-1].text} {unit.text}")
            continue
        kind, aspect, weight = classify(section_kind, unit.text)
        if role == ASK and kind == BOILERPLATE:
            role = BOILERPLATE
        out.append(Requirement("", name, unit.text, weight if role == ASK else 0.0, kind,
                               item_option, aspect, role,
                               lead if unit.bullet else ""))
        previous = role
    return out


def _with_asks(units: list[Requirement], source: str, warnings: list[str]) \
        -> list[Requirement]:
    """A text with no ask at all (a user's one-line note, "Drones for police forces") keeps
    its background sentences as requirements: there is nothing else to score it on."""
    if any(r.role == ASK for r in units) or not any(r.role == CONTEXT for r in units):
        return units
    warnings.append(f"{source}: no sentence reads as an ask (should/must/expected ..., or a "
                    "list item); its background sentences are scored instead")
    promoted = [replace(r, role=ASK, weight=classify(SCOPE_KIND, r.text)[2])
                if r.role == CONTEXT else r for r in units]
    return [replace(r, id=f"R{n}") for n, r in enumerate(promoted, 1) if r.role == ASK] \
        + [r for r in promoted if r.role != ASK]


def split_units(sections: dict[str, str], option: str | None = None) -> list[Requirement]:
    """Every unit of the sections in the order the sections came: asks numbered R1, R2, ...
    (so R1 is still the first outcome, as before roles existed), the rest X1, X2, ....

    With ``option`` ("b"), only that option's units and the common ones are kept; they keep
    the numbers they have in the whole topic, so R7 is R7 whichever option.
    """
    units = [unit for name, text in sections.items() for unit in _section_units(name, text)]
    counts = {True: 0, False: 0}
    for n, unit in enumerate(units):
        counts[unit.role == ASK] += 1
        units[n] = replace(unit, id=f"{'R' if unit.role == ASK else 'X'}"
                           f"{counts[unit.role == ASK]}", position=n)
    if option:
        wanted = option.strip().lower().strip("()")
        units = [r for r in units if r.option in ("", wanted)]
    return units


def split_requirements(sections: dict[str, str], option: str | None = None) \
        -> list[Requirement]:
    """The asks of ``split_units``: the requirements partners are scored against."""
    return [r for r in split_units(sections, option) if r.role == ASK]


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


def _find_sections(lines: list[str], source: str, warnings: list[str]) -> dict[str, str]:
    """Markdown headings, else "Expected Outcome:" labels, else the whole text as Scope."""
    sections = markdown_sections(lines)
    if sections is None:
        sections = label_sections("\n".join(lines))
    if sections is None:
        sections = {SCOPE: "\n".join(lines).strip()}
        if sections[SCOPE]:
            warnings.append(f"{source}: no '## Expected Outcome' or '## Scope' heading (nor "
                            "'Expected Outcome:' / 'Scope:' label); the whole text was read "
                            "as Scope")
    return sections


def parse_call(text: str, source: str = "<text>", option: str | None = None) -> Call:
    """Read a topic text (Markdown or the portal's plain text) into a Call.

    ``option`` ("b") keeps one option's requirements and conditions plus the common ones,
    since a proposal addresses one option only; by default all are kept.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = strip_controls(text)  # a title's ESC sequence must not reach the terminal
    if not text.strip():
        raise InputError(source, "the call text is empty (paste the topic's Expected Outcome "
                         "and Scope into it)")
    meta, body = front_matter(text, source)
    heading_title, lines = title_heading(body.split("\n"))
    warnings: list[str] = []
    sections = _find_sections(lines, source, warnings)
    everything = _with_asks(split_units(sections), source, warnings)
    # Only asks are scored: a text of topic ids, boilerplate or footnotes alone would give
    # a report with nothing to cover (found by tests/test_fuzz.py, issue #25).
    if not any(r.role == ASK for r in everything):
        raise InputError(source, "no requirements found (expected '## Expected Outcome' and "
                         "'## Scope' sections, or 'Expected Outcome:' / 'Scope:' labels, "
                         "followed by the topic's prose)")
    options = sorted({r.option for r in everything if r.option})
    wanted = (option or "").strip().lower().strip("()")
    if wanted and wanted not in options:
        offered = ", ".join(options) if options else "none"
        raise InputError(source, f"the topic has no option '{option}' (options: {offered})")
    units = _with_asks(split_units(sections, wanted), source, []) if wanted else everything
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
        requirements=[r for r in units if r.role == ASK],
        context=[r for r in units if r.role != ASK],
        predecessors=[t for t in topic_ids_in("\n".join(sections.values()))
                      if t != topic_key(topic_id)],
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

