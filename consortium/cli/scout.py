"""Commands for cluster managers: ``scout``, ``radar`` and ``clusters map``.

Kept apart from ``cli.main`` (which only registers them) because they rank partners
and topics rather than build one consortium; the library side is ``scout.scouting`` and
``scout.cluster_map``, the output ``render.output``. numpy and the model are imported
inside the commands, so ``--help`` stays instant.
"""

from __future__ import annotations

import datetime
import functools
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from consortium.cli.common import (
    names,
    option_option,
    output_options,
    pool_options,
    registry_options,
    run_safely,
)
from consortium.cli.io import check_out, emit, pool_inputs, progress_bar, show_progress, warn
from consortium.partners.orgtypes import ORG_TYPES


def _calls_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Which topics a radar or map covers."""
    options = [
        click.option("--calls", "calls_source", type=click.Path(), metavar="DIR|FILE",
                     help="A folder of topic files or one file any `calls import` reads, "
                          "e.g. the portal JSON of open topics (default: the bundled calls)."),
        click.option("--only", multiple=True, metavar="TEXT", help="Keep topics whose id "
                     "contains TEXT (repeatable), e.g. --only CL3-2026 --only CL3-2027."),
        click.option("--open-after", callback=_iso_date, metavar="DATE",
                     help="Keep topics whose deadline is on or after DATE (YYYY-MM-DD); "
                          "topics without a deadline are left out and counted "
                          "(--verbose lists them)."),
    ]
    return functools.reduce(lambda acc, opt: opt(acc), reversed(options), f)


_verbose_option = click.option(
    "--verbose", "-v", is_flag=True, help="List every topic left out (by default one line "
    "counts them by reason; --out files list them all).")


def _left_out(skipped: list[str], verbose: bool) -> Callable[[list[str]], list[str]]:
    """The terminal's notes: the topics left out as one summary line unless --verbose."""
    def shown(notes: list[str]) -> list[str]:
        if verbose or not skipped:
            return notes
        rest = [n for n in notes if not n.startswith("left out: ")]
        return [*rest, f"{_left_out_summary(skipped)}; --verbose lists them"]

    return shown


def _left_out_summary(skipped: list[str]) -> str:
    """One line for the topics left out ("ID: reason" each), counted by reason: a radar
    over the portal's open topics leaves dozens out for the same reason."""
    from collections import Counter

    reasons = Counter(s.rsplit(": ", 1)[-1] for s in skipped).most_common()
    return (f"{len(skipped)} topic{'' if len(skipped) == 1 else 's'} left out "
            f"({'; '.join(f'{reason}: {n}' for reason, n in reasons)})")


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; give YYYY-MM-DD") from None


def _warn(topics: Any) -> None:
    """What the call reader noticed (a topic read whole as Scope), as `calls import` says it."""
    for topic in topics:
        for line in topic.warnings:
            warn(line)


@click.command()
@click.argument("call")
@pool_options
@click.option("--country", multiple=True, metavar="CODE", help="Only partners from this "
              "country (ISO code or name); repeat or comma-separate.")
@click.option("--type", "types", multiple=True, type=click.Choice(
    ORG_TYPES, case_sensitive=False),
    help="Only partners of this type; repeat for several.")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True,
              help="How many partners to list.")
@click.option("--sme", is_flag=True, help="Only partners flagged as SMEs.")
@click.option("--cluster", multiple=True, metavar="TAG", help="Only members of this "
              "cluster (registry tag); repeat or comma-separate.")
@option_option
@output_options
def scout(call: str, partners: str | None, projects: str | None, calls_dir: str | None,
          model: str | None, cache_dir: str | None, no_progress: bool,
          country: tuple[str, ...], types: tuple[str, ...], sme: bool,
          cluster: tuple[str, ...], top: int, option: str | None, out: str | None, fmt: str | None,
          template_dir: str | None) -> None:
    """Rank partners for CALL: the requirements each covers, with the evidence.

    \b
    Examples:
      consortium scout HORIZON-CL3-2026-01-DRS-01 --country FI --top 10
      consortium scout HORIZON-CL3-2026-01-FCT-01 --type PUB --out police.xlsx
      consortium scout my-topic.md --partners members.csv --cluster HSD --sme
    """

    def action() -> None:
        from consortium.calls.folder import find_call
        from consortium.pipeline import load_pool
        from consortium.scout.scouting import PartnerFilter
        from consortium.scout.scouting import scout as rank

        check_out("scout", out, fmt)
        topic = find_call(call, calls_dir, option, warn)
        wanted = PartnerFilter(tuple(names(country)), tuple(t.upper() for t in types), sme,
                               tuple(names(cluster)))
        pool = load_pool(pool_inputs(partners, projects, model, cache_dir, no_progress),
                         wanted.apply)
        report = rank(topic, pool.index(), top=top, pool=pool.name, pool_size=pool.size,
                      filters=wanted.describe())
        emit("scout", report, out, fmt, template_dir)

    run_safely(action)


@click.command()
@registry_options
@click.option("--member", metavar="NAME", help="Rank topics for this member (id, short "
              "name or name); its core adds the pool's best complements.")
@click.option("--cluster", metavar="TAG", help="Rank topics for this cluster's members.")
@_calls_options
@click.option("--core", "core_size", type=click.IntRange(1, 10), default=4,
              show_default=True, help="Members in a topic's core.")
@click.option("--top", type=click.IntRange(1), help="Show only the N best topics.")
@click.option("--rank-by", type=click.Choice(["coverage", "facilities"]), default="coverage",
              show_default=True, help="facilities: by how well the member's, cluster's or "
              "pool's facilities serve the topics' validation asks (tests, pilots, TRL).")
@_verbose_option
@output_options
def radar(partners: str | None, projects: str | None, model: str | None,
          cache_dir: str | None, no_progress: bool, member: str | None, cluster: str | None,
          calls_source: str | None, only: tuple[str, ...], open_after: str | None,
          core_size: int, top: int | None, rank_by: str, verbose: bool, out: str | None,
          fmt: str | None, template_dir: str | None) -> None:
    """Rank topics for a member or a cluster: fit, core members, gaps, deadline, budget.

    \b
    Examples:
      consortium radar --partners partners/clusters/partners.csv --cluster FI --only CL3-2026
      consortium radar --member Fraunhofer --open-after 2026-12-01 --out radar.html
      consortium radar --calls portal_topics_open_2026.json.gz --only -CL3- --out radar.xlsx
      consortium radar --partners partners/examples/facilities.csv --rank-by facilities
    """

    def action() -> None:
        from consortium.errors import InputError
        from consortium.pipeline import load_pool
        from consortium.scout.radar import radar as rank
        from consortium.scout.scouting import load_topics, select_calls

        if member and cluster:
            raise InputError("--member/--cluster", "give one of them, not both")
        check_out("radar", out, fmt)
        started = time.perf_counter()
        topics, skipped = load_topics(calls_source, only)
        _warn(topics)
        topics, left_out = select_calls(topics, open_after, only)
        if not topics:
            raise InputError(calls_source or "calls", "no topic left after --only and "
                             "--open-after")
        pool = load_pool(pool_inputs(partners, projects, model, cache_dir, no_progress))
        index = pool.index()
        with progress_bar(len(topics), "Topics", "topic", show_progress(no_progress)) as tick:
            report = rank(topics, index, member=member, cluster=cluster,
                          core_size=core_size, pool=pool.name, done=tick, rank_by=rank_by)
        report.skipped = skipped + left_out
        if top:
            report.rows = report.rows[:top]
        report.seconds = round(time.perf_counter() - started, 2)
        emit("radar", report, out, fmt, template_dir, shown=_left_out(report.skipped, verbose))
        stats = report.embedding
        click.echo(f"{len(topics)} topics ranked in {report.seconds:.1f} s "
                   f"(embedding: {stats.embedded} new texts embedded, {stats.cached} "
                   "from the cache)", err=True)

    run_safely(action)


@click.group()
def clusters() -> None:
    """Cross-cluster views: which clusters complement each other per topic.

    \b
    Example:
      consortium clusters map --partners partners/clusters/partners.csv --only CL3-2026
    """


@clusters.command("map")
@click.argument("call", nargs=-1)
@registry_options
@click.option("--cluster", multiple=True, metavar="TAG", help="Map only these clusters "
              "(default: every tag in the pool); repeat or comma-separate.")
@_calls_options
@_verbose_option
@output_options
def map_(call: tuple[str, ...], partners: str | None, projects: str | None,
         model: str | None, cache_dir: str | None, no_progress: bool,
         cluster: tuple[str, ...], calls_source: str | None, only: tuple[str, ...],
         open_after: str | None, verbose: bool, out: str | None, fmt: str | None,
         template_dir: str | None) -> None:
    """Show per topic which clusters cover which requirements, and which combine best.

    CALL is one or more topic ids or files; without one, every topic in --calls that
    passes --only and --open-after.

    \b
    Examples:
      consortium clusters map HORIZON-CL3-2026-01-DRS-01 --partners pools/clusters.csv
      consortium clusters map --partners pools/clusters.csv --only CL3-2027 --out map.xlsx
    """

    def action() -> None:
        from consortium.calls.folder import find_call
        from consortium.errors import InputError
        from consortium.pipeline import load_pool
        from consortium.scout.cluster_map import cluster_map
        from consortium.scout.scouting import load_topics, select_calls

        check_out("map", out, fmt)
        skipped: list[str] = []
        if call:
            folder = calls_source if calls_source and Path(calls_source).is_dir() else None
            topics = [find_call(c, folder, warn=warn) for c in call]
        else:
            topics, skipped = load_topics(calls_source, only)
            _warn(topics)
            topics, left_out = select_calls(topics, open_after, only)
            skipped += left_out
        if not topics:
            raise InputError(calls_source or "calls", "no topic to map")
        pool = load_pool(pool_inputs(partners, projects, model, cache_dir, no_progress))
        index = pool.index()
        with progress_bar(len(topics), "Topics", "topic", show_progress(no_progress)) as tick:
            report = cluster_map(topics, index, names(cluster), pool=pool.name, done=tick)
        report.skipped = skipped
        emit("map", report, out, fmt, template_dir, shown=_left_out(skipped, verbose))

    run_safely(action)
