"""Undo what the portal's exports do to topic texts, before they are cut into requirements.

Each source damages the text in its own way, and each damage changes the requirements:
HTML hides list items in tags; the JSON records glue sentences and list items together
("outcomes:Police ...;Improved ...") and carry UTF-8 read as Windows-1252 ("â€™" for "’");
the search export doubles bold words ("TheThe") and appends the next destination's
introduction; the lossy texts of ``topic_texts.csv.gz`` turned bullets, quotes and
apostrophes into "?". Every repair here restores a separator or a character; none adds,
rewords or drops wording, except footnotes, URLs and the export's page furniture.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from consortium.calls.sections import EXPECTED_OUTCOME, SCOPE, SECTION_LABEL
from consortium.text import decode_entities

_TAG = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_BLOCK_TAGS = frozenset(("p", "div", "br", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4",
                         "h5", "h6", "section", "article", "blockquote", "dl", "dt", "dd"))
_SKIP_TAGS = frozenset(("script", "style", "head", "title"))


class _TextParser(HTMLParser):
    """HTML to text that keeps what segmenting needs: paragraphs and list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS or tag == "li":
            self.parts.append("\n\n" if tag in ("ul", "ol", "p", "div") else "\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def looks_like_html(text: str) -> bool:
    return len(_TAG.findall(text[:20000])) >= 2


def html_to_text(html: str) -> str:
    """Paragraphs become blank-line separated, <li> items "- " bullets (stdlib parser only)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines)
    text = re.sub(r"\n(- )?\n*(?=- )", "\n", text)  # no blank lines inside a list
    text = re.sub(r"^- *$", "", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# UTF-8 bytes read as Windows-1252: "â€™" is "’", "Ã©" is "é".
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
                       "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026"
                       "\u2030\u2039\u203a\u20ac\u2122]{1,3}")


def fix_mojibake(text: str) -> str:
    """Re-decode each run that is UTF-8 read as cp1252; leave any other text as it is."""
    def fix(match: re.Match[str]) -> str:
        try:
            return match.group(0).encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)
    # "”" is E2 80 9D, and 0x9D has no cp1252 character: the export dropped it.
    return _MOJIBAKE.sub(fix, text).replace("\u00e2\u20ac", "\u201d")


def is_lossy(text: str) -> bool:
    """True for texts whose bullets and quotes became "?" ("today?s", ": ? Improved")."""
    return len(re.findall(r"\w\?s\b|[:;] \? [A-Za-z]|\s\?[A-Z][a-z]+", text)) >= 2


def repair_lossy(text: str) -> str:
    """Turn the "?" of the lossy texts back into quotes, apostrophes, dashes or nothing."""
    text = re.sub(r"(?<![\w?])\?([A-Za-z][^?\n]{0,80}?)\?(?=[\s,.;:)]|$)", "“\\1”", text)
    text = re.sub(r"(?<=\w)\?(?=s\b)|(?<=s)\?(?= [a-z])", "’", text)
    text = re.sub(r"(?:(?<=[:;.])|^)\s*\?\s+(?=\S)", " ", text, flags=re.MULTILINE)  # bullets
    text = re.sub(r"(?<=\w) \? (?=\w)", " – ", text)
    # Footnote definitions the export put inline ("12 In the context of this Destination,
    # 'Police Authorities' means ...") and footnote numbers glued to words ("Authorities47").
    text = re.sub(r"(?<=[\s:;.])\d{1,3} In the context of this Destination[^.]*\.\s*", "", text)
    return re.sub(r"(?<=[a-z]{3})\d{1,3}(?=[\s,.;:)])", "", text)


_DOUBLED = re.compile(r"\b([A-Za-z]{2,})\1\b")
_REAL_DOUBLES = frozenset({"murmur", "tartar", "couscous", "bonbon", "dodo", "tutu"})
_NEXT_DESTINATION = re.compile(r"\s+Destination\s+[-\u2013]\s+")
_GLUED_SENTENCE = re.compile(r"(?<=[a-z)”’]{2})([.;:])(?=[A-Z“‘(])|(?<=[a-z]{2})([;])(?=[a-z])")
# Runs of spaces; a no-break space counts ("&nbsp; " ended a paragraph or list item in the
# search export, e.g. "Use Cases:&nbsp; Use Case 1: ...&nbsp; Use Case 2: ...").
_ITEM_BREAK = re.compile(r"(?<=[:;,])[ \u00a0]{2,}")
_PARAGRAPH_BREAK = re.compile(r"[ \u00a0]{2,}")
_FOOTNOTE_LIST = re.compile(r"\s*\[1\]\s*(?:https?://|[A-Z][^\[]{0,300}?(?:https?://|\d{4}))"
                            r"(?:(?!\[1\]).)*$", re.DOTALL)
_FOOTNOTE_REF = re.compile(r"\[\[.*?\]\]|\s?\[\d{1,2}\]", re.DOTALL)
_URL = re.compile(r"\s*\(?https?://[^\s)]+\)?")
_PAGE_FURNITURE = re.compile(r"Technology Readiness Level - Technology readiness level "
                             r"expected from completed projects\s*", re.IGNORECASE)
_SPECIFIC_CONDITIONS = re.compile(r"\s*Specific Topic Conditions\s*:\s*", re.IGNORECASE)


def undouble(text: str) -> str:
    """Undo words the search export glued to themselves ("SecuritySecurity" -> "Security")."""
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word.lower() in _REAL_DOUBLES else match.group(1)
    return _DOUBLED.sub(fix, text)


def repair(text: str, *, flat_spaces: bool = False) -> str:
    """All repairs a portal description needs, in an order where each sees clean input.

    ``flat_spaces``: the search export (and rows copied from it) wrote paragraph breaks as
    runs of spaces and doubled its bold words; the JSON records have neither.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        text = html_to_text(text)
    elif "&" in text:  # entities left in plain text ("Use Cases:&nbsp; Use Case 1")
        text = decode_entities(text)
    text = fix_mojibake(text)
    if "?" in text and is_lossy(text):
        text = repair_lossy(text)
    cut = _NEXT_DESTINATION.search(text)
    if cut:
        text = text[: cut.start()]
    if flat_spaces:
        text = undouble(text)
    if "[" in text:
        text = _FOOTNOTE_REF.sub("", _FOOTNOTE_LIST.sub("", text) if "[1]" in text else text)
    if "http" in text:
        text = _URL.sub("", text)
    if "Technology Readiness Level -" in text:
        text = _PAGE_FURNITURE.sub(" ", text)
    text = _GLUED_SENTENCE.sub(lambda m: f"{m.group(1) or m.group(2)} ", text)
    if flat_spaces:
        text = _PARAGRAPH_BREAK.sub("\n\n", _ITEM_BREAK.sub(" ", text))
    return text.strip()


def split_description(text: str) -> tuple[dict[str, str], str]:
    """Sections from the "Expected Outcome:" / "Scope:" labels, and the conditions tail.

    "Specific Topic Conditions:" (TRL and the like) is not prose to match partners on; it
    goes with the topic's conditions instead. Empty dict: the text has neither label.
    """
    conditions = ""
    tail = _SPECIFIC_CONDITIONS.search(text)
    if tail:
        text, conditions = text[: tail.start()], text[tail.end():].strip()
    starts: list[tuple[int, int, str]] = []
    for match in SECTION_LABEL.finditer(text):
        name = SCOPE if match.group(1).lower() == "scope" else EXPECTED_OUTCOME
        if all(name != seen for _, _, seen in starts):
            starts.append((match.start(), match.end(), name))
    sections: dict[str, str] = {}
    for index, (_, end, name) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        body = text[end:stop].strip()
        if body:
            sections[name] = body
    return sections, conditions


_OTHER_CONDITIONS = re.compile(r"Other Eligib\w* Conditions?\s*(.*?)(?=\s*\d[a-z]?\.\s*"
                               r"(?:Financial|Evaluation|Legal)|$)", re.DOTALL | re.IGNORECASE)
_BOILER_CONDITIONS = re.compile(
    r"If projects use satellite-based earth observation[^.]*\.(?:[^.]*additionally be used\)\.)?"
    r"|described in Annex [A-F] of the Work Programme General Annexes\.?"
    r"|For (?:these|participants with practitioner status)[^.]*following the template provided"
    r" in the submission IT tool\.")


def topic_conditions(text: str) -> str:
    """The topic-specific part of the portal's "topicConditions" (its section 3)."""
    text = fix_mojibake(_FOOTNOTE_REF.sub("", text))
    if looks_like_html(text):
        text = html_to_text(text)
    match = _OTHER_CONDITIONS.search(text)
    if match is None:
        return ""
    found = _BOILER_CONDITIONS.sub(" ", match.group(1))
    found = re.sub(r"The following additional eligibility (?:criteria|conditions) apply:\s*",
                   "\n\n", found)
    found = _GLUED_SENTENCE.sub(lambda m: f"{m.group(1) or m.group(2)} ", found)
    found = re.sub(r":\s*-\s+", ":\n\n- ", found)
    found = re.sub(r"(?<=\.)\s*-\s+(?=[A-Z])", "\n- ", found)
    return re.sub(r"[ \t]+", " ", found).strip()
