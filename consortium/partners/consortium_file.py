"""Reading a consortium someone proposed: who is in, and in which role.

Reviewers get consortia as a short list (a CSV with names or PICs and roles, a YAML
list, a text file with one name a line) or as a full partner registry of the members
with their descriptions. The first is resolved against the pool; the second is its own
pool.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from consortium.errors import InputError
from consortium.files import decode_text, read_input

REF_HEADERS = ("id", "pic", "organisationid", "short_name", "short name", "acronym", "name",
               "partner", "organisation", "organization", "legal name")
ROLES = {"coordinator", "beneficiary", "associated partner", "affiliated entity", ""}


@dataclass(frozen=True)
class Entry:
    ref: str
    role: str
    row: int


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
    role = value.strip().lower()
    if role not in ROLES:
        raise InputError(path, f"unknown role '{value}' (use coordinator, beneficiary, "
                         "associated partner or affiliated entity)", row=row, field="role")
    return role


def _csv(path: Path, text: str) -> list[Entry]:
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else None
    reader = csv.DictReader(io.StringIO(text), dialect=dialect or csv.excel)
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    ref_key = next((headers[h] for h in REF_HEADERS if h in headers), None)
    if ref_key is None:
        raise InputError(path, "no column naming the partners (use one of: id, pic, "
                         f"short_name, name); columns found: {', '.join(headers) or 'none'}")
    role_key = headers.get("role")
    entries = []
    for line, row in enumerate(reader, 2):
        ref = (row.get(ref_key) or "").strip()
        if not ref:
            raise InputError(path, "empty partner name", row=line, field=ref_key)
        entries.append(Entry(ref, _role(path, line, row.get(role_key) or "")
                             if role_key else "", line))
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
            ref = next((str(item[k]) for k in ("id", "pic", "short_name", "name", "partner")
                        if item.get(k)), "")
            if not ref:
                raise InputError(path, "entry has no id, short_name or name", row=i)
            entries.append(Entry(ref, _role(path, i, str(item.get("role") or "")), i))
        else:
            raise InputError(path, "entry is neither a name nor a map", row=i)
    return entries
