"""The render stage: reports from Jinja2 templates, written atomically.

Default templates ship with the package; a user's folder, given with
``--template-dir``, overrides any of them by name (a ``ChoiceLoader``, as datasette
does). Every template runs in Jinja2's sandbox, so a template from anyone cannot reach
Python internals.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import InputError
from .resources import bundled_dir

FORMATS = {".md": "markdown", ".markdown": "markdown", ".json": "json"}
TEMPLATES = {"markdown": "report.md.j2"}


def md_cell(value: object) -> str:
    """Make any value safe inside a Markdown table cell."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def shorten(value: object, width: int = 160) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def environment(template_dir: Path | None = None) -> SandboxedEnvironment:
    loaders = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise InputError(template_dir, "template folder not found (give an existing "
                             "folder with .j2 files to override the defaults)")
        loaders.append(FileSystemLoader(str(template_dir)))
    loaders.append(FileSystemLoader(str(bundled_dir("templates"))))
    env = SandboxedEnvironment(loader=ChoiceLoader(loaders), undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(md=md_cell, shorten=shorten, yesno=yes_no)
    return env


def render(report: Any, template: str, template_dir: Path | None = None) -> str:
    """Render a report dataclass with the named template."""
    data = asdict(report) if is_dataclass(report) and not isinstance(report, type) else report
    try:
        return environment(template_dir).get_template(template).render(r=data)
    except TemplateError as exc:
        raise InputError(template, f"template error: {exc}") from exc


def output_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path, f"unknown output format '{path.suffix}' (use one of "
                         f"{', '.join(sorted(FORMATS))}, or --format)")
    return fmt


def to_text(report: Any, fmt: str, template_dir: Path | None = None) -> str:
    if fmt == "json":
        return json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n"
    return render(report, TEMPLATES[fmt], template_dir)


def check_destination(path: Path) -> None:
    if path.is_dir():
        raise InputError(path, "is a folder; give a file name such as report.md")
    if not path.parent.is_dir():
        raise InputError(path, f"folder '{path.parent}' does not exist; create it first")


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, then rename: never half a file."""
    path = Path(path)
    check_destination(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
