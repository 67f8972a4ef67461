"""The normalised topic file: the one Markdown every topic is written as, whatever its source.

A topic read from an export (a ``TopicRecord``) and one read from Markdown, text or HTML
(a ``Call``) are both written as this file by ``calls import``, and that file is what gets
parsed, so a topic read from an export and the file written from it always give the same
requirements. Kept apart from the readers (``portal``, ``formats``) because both kinds of
source end here, and ``scripts/build_calls.py`` writes the shipped ``calls/`` with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from consortium.calls.repair import repair, split_description
from consortium.calls.sections import SCOPE, UNLABELLED
from consortium.calls.segment import render_section
from consortium.calls.topic import Call, trl_of
from consortium.errors import InputError

CONDITIONS_HEADING = "Specific conditions"
_BARE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_UNSAFE_ID = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


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
        check_topic_id(where, self.id)
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
        return _topic_file(front, self.title or self.id, sections, conditions)


def front_value(value: object) -> str:
    """A front-matter value as one YAML-quoted line: a title holding a line break and
    ``id: ...`` or ``---`` would otherwise write front matter of the source's choosing
    (and, through the id, the file name). Numbers stay bare; ``''`` is a quote."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = " ".join(str(value).split())
    if _BARE.fullmatch(text) or not text:  # ids, dates, words: as the shipped files have
        return text
    return f"'{text.replace(chr(39), chr(39) * 2)}'"


def check_topic_id(where: object, topic_id: str) -> None:
    """Topic ids become file names: refuse one that could name a path (``..``, ``\\``, a
    leading ``/`` or ``.``) or holds control characters. EuropeAid ids hold "/" and file
    stems spaces, which ``safe_filename`` turns into "_"."""
    if (not topic_id or ".." in topic_id or "\\" in topic_id or topic_id[0] in "/."
            or _UNSAFE_ID.search(topic_id)):
        shown = topic_id.encode("unicode_escape").decode()[:80]
        raise InputError(where, f"topic id '{shown}' cannot name a file (no '..', '\\', "
                         "leading '/' or '.', or control characters); fix the id")


def _topic_file(front: Sequence[tuple[str, object]], title: str, sections: dict[str, str],
                conditions: str) -> str:
    """Front matter, the title, one "## " part per section and the conditions, if any."""
    lines = ["---", *(f"{key}: {front_value(value)}".rstrip() for key, value in front),
             "---", "", f"# {' '.join(title.split())}"]
    for name, body in sections.items():
        lines += ["", f"## {name}", "", render_section(body)]
    if conditions:
        lines += ["", f"## {CONDITIONS_HEADING}", "", conditions]
    return "\n".join(lines) + "\n"


def call_markdown(call: Call) -> str:
    """A Call as a normalised topic file (for topics read from Markdown, text or HTML)."""
    front = [("id", call.id), ("title", call.title), ("call", call.call),
             ("type_of_action", call.action_type), ("deadline", call.deadline),
             ("opening_date", call.opening_date), ("budget_min", call.budget_min),
             ("budget_max", call.budget_max), ("expected_grants", call.expected_grants),
             ("trl", call.trl), ("source", call.source)]
    check_topic_id(call.source, call.id)
    if call.unlabelled:
        front.append(("sections", UNLABELLED))
    conditions = "\n".join(f"- {c.sentence}" for c in call.conditions
                            if c.sentence not in "\n".join(call.sections.values()))
    return _topic_file(front, call.title, call.sections, conditions)


def safe_filename(topic_id: str) -> str:
    """Topic ids are file names: only a checked id (``check_topic_id``) names a file, and
    nothing outside [A-Za-z0-9._-] reaches the path."""
    check_topic_id(topic_id, topic_id)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", topic_id).strip("._")
    return f"{name or 'topic'}.md"
