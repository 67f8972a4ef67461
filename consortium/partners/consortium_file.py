"""Reading a consortium someone proposed: who is in, and in which role.

Reviewers get consortia as a short list (a CSV with names or PICs and roles, a YAML
list, a text file with one name a line) or as a full partner registry of the members
with their descriptions. The first is resolved against the pool; the second is its own
pool.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from consortium.errors import InputError
from consortium.files import decode_text, read_input
from consortium.partners.countries import normalise_country
from consortium.partners.model import Partner
from consortium.text import count

# Columns a row may name its partner by, per field; the first header found wins.
COLUMNS = {"id": ("id", "pic", "organisationid", "organisation id"),
           "name": ("name", "legal name", "legalname", "organisation", "organization",
                    "partner"),
           "short_name": ("short_name", "short name", "shortname", "acronym"),
           "country": ("country",)}
# Roles as proposals write them, and as CORDIS writes them (its ``role`` column).
ROLES = {"coordinator": "coordinator", "beneficiary": "beneficiary",
         "associated partner": "associated partner", "affiliated entity": "affiliated entity",
         "participant": "beneficiary", "partner": "beneficiary",
         "associatedpartner": "associated partner", "thirdparty": "affiliated entity",
         "third party": "affiliated entity", "": ""}
NOT_IN_POOL = "not in the pool: no evidence"


@dataclass(frozen=True)
class Entry:
    """One row: what it names the partner by (any of id, name, short name, country)."""

    ref: str                   # the row's own words for the partner, as shown to the user
    role: str
    row: int
    id: str = ""
    name: str = ""
    short_name: str = ""
    country: str = ""

    @property
    def label(self) -> str:
        """The row as the user wrote it: "AIR (AIR WORLDWIDE LIMITED, UK, 959754473)"."""
        main = self.short_name or self.name or self.ref
        rest = [v for v in (self.name, self.country, self.id) if v and v != main]
        return f"{main} ({', '.join(rest)})" if rest else main


@dataclass
class Resolution:
    """The rows matched to pool partners, and those the pool does not hold."""

    members: list[Partner]
    coordinator: Partner | None
    missing: list[Entry]
    roles: dict[str, str] = field(default_factory=dict)   # partner id -> role the file gives

    def notes(self) -> list[str]:
        """One line per row the pool lacks, as the review shows it."""
        return [f"{e.label} (row {e.row}): {NOT_IN_POOL} (not counted for coverage or "
                "eligibility)" for e in self.missing]


def is_registry(path: Path) -> bool:
    """A file with descriptions or project lists is a registry of the members themselves."""
    if path.suffix.lower() not in {".csv", ".tsv", ".txt"}:
        return path.suffix.lower() in {".xlsx", ".db"}
    header = _text(path).splitlines()[:1]
    fields = {h.strip().lower() for h in (header[0].replace(";", ",").split(",")
                                          if header else [])}
    return bool(fields & {"description", "expertise", "capabilities", "projects"})


def _text(path: Path) -> str:
    """The file as text, refused in one line if missing, a folder, too big or not UTF-8."""
    return decode_text(path, read_input(path, "consortium file"))


def read_consortium(path: str | Path) -> list[Entry]:
    """The members and roles listed in ``path`` (CSV, YAML or plain text)."""
    path = Path(path)
    text = _text(path)
    if path.suffix.lower() in {".yaml", ".yml"}:
        entries = _yaml(path, text)
    elif path.suffix.lower() in {".csv", ".tsv"}:
        entries = _csv(path, text)
    else:
        entries = [Entry(line.strip(), "", i) for i, line in enumerate(text.splitlines(), 1)
                   if line.strip() and not line.lstrip().startswith("#")]
    if not entries:
        raise InputError(path, "lists no partner; give one partner (id, short name or "
                         "name) per row")
    coordinators = [e for e in entries if e.role == "coordinator"]
    if len(coordinators) > 1:
        raise InputError(path, f"{len(coordinators)} partners have the role coordinator "
                         f"(rows {', '.join(str(e.row) for e in coordinators)}); keep one",
                         field="role")
    return entries


def _role(path: Path, row: int, value: str) -> str:
    key = " ".join(value.strip().lower().replace("_", " ").split())
    role = ROLES.get(key, ROLES.get(key.replace(" ", "")))
    if role is None:
        raise InputError(path, f"unknown role '{value}' (use coordinator, beneficiary, "
                         "associated partner or affiliated entity, or CORDIS's participant, "
                         "partner, associatedPartner, thirdParty)", row=row, field="role")
    return role


def _csv(path: Path, text: str) -> list[Entry]:
    header = text.lstrip().split("\n", 1)[0]
    # The header decides (a one-column list has no delimiter for csv.Sniffer to find).
    delimiter = max(",;\t", key=header.count) if any(d in header for d in ",;\t") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    keys = {f: next((headers[h] for h in names if h in headers), None)
            for f, names in COLUMNS.items()}
    if not any(keys[f] for f in ("id", "name", "short_name")):
        raise InputError(path, "no column naming the partners (use one of: id, pic, "
                         f"short_name, name); columns found: {', '.join(headers) or 'none'}")
    role_key = headers.get("role")
    entries = []
    for line, row in enumerate(reader, 2):
        given = {f: (row.get(k) or "").strip() if k else "" for f, k in keys.items()}
        ref = given["id"] or given["short_name"] or given["name"]
        if not ref:
            raise InputError(path, "empty partner (no id, short name or name)", row=line)
        entries.append(Entry(ref, _role(path, line, row.get(role_key) or "")
                             if role_key else "", line, **given))
    return entries


def _yaml(path: Path, text: str) -> list[Entry]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML: {exc}".splitlines()[0]) from exc
    if isinstance(data, dict):
        data = data.get("partners") or data.get("consortium") or data.get("members")
    if not isinstance(data, list):
        raise InputError(path, "expected a list of partners (names, or maps with name/id "
                         "and role)")
    entries = []
    for i, item in enumerate(data, 1):
        if isinstance(item, str | int):
            entries.append(Entry(str(item), "", i))
        elif isinstance(item, dict):
            lower = {str(k).strip().lower(): v for k, v in item.items()}
            given = {f: next((str(lower[h]).strip() for h in names if lower.get(h)), "")
                     for f, names in COLUMNS.items()}
            ref = given["id"] or given["short_name"] or given["name"]
            if not ref:
                raise InputError(path, "entry has no id, short_name or name", row=i)
            entries.append(Entry(ref, _role(path, i, str(lower.get("role") or "")), i,
                                 **given))
        else:
            raise InputError(path, "entry is neither a name nor a map", row=i)
    return entries


# --- matching rows to the pool ------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _steps(entry: Entry) -> list[Callable[[Partner], bool]]:
    """The tests a row is matched by, most specific first, from the columns it gives; a
    row of one word (a text or YAML line) is tried as an id, a name and a short name."""
    if not (entry.id or entry.name or entry.short_name):
        entry = Entry(entry.ref, entry.role, entry.row, entry.ref, entry.ref, entry.ref)
    country = normalise_country(entry.country) if entry.country else None
    ident, name, short = entry.id.casefold(), _fold(entry.name), _fold(entry.short_name)
    steps: list[Callable[[Partner], bool]] = []
    if ident:
        steps.append(lambda p: p.id.casefold() == ident)
    if name and country:
        steps.append(lambda p: _fold(p.name) == name and p.country == country)
    if short and country:
        steps.append(lambda p: _fold(p.short_name) == short and p.country == country)
    if name:
        steps.append(lambda p: _fold(p.name) == name)
    if short:
        steps.append(lambda p: _fold(p.short_name) == short)
    return steps


def _match(entry: Entry, partners: Sequence[Partner], path: object) -> Partner | None:
    """The one partner the row names, or None if the pool has none; a row whose every
    column leaves several candidates is refused with them listed."""
    ambiguous: list[Partner] = []
    for test in _steps(entry):
        found = [p for p in partners if test(p)]
        if len(found) == 1:
            return found[0]
        ambiguous = ambiguous or found
    if not ambiguous:
        return None
    listed = ", ".join(f"{p.label} ({p.id}, {p.country})" for p in ambiguous[:10])
    raise InputError(path, f"'{entry.label}' matches {len(ambiguous)} partners: {listed}; "
                     "add the id (or the name and country) to choose one", row=entry.row)


def resolve_consortium(entries: Sequence[Entry], partners: Sequence[Partner],
                       path: object = "consortium file") -> Resolution:
    """Match each row to the pool by every column it gives: the id, then the legal name
    and country, then the short name and country, then the name or short name alone. A
    row the pool does not hold is kept as missing (the review reports it without
    evidence) rather than stopping the review of the others."""
    members: list[Partner] = []
    missing: list[Entry] = []
    roles: dict[str, str] = {}
    coordinator = None
    for entry in entries:
        partner = _match(entry, partners, path)
        if partner is None:
            missing.append(entry)
            continue
        if all(partner.id != m.id for m in members):
            members.append(partner)
        if entry.role:
            roles.setdefault(partner.id, entry.role)
        if entry.role == "coordinator":
            coordinator = partner
    if not members:
        raise InputError(path, f"none of its {count(len(entries), 'partner')} is in the pool "
                         "(give their ids, or names with countries, as the pool has them; "
                         "or pass the registry they are in with --partners)")
    return Resolution(members, coordinator, missing, roles)
