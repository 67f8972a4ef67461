"""What the cache folder holds, and emptying it.

The cache grows with use: every distinct passage embedded once per model (the 23k-
organisation Horizon Europe pool alone is 28 MB of vectors), a snapshot of each pool
recently used (22 MB for that pool) and, with ``--backend onnx``, the exported model. A
user short of disk, or moving to another model, needs to see what is there and drop what
is not needed without hunting for files.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from consortium.embed.snapshot import is_snapshot
from consortium.errors import InputError

EMBEDDINGS = "embeddings.sqlite3"

@dataclass
class CacheSummary:
    folder: str
    embeddings_bytes: int = 0
    vectors_by_model: dict[str, int] = field(default_factory=dict)
    snapshots: int = 0
    snapshot_bytes: int = 0
    onnx_bytes: int = 0
    damaged: bool = False        # the vectors file is not an SQLite database

    @property
    def total_bytes(self) -> int:
        return self.embeddings_bytes + self.snapshot_bytes + self.onnx_bytes


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return 0


def summarise(folder: Path) -> CacheSummary:
    """Sizes and counts, read without changing anything (the SQLite file is opened
    read-only, so a summary never creates an empty cache)."""
    summary = CacheSummary(str(folder))
    database = folder / EMBEDDINGS
    summary.embeddings_bytes = sum(_size(folder / f"{EMBEDDINGS}{suffix}")
                                   for suffix in ("", "-wal", "-shm"))
    if database.is_file():
        summary.vectors_by_model, summary.damaged = _vectors(database)
    pools = folder / "pools"
    if pools.is_dir():
        snapshots = [p for p in pools.iterdir() if is_snapshot(p)]
        summary.snapshots = len(snapshots)
        summary.snapshot_bytes = sum(_size(p) for p in snapshots)
    summary.onnx_bytes = _size(folder / "onnx")
    return summary


def _vectors(database: Path) -> tuple[dict[str, int], bool]:
    """Vectors per model, and whether the file is damaged (not SQLite at all). A valid
    database without our table is some other program's: refused, never touched."""
    uri = f"{database.resolve().as_uri()}?mode=ro"
    try:
        with sqlite3.connect(uri, uri=True) as db:
            tables = {name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "embeddings" not in tables:
                raise InputError(database, "this is an SQLite database but not an "
                                 "embedding cache (no 'embeddings' table); left as it is: "
                                 "pass the cache folder with --cache-dir")
            return dict(db.execute("SELECT model, COUNT(*) FROM embeddings GROUP BY model "
                                   "ORDER BY model")), False
    except sqlite3.DatabaseError:
        return {}, True


def clear(folder: Path, everything: bool) -> int:
    """Remove the pool snapshots (and with ``everything`` the vectors and the ONNX
    export too); returns the bytes freed. Snapshots are rebuilt by the next run in
    seconds; vectors take minutes to hours to embed again. Only what the cache wrote is
    removed: other files under pools/ stay, and a vectors file that is another
    program's database is refused; a damaged one (not SQLite) is removed."""
    before = summarise(folder)
    pools = folder / "pools"
    if pools.is_dir() and not pools.is_symlink():
        for snapshot in [p for p in pools.iterdir() if is_snapshot(p)]:
            shutil.rmtree(snapshot)
        if not any(pools.iterdir()):
            pools.rmdir()
    freed = before.snapshot_bytes
    if everything:
        shutil.rmtree(folder / "onnx", ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            (folder / f"{EMBEDDINGS}{suffix}").unlink(missing_ok=True)
        freed += before.embeddings_bytes + before.onnx_bytes
    return freed
