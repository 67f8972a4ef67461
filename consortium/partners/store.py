"""The partner registry store: one SQLite file that every import adds to.

Cluster managers import several spreadsheets and CORDIS files over months; the store
keeps one record per organisation, so importing the same file again updates rows in
place, and a member's spreadsheet row and its CORDIS profile meet under the same id
(PIC = CORDIS organisation id). Merging is conservative: a value from a new import
replaces the stored one only when it is not empty, cluster tags accumulate, and projects
are added, never dropped, so a CORDIS import cannot blank out what a member wrote.
Every record keeps where it came from (file, row, when).

Rows without an id are keyed by name and country (``name:<name>|<country>``): the
only stable thing a spreadsheet without PICs gives, and exact, so nothing is merged on
a guess. Near-duplicates are reported instead (``duplicates``).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from uuid import uuid4

from consortium.errors import InputError
from consortium.partners.classify import classify_name
from consortium.partners.facilities import facilities_text, parse_facilities
from consortium.partners.model import Participation, Partner, Project, Source, recent_first
from consortium.partners.stored import StoredPartner, _Details

_SCHEMA = """
CREATE TABLE IF NOT EXISTS partners (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT, country TEXT, org_type TEXT,
    sme INTEGER, description TEXT, coordinated INTEGER, cluster TEXT, practitioner TEXT,
    contact TEXT, website TEXT, updated_at TEXT, kind TEXT, facilities TEXT);
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY, acronym TEXT, title TEXT, objective TEXT, programme TEXT,
    topic TEXT, start_year INTEGER);
CREATE TABLE IF NOT EXISTS participations (
    partner_id TEXT, project_id TEXT, role TEXT, ec_contribution REAL,
    PRIMARY KEY (partner_id, project_id));
CREATE TABLE IF NOT EXISTS provenance (
    partner_id TEXT, file TEXT, row INTEGER, imported_at TEXT,
    PRIMARY KEY (partner_id, file));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
_PARTNER_COLUMNS = ("id", "name", "short_name", "country", "org_type", "sme", "description",
                    "coordinated", "cluster", "practitioner", "contact", "website", "kind",
                    "facilities")


def default_db() -> Path:
    """The per-user store, so every project of one user draws on the same registry."""
    import platformdirs  # lazy: only the partners commands need it

    folder = Path(platformdirs.user_data_dir("consortium", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)  # our own folder, unlike one given with --db
    return folder / "registry.db"


def store_id(partner: Partner) -> str:
    """The key a partner is stored under (see module docstring for rows without an id)."""
    if partner.id and not re.fullmatch(r"row-\d+", partner.id):
        return partner.id
    name = re.sub(r"[^a-z0-9]+", " ", partner.name.lower()).strip()
    return f"name:{name}|{partner.country}"


def _tags(*values: str) -> str:
    return ",".join(dict.fromkeys(t.strip() for v in values for t in v.split(",") if t.strip()))


def _merge(old: Partner, new: Partner) -> Partner:
    """Field by field: non-empty new values win; tags, projects and sources accumulate."""
    def pick(a: str, b: str) -> str:
        return b or a

    have = {p.id for p in old.projects}
    return replace(
        old, name=pick(old.name, new.name), short_name=pick(old.short_name, new.short_name),
        country=pick(old.country, new.country), org_type=pick(old.org_type, new.org_type),
        sme=new.sme if new.sme is not None else old.sme,
        description=pick(old.description, new.description),
        coordinated=max(old.coordinated, new.coordinated),
        cluster=_tags(old.cluster, new.cluster),
        practitioner=pick(old.practitioner, new.practitioner), kind=pick(old.kind, new.kind),
        contact=pick(old.contact, new.contact), website=pick(old.website, new.website),
        facilities=new.facilities or old.facilities,
        projects=old.projects + [p for p in new.projects if p.id not in have],
        participations=new.participations, sources=new.sources)


# A writer that finds another import writing waits this long (with a message) for it.
WRITE_WAIT_SECONDS = 600
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _foreign(path: Path) -> str | None:
    """Why ``path`` is some other program's file, or None if it is ours, new or empty: a
    store is opened only where that changes nothing we did not write."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not head:
        return None
    if head != _SQLITE_MAGIC:
        return "is not a registry store (not an SQLite file)"
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            tables = {row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        return f"is a damaged SQLite file ({exc})"
    if tables and "partners" not in tables:
        return (f"is another program's SQLite database (tables: {', '.join(sorted(tables))})"
                "; left as it is")
    return None


class Registry:
    """The store; use as a context manager so every import is one transaction.

    Opening never changes a file it did not write: a missing folder is not created (a
    typo in ``--db`` made folders and an empty store), and an existing file that is not
    a store is refused. ``on_wait`` hears when a write must wait for another process.
    """

    def __init__(self, path: Path, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.on_wait = on_wait
        if not path.parent.is_dir():
            raise InputError(path, f"folder '{path.parent}' does not exist (check the path, "
                             "or create the folder first)")
        reason = _foreign(path)
        if reason is not None:
            raise InputError(path, f"{reason}; pass another file with --db")
        try:
            self.db = sqlite3.connect(path, timeout=1)
            self.db.executescript(_SCHEMA)
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(partners)")}
            for added in ("kind", "facilities"):  # a store written before they were kept
                if added not in columns:
                    self.db.execute(f"ALTER TABLE partners ADD COLUMN {added} TEXT")
        except (OSError, sqlite3.DatabaseError) as exc:
            raise InputError(path, f"cannot open the registry store ({exc}); pass another "
                             "file with --db") from exc

    def _begin_write(self) -> None:
        """Take the write lock before reading what will be merged: two imports that read
        the same rows outside it each wrote back their own merge, and one's tags were lost.
        A second writer waits for the first (saying so) instead of failing after 5 s."""
        if self.db.in_transaction:
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        if self.on_wait is not None:
            self.on_wait(f"{self.path}: another process is writing to this store; waiting "
                         f"for it to finish (up to {WRITE_WAIT_SECONDS // 60} minutes)")
        self.db.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_SECONDS * 1000}")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise InputError(self.path, f"still being written by another process after "
                             f"{WRITE_WAIT_SECONDS // 60} minutes ({exc}); try again later") \
                from None

    @classmethod
    def existing(cls, path: Path) -> Registry:
        """A store that must already exist (reading one never creates an empty file)."""
        if not path.is_file():
            raise InputError(path, "registry store not found (create it with "
                             "'consortium partners import FILE --db PATH')")
        return cls(path)

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self.db.commit()
        else:
            self.db.rollback()
        self.db.close()

    # ------------------------------------------------------------------------ writing

    def add(self, partners: Iterable[Partner], cluster: str = "") -> tuple[int, int]:
        """Insert or merge partners; returns (new, updated)."""
        self._begin_write()
        # Ids differing only in case are one organisation (lookups ignore case): the
        # first spelling stored, or first seen in this import, is kept.
        known = {k.casefold(): k for (k,) in self.db.execute("SELECT id FROM partners")}
        incoming: dict[str, Partner] = {}
        for partner in partners:
            key = store_id(partner)
            key = known.setdefault(key.casefold(), key)
            tagged = replace(partner, id=key, cluster=_tags(partner.cluster, cluster))
            incoming[key] = _merge(incoming[key], tagged) if key in incoming else tagged
        existing = self._load(list(incoming))
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        rows: list[tuple[object, ...]] = []
        projects: dict[str, Project] = {}
        roles: list[tuple[str, str, str | None, float | None]] = []
        sources: list[tuple[str, str, int, str]] = []
        for key, partner in incoming.items():
            merged = _merge(existing[key], partner) if key in existing else partner
            stored_roles = {p.project_id for p in merged.participations}
            rows.append((key, merged.name, merged.short_name, merged.country, merged.org_type,
                         None if merged.sme is None else int(merged.sme), merged.description,
                         merged.coordinated, merged.cluster, merged.practitioner,
                         merged.contact, merged.website, stamp, merged.kind,
                         facilities_text(merged.facilities)))
            for project in merged.projects:
                projects[project.id] = project
                if project.id not in stored_roles:
                    roles.append((key, project.id, None, None))
            roles.extend((key, p.project_id, p.role, p.ec_contribution)
                         for p in merged.participations)
            sources.extend((key, s.file, s.row, stamp) for s in partner.sources)
        self.db.executemany(f"INSERT OR REPLACE INTO partners VALUES ({','.join('?' * 15)})",
                            rows)
        self.db.executemany("INSERT OR REPLACE INTO projects VALUES (?,?,?,?,?,?,?)",
                            [(p.id, p.acronym, p.title, p.objective, p.programme, p.topic,
                              p.start_year) for p in projects.values()])
        # A role from an earlier file survives an import that does not know it.
        self.db.executemany("INSERT OR IGNORE INTO participations VALUES (?,?,?,?)",
                            [r for r in roles if r[2] is None])
        self.db.executemany("INSERT OR REPLACE INTO participations VALUES (?,?,?,?)",
                            [r for r in roles if r[2] is not None])
        self.db.executemany("INSERT OR REPLACE INTO provenance VALUES (?,?,?,?)", sources)
        # A new random token on every write: what a pool snapshot is keyed by, so copies of
        # one store that diverge never share a snapshot (see consortium.embed.snapshot).
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (uuid4().hex,))
        # Coordinations over every programme imported so far, not just this file's.
        self.db.execute("UPDATE partners SET coordinated = MAX(coordinated, (SELECT COUNT(*) "
                        "FROM participations r WHERE r.partner_id = partners.id AND "
                        "lower(r.role) = 'coordinator'))")
        new = sum(1 for key in incoming if key not in existing)
        return new, len(incoming) - new

    # ------------------------------------------------------------------------ reading

    def _projects(self) -> dict[str, Project]:
        return {row[0]: Project(*row) for row in self.db.execute(
            "SELECT id, acronym, title, objective, programme, topic, start_year FROM projects")}

    def _light(self, wanted: set[str] | None = None) -> dict[str, Partner]:
        """Partners without their track record (projects, roles, sources)."""
        partners: dict[str, Partner] = {}
        for row in self.db.execute(f"SELECT {', '.join(_PARTNER_COLUMNS)} FROM partners "
                                   "ORDER BY id"):
            if wanted is not None and row[0] not in wanted:
                continue
            partners[row[0]] = StoredPartner(
                id=row[0], name=row[1], short_name=row[2] or "", country=row[3] or "",
                org_type=row[4] or "", sme=None if row[5] is None else bool(row[5]),
                description=row[6] or "", coordinated=row[7] or 0, cluster=row[8] or "",
                practitioner=row[9] or "", contact=row[10] or "", website=row[11] or "",
                kind=row[12] or classify_name(row[1], row[2] or "", row[4] or "",
                                              row[3] or "").kind,
                facilities=parse_facilities(row[13] or ""))
        return partners

    def _fill(self, partners: dict[str, Partner]) -> None:
        """Read the track record of ``partners`` (keyed by id) in three scans."""
        projects = self._projects()
        for partner_id, project_id, role, ec in self.db.execute(
                "SELECT partner_id, project_id, role, ec_contribution FROM participations "
                "ORDER BY rowid"):
            partner = partners.get(partner_id)
            if partner is not None and project_id in projects:
                partner.projects.append(projects[project_id])
                if role is not None:
                    partner.participations.append(Participation(project_id, role, ec))
        for partner_id, file, row, stamp in self.db.execute(
                "SELECT partner_id, file, row, imported_at FROM provenance "
                "ORDER BY imported_at, rowid"):
            if partner_id in partners:
                partners[partner_id].sources.append(Source(file, row, stamp))
        for partner in partners.values():
            partner.projects.sort(key=recent_first)

    def _load(self, ids: list[str] | None = None) -> dict[str, Partner]:
        """Partners with projects, roles and sources; all of them when ids is None."""
        partners = self._light(None if ids is None else set(ids))
        self._fill(partners)
        return partners

    def partners(self, lazy: bool = False) -> list[Partner]:
        """Every partner; with ``lazy`` each reads its track record from the store file
        the first time it is used (``fill`` reads them all at once instead)."""
        if not lazy:
            return list(self._load().values())
        details = _Details(self.path)
        light = list(self._light().values())
        for partner in light:
            partner.__dict__["_pending"] = details
        return light

    def fill(self, partners: Iterable[Partner]) -> None:
        """Read the track record of lazily loaded partners in one pass."""
        pending = {p.id: p for p in partners if p.__dict__.pop("_pending", None) is not None}
        if pending:
            self._fill(pending)

    def version(self) -> str | None:
        """Changes with every import (None for stores written before it was recorded)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return None if row is None else str(row[0])

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM partners").fetchone()[0])

    def summary(self, where: str = "", args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Rows for ``partners list``, without loading project texts."""
        return list(self.db.execute(
            "SELECT p.id, p.name, p.short_name, p.country, p.org_type, p.sme, p.cluster, "
            "p.practitioner, (SELECT COUNT(*) FROM participations r WHERE r.partner_id = p.id),"
            " CASE WHEN coalesce(p.facilities, '') = '' THEN 0 ELSE 1 + length(p.facilities)"
            " - length(replace(p.facilities, char(10), '')) END"
            f" FROM partners p {where} ORDER BY p.name, p.id", args))
