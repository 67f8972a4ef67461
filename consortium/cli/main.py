"""Command line: parse options, call one library function, print.

Every ``ConsortiumError`` becomes a one-line ``click.ClickException``; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import click

from consortium import __version__
from consortium.cli.common import (
    names,
    option_option,
    output_options,
    pool_options,
    run_safely,
    size_range,
)
from consortium.cli.io import check_out, emit, pool_inputs, warn
from consortium.partners.orgtypes import ORG_TYPES


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="consortium")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option("--backend", type=click.Choice(["torch", "onnx"]), envvar="CONSORTIUM_BACKEND",
              help="Embedding runtime: torch (default) or onnx (ONNX Runtime, 1.05-1.4x "
                   "faster on CPU, same vectors; needs the onnx extra, pip install "
                   "'consortium[onnx]'; the ONNX file is exported once into the cache "
                   "folder).")
def cli(debug: bool, backend: str | None) -> None:
    """Build Horizon Europe consortia from call texts and partner profiles.

    \b
    Examples (the bundled calls and CORDIS security pool):
      consortium suggest HORIZON-CL3-2025-01-DRS-04 --out report.md
      consortium scout HORIZON-CL3-2026-01-FCT-02 --country FI --top 10
    """
    # Commands read --backend through cli.io.backend() and pass it to the embedder.


@cli.command()
@click.argument("call")
@pool_options
@click.option("--size", callback=size_range, help="Consortium size as MIN..MAX or one "
              "number (default: the interquartile range of funded consortia like the "
              "call's, from CORDIS, e.g. 12..18 for a Cluster 3 RIA of EUR 4-6 M).")
@click.option("--include", multiple=True, metavar="NAME",
              help="Partner that must be in (id, short name or name); repeat or comma-separate. "
                   "The first is proposed as coordinator.")
@click.option("--exclude", multiple=True, metavar="NAME", help="Partner that must stay out.")
@click.option("--third-countries", is_flag=True, help="Also consider partners from outside "
              "the EU Member States and Associated Countries.")
@click.option("--max-per-country", type=click.IntRange(1), help="At most N partners per country.")
@click.option("--min-countries", type=click.IntRange(1), help="At least N distinct countries.")
@click.option("--max-per-organisation", type=click.IntRange(1), default=1, show_default=True,
              help="At most N entities sharing one legal identity (name and country; CORDIS "
                   "lists some organisations under several ids).")
@click.option("--min-clusters", type=click.IntRange(1), help="Members from at least N "
              "clusters (the registry's cluster tags).")
@click.option("--experienced-coordinator", is_flag=True, help="Require a member that has "
              "coordinated an EU project (proposed as coordinator).")
@click.option("--require-type", multiple=True, type=click.Choice(
    ORG_TYPES, case_sensitive=False),
    help="At least one partner of this type; repeat for several.")
@click.option("--no-conditions", is_flag=True, help="Do not enforce the topic's required "
              "practitioner conditions (e.g. 2 police authorities from 2 countries).")
@click.option("--alternatives", "n_alternatives", type=click.IntRange(0, 10), default=0,
              help="Also list N alternative consortia, each differing by 2+ members.")
@click.option("--exact", is_flag=True, help="Solve exactly (MILP, HiGHS) on the candidate "
              "pool instead of greedy + swaps; slower, proves optimality.")
@click.option("--time-limit", type=click.FloatRange(1), default=60, show_default=True,
              help="Seconds for the exact solver (--exact).")
@option_option
@output_options
def suggest(call: str, partners: str | None, projects: str | None, calls_dir: str | None,
            model: str | None, cache_dir: str | None, no_progress: bool,
            size: tuple[int, int] | None, include: tuple[str, ...], exclude: tuple[str, ...],
            third_countries: bool, max_per_country: int | None, min_countries: int | None,
            max_per_organisation: int, min_clusters: int | None,
            experienced_coordinator: bool,
            require_type: tuple[str, ...], no_conditions: bool, n_alternatives: int,
            exact: bool,
            time_limit: float, option: str | None, out: str | None, fmt: str | None,
            template_dir: str | None) -> None:
    """Suggest a consortium for CALL (a topic id from the calls folder, or a file).

    \b
    Examples:
      consortium suggest HORIZON-CL3-2025-01-DRS-04
      consortium suggest HORIZON-CL3-2025-01-BM-01 --size 5..8 --include Fraunhofer
      consortium suggest my-topic.md --partners members.csv --out draft.md
      consortium suggest HORIZON-CL3-2025-01-FCT-01 --max-per-country 2 --alternatives 3
    """
    from consortium.pipeline import Settings, build
    from consortium.search.problem import SearchConfig
    from consortium.search.rules import Rules
    from consortium.search.solvers import ExactSolver, GreedySolver

    def action() -> None:
        source = pool_inputs(partners, projects, model, cache_dir, no_progress)
        check_out("consortium", out, fmt)
        rules = Rules(max_per_country, min_countries, tuple(t.upper() for t in require_type),
                      topic_conditions=not no_conditions, min_clusters=min_clusters,
                      experienced_coordinator=experienced_coordinator,
                      max_per_organisation=max_per_organisation)
        config = SearchConfig(min_size=size[0], max_size=size[1]) if size else None
        settings = Settings(config=config,
                            third_countries=third_countries, rules=rules,
                            solver=ExactSolver(time_limit) if exact else GreedySolver())
        report = build(call, source, calls_dir, settings, warn, option).suggest(
            names(include), names(exclude), n_alternatives)
        emit("consortium", report, out, fmt, template_dir)

    run_safely(action)


@cli.command()
@click.argument("call")
@pool_options
@click.option("--members", required=True, multiple=True, metavar="NAME,NAME,...",
              help="The consortium to score: ids, short names or names, comma-separated.")
@option_option
@output_options
def score(call: str, partners: str | None, projects: str | None, calls_dir: str | None,
          model: str | None, cache_dir: str | None, no_progress: bool,
          members: tuple[str, ...], option: str | None, out: str | None, fmt: str | None,
          template_dir: str | None) -> None:
    """Score a given consortium for CALL: coverage, gaps, diversity, eligibility.

    \b
    Examples:
      consortium score HORIZON-CL3-2025-01-DRS-04 --members Fraunhofer,FOI,UPM
      consortium score my-topic.md --partners members.csv --members "ACME,Uni X,NPA" --out r.md
    """
    from consortium.pipeline import build

    def action() -> None:
        source = pool_inputs(partners, projects, model, cache_dir, no_progress)
        check_out("consortium", out, fmt)
        report = build(call, source, calls_dir, warn=warn, option=option).score(
            names(members))
        emit("consortium", report, out, fmt, template_dir)

    run_safely(action)


# Command groups of other stages register here, each from its own module.
from consortium.cli.partners import partners  # noqa: E402

cli.add_command(partners)

from consortium.cli.calls import calls  # noqa: E402

cli.add_command(calls)

from consortium.cli.scout import clusters, radar, scout  # noqa: E402

for _command in (scout, radar, clusters):
    cli.add_command(_command)

from consortium.cli.eval import eval_command  # noqa: E402

cli.add_command(eval_command)

from consortium.cli.review import check, fill  # noqa: E402

cli.add_command(check)
cli.add_command(fill)

from consortium.cli.cache import cache  # noqa: E402

cli.add_command(cache)

from consortium.cli.serve import serve  # noqa: E402

cli.add_command(serve)
