"""``consortium partners``: import registries and CORDIS files into the store, look inside.

Imports print every skipped row with its file:row:field reason, every CORDIS value
filled in and the near-duplicate names, so a cluster manager can fix the spreadsheet
(library modules are imported inside the commands: ``consortium --help`` stays fast).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from consortium.cli.common import names, run_safely
from consortium.cli.duplicates import report_duplicates as _report_duplicates
from consortium.text import count

if TYPE_CHECKING:
    from consortium.partners.importing import FileImport
    from consortium.partners.store import Registry

def _db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", type=click.Path(dir_okay=False), envvar="CONSORTIUM_DB",
                        help="Registry store (default: registry.db in your user data "
                             "folder; or CONSORTIUM_DB).")(f)


def _open(db: str | None) -> Registry:
    from consortium.partners.store import Registry, default_db

    return Registry(Path(db) if db else default_db(),
                    on_wait=lambda message: click.echo(message, err=True))


@contextmanager
def _bar(label: str, show: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr driven by bytes read (a .gz file's row count is unknown)."""
    if not show:
        yield None
        return
    with click.progressbar(length=1, label=label, file=sys.stderr) as bar:
        done = 0

        def update(position: int, total: int) -> None:
            nonlocal done
            bar.length = total
            bar.update(position - done)
            done = position

        yield update


@click.group()
def partners() -> None:
    """Partner registries: import spreadsheets and CORDIS files into one store, then list,
    show and export what it holds. Use the store in suggest/score with --partners FILE.db.

    \b
    Examples:
      consortium partners import members.xlsx --cluster HSD --db pool.db
      consortium partners list --practitioner police --db pool.db
      consortium suggest HORIZON-CL3-2026-01-FCT-02 --partners pool.db
    """


@partners.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--cluster", default="", help="Tag every imported member with this cluster "
              "(e.g. HSD), so several clusters' registries can be told apart.")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=HEADER",
              help="Read FIELD from column HEADER, for headers the aliases do not know.")
@click.option("--strict", is_flag=True, help="Stop at the first bad row instead of "
              "skipping bad rows and listing them.")
@click.option("--projects", type=click.Path(), help="Projects CSV for a registry with a "
              "'projects' column (default: projects.csv beside it).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
@_db_option
def import_(files: tuple[str, ...], cluster: str, mapping: tuple[str, ...], strict: bool,
            projects: str | None, no_progress: bool, db: str | None) -> None:
    """Import registries (CSV, XLSX, JSON, YAML) and CORDIS organization.csv(.gz) files.

    CORDIS companion files (topics.csv, euroSciVoc.csv, project.csv) are found beside
    the organization file or may be listed too. Re-importing a file updates in place.

    \b
    Examples:
      consortium partners import members.xlsx --cluster HSD
      consortium partners import safe.csv --map name="Legal entity" --cluster SAFE
      consortium partners import cordis-he/organization.csv.gz cordis-h2020/organization.csv
    """
    def action() -> None:
        from consortium.partners.formats import parse_mapping
        from consortium.partners.importing import import_files, imported_keys
        from consortium.partners.pool import PARTNER_FIELDS

        fields = parse_mapping(names(mapping), PARTNER_FIELDS)
        brought: set[str] = set()
        with _open(db) as store:
            for step in import_files(store, [Path(f) for f in files], cluster=cluster,
                                     mapping=fields, strict=strict, projects=projects,
                                     progress=lambda path: _bar(f"Reading {path.name}",
                                                                not no_progress)):
                _echo_import(step)
                brought |= imported_keys(step)
            _report_duplicates(store, among=brought)

    run_safely(action)


def _echo_import(step: FileImport) -> None:
    """One file's lines: what it gave, every value filled in and every row not used."""
    from consortium.partners.importing import CordisImported, CordisStarted

    if isinstance(step, CordisStarted):
        used = step.companions
        click.echo(f"{step.path}: CORDIS organisations"
                   + (f" with {', '.join(p.name for p in used.values())}" if used else ""))
    elif isinstance(step, CordisImported):
        result = step.result
        click.echo(f"  {result.rows:,} rows -> {len(result.partners):,} organisations "
                   f"({step.new:,} new, {step.updated:,} updated), "
                   f"{len(result.projects):,} projects")
        for note in result.notes:
            click.echo(f"  note: {note}")
        if result.problems:
            click.echo(f"  {len(result.problems)} rows not used:")
            for line in result.problems:
                click.echo(f"    {line}")
    else:
        skipped = step.result.skipped
        click.echo(f"{step.path}: {step.result.rows} rows, {len(step.result.partners)} imported "
                   f"({step.new} new, {step.updated} updated), {len(skipped)} skipped"
                   + (":" if skipped else ""))
        for error in skipped:
            click.echo(f"  {error}")


@partners.command("list")
@click.option("--country", help="Only this country (code or name).")
@click.option("--type", "org_type", help="Only this type (HES, REC, PRC, PUB, OTH, or a word).")
@click.option("--sme/--no-sme", default=None, help="Only SMEs, or only non-SMEs.")
@click.option("--cluster", help="Only members of this cluster tag.")
@click.option("--practitioner", help="Only this practitioner category, or 'any'.")
@click.option("--limit", default=50, show_default=True, help="Rows to show (0 = all).")
@_db_option
def list_(country: str | None, org_type: str | None, sme: bool | None, cluster: str | None,
          practitioner: str | None, limit: int, db: str | None) -> None:
    """List partners in the store, with filters.

    \b
    Examples:
      consortium partners list --country EL --practitioner police
      consortium partners list --cluster HSD --sme --limit 0
    """
    def action() -> None:
        where, args = _filters(country, org_type, sme, cluster, practitioner)
        with _open(db) as store:
            rows = store.summary(where, args)
            if not rows and not store.count():
                return click.echo(_empty_store(store.path))
        for row in rows[: limit or None]:
            pid, name, short, code, kind, is_sme, tags, category, n, fac = row
            flag = {None: "?", 1: "SME", 0: "-"}.get(is_sme, "?")  # type: ignore[call-overload]
            has = f"{fac} fac " if fac else ""
            click.echo(f"{pid!s:<14} {str(short or name)[:40]:<40} {code or '--':<3} {kind:<4}"
                       f"{flag:<4}{n!s:>4} proj  {has}{tags or ''} {category or ''}".rstrip())
        more = f" (first {limit} shown; --limit 0 for all)" if limit and len(rows) > limit else ""
        click.echo(f"{count(len(rows), 'partner')}{more}")

    run_safely(action)


def _empty_store(path: Path) -> str:
    """What a new user sees instead of '0 partners': where the store is, how to fill it."""
    return (f"The registry store {path} holds no partner yet. Import into it with "
            "'consortium partners import FILE' (a member list, or CORDIS organization.csv), "
            "e.g. the bundled pool: consortium partners import "
            "partners/cordis-security/partners.csv; or pass another store with --db.")


def _filters(country: str | None, org_type: str | None, sme: bool | None, cluster: str | None,
             practitioner: str | None) -> tuple[str, tuple[object, ...]]:
    from consortium.errors import ConsortiumError
    from consortium.partners.countries import normalise_country
    from consortium.partners.orgtypes import parse_org_type
    from consortium.partners.practitioners import accepted_practitioners, parse_practitioner

    clauses: list[str] = []
    args: list[object] = []
    if country:
        clauses.append("p.country = ?")
        args.append(normalise_country(country) or country.strip().upper())
    if org_type:
        parsed = parse_org_type(org_type)
        if parsed is None:
            raise ConsortiumError(f"unknown organisation type '{org_type}'")
        clauses.append("p.org_type = ?")
        args.append(parsed[0])
    if sme is not None:
        clauses.append("p.sme = ?")
        args.append(int(sme))
    if cluster:
        clauses.append("(',' || p.cluster || ',') LIKE ?")
        args.append(f"%,{cluster.strip()},%")
    if practitioner:
        if practitioner.strip().lower() == "any":
            clauses.append("p.practitioner != ''")
        else:
            category = parse_practitioner(practitioner)
            if category is None:
                raise ConsortiumError(f"unknown practitioner category '{practitioner}' (use "
                                      f"{accepted_practitioners()}, or any)")
            clauses.append("p.practitioner = ?")
            args.append(category)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


@partners.command("show")
@click.argument("name")
@_db_option
def show(name: str, db: str | None) -> None:
    """Show one partner: profile, projects with role and EC contribution, provenance.

    \b
    Example:
      consortium partners show Fraunhofer
    """
    def action() -> None:
        from consortium.cli.profile import profile
        from consortium.partners.pool import resolve_partners

        with _open(db) as store:
            pool = store.partners()
        (partner,) = resolve_partners(pool, [name])
        click.echo(profile(partner))

    run_safely(action)


@partners.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--projects", type=click.Path(dir_okay=False), help="Where to write the "
              "partners' projects (default: projects.csv beside FILE).")
@click.option("--cluster", help="Only members of this cluster tag.")
@_db_option
def export(file: str, projects: str | None, cluster: str | None, db: str | None) -> None:
    """Export the store as a registry (.csv, .xlsx, .json or .yaml, from the extension)
    that suggest --partners and partners import read back.

    \b
    Example:
      consortium partners export pool.csv   # writes pool.csv and projects.csv beside it
    """
    def action() -> None:
        from consortium.cli.profile import EXPORT_FIELDS, export_row
        from consortium.partners.formats import write_table

        with _open(db) as store:
            pool = [p for p in store.partners() if not cluster or cluster in p.clusters]
        rows = [export_row(p) for p in pool]
        out = Path(file)
        write_table(out, list(EXPORT_FIELDS), rows)
        done = {x.id: x for p in pool for x in p.projects}
        click.echo(f"Wrote {count(len(rows), 'partner')} to {out}")
        if done:
            target = Path(projects) if projects else out.with_name("projects.csv")
            write_table(target, ["id", "acronym", "title", "objective", "programme", "topic",
                                 "start_year"],
                        [[x.id, x.acronym, x.title, x.objective, x.programme, x.topic,
                          str(x.start_year or "")] for x in done.values()])
            click.echo(f"Wrote {len(done)} projects to {target}")

    run_safely(action)


@partners.command("duplicates")
@_db_option
def duplicates(db: str | None) -> None:
    """List pairs of partners whose names are nearly the same in one country.

    They are never merged automatically; use the id to refer to the right one.

    \b
    Example:
      consortium partners duplicates --db pool.db
    """
    def action() -> None:
        with _open(db) as store:
            if not store.count():
                click.echo(_empty_store(store.path))
                return
            _report_duplicates(store, shown=10**9)

    run_safely(action)
