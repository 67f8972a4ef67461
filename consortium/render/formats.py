"""The output formats, by name and by file extension.

Kept apart from the templates (and free of Jinja2) so the command line can build its
``--format`` choices from this one list without importing a renderer.
"""

from __future__ import annotations

from pathlib import Path

from consortium.errors import InputError

FORMATS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html",
           ".htm": "html", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}
FORMAT_NAMES = ("markdown", "html", "docx", "xlsx", "csv", "json")
EXTENSIONS = {"markdown": ".md", "html": ".html", "docx": ".docx", "xlsx": ".xlsx",
              "csv": ".csv", "json": ".json"}


def output_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"unknown output format '{path.suffix}' (use one of "
                         f"{', '.join(sorted(FORMATS))}, or --format)")
    return fmt
