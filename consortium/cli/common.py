"""Pieces every command shares: option decorators, parsing helpers, error handling.

Command modules import from here (not from ``cli.main``), so each stage's commands can
live in a module of its own and ``cli.main`` only registers them.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import click

from consortium.errors import ConsortiumError
from consortium.render.formats import FORMAT_NAMES
from consortium.text import UNSAFE_BEYOND_C0

INTERRUPTED = "Interrupted; embeddings computed so far are kept in the cache."


def size_range(ctx: click.Context, param: click.Parameter,
               value: str | None) -> tuple[int, int] | None:
    if value is None:     # the typical size of funded consortia like the call's
        return None
    match = re.fullmatch(r"\s*(\d+)\s*(?:\.\.|-|:)\s*(\d+)\s*|\s*(\d+)\s*", value)
    if not match:
        raise click.BadParameter(f"'{value}' is not a size: give MIN..MAX such as 6..10, "
                                 "or one number")
    if match.group(3):
        low = high = int(match.group(3))
    else:
        low, high = int(match.group(1)), int(match.group(2))
    if not 1 <= low <= high:
        raise click.BadParameter(f"'{value}': need 1 <= MIN <= MAX")
    return low, high


def names(values: tuple[str, ...]) -> list[str]:
    """Accept repeated options and comma-separated lists alike."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


cache_dir_option = click.option(
    "--cache-dir", type=click.Path(), envvar="CONSORTIUM_CACHE_DIR",
    help="Embedding cache folder (default: ~/.cache/consortium).")


def _pool_option_list(calls_dir: bool) -> list[Callable[..., Any]]:
    options = [
        click.option("--partners", type=click.Path(), help="Partner registry (CSV, XLSX, "
                     "JSON, YAML or .db; default: the bundled CORDIS security pool)."),
        click.option("--projects", type=click.Path(), help="Projects CSV for a registry "
                     "with a 'projects' column (default: projects.csv beside it)."),
        click.option("--calls-dir", type=click.Path(), help="Folder to look CALL ids up in "
                     "(default: the bundled calls)."),
        click.option("--model", help="Embedding model: all-MiniLM-L6-v2 (default, shipped, "
                     "English only), multilingual (multilingual-e5-small, shipped: members "
                     "who write in their own language) or a local sentence-transformers "
                     "directory."),
        cache_dir_option,
        click.option("--no-progress", is_flag=True, help="Hide the progress bars (shown "
                     "on stderr only when it is a terminal)."),
    ]
    return options if calls_dir else [options[0], options[1], *options[3:]]


def pool_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options naming the inputs, shared by every command that embeds."""
    return functools.reduce(lambda acc, opt: opt(acc), reversed(_pool_option_list(True)), f)


def registry_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``pool_options`` without --calls-dir, for commands that take their calls otherwise."""
    return functools.reduce(lambda acc, opt: opt(acc), reversed(_pool_option_list(False)), f)


option_option = click.option(
    "--option", metavar="X", help="For a topic with options (a, b, ...): keep that option's "
    "requirements and conditions plus the common ones; a proposal addresses one option.")


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--out", type=click.Path(), help="Write the report to FILE "
                     "(.md, .html, .docx, .xlsx, .csv or .json; format from the extension)."),
        click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES),
                     help="Report format, overriding the extension."),
        click.option("--template-dir", type=click.Path(), help="Folder whose templates "
                     "override the defaults (run in Jinja2's sandbox)."),
    ]
    return functools.reduce(lambda acc, opt: opt(acc), reversed(options), f)


# C0 and C1 control characters: a terminal would act on them (ESC starts a sequence).
_UNPRINTABLE = re.compile(f"[\x00-\x1f{UNSAFE_BEYOND_C0}]")


def one_line(message: str) -> str:
    """A message as one terminal-safe line: it quotes user data (a cell, a template), which
    may hold line breaks or escape sequences that would split or rewrite the output."""
    text = " ".join(message.split())
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@contextlib.contextmanager
def _notices() -> Iterator[None]:
    """What a reader noticed and said as a ``LegacyEncodingNotice`` (which encoding a
    registry was read in) or a ``LanguageNotice`` (descriptions the model cannot read):
    one ``warning:`` line on stderr, each time."""
    from consortium.partners.language import LanguageNotice
    from consortium.partners.legacy_encoding import LegacyEncodingNotice
    from consortium.partners.validation import LongDescriptionNotice

    notices = (LegacyEncodingNotice, LanguageNotice, LongDescriptionNotice)

    shown = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], *args: Any,
             **kwargs: Any) -> None:
        if issubclass(category, notices):
            click.echo(f"warning: {one_line(str(message))}", err=True)
        else:
            shown(message, category, *args, **kwargs)

    with warnings.catch_warnings():
        for notice in notices:
            warnings.simplefilter("always", notice)
        warnings.showwarning = show
        yield


def run_safely(action: Callable[[], None]) -> None:
    """Run a command's body so that any failure is one line on stderr (``--debug``: the
    traceback). Our own errors say what to fix; the rest still must not print a trace."""
    debug = bool(click.get_current_context().find_root().params.get("debug"))
    try:
        with _notices():
            action()
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except ConsortiumError as exc:
        if debug:
            raise
        raise click.ClickException(one_line(str(exc))) from None
    except KeyboardInterrupt:  # Ctrl-C where ``cli.main``'s handler is not installed
        if debug:
            raise
        click.echo(INTERRUPTED, err=True)
        sys.exit(130)
    except OSError as exc:  # disk full, permissions, a path that vanished meanwhile
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        raise click.ClickException(one_line(f"{where}{exc.strerror or exc}")) from None
    except sqlite3.Error as exc:
        if debug:
            raise
        raise click.ClickException(one_line(
            f"a database file (registry store or embedding cache) is damaged or locked: "
            f"{exc}; pass another --db or --cache-dir, or rerun with --debug")) from None
    except Exception as exc:
        if debug:
            raise
        raise click.ClickException(one_line(
            f"unexpected {type(exc).__name__}: {exc} (this is a bug; rerun with --debug "
            "for the traceback and report it)")) from None
