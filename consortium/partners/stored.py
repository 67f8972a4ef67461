"""Partners read from the store whose track record is read only when first used.

A search over 23k organisations reports on about ten of them, and reading every track
record was most of a warm run; kept apart from ``store`` (which writes and reads whole
rows) so the store module stays about the file and its transactions.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from consortium.partners.model import Participation, Partner, Project, Source, recent_first


class _Details:
    """Reads one partner's track record from the store file, on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def of(self, partner_id: str) -> tuple[list[Project], list[Participation], list[Source]]:
        if self._db is None:
            # as_uri() escapes what a URI would misread ("#", "?", spaces in the name).
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        projects: list[Project] = []
        roles: list[Participation] = []
        for row in self._db.execute(
                "SELECT j.id, j.acronym, j.title, j.objective, j.programme, j.topic, "
                "j.start_year, r.role, r.ec_contribution FROM participations r JOIN projects j "
                "ON j.id = r.project_id WHERE r.partner_id = ? ORDER BY r.rowid", (partner_id,)):
            projects.append(Project(*row[:7]))
            if row[7] is not None:
                roles.append(Participation(row[0], row[7], row[8]))
        projects.sort(key=recent_first)
        sources = [Source(*row) for row in self._db.execute(
            "SELECT file, row, imported_at FROM provenance WHERE partner_id = ? "
            "ORDER BY imported_at, rowid", (partner_id,))]
        return projects, roles, sources


def _track_record(name: str) -> property:
    """A field read from the store on first use, then kept like any attribute."""
    def get(self: StoredPartner) -> list[object]:
        pending = self.__dict__.get("_pending")
        if pending is not None:
            del self.__dict__["_pending"]
            projects, roles, sources = pending.of(self.id)
            self.__dict__.update(_projects=projects, _participations=roles, _sources=sources)
        return self.__dict__[f"_{name}"]

    def set(self: StoredPartner, value: list[object]) -> None:
        self.__dict__[f"_{name}"] = value

    return property(get, set)


class StoredPartner(Partner):
    """A partner from the store whose projects, roles and sources may be read only when
    first used: a search over 23k organisations reports on about ten of them, and reading
    every track record was most of a warm run (``Registry.partners(lazy=True)``)."""

    projects = _track_record("projects")
    participations = _track_record("participations")
    sources = _track_record("sources")
