"""Reviewer and coordinator commands: check a proposed consortium, fill its gaps."""

from __future__ import annotations

from pathlib import Path

import click

from consortium.cli.common import names, option_option, output_options, pool_options, run_safely
from consortium.cli.io import check_out, emit, pool_inputs, warn


@click.command()
@click.argument("call")
@click.option("--consortium", "consortium_file", required=True, type=click.Path(),
              help="The consortium: a CSV/YAML/text list of ids or names (optional 'role' "
                   "column), or a full registry of the members with descriptions.")
@pool_options
@option_option
@output_options
def check(call: str, consortium_file: str, partners: str | None, projects: str | None,
          calls_dir: str | None, model: str | None, cache_dir: str | None,
          no_progress: bool, option: str | None, out: str | None, fmt: str | None,
          template_dir: str | None) -> None:
    """Check a proposed consortium for CALL: eligibility and topic conditions,
    per-requirement coverage with evidence, gaps, single points of failure, diversity.

    \b
    Examples:
      consortium check HORIZON-CL3-2026-01-FCT-02 --consortium proposal.csv --out review.md
      consortium check my-topic.md --consortium members.csv   # a registry of the members
    """
    from consortium.partners.consortium_file import (
        is_registry,
        read_consortium,
        resolve_consortium,
    )
    from consortium.pipeline import build

    def action() -> None:
        check_out("consortium", out, fmt)
        path = Path(consortium_file)
        if is_registry(path):
            source = pool_inputs(consortium_file, projects, model, cache_dir, no_progress)
            builder = build(call, source, calls_dir, warn=warn, option=option)
            report = builder.score([p.id for p in builder.partners_])
        else:
            entries = read_consortium(path)
            source = pool_inputs(partners, projects, model, cache_dir, no_progress)
            builder = build(call, source, calls_dir, warn=warn, option=option)
            found = resolve_consortium(entries, builder.partners_, path)
            lead = found.coordinator.id if found.coordinator else None
            report = builder.score([p.id for p in found.members], lead)
            report.notes[:0] = found.notes()
            if report.draft is not None:
                from consortium.draft.capacity import apply_roles

                apply_roles(report.draft.participants, [m.id for m in report.members],
                            found.roles)
            for note in found.notes():
                warn(note)
        emit("consortium", report, out, fmt, template_dir)

    run_safely(action)


@click.command()
@click.argument("call")
@click.option("--consortium", "consortium_file", type=click.Path(),
              help="The consortium so far (as for `check`).")
@click.option("--members", multiple=True, metavar="NAME,NAME,...",
              help="The consortium so far, as ids or names (instead of --consortium).")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True,
              help="How many candidates to list.")
@click.option("--third-countries", is_flag=True, help="Also rank partners from outside the "
              "EU Member States and Associated Countries.")
@pool_options
@click.option("--out", type=click.Path(), help="Write the ranking as JSON.")
def fill(call: str, consortium_file: str | None, members: tuple[str, ...], top: int,
         third_countries: bool, partners: str | None, projects: str | None,
         calls_dir: str | None, model: str | None, cache_dir: str | None,
         no_progress: bool, out: str | None) -> None:
    """Rank the partners that would best fill an existing consortium's gaps for CALL,
    with the requirements each improves and the evidence.

    \b
    Examples:
      consortium fill HORIZON-CL3-2025-01-DRS-04 --members Fraunhofer,FOI,UPM
      consortium fill HORIZON-CL3-2026-01-FCT-02 --consortium proposal.csv --top 5
    """
    from consortium.errors import InputError
    from consortium.partners.consortium_file import read_consortium, resolve_consortium
    from consortium.pipeline import Settings, build

    def action() -> None:
        check_out("fill", out)
        entries = read_consortium(consortium_file) if consortium_file else []
        if not entries and not members:
            raise InputError("--members", "give the consortium so far with --members or "
                             "--consortium")
        source = pool_inputs(partners, projects, model, cache_dir, no_progress)
        builder = build(call, source, calls_dir,
                        Settings(third_countries=third_countries), warn)
        refs = names(members)
        if entries:
            found = resolve_consortium(entries, builder.partners_, consortium_file)
            refs += [p.id for p in found.members]
            for note in found.notes():
                warn(note)
        emit("fill", builder.fill(refs, top), out, what="Ranking")

    run_safely(action)
