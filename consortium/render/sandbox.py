"""The one Jinja2 environment user templates run in, reports and web pages alike.

Jinja2's sandbox stops a template from reaching Python internals, but not from asking
for unbounded work: ``{% for i in range(100000) %}{% for j in range(100000) %}`` ran 60 s
to 7 GB, ``'x' * 4000000000`` ended in a MemoryError, and a ``report.md.j2`` that was a
symlink to ``/etc/passwd`` rendered that file into the report (issue #23). Here a
render may loop over at most ``MAX_RANGE_ITEMS`` ``range`` items in all, repeat a string
or list only up to ``MAX_OUTPUT_CHARS``, write at most ``MAX_OUTPUT_CHARS``, and a user's
template must be a file inside the user's folder. Each refusal is a ``SecurityError``,
a ``TemplateError``, so it reaches the user as the one-line "template error: ...".
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment

from consortium.errors import InputError

MAX_RANGE_ITEMS = 1_000_000
MAX_OUTPUT_CHARS = 50_000_000   # a report of 3,500 partners is under 10 MB
MAX_POWER = 10_000


class FolderLoader(FileSystemLoader):
    """Templates of one folder, none of them a link leading out of it."""

    def get_source(self, environment: Any, template: str) -> Any:
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(root):
            raise InputError(filename, "the template is a link leading out of the template "
                             "folder; copy the file into the folder instead")
        return source, filename, uptodate


class BoundedSandbox(SandboxedEnvironment):
    """``SandboxedEnvironment`` whose renders are bounded in loops, repeats and output."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._left = threading.local()   # web pages render on several threads at once
        self.globals["range"] = self._range

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        left = getattr(self._left, "items", MAX_RANGE_ITEMS) - len(numbers)
        if len(numbers) > MAX_RANGE or left < 0:
            raise SecurityError(f"the template loops over more than {MAX_RANGE_ITEMS:,} "
                                "range items in all")
        self._left.items = left
        return numbers

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_OUTPUT_CHARS:
                    raise SecurityError(f"the template repeats a value to more than "
                                        f"{MAX_OUTPUT_CHARS:,} items")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise SecurityError(f"the template raises to a power above {MAX_POWER:,}")
        return super().call_binop(context, operator, left, right)

    def render_bounded(self, name: str, **context: Any) -> str:
        """The named template rendered, refused once it loops or writes too much."""
        self._left.items = MAX_RANGE_ITEMS
        parts, size = [], 0
        for chunk in self.get_template(name).generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise SecurityError(f"the template writes more than {MAX_OUTPUT_CHARS:,} "
                                    "characters")
            parts.append(chunk)
        return "".join(parts)
