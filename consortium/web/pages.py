"""Page rendering: the web app's Jinja2 templates, overridable from a user's folder.

Like the report templates (``render.templates``) and datasette's, a template of the
same name in ``--template-dir`` replaces the packaged one; every template runs in
Jinja2's sandbox with autoescaping on for all of them, so a partner called
``<script>`` is shown as text and a user's template cannot reach Python internals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, FileSystemLoader, TemplateError

from consortium.errors import InputError
from consortium.partners.orgtypes import PROSE_LABELS
from consortium.render.sandbox import BoundedSandbox, FolderLoader
from consortium.resources import bundled_dir

TEMPLATES = Path(__file__).resolve().parent / "templates"
MENU = (("/topics", "Topics"), ("/partners", "Partners"), ("/build", "Build a consortium"),
        ("/review", "Review a consortium"), ("/scout", "Scout"), ("/radar", "Radar"))


def _pct(value: object) -> str:
    try:
        return f"{100 * float(value):.0f}%"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "-"


def environment(template_dir: str | Path | None = None) -> BoundedSandbox:
    loaders: list[FileSystemLoader] = []
    if template_dir:
        folder = Path(template_dir)
        if not folder.is_dir():
            raise InputError(folder, "template folder not found (give an existing folder "
                             "with .j2 files to override the defaults)")
        loaders.append(FolderLoader(str(folder)))
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    # The report's own sections (``facilities.html.j2``) are included, not copied, so a
    # page and a downloaded report say the same.
    loaders.append(FileSystemLoader(str(bundled_dir("templates"))))
    env = BoundedSandbox(loader=ChoiceLoader(loaders), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters.update(pct=_pct, q=lambda v: quote(str(v), safe=""),
                       orgtype=lambda code: PROSE_LABELS.get(str(code), str(code)))
    env.globals.update(menu=MENU)
    return env


class Pages:
    """Renders the named page with the variables every page has (menu, token)."""

    def __init__(self, template_dir: str | Path | None = None) -> None:
        self.env = environment(template_dir)

    def render(self, name: str, **context: Any) -> str:
        try:
            return self.env.render_bounded(name, **context)
        except TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            lineno = getattr(exc, "lineno", None)
            message = " ".join(str(getattr(exc, "message", None) or exc).split())
            raise InputError(f"{where}:{lineno}" if lineno else where,
                             f"template error: {message}") from exc
