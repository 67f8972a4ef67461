"""The partner pool: who could join a consortium, and what each one is good at.

A partner's capability text is its own description plus the abstracts of the projects it
took part in. Projects are kept as shared objects rather than copied into descriptions,
so that one project's text is cut into the same passages for every participant and the
embedding cache (keyed by text) embeds it once for the whole pool.

Registries are written by hand in spreadsheets, so loading is lenient about layout
(delimiter, BOM, header spelling) and strict about content: every unusable value stops
the load with the file, row and field, and says how to fix it.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from consortium.countries import normalise_country, suggest_country
from consortium.errors import ConsortiumError, InputError
from consortium.text import chunk_passages, clean

ORG_TYPES = ("HES", "REC", "PRC", "PUB", "OTH")

_ORG_TYPE_WORDS = {
    "university": "HES",
    "universities": "HES",
    "higher education": "HES",
    "higher education institution": "HES",
    "higher or secondary education": "HES",
    "research": "REC",
    "research organisation": "REC",
    "research organization": "REC",
    "research centre": "REC",
    "research center": "REC",
    "research institute": "REC",
    "company": "PRC",
    "industry": "PRC",
    "private": "PRC",
    "private company": "PRC",
    "private for profit": "PRC",
    "sme": "PRC",
    "public body": "PUB",
    "public": "PUB",
    "authority": "PUB",
    "public authority": "PUB",
    "police": "PUB",
    "other": "OTH",
    "ngo": "OTH",
}

_SME_VALUES = {
    "true": True, "yes": True, "y": True, "1": True,
    "false": False, "no": False, "n": False, "0": False,
}

# Canonical field -> accepted header spellings, compared after _header_key().
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
}

_PROJECT_COLUMNS = {
    "id": ("id", "project id"),
    "acronym": ("acronym",),
    "title": ("title",),
    "objective": ("objective", "abstract", "summary"),
    "programme": ("programme", "program", "framework programme"),
    "topic": ("topic", "topics"),
    "start_year": ("start year", "year"),
}


@dataclass(frozen=True)
class Project:
    """A past project; its abstract is evidence of what its participants can do."""

    id: str
    acronym: str
    title: str
    objective: str
    programme: str
    topic: str
    start_year: int | None

    def text(self) -> str:
        """One paragraph, so chunking never splits it differently for different partners."""
        head = " ".join(" — ".join(part for part in (self.acronym, self.title) if part).split())
        if head and head[-1] not in ".!?":
            head += "."
        return " ".join(f"{head} {self.objective}".split())

    @property
    def citation(self) -> str:
        """How a report cites the project: "ACRONYM (H2020 2017)"."""
        year = f" {self.start_year}" if self.start_year else ""
        return f"{self.acronym or self.id} ({self.programme}{year})"


@dataclass
class Partner:
    """An organisation that could join a consortium."""

    id: str
    name: str
    short_name: str
    country: str
    org_type: str
    sme: bool | None
    description: str
    projects: list[Project] = field(default_factory=list)
    coordinated: int = 0

    def passages(self) -> list[str]:
        """Own description first, then each project chunked on its own (see module doc)."""
        return [text for text, _ in self.sourced_passages()]

    def sourced_passages(self) -> list[tuple[str, str]]:
        """Passages with where each comes from ("profile" or "ACRONYM (FP7 2012)"), so a
        report can cite the evidence behind a match."""
        pieces = [(text, "profile") for text in _chunks(self.description)]
        for project in self.projects:
            pieces.extend((text, project.citation) for text in _chunks(project.text()))
        first: dict[str, str] = {}
        for text, source in pieces:
            first.setdefault(text, source)
        return list(first.items())

    @property
    def label(self) -> str:
        """What a person calls the organisation in a table: its short name if it has one."""
        return self.short_name or self.name


# --------------------------------------------------------------------------- reading


@dataclass
class _Table:
    """A parsed CSV: canonical field -> header as written, and rows with their line."""

    path: Path
    columns: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]


def _one_paragraph(text: str) -> str:
    return re.sub(r"\s+", " ", clean(text)).strip()


@lru_cache(maxsize=8192)
def _chunks(text: str) -> tuple[str, ...]:
    """Cached: a project shared by dozens of partners is cut once, not once per partner."""
    return tuple(chunk_passages(text))


def _header_key(header: str) -> str:
    """'Short name', 'shortName', 'short_name' and 'SHORT-NAME' all compare equal."""
    return re.sub(r"[^a-z0-9]+", "", header.lower())


def _read_text(path: Path) -> str:
    """Read a whole file as UTF-8 (BOM tolerated), refusing what we cannot parse."""
    if not path.exists():
        raise InputError(path, "file not found (check the path)")
    if path.is_dir():
        raise InputError(path, "is a directory, not a CSV file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, "not UTF-8 text (save the file as 'CSV UTF-8')", row=line) from exc
    if not text.strip():
        raise InputError(path, "empty file (expected a header row and one row per entry)")
    return text


def _sniff_delimiter(text: str) -> str:
    """Decide between ',' and ';' on the header alone: prose in later rows holds both."""
    header = text.lstrip().split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _map_columns(path: Path, header: list[str], spec: dict[str, tuple[str, ...]],
                 required: list[str], unless: dict[str, str], line: int) -> dict[str, str]:
    """Map headers to fields; ``unless`` = {field: other} makes field required without other."""
    aliases = {_header_key(alias): name for name, options in spec.items() for alias in options}
    columns: dict[str, str] = {}
    for raw in header:
        name = aliases.get(_header_key(raw))
        if name is None:
            continue
        if name in columns:
            raise InputError(path, f"columns '{columns[name]}' and '{raw.strip()}' both mean "
                             f"{name}; keep one", row=line)
        columns[name] = raw
    found = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
    for name in required + [n for n, other in unless.items() if other not in columns]:
        if name not in columns:
            accepted = ", ".join(spec[name])
            alternative = f", or a '{unless[name]}' column" if name in unless else ""
            raise InputError(path, f"missing required column '{name}' (accepted headers: "
                             f"{accepted}{alternative}; columns found: {found})", row=line)
    return columns


def _read_table(path: Path, spec: dict[str, tuple[str, ...]], required: list[str],
                what: str, unless: dict[str, str] | None = None) -> _Table:
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        header = next((r for r in reader if any(cell.strip() for cell in r)), None)
        if header is None:
            raise InputError(path, "empty file (expected a header row and one row per entry)")
        columns = _map_columns(path, header, spec, required, unless or {}, reader.line_num)
        positions = {name: header.index(raw) for name, raw in columns.items()}
        rows: list[tuple[int, dict[str, str]]] = []
        line = reader.line_num
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
                raise InputError(path, f"{len(record)} fields but the header has {len(header)}"
                                 " (quote values that contain the delimiter)", row=start)
            rows.append((start, {name: record[pos] if pos < len(record) else ""
                                 for name, pos in positions.items()}))
    except csv.Error as exc:
        raise InputError(path, f"not a readable CSV file ({exc})", row=reader.line_num) from exc
    if not rows:
        raise InputError(path, f"no {what} (the file has a header but no rows)")
    return _Table(path, columns, rows)


# ----------------------------------------------------------------------- validation


def _error(table: _Table, line: int, name: str, message: str) -> InputError:
    """Name the field as the user wrote it in their header, so they can find it."""
    return InputError(table.path, message, row=line, field=table.columns.get(name, name).strip())


def _parse_country(table: _Table, line: int, value: str) -> str:
    code = normalise_country(value)
    if code is not None:
        return code
    hint = "use an ISO 3166 two-letter code such as DE"
    if not value.strip():
        raise _error(table, line, "country", f"empty country ({hint})")
    guesses = suggest_country(value)
    if guesses:
        hint = f"did you mean {' or '.join(guesses)}?; {hint}"
    raise _error(table, line, "country", f"unknown country '{value.strip()}' ({hint})")


def _parse_org_type(table: _Table, line: int, value: str) -> str:
    text = value.strip()
    if text.upper() in ORG_TYPES:
        return text.upper()
    code = _ORG_TYPE_WORDS.get(re.sub(r"[\s_-]+", " ", text.lower()))
    if code is not None:
        return code
    raise _error(table, line, "org_type",
                 f"unknown organisation type '{text}' (use HES = higher education, "
                 "REC = research organisation, PRC = company, PUB = public body, OTH = other)")


def _parse_sme(table: _Table, line: int, value: str) -> bool | None:
    text = value.strip().lower()
    if not text:
        return None
    if text in _SME_VALUES:
        return _SME_VALUES[text]
    raise _error(table, line, "sme",
                 f"unknown SME value '{value.strip()}' (use yes or no, or leave it blank "
                 "if unknown)")


def _parse_count(table: _Table, line: int, name: str, value: str) -> int:
    text = value.strip()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    raise _error(table, line, name, f"'{text}' is not a whole number")


def _parse_year(table: _Table, line: int, value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})(-\d{2}-\d{2})?", text)
    if match is None:
        raise _error(table, line, "start_year",
                     f"'{text}' is not a year (use four digits such as 2019)")
    return int(match.group(1))


def _project_ids(value: str) -> list[str]:
    return list(dict.fromkeys(part for part in re.split(r"[;,\s]+", value) if part))


# --------------------------------------------------------------------------- loading


def _load_projects(path: Path) -> dict[str, Project]:
    table = _read_table(path, _PROJECT_COLUMNS, ["id", "title", "objective"], "projects")
    projects: dict[str, Project] = {}
    first_line: dict[str, int] = {}
    for line, row in table.rows:
        project_id = row["id"].strip()
        if not project_id:
            raise _error(table, line, "id", "empty project id")
        if project_id in projects:
            raise _error(table, line, "id", f"duplicate project id '{project_id}' (also on row "
                         f"{first_line[project_id]}; ids must be unique)")
        title = _one_paragraph(row["title"])
        objective = _one_paragraph(row["objective"])
        if not title and not objective:
            raise _error(table, line, "objective", "empty title and objective (a project "
                         "needs some text to say what it was about)")
        projects[project_id] = Project(
            id=project_id,
            acronym=_one_paragraph(row.get("acronym", "")),
            title=title,
            objective=objective,
            programme=row.get("programme", "").strip(),
            topic=_one_paragraph(row.get("topic", "")),
            start_year=_parse_year(table, line, row.get("start_year", "")),
        )
        first_line[project_id] = line
    return projects


def _projects_for(table: _Table, path: Path) -> dict[str, Project]:
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


def _partner_from_row(table: _Table, line: int, row: dict[str, str],
                      projects: dict[str, Project], projects_path: Path) -> Partner:
    name = clean(row["name"])
    if not name:
        raise _error(table, line, "name", "empty name (every partner needs its name)")
    country = _parse_country(table, line, row["country"])
    org_type = _parse_org_type(table, line, row["org_type"])
    sme = _parse_sme(table, line, row.get("sme", ""))
    description = clean(row.get("description", ""))
    own: list[Project] = []
    for project_id in _project_ids(row.get("projects", "")):
        if project_id not in projects:
            raise _error(table, line, "projects", f"project '{project_id}' is not in "
                         f"{projects_path} (add it there or remove it from this row)")
        own.append(projects[project_id])
    if not description and not own:
        raise _error(table, line, "description", "empty description and no projects: "
                     "nothing to match against (describe the organisation's expertise)")
    return Partner(
        id=row.get("id", "").strip() or f"row-{line}",
        name=name,
        short_name=clean(row.get("short_name", "")),
        country=country,
        org_type=org_type,
        sme=sme,
        description=description,
        projects=own,
        coordinated=_parse_count(table, line, "coordinated", row.get("coordinated", "")),
    )


def load_partners(path: str | Path, projects_path: str | Path | None = None) -> list[Partner]:
    """Read a partner registry; projects default to ``projects.csv`` beside it."""
    table = _read_table(Path(path), _PARTNER_COLUMNS, ["name", "country", "org_type"],
                        "partners", unless={"description": "projects"})
    used_path = Path(projects_path) if projects_path else table.path.with_name("projects.csv")
    projects = _projects_for(table, used_path)
    partners: list[Partner] = []
    first_line: dict[str, int] = {}
    for line, row in table.rows:
        partner = _partner_from_row(table, line, row, projects, used_path)
        if partner.id in first_line:
            raise _error(table, line, "id", f"duplicate id '{partner.id}' (also on row "
                         f"{first_line[partner.id]}; ids must be unique)")
        first_line[partner.id] = line
        partners.append(partner)
    return partners


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
