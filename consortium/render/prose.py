"""The small Markdown of our prose templates, parsed into blocks and styled spans.

Section 3.2 is written once, as a Markdown template a user can override; the DOCX and
HTML writers rebuild it from these blocks (Word paragraphs, escaped HTML) rather than
keeping three copies of the same prose in sync. Only what the template uses is
understood: ``#`` headings, ``- `` bullets, paragraphs, ``**bold**`` and ``*italic*``.
"""

from __future__ import annotations

import re
from typing import Any

_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")
_HEADING = re.compile(r"(#{1,6})\s+(.*)")


def spans(text: str) -> list[dict[str, Any]]:
    """Runs of text with their style; unmatched asterisks stay as text."""
    out: list[dict[str, Any]] = []
    for piece in _INLINE.split(text):
        if _INLINE.fullmatch(piece):
            mark = 2 if piece.startswith("**") else 1
            out.append({"text": piece[mark:-mark], "bold": mark == 2, "italic": mark == 1})
        elif piece:
            out.append({"text": piece, "bold": False, "italic": False})
    return out


def blocks(text: str) -> list[dict[str, Any]]:
    """Headings, paragraphs and bullet lists, in order."""
    out: list[dict[str, Any]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        while lines:
            head = _HEADING.match(lines[0])
            if head:
                out.append({"kind": "heading", "level": len(head.group(1)),
                            "spans": spans(head.group(2).strip())})
                lines = lines[1:]
                continue
            if lines[0].startswith("- "):
                items = []
                while lines and lines[0].startswith("- "):
                    items.append(spans(lines.pop(0)[2:].strip()))
                out.append({"kind": "list", "items": items})
                continue
            para = []
            while lines and not lines[0].startswith("- ") and not _HEADING.match(lines[0]):
                para.append(lines.pop(0).strip())
            out.append({"kind": "para", "spans": spans(" ".join(para))})
    return out
