"""Command line: parse options, call one library function, print.

Every ``ConsortiumError`` becomes a one-line ``click.ClickException``; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import ConsortiumError


def _size(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, int]:
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


def _names(values: tuple[str, ...]) -> list[str]:
    """Accept repeated options and comma-separated lists alike."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def pool_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options naming the inputs, shared by every command that embeds."""
    options = [
        click.option("--partners", type=click.Path(), help="Partner registry CSV "
                     "(default: the bundled CORDIS security pool)."),
        click.option("--projects", type=click.Path(), help="Projects CSV for a registry "
                     "with a 'projects' column (default: projects.csv beside it)."),
        click.option("--calls-dir", type=click.Path(), help="Folder to look CALL ids up in "
                     "(default: the bundled calls)."),
        click.option("--model", help="Embedding model: all-MiniLM-L6-v2 (default, shipped) "
                     "or a local sentence-transformers directory."),
        click.option("--cache-dir", type=click.Path(), envvar="CONSORTIUM_CACHE_DIR",
                     help="Embedding cache folder (default: ~/.cache/consortium)."),
        click.option("--no-progress", is_flag=True, help="Hide the progress bar."),
    ]
    return functools.reduce(lambda acc, opt: opt(acc), reversed(options), f)


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--out", type=click.Path(), help="Write the report to FILE "
                     "(.md or .json; format from the extension)."),
        click.option("--format", "fmt", type=click.Choice(["markdown", "json"]),
                     help="Report format, overriding the extension."),
        click.option("--template-dir", type=click.Path(), help="Folder whose templates "
                     "override the defaults (run in Jinja2's sandbox)."),
    ]
    return functools.reduce(lambda acc, opt: opt(acc), reversed(options), f)


def _run(action: Callable[[], None]) -> None:
    debug = bool(click.get_current_context().find_root().params.get("debug"))
    try:
        action()
    except ConsortiumError as exc:
        if debug:
            raise
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("Interrupted; embeddings computed so far are kept in the cache.",
                   err=True)
        sys.exit(130)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="consortium")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(debug: bool) -> None:
    """Build Horizon Europe consortia from call texts and partner profiles.

    \b
    Quick start (bundled call and CORDIS security pool):
      consortium suggest HORIZON-CL3-2025-01-DRS-04 --out report.md
    """


def _check_out(out: str | None, fmt: str | None) -> None:
    """Refuse a bad --out before minutes of embedding, not after."""
    if out:
        from .render import check_destination, output_format

        output_format(Path(out), fmt)
        check_destination(Path(out))


def _emit(report: Any, out: str | None, fmt: str | None, template_dir: str | None) -> None:
    from .render import output_format, render, to_text, write_atomic

    tdir = Path(template_dir) if template_dir else None
    click.echo(render(report, "summary.txt.j2", tdir))
    if out:
        path = Path(out)
        write_atomic(path, to_text(report, output_format(path, fmt), tdir))
        click.echo(f"Report written to {path}", err=True)


@cli.command()
@click.argument("call")
@pool_options
@click.option("--size", default="6..10", show_default=True, callback=_size,
              help="Consortium size as MIN..MAX or one number.")
@click.option("--include", multiple=True, metavar="NAME",
              help="Partner that must be in (id, short name or name); repeat or comma-separate. "
                   "The first is proposed as coordinator.")
@click.option("--exclude", multiple=True, metavar="NAME", help="Partner that must stay out.")
@click.option("--third-countries", is_flag=True, help="Also consider partners from outside "
              "the EU Member States and Associated Countries.")
@output_options
def suggest(call: str, partners: str | None, projects: str | None, calls_dir: str | None,
            model: str | None, cache_dir: str | None, no_progress: bool,
            size: tuple[int, int], include: tuple[str, ...], exclude: tuple[str, ...],
            third_countries: bool, out: str | None, fmt: str | None,
            template_dir: str | None) -> None:
    """Suggest a consortium for CALL (a topic id from the calls folder, or a file).

    \b
    Examples:
      consortium suggest HORIZON-CL3-2025-01-DRS-04
      consortium suggest HORIZON-CL3-2025-01-BM-01 --size 5..8 --include Fraunhofer
      consortium suggest my-topic.md --partners members.csv --out draft.md
    """
    from .pipeline import Inputs, build
    from .search import SearchConfig

    def action() -> None:
        inputs = Inputs(call, partners, projects, calls_dir, model, cache_dir, not no_progress)
        _check_out(out, fmt)
        builder = build(inputs, config=SearchConfig(min_size=size[0], max_size=size[1]),
                        third_countries=third_countries)
        report = builder.suggest(_names(include), _names(exclude))
        _emit(report, out, fmt, template_dir)

    _run(action)


@cli.command()
@click.argument("call")
@pool_options
@click.option("--members", required=True, multiple=True, metavar="NAME,NAME,...",
              help="The consortium to score: ids, short names or names, comma-separated.")
@output_options
def score(call: str, partners: str | None, projects: str | None, calls_dir: str | None,
          model: str | None, cache_dir: str | None, no_progress: bool,
          members: tuple[str, ...], out: str | None, fmt: str | None,
          template_dir: str | None) -> None:
    """Score a given consortium for CALL: coverage, gaps, diversity, eligibility.

    \b
    Examples:
      consortium score HORIZON-CL3-2025-01-DRS-04 --members Fraunhofer,FOI,UPM
      consortium score my-topic.md --partners members.csv --members "ACME,Uni X,NPA" --out r.md
    """
    from .pipeline import Inputs, build

    def action() -> None:
        inputs = Inputs(call, partners, projects, calls_dir, model, cache_dir, not no_progress)
        _check_out(out, fmt)
        report = build(inputs).score(_names(members))
        _emit(report, out, fmt, template_dir)

    _run(action)


def main() -> None:
    cli()
