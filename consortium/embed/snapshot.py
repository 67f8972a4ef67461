"""A pool's passages and their vectors, kept between runs.

A warm run on the 23k-organisation Horizon Europe pool spent over a second reading every
track record, cutting 13k project texts into passages and looking their vectors up in
the embedding cache: the same work with the same result each time. The snapshot keeps
that result in plain files under the cache folder (JSON and ``.npy``; never pickle):

    pools/<key>/passages.json    passage texts, where each comes from, and the partner ids
    pools/<key>/slots.npz        which partner owns which passage
    pools/<key>/<model>.npy      the passages' vectors, one file per model

The key hashes the pool's identity (a registry store's version token, which every import
changes, else the path, size and modification time of each file read), the partner ids
in order and ``FORMAT``: a changed pool or a filtered subset gets a new snapshot, and a
snapshot never changes once written. Files are written under a temporary name and
renamed, so a killed run leaves no file or a whole one; anything unreadable is ignored
and rebuilt. Only the ``KEEP`` most recently used snapshots are kept (22 MB each for the
23k pool), so a store imported into every week does not fill the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from consortium.files import atomic_path
from consortium.partners.model import Partner
from consortium.partners.pool import STORE_SUFFIXES, projects_file

# Bump when passage cutting (consortium.text.chunk_passages, Partner.sourced_passages)
# changes, so old snapshots are not reused.
FORMAT = 2  # 2: facility passages (issue #24)
KEEP = 8


@dataclass
class Passages:
    """A pool's distinct passages and which partner owns which (see PoolIndex)."""

    texts: list[str]
    sources: list[str]
    slot_partner: np.ndarray
    slot_passage: np.ndarray


def _file_identity(paths: Sequence[Path]) -> str:
    parts = []
    for path in paths:
        stat = path.stat()
        parts.append(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}")
    return "\n".join(parts)


class Snapshot:
    """The saved passages (and vectors) of one pool; see the module docstring."""

    def __init__(self, folder: Path, ids: Sequence[str]) -> None:
        self.folder = folder
        self.ids = list(ids)
        self._passages: Passages | None = None

    @classmethod
    def of(cls, cache_dir: Path, identity: str, partners: Sequence[Partner]) -> Snapshot:
        ids = [p.id for p in partners]
        digest = hashlib.sha256(f"{FORMAT}\n{identity}\n".encode())
        digest.update("\n".join(ids).encode())
        return cls(cache_dir / "pools" / digest.hexdigest()[:24], ids)

    @staticmethod
    def save(write: Callable[[], None]) -> None:
        """Run ``write``; a snapshot that cannot be written (read-only or full disk) only
        costs the next run its speed, so the run goes on without it."""
        with contextlib.suppress(OSError):
            write()

    def passages(self) -> Passages | None:
        """The saved passages, or None when there are none (or they are unreadable)."""
        if self._passages is None:
            self._passages = self._read_passages()
        return self._passages

    def _read_passages(self) -> Passages | None:
        try:
            doc = json.loads((self.folder / "passages.json").read_text(encoding="utf-8"))
            with np.load(self.folder / "slots.npz", allow_pickle=False) as slots:
                slot_partner = slots["partner"].astype(np.intp)
                slot_passage = slots["passage"].astype(np.intp)
        except (OSError, ValueError, KeyError):
            return None
        if doc.get("ids") != self.ids or len(doc.get("texts", ())) != len(doc.get("sources", ())):
            return None
        with contextlib.suppress(OSError):
            os.utime(self.folder)  # most recently used: kept by _prune
        return Passages(doc["texts"], doc["sources"], slot_partner, slot_passage)

    def save_passages(self, passages: Passages) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Slots first: passages.json is what marks the snapshot as present.
        with atomic_path(self.folder / "slots.npz") as tmp, tmp.open("wb") as handle:
            np.savez(handle, partner=passages.slot_partner.astype(np.int32),
                     passage=passages.slot_passage.astype(np.int32))
        doc = {"format": FORMAT, "ids": self.ids, "texts": passages.texts,
               "sources": passages.sources}
        with atomic_path(self.folder / "passages.json") as tmp:
            tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        _prune(self.folder.parent, KEEP)

    def arrays(self, name: str) -> dict[str, np.ndarray] | None:
        """Arrays a later stage saved for this pool (``save_arrays``), or None."""
        try:
            with np.load(self.folder / f"{name}.npz", allow_pickle=False) as data:
                return {key: data[key] for key in data.files}
        except (OSError, ValueError, KeyError):
            return None

    def save_arrays(self, name: str, arrays: dict[str, np.ndarray]) -> None:
        """Keep what a later stage derives from the partners (the ranker's track
        records), so a warm run does not read every partner's record again."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.folder / f"{name}.npz") as tmp, tmp.open("wb") as handle:
            named: dict[str, Any] = dict(arrays)   # (numpy's stub types **kwds loosely)
            np.savez(handle, **named)

    def _vector_file(self, model_id: str) -> Path:
        return self.folder / f"{hashlib.sha256(model_id.encode()).hexdigest()[:16]}.npy"

    def vectors(self, model_id: str, rows: int) -> np.ndarray | None:
        """The passages' vectors for ``model_id``, or None when not saved yet."""
        try:
            vectors = np.load(self._vector_file(model_id), allow_pickle=False)
        except (OSError, ValueError):
            return None
        if vectors.ndim != 2 or vectors.shape[0] != rows or vectors.dtype != np.float32:
            return None
        return np.ascontiguousarray(vectors)

    def save_vectors(self, model_id: str, vectors: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = np.ascontiguousarray(vectors, dtype=np.float32)
        with atomic_path(self._vector_file(model_id)) as tmp, tmp.open("wb") as handle:
            np.save(handle, data)


# The files a pool snapshot is made of (``snapshot.py``: passages.json, slots.npz, one
# .npy per model, the ranker's .npz arrays) and their temporary names
# (``files.atomic_path``): ``cache clear`` removes folders of these and nothing else.
_SNAPSHOT_FILE = re.compile(r"\.?[\w-]+\.(?:json|npz|npy)(?:\.[\w-]+\.tmp)?")


def is_snapshot(folder: Path) -> bool:
    """A folder of pool-snapshot files only (a user's folder under pools/ is not one)."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    files = list(folder.iterdir())
    return (folder / "passages.json").is_file() and all(
        f.is_file() and not f.is_symlink() and _SNAPSHOT_FILE.fullmatch(f.name)
        for f in files)


def _prune(pools: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently used snapshots. A run still reading a
    removed one finds its files gone and rebuilds them, so no lock is needed."""
    import shutil

    try:
        folders = sorted((p for p in pools.iterdir() if is_snapshot(p)),
                         key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for folder in folders[keep:]:
        shutil.rmtree(folder, ignore_errors=True)


def open_pool(path: Path, projects: str | Path | None = None, cache_dir: Path | None = None,
              keep: Callable[[list[Partner]], list[Partner]] | None = None,
              ) -> tuple[list[Partner], Snapshot | None]:
    """Read a pool (optionally filtered by ``keep``) and find its snapshot.

    From a registry store with a snapshot, partners come without their track records,
    each read when first used (the report reads ten, not 23k); without a snapshot they are
    read in one pass, since the passages must be cut.
    """
    from consortium.partners.pool import load_partners

    if cache_dir is None or path.suffix.lower() not in STORE_SUFFIXES:
        pool = load_partners(path, projects)
        chosen = keep(pool) if keep is not None else pool
        if cache_dir is None:
            return chosen, None
        companion = projects_file(path, projects)
        files = [path] + ([companion] if companion.is_file() else [])
        return chosen, Snapshot.of(cache_dir, _file_identity(files), chosen)
    from consortium.errors import InputError
    from consortium.partners.store import Registry

    with Registry.existing(path) as store:
        pool = store.partners(lazy=True)
        if not pool:
            raise InputError(path, "the registry store holds no partners")
        version = store.version()
        chosen = keep(pool) if keep is not None else pool
        identity = f"store:{version}" if version else _file_identity(
            [p for p in (path, path.with_name(path.name + "-wal")) if p.exists()])
        snapshot = Snapshot.of(cache_dir, identity, chosen)
        if snapshot.passages() is None:  # the passages must be cut: read every record
            store.fill(chosen)
    return chosen, snapshot
