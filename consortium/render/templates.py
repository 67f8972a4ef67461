"""The render stage: reports from Jinja2 templates, written atomically.

Default templates ship with the package; a user's folder, given with
``--template-dir``, overrides any of them by name (a ``ChoiceLoader``, as datasette
does). Every template runs in Jinja2's sandbox, so a template from anyone cannot reach
Python internals. HTML templates (``*.html.j2``) are autoescaped, so a partner name
holding ``<script>`` shows as text; Markdown and text templates are not.

Every format is produced whole in memory, then written by ``files.write_atomic``, so an
error never leaves half a report.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)

from consortium.errors import InputError
from consortium.partners.orgtypes import PROSE_LABELS
from consortium.render.formats import FORMAT_NAMES
from consortium.render.sandbox import BoundedSandbox, FolderLoader
from consortium.render.tables import (
    attribution,
    cordis_note,
    diversity,
    level_legend,
    member_label,
)
from consortium.resources import bundled_dir
from consortium.text import count

TEMPLATES = {"markdown": "report.md.j2", "html": "report.html.j2"}
SECTION_3_2 = "part-b-3-2.md.j2"


def md_cell(value: object) -> str:
    """Make any value safe inside a Markdown table cell."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def shorten(value: object, width: int = 160) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def article(noun: object) -> str:
    """"a research organisation", "an SME"; "other organisation" (CORDIS's OTH) reads
    better as "an organisation of another type"."""
    text = str(noun)
    if text.startswith("other "):
        return f"an {text[6:]} of another type"
    return ("an " if text[:1].lower() in "aeiou" else "a ") + text


def environment(template_dir: Path | None = None) -> BoundedSandbox:
    loaders: list[FileSystemLoader] = []
    if template_dir is not None:
        if not template_dir.is_dir():
            raise InputError(template_dir, "template folder not found (give an existing "
                             "folder with .j2 files to override the defaults)")
        loaders.append(FolderLoader(str(template_dir)))
    loaders.append(FileSystemLoader(str(bundled_dir("templates"))))
    env = BoundedSandbox(
        loader=ChoiceLoader(loaders), undefined=StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "html.j2", "htm.j2"),
                                     default_for_string=False))
    env.filters.update(md=md_cell, shorten=shorten, yesno=yes_no, legend=level_legend,
                       label=member_label, count=lambda n, word: count(int(n), str(word)),
                       article=article, attribution=attribution, cordis=cordis_note,
                       diversity_rows=lambda r: diversity(r).rows,
                       orgtype=lambda code: PROSE_LABELS.get(str(code), str(code)))
    return env


def as_data(report: Any) -> Any:
    return asdict(report) if is_dataclass(report) and not isinstance(report, type) else report


def render(report: Any, template: str, template_dir: Path | None = None,
           **extra: Any) -> str:
    """Render a report dataclass with the named template (``extra``: more variables)."""
    try:
        return environment(template_dir).render_bounded(template, r=as_data(report),
                                                        **extra)
    except TemplateError as exc:
        # One line: a user's template error (or a refused sandbox escape) is theirs to fix.
        lineno, name = getattr(exc, "lineno", None), getattr(exc, "filename", None)
        where = f"{name or template}:{lineno}" if lineno else template
        message = " ".join(str(exc.message or exc).split())
        raise InputError(where, f"template error: {message}") from exc


def to_text(report: Any, fmt: str, template_dir: Path | None = None) -> str | bytes:
    """The whole report in ``fmt``: text for md/html/csv/json, bytes for docx/xlsx."""
    data = as_data(report)
    if fmt == "json":
        # The dataclasses as data, plus the attribution CORDIS's licence asks for.
        return json.dumps({**data, "attribution": attribution(data)}, indent=2,
                          ensure_ascii=False) + "\n"
    if fmt == "html":
        from consortium.render.draft_tables import draft_tables
        from consortium.render.prose import blocks

        section = blocks(render(data, SECTION_3_2, template_dir))
        return render(data, TEMPLATES[fmt], template_dir, section_3_2=section,
                      draft_tables=[asdict(t) for t in draft_tables(data)])
    if fmt in TEMPLATES:
        return render(data, TEMPLATES[fmt], template_dir)
    import consortium.render.office as render_office

    if fmt == "csv":
        return render_office.to_csv(data)
    if fmt == "xlsx":
        return render_office.to_xlsx(data, render(data, SECTION_3_2, template_dir))
    if fmt == "docx":
        return render_office.to_docx(data, render(data, SECTION_3_2, template_dir))
    raise InputError(fmt, f"unknown format (use one of {', '.join(FORMAT_NAMES)})")
