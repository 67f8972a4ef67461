"""Command line: parse options, call one library function, print.

Every ``ConsortiumError`` becomes a one-line ``click.ClickException``; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_common import names as _names
from .cli_common import output_options, pool_options, run_safely, size_range


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
@click.option("--size", default="6..10", show_default=True, callback=size_range,
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

    run_safely(action)


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

    run_safely(action)


def main() -> None:
    cli()


# Command groups of other stages register here, each from its own module.
