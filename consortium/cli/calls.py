"""The ``calls`` command group: import topic texts, list them, show one.

Kept apart from ``cli.main`` so the call-text commands (and their formats) evolve without
touching the consortium commands; ``cli.main`` only registers the group.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from consortium.cli.common import run_safely
from consortium.cli.io import warn


def _calls_dir(value: str | None) -> Path:
    from consortium.resources import bundled_dir

    return Path(value) if value else bundled_dir("calls")


def _report_skipped(skipped: Sequence[str], warnings: Sequence[str] = (),
                    unlabelled: int = 0, done: str = "imported") -> None:
    """Warnings, then skipped topics, one line each; then the counts."""
    for line in warnings:
        warn(line)
    for line in skipped:
        click.echo(f"skipped: {line}", err=True)
    if unlabelled:
        click.echo(f"{unlabelled} {done} without headings (warnings above)", err=True)
    if skipped:
        click.echo(f"{len(skipped)} skipped (reasons above)", err=True)


def _conditions_cell(call: object) -> str:
    from consortium.calls.conditions import strongest

    found = strongest(getattr(call, "conditions", []))
    return "; ".join(c.summary() for c in found if c.required) or \
        ("recommended only" if found else "-")


@click.group()
def calls() -> None:
    """Read topic texts in every form the portal gives them; list and show them.

    \b
    Examples:
      consortium calls list --only CL3-2026
      consortium calls show HORIZON-CL3-2025-01-FCT-01 --option b
      consortium calls import portal_topics_open_2026.json.gz --to calls
    """


@calls.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--to", "to_dir", type=click.Path(), default="calls", show_default=True,
              help="Folder for the normalised topic files (one <topic id>.md each).")
@click.option("--only", multiple=True, metavar="TEXT",
              help="Keep topics whose id contains TEXT (repeatable), e.g. --only -CL3-.")
def import_(files: tuple[str, ...], to_dir: str, only: tuple[str, ...]) -> None:
    """Write one normalised Markdown file per topic found in FILES.

    FILES may be Markdown/text topic files, the portal's search export (CSV),
    topic_texts.csv(.gz), portal topic JSON (one object, a list or concatenated
    objects, gzip or not) or an HTML description. A topic that cannot be used is
    skipped with one line saying why; the others are still written.

    \b
    Examples:
      consortium calls import portal_topics_open_2026.json.gz --only -CL3- --to calls/
      consortium calls import topic.html my-topic.md --to my-calls/
    """
    from consortium.calls.formats import read_topics, same_topic
    from consortium.calls.records import safe_filename
    from consortium.calls.topic import Call
    from consortium.errors import InputError
    from consortium.files import write_atomic

    def action() -> None:
        result = read_topics(list(files), only=only)
        out = Path(to_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(out, f"cannot create the folder ({error.strerror})") from None
        written: dict[str, Call] = {}
        repeats: list[str] = []
        for call, markdown in zip(result.calls, result.markdown):
            name = safe_filename(call.id)
            first = written.get(name)
            if first is not None and same_topic(first, call):
                repeats.append(f"{call.source}: topic {call.id}: same topic as "
                               f"{first.source}; written once")
                continue
            if first is not None:
                result.skipped.append(f"{call.source}: topic {call.id} skipped: already "
                                      f"written from {first.source}, whose text differs "
                                      f"('{first.title}', here '{call.title}'; ids must "
                                      "be unique)")
                continue
            written[name] = call
            write_atomic(out / name, markdown)
        for line in repeats:
            click.echo(line, err=True)
        _report_skipped(result.skipped, result.warnings, result.unlabelled)
        click.echo(f"wrote {len(written)} topic files to {out}")

    run_safely(action)


@calls.command("list")
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--calls-dir", type=click.Path(), help="Folder of topic files "
              "(default: the bundled calls; ignored when FILES are given).")
@click.option("--only", multiple=True, metavar="TEXT", help="Keep ids containing TEXT.")
def list_(files: tuple[str, ...], calls_dir: str | None, only: tuple[str, ...]) -> None:
    """List topics: id, title, deadline, action type, requirements, conditions.

    \b
    Examples:
      consortium calls list
      consortium calls list portal_topics_open_2026.json.gz --only -CL3-
    """
    from consortium.calls.index import CallRow, list_rows

    def action() -> None:
        if files:
            from consortium.calls.formats import read_topics

            result = read_topics(list(files), only=only)
            found = [CallRow(c.id, c.title, c.deadline, c.action_type, len(c.requirements),
                             len(c.conditions), _conditions_cell(c)) for c in result.calls]
            skipped, warnings, unlabelled = result.skipped, result.warnings, result.unlabelled
        else:
            # The bundled folder's rows come from an index in the cache folder, so a
            # listing does not parse ~110 topics again (see calls.index).
            found = [c for c in list_rows(_calls_dir(calls_dir), _conditions_cell)
                     if not only or any(o.casefold() in c.id.casefold() for o in only)]
            skipped, warnings, unlabelled = [], [], 0
        for call in found:
            title = call.title if len(call.title) <= 50 else call.title[:49] + "…"
            click.echo(f"{call.id}\t{title}\t{call.deadline or '-'}\t"
                       f"{call.action_type or '-'}\t{call.requirements} req\t"
                       f"{call.conditions_cell}")
        _report_skipped(skipped, warnings, unlabelled, done="read")
        counts = [c.requirements for c in found]
        if counts:
            import statistics

            click.echo(f"{len(found)} topics; requirements per topic min {min(counts)}, "
                       f"median {statistics.median(counts):g}, max {max(counts)}; "
                       f"{sum(c.conditions for c in found)} conditions", err=True)

    run_safely(action)


@calls.command("show")
@click.argument("topic")
@click.option("--calls-dir", type=click.Path(), help="Folder to look TOPIC up in "
              "(default: the bundled calls).")
@click.option("--from", "from_file", type=click.Path(), help="Find TOPIC in this export "
              "(CSV/JSON) instead of a calls folder.")
@click.option("--option", help="Keep one option's requirements (a, b, ...) plus the common "
              "ones; a proposal addresses one option.")
def show(topic: str, calls_dir: str | None, from_file: str | None, option: str | None) -> None:
    """Show TOPIC's numbered requirements (kind, option, weight) and its conditions.

    \b
    Examples:
      consortium calls show HORIZON-CL3-2025-01-FCT-01 --option b
      consortium calls show HORIZON-CL3-2026-01-FCT-01 --from portal_topics_open_2026.json.gz
    """
    from consortium.calls.folder import find_call
    from consortium.calls.formats import read_topics
    from consortium.errors import InputError

    def action() -> None:
        if from_file:
            result = read_topics([from_file], option=option, only=(topic,))
            matches = [c for c in result.calls if c.id.casefold() == topic.casefold()]
            if not matches:
                raise InputError(from_file, f"no topic '{topic}' in this file")
            call = matches[0]
            for line in result.warnings:
                if line.startswith(f"{call.source}:"):
                    warn(line)
        else:
            call = find_call(topic, calls_dir, option=option, warn=warn)
        click.echo(f"{call.id}: {call.title}")
        facts = [("call", call.call), ("type of action", call.action_type),
                 ("deadline", call.deadline), ("budget", _budget(call.budget_min,
                                                                 call.budget_max)),
                 ("expected grants", str(call.expected_grants or "")), ("TRL", call.trl),
                 ("options", ", ".join(call.options)),
                 ("builds on", ", ".join(call.predecessors)),
                 ("sections", "unlabelled (no Expected Outcome / Scope headings; the whole "
                  "text was read as Scope)" if call.unlabelled else "")]
        for name, value in facts:
            if value:
                click.echo(f"  {name}: {value}")
        click.echo("\nRequirements:")
        for req in call.requirements:
            tags = req.kind + (f"/{req.aspect}" if req.aspect else "") + \
                (f", option {req.option}" if req.option else "") + \
                (", weight 0" if req.weight == 0 else "")
            click.echo(f"  {req.id} [{tags}] {req.text}")
        if call.context:
            click.echo("\nNot scored (background, boilerplate, lead-ins, footnotes, "
                       "conditions, predecessors):")
        for unit in call.context:
            tag = unit.role + (f", option {unit.option}" if unit.option else "")
            click.echo(f"  {unit.id} [{tag}] {unit.text}")
        click.echo("\nConditions:" if call.conditions else "\nConditions: none found")
        for cond in call.conditions:
            click.echo(f"  - {cond.summary()}: \"{cond.sentence}\"")

    run_safely(action)


def _budget(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if low == high or high is None:
        return f"EUR {low:,}"
    return f"EUR {low or 0:,} - {high:,}"
