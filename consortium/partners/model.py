"""What a partner is: an organisation, its own words and its track record.

A partner's capability text is its own description, its facilities (``facilities``) and
the abstracts of the projects it took part in. Projects are kept as shared objects rather
than copied into descriptions, so that one project's text is cut into the same passages
for every participant and the embedding cache (keyed by text) embeds it once for the
whole pool. What differs between
participants of one project (role, EC contribution) lives in ``Participation`` instead,
so it never changes the shared text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from consortium.partners.facilities import FACILITY_SOURCE, Facility
from consortium.text import chunk_passages


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


def recent_first(project: Project) -> tuple[int, str]:
    """Sort key of a track record, newest first: every reader (CSV, CORDIS, the store,
    lazily or not) lists a partner's projects in the same order."""
    return (-(project.start_year or 0), project.id)


@dataclass(frozen=True)
class Participation:
    """One organisation's part in one project: what CORDIS records per participant."""

    project_id: str
    role: str = ""                       # coordinator, participant, associatedPartner, ...
    ec_contribution: float | None = None  # euros


@dataclass(frozen=True)
class Source:
    """Provenance: where a partner's record was read, so a reviewer can check it."""

    file: str
    row: int
    imported_at: str = ""  # ISO timestamp, set by the store


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
    cluster: str = ""        # comma-separated tags of the registries that list it
    practitioner: str = ""   # a category of consortium.partners.practitioners, or ""
    contact: str = ""
    website: str = ""
    participations: list[Participation] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    kind: str = ""           # a kind of consortium.partners.classify (eu_body, funder, ...)
    facilities: list[Facility] = field(default_factory=list)  # test ranges, labs (issue #24)

    def passages(self) -> list[str]:
        """Own description first, then each project chunked on its own (see module doc)."""
        return [text for text, _ in self.sourced_passages()]

    def sourced_passages(self) -> list[tuple[str, str]]:
        """Passages with where each comes from ("profile", "facility" or "ACRONYM (FP7
        2012)"), so a report can cite the evidence behind a match."""
        pieces = [(text, "profile") for text in chunks(self.description)]
        for facility in self.facilities:
            pieces.extend((text, FACILITY_SOURCE) for text in chunks(facility.text))
        for project in self.projects:
            pieces.extend(project_passages(project))
        first: dict[str, str] = {}
        for text, source in pieces:
            first.setdefault(text, source)
        return list(first.items())

    @property
    def label(self) -> str:
        """What a person calls the organisation in a table: its short name if it has one."""
        return self.short_name or self.name

    @property
    def display_label(self) -> str:
        """At most 20 characters for a table: an acronym-like label (``labels``); the
        full legal name stays in ``name``."""
        from consortium.partners.labels import display_label  # lazy: anyascii

        return display_label(self.name, self.short_name)

    @property
    def clusters(self) -> list[str]:
        return [tag for tag in (t.strip() for t in self.cluster.split(",")) if tag]

    @property
    def programmes(self) -> list[str]:
        """Framework programmes of its projects, most frequent first."""
        counts: dict[str, int] = {}
        for project in self.projects:
            if project.programme:
                counts[project.programme] = counts.get(project.programme, 0) + 1
        return sorted(counts, key=lambda p: (-counts[p], p))

    def role_in(self, project_id: str) -> Participation | None:
        return next((p for p in self.participations if p.project_id == project_id), None)


# Large enough for the whole Horizon Europe population (~13k projects, ~23k descriptions):
# a smaller cache thrashes on such a pool and every partner re-cuts its projects.
_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=_CACHE_SIZE)
def chunks(text: str) -> tuple[str, ...]:
    """Cached: a project shared by dozens of partners is cut once, not once per partner."""
    return tuple(chunk_passages(text))


@lru_cache(maxsize=_CACHE_SIZE)
def project_passages(project: Project) -> tuple[tuple[str, str], ...]:
    """A project's passages with its citation, built once per project: a pool of 23k
    partners has 80k participations in 13k projects, so per-participation text building
    was most of the time of a warm run."""
    citation = project.citation
    return tuple((text, citation) for text in chunks(project.text()))
