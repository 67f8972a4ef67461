"""Cutting one section of a topic text into requirement texts.

Split out of ``calls`` so that module stays about reading files; ``calls`` re-exports
``segment`` and ``render_section``. Requirements are scored one by one against partner
passages, so every piece must stand on its own: one list item, or one sentence of prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consortium.text import clean, split_sentences

# A fragment shorter than this (in words) is not a requirement on its own: "Participation of
# SMEs is encouraged." reads better, and embeds better, together with its neighbour.
MIN_WORDS = 6
# A colon after fewer words than this is a label ("Option a:"), not a list's lead-in.
MIN_LEAD_WORDS = 3

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(.*\S)\s*$")
_LEAD_COLON = re.compile(r":(?=\s|$)")
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
    if "(" not in text and "[" not in text:
        return text.split(sep)
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
        elif HEADING.match(line):
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


@dataclass(frozen=True)
class Unit:
    """One piece of a section with where it stood, which its role depends on."""

    block: int  # >= 0: prose paragraph number; < 0: -1 - number of a list block
    text: str
    bullet: bool = False  # a list item
    lead: bool = False  # the sentence introducing the list that follows


def segment_units(section_text: str) -> list[Unit]:
    """Every piece of a section in order, list lead-ins included (``segment`` drops framing
    ones), so the roles of ``roles`` can keep them on the Call as greyed context.

    Option markers ("Option a: ...") in prose govern the rest of their paragraph, but in a
    list only their own item; the block number is what tells the two apart.
    """
    units: list[Unit] = []
    for number, block in enumerate(_blocks(section_text)):
        if isinstance(block, _Prose):
            units.extend(Unit(number, text.strip()) for text in _block_texts(block)
                         if _has_prose(text))
            continue
        if block.lead and _has_prose(block.lead):
            units.append(Unit(-1 - number, block.lead.strip(), lead=True))
        units.extend(Unit(-1 - number, item.strip(), bullet=True) for item in block.items
                     if _has_prose(item))
    return units
