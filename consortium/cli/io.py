"""What every command reads and writes: the pool it names, and its report.

Commands pass the pool options here to get ``pipeline.PoolInputs`` (with the root's
``--backend``), and hand their report to ``emit`` by kind, so terminal views and ``--out``
files all go through ``render.output``'s one table.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the pipeline imports numpy; --help must not
    from consortium.pipeline import PoolInputs


def check_out(kind: str, out: str | None, fmt: str | None = None) -> str | None:
    """Refuse a bad --out before minutes of embedding, not after; the format to write."""
    from consortium.render.output import destination

    return destination(kind, out, fmt)


def emit(kind: str, report: Any, out: str | None = None, fmt: str | None = None,
         template_dir: str | None = None, what: str = "Report",
         shown: Callable[[list[str]], list[str]] | None = None) -> None:
    """Print a report's terminal view and write it to ``out`` if given; ``shown`` picks
    the notes the terminal prints (a file keeps them all)."""
    from pathlib import Path

    from consortium.render.output import summary, write

    tdir = Path(template_dir) if template_dir else None
    text, notes = summary(kind, report, tdir)
    click.echo(text)
    for note in shown(notes) if shown is not None else notes:
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

    return PoolInputs(partners, projects, model, cache_dir, show_progress(no_progress),
                      backend())


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def show_progress(no_progress: bool) -> bool:
    """Bars are for a person watching: off with --no-progress, and when stderr goes to a
    file or a pipe (a log would fill with carriage returns)."""
    return not no_progress and _stderr_is_terminal()


@contextmanager
def progress_bar(total: int, label: str, unit: str,
                 show: bool) -> Iterator[Callable[[], None]]:
    """A tqdm bar on stderr ticked once per item done (a no-op when not shown)."""
    if not show or total < 2:
        yield lambda: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit=unit, file=sys.stderr, leave=False) as bar:
        yield lambda: bar.update(1)


def warn(message: str) -> None:
    """What the library noticed and the user should know: one line on stderr."""
    click.echo(f"warning: {message}", err=True)
