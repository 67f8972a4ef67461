"""The partner pool: loading registries into partners, and finding partners by name.

Registries are written by hand in spreadsheets, so loading is lenient about layout
(format, delimiter, BOM, header spelling) and strict about content: every unusable value
is reported with the file, row and field, and says how to fix it. ``load_partners`` (for
``suggest`` and ``score``) stops at the first such value, because a pool silently missing
members would give a wrong consortium; ``read_registry`` with ``strict=False`` (for
``partners import``) keeps the good rows and returns every skipped row with its reason,
because a cluster's 400-row spreadsheet should not be refused for one typo. The checks of
single values (country, type, SME, ...) are ``validation``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from consortium.errors import ConsortiumError, InputError
from consortium.partners.facilities import FacilityError, parse_facilities
from consortium.partners.formats import Table, read_table
from consortium.partners.model import Partner, Project, Source
from consortium.partners.validation import (
    check_count,
    check_country,
    check_description,
    check_kind,
    check_org_type,
    check_practitioner,
    check_sme,
    check_year,
    field_error,
)
from consortium.text import clean, decode_entities

STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")

# Canonical field -> accepted header spellings, compared after header_key().
_PARTNER_COLUMNS = {
    "id": ("id", "pic", "organisation id", "organization id"),
    "name": ("name", "organisation", "organization", "legal name", "organisation name",
             "organization name"),
    "short_name": ("short name", "acronym"),
    "country": ("country", "country code"),
    "org_type": ("type", "organisation type", "organization type", "activity type", "org type"),
    "sme": ("sme",),
    "description": ("description", "expertise", "capabilities"),
    "projects": ("projects", "project ids"),
    "coordinated": ("coordinated", "coordinations"),
    "cluster": ("cluster", "network"),
    "practitioner": ("practitioner", "practitioner type", "end user", "end user type"),
    "kind": ("kind", "organisation kind", "organization kind"),
    "contact": ("contact", "contact person", "email", "contact email"),
    "website": ("website", "web", "url", "homepage", "organization url", "organisation url"),
    "facilities": ("facilities", "infrastructure", "test facilities", "testbeds", "labs"),
}
PARTNER_FIELDS = tuple(_PARTNER_COLUMNS)

_PROJECT_COLUMNS = {
    "id": ("id", "project id"),
    "acronym": ("acronym",),
    "title": ("title",),
    "objective": ("objective", "abstract", "summary"),
    "programme": ("programme", "program", "framework programme"),
    "topic": ("topic", "topics"),
    "start_year": ("start year", "year"),
}


@dataclass
class LoadResult:
    """The partners a registry yielded and every row it did not, with the reason."""

    path: Path
    partners: list[Partner]
    skipped: list[InputError] = field(default_factory=list)
    rows: int = 0


def _one_paragraph(text: str) -> str:
    return re.sub(r"\s+", " ", clean(decode_entities(text))).strip()


def _project_ids(value: str) -> list[str]:
    return list(dict.fromkeys(part for part in re.split(r"[;,\s]+", value) if part))


def _name_key(name: str, country: str) -> str:
    """Rows without ids are the same organisation when name and country agree."""
    return f"{re.sub(r'[^a-z0-9]+', ' ', name.lower()).strip()}|{country}"


# --------------------------------------------------------------------------- loading


def _load_projects(path: Path) -> dict[str, Project]:
    table = read_table(path, _PROJECT_COLUMNS, ["id", "title", "objective"], "projects")
    projects: dict[str, Project] = {}
    first_line: dict[str, int] = {}
    for line, row in table.rows:
        project_id = row["id"].strip()
        if not project_id:
            raise field_error(table, line, "id", "empty project id")
        if project_id in projects:
            raise field_error(table, line, "id", f"duplicate project id '{project_id}' (also on "
                              f"row {first_line[project_id]}; ids must be unique)")
        title = _one_paragraph(row["title"])
        objective = _one_paragraph(row["objective"])
        if not title and not objective:
            raise field_error(table, line, "objective", "empty title and objective (a project "
                              "needs some text to say what it was about)")
        projects[project_id] = Project(
            id=project_id,
            acronym=_one_paragraph(row.get("acronym", "")),
            title=title,
            objective=objective,
            programme=row.get("programme", "").strip(),
            topic=_one_paragraph(row.get("topic", "")),
            start_year=check_year(table, line, row.get("start_year", "")),
        )
        first_line[project_id] = line
    return projects


def _projects_for(table: Table, path: Path) -> dict[str, Project]:
    """Load the projects file only when some row names a project."""
    if "projects" not in table.columns:
        return {}
    if not any(_project_ids(row["projects"]) for _, row in table.rows):
        return {}
    if not path.exists():
        raise InputError(table.path, f"has a '{table.columns['projects'].strip()}' column but "
                         f"the projects file {path} does not exist (put projects.csv next to "
                         "it or pass the projects file's path)")
    return _load_projects(path)


def _partner_from_row(table: Table, line: int, row: dict[str, str],
                      projects: dict[str, Project], projects_path: Path,
                      cluster: str) -> Partner:
    name = clean(decode_entities(row["name"]))
    if not name:
        raise field_error(table, line, "name", "empty name (every partner needs its name)")
    country = check_country(table, line, row["country"])
    org_type, implied_sme = check_org_type(table, line, row["org_type"])
    sme = check_sme(table, line, row.get("sme", ""))
    description = check_description(table, line,
                                    clean(decode_entities(row.get("description", ""))))
    short_name = clean(decode_entities(row.get("short_name", "")))
    own: list[Project] = []
    for project_id in _project_ids(row.get("projects", "")):
        if project_id not in projects:
            raise field_error(table, line, "projects", f"project '{project_id}' is not in "
                              f"{projects_path} (add it there or remove it from this row)")
        own.append(projects[project_id])
    try:
        facilities = parse_facilities(row.get("facilities", ""))
    except FacilityError as error:
        raise field_error(table, line, "facilities", str(error)) from None
    if not description and not own and not facilities:
        raise field_error(table, line, "description", "empty description and no projects: "
                          "nothing to match against (describe the organisation's expertise)")
    tags = [t.strip() for t in f"{row.get('cluster', '')},{cluster}".split(",") if t.strip()]
    return Partner(
        id=row.get("id", "").strip() or f"row-{line}",
        name=name,
        short_name=short_name,
        country=country,
        org_type=org_type,
        sme=sme if sme is not None else implied_sme,
        description=description,
        projects=own,
        coordinated=check_count(table, line, "coordinated", row.get("coordinated", "")),
        cluster=",".join(dict.fromkeys(tags)),
        practitioner=check_practitioner(table, line, row.get("practitioner", ""), name,
                                        description, org_type, short_name, country),
        kind=check_kind(table, line, row.get("kind", ""), name, short_name, org_type, country),
        contact=clean(row.get("contact", "")),
        website=clean(row.get("website", "")),
        sources=[Source(str(table.path), line)],
        facilities=facilities,
    )


def projects_file(path: Path, projects_path: str | Path | None = None) -> Path:
    """The projects file a registry is read with: the one given, else projects.csv beside
    the registry (what the pool snapshot must watch for changes, too)."""
    return Path(projects_path) if projects_path else path.with_name("projects.csv")


def read_registry(path: str | Path, projects_path: str | Path | None = None, *,
                  mapping: dict[str, str] | None = None, strict: bool = True,
                  cluster: str = "") -> LoadResult:
    """Read a registry in any supported format (CSV, XLSX, JSON, YAML).

    With ``strict`` the first bad row raises; without, bad and duplicate rows are skipped
    and returned in ``skipped``. File-level problems (no such file, no name column, an
    unreadable projects file) always raise: no row could be trusted then.
    """
    table = read_table(Path(path), _PARTNER_COLUMNS, ["name", "country", "org_type"],
                       "partners", unless={"description": "projects"}, mapping=mapping)
    used_path = projects_file(table.path, projects_path)
    projects = _projects_for(table, used_path)
    result = LoadResult(table.path, [], rows=len(table.rows))
    first_id: dict[str, int] = {}
    first_name: dict[str, int] = {}
    for line, row in table.rows:
        try:
            partner = _partner_from_row(table, line, row, projects, used_path, cluster)
            if partner.id in first_id:
                raise field_error(table, line, "id", f"duplicate id '{partner.id}' (also on row "
                                  f"{first_id[partner.id]}; ids must be unique)")
            key = _name_key(partner.name, partner.country)
            if not row.get("id", "").strip() and key in first_name:
                raise field_error(table, line, "name", f"duplicate of row {first_name[key]} (same "
                                  "name and country and no id; give ids to keep both)")
        except InputError as exc:
            if strict:
                raise
            result.skipped.append(exc)
            continue
        first_id[partner.id] = line
        first_name.setdefault(key, line)
        result.partners.append(partner)
    if not result.partners and result.skipped:
        # Nothing usable: a failure, not an import of zero rows; the first reason says why.
        first = result.skipped[0]
        detail = str(first).removeprefix(f"{first.path}:{first.row}: ")
        raise InputError(table.path, f"{detail} (no row could be used: all "
                         f"{len(result.skipped)} skipped; fix the file and try again)",
                         row=first.row)
    return result


def load_partners(path: str | Path, projects_path: str | Path | None = None, *,
                  mapping: dict[str, str] | None = None) -> list[Partner]:
    """Read a partner pool, stopping at the first bad row (see module docstring).

    The format follows the extension; a ``.db``/``.sqlite`` file is a registry store made
    by ``consortium partners import``. Projects default to ``projects.csv`` beside a file.
    """
    if Path(path).suffix.lower() in STORE_SUFFIXES:
        from consortium.partners.store import Registry  # lazy: only store users need sqlite code

        with Registry.existing(Path(path)) as store:
            partners = store.partners()
        if not partners:
            raise InputError(path, "the registry store holds no partners")
        return partners
    return read_registry(path, projects_path, mapping=mapping, strict=True).partners


# ------------------------------------------------------------------------- resolving


def _describe(partner: Partner) -> str:
    return f"{partner.label} ({partner.id}, {partner.country})"


def _suggestions(partners: list[Partner], ref: str, limit: int = 3) -> list[str]:
    """Labels containing the ref first (people type a fragment), then near spellings."""
    key = ref.lower()
    labels = list(dict.fromkeys(p.label for p in partners))
    found = [label for label in labels if key in label.lower()]
    for partner in partners:
        if len(found) >= limit:
            break
        if key in partner.name.lower() and partner.label not in found:
            found.append(partner.label)
    by_lower = {label.lower(): label for label in labels}
    close = difflib.get_close_matches(key, list(by_lower), n=limit, cutoff=0.6)
    found += [by_lower[c] for c in close if by_lower[c] not in found]
    return found[:limit]


def _resolve_one(partners: list[Partner], ref: str) -> Partner:
    key = ref.strip().lower()
    by_id = [p for p in partners if p.id.lower() == key]
    if by_id:
        return by_id[0]
    matches = [p for p in partners if key in (p.short_name.lower(), p.name.lower())]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(_describe(p) for p in matches[:10])
        more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
        raise ConsortiumError(f"'{ref.strip()}' matches {len(matches)} partners: {listed}{more};"
                              " use the id to choose one")
    guesses = _suggestions(partners, ref.strip())
    hint = f"did you mean {', '.join(guesses)}?" if guesses else "use an id, short name or name"
    raise ConsortiumError(f"no partner '{ref.strip()}' in the pool ({hint})")


def resolve_partners(partners: list[Partner], refs: list[str]) -> list[Partner]:
    """Turn user references (id, short name or name) into partners, in the order given."""
    resolved: list[Partner] = []
    for ref in refs:
        partner = _resolve_one(partners, ref)
        if all(partner.id != other.id for other in resolved):
            resolved.append(partner)
    return resolved
