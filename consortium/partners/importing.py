"""Importing any mix of registries and CORDIS files into the store: which file is what.

``consortium partners import`` takes registries people keep (CSV, XLSX, JSON, YAML) and
CORDIS downloads (an organization.csv with its topics.csv, euroSciVoc.csv, project.csv)
in one list. Which is which is told from a file's header, not its name (users rename
downloads; ``cordis.file_kind``); a CORDIS companion file is read with the organisations
file of its folder and refused on its own. That decision lives here, so the command only
parses its options, calls ``import_files`` and prints what each file gave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from consortium.errors import InputError
from consortium.files import Progress
from consortium.partners.cordis import (
    HE_ORGANISATIONS,
    ORGANISATIONS,
    CordisImport,
    companions,
    file_kind,
    import_organisations,
)
from consortium.partners.pool import LoadResult, read_registry
from consortium.partners.store import Registry

# Opens a progress display for reading one file (None: no display), e.g. a progress bar.
ProgressFor = Callable[[Path], AbstractContextManager[Progress | None]]


@dataclass(frozen=True)
class CordisStarted:
    """A CORDIS organisations file is about to be read, with these companion files."""

    path: Path
    companions: dict[str, Path]


@dataclass(frozen=True)
class CordisImported:
    """What a CORDIS organisations file gave, and how many stored partners were new."""

    path: Path
    result: CordisImport
    new: int
    updated: int


@dataclass(frozen=True)
class RegistryImported:
    """What a registry file gave, and how many stored partners were new."""

    path: Path
    result: LoadResult
    new: int
    updated: int


FileImport = CordisStarted | CordisImported | RegistryImported


def imported_keys(step: FileImport) -> set[str]:
    """The ``identity_key``s of the partners a step brought: after an import only pairs
    with one of them are looked for among near-duplicate names."""
    from consortium.partners.duplicates import identity_key

    if isinstance(step, CordisStarted):
        return set()
    partners = step.result.partners
    rows = partners.values() if isinstance(partners, dict) else partners
    return {identity_key(p.name, p.country) for p in rows}


def import_files(store: Registry, paths: Sequence[Path], *, cluster: str = "",
                 mapping: dict[str, str] | None = None, strict: bool = False,
                 projects: str | None = None,
                 progress: ProgressFor | None = None) -> Iterator[FileImport]:
    """Import ``paths`` into ``store`` in the order given, yielding each step as it is done.

    A CORDIS organisations file yields ``CordisStarted`` before it is read (``progress``
    then shows the reading) and ``CordisImported`` after; a registry yields
    ``RegistryImported``. CORDIS companions listed among ``paths`` go with the
    organisations file of their folder; one whose folder has none raises ``InputError``.
    ``projects``, ``mapping`` and ``strict`` are for registries (see ``read_registry``).
    """
    kinds = {p: file_kind(p) if p.suffix.lower() in (".csv", ".gz") and p.is_file()
             else None for p in paths}
    for path in paths:
        kind = kinds[path]
        if kind in (HE_ORGANISATIONS, ORGANISATIONS):
            given = {k: p for p, k in kinds.items()
                     if k and p.parent == path.parent and p != path}
            yield from _import_cordis(store, path, given, cluster, progress)
        elif kind is not None:
            if not any(kinds[p] in (HE_ORGANISATIONS, ORGANISATIONS)
                       and p.parent == path.parent for p in paths):
                raise InputError(path, f"a CORDIS {kind} file on its own; import "
                                 "the organization.csv it belongs to")
        else:
            result = read_registry(path, projects, mapping=mapping, strict=strict,
                                   cluster=cluster)
            new, updated = store.add(result.partners, cluster)
            yield RegistryImported(path, result, new, updated)


def _import_cordis(store: Registry, path: Path, given: dict[str, Path], cluster: str,
                   progress: ProgressFor | None) -> Iterator[FileImport]:
    yield CordisStarted(path, companions(path, given))
    with progress(path) if progress is not None else nullcontext(None) as update:
        result = import_organisations(path, given, update)
    new, updated = store.add(result.partners.values(), cluster)
    yield CordisImported(path, result, new, updated)
