"""What every command reads and writes: the pool it names, and its report.

Commands pass the pool options here to get ``pipeline.PoolInputs`` (with the root's
``--backend``), and hand their report to ``emit`` by kind, so terminal views and ``--out``
files all go through ``render.output``'s one table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the pipeline imports numpy; --help must not
    from consortium.pipeline import PoolInputs


def check_out(kind: str, out: str | None, fmt: str | None = None) -> str | None:
    """Refuse a bad --out before minutes of embedding, not after; the format to write."""
    from consortium.render.output import destination

    return destination(kind, out, fmt)


def emit(kind: str, report: Any, out: str | None = None, fmt: str | None = None,
         template_dir: str | None = None, what: str = "Report") -> None:
    """Print a report's terminal view and write it to ``out`` if given."""
    from pathlib import Path

    from consortium.render.output import summary, write

    tdir = Path(template_dir) if template_dir else None
    text, notes = summary(kind, report, tdir)
    click.echo(text)
    for note in notes:
        click.echo(note, err=True)
    if out:
        write(kind, report, out, fmt, tdir)
        click.echo(f"{what} written to {Path(out)}", err=True)


def backend() -> str | None:
    """The embedding runtime chosen with ``consortium --backend``."""
    value = click.get_current_context().find_root().params.get("backend")
    return str(value) if value else None


def pool_inputs(partners: str | None, projects: str | None, model: str | None,
                cache_dir: str | None, no_progress: bool) -> PoolInputs:
    """The pool options as ``pipeline.PoolInputs``, with the root's ``--backend``."""
    from consortium.pipeline import PoolInputs

    return PoolInputs(partners, projects, model, cache_dir, not no_progress, backend())


def warn(message: str) -> None:
    """What the library noticed and the user should know: one line on stderr."""
    click.echo(f"warning: {message}", err=True)
