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

EMBEDDINGS = "embeddings.sqlite3"


@dataclass
class CacheSummary:
    folder: str
    embeddings_bytes: int = 0
    vectors_by_model: dict[str, int] = field(default_factory=dict)
    snapshots: int = 0
    snapshot_bytes: int = 0
    onnx_bytes: int = 0

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
        uri = f"{database.resolve().as_uri()}?mode=ro"
        with sqlite3.connect(uri, uri=True) as db:
            summary.vectors_by_model = dict(db.execute(
                "SELECT model, COUNT(*) FROM embeddings GROUP BY model ORDER BY model"))
    pools = folder / "pools"
    if pools.is_dir():
        snapshots = [p for p in pools.iterdir() if p.is_dir()]
        summary.snapshots = len(snapshots)
        summary.snapshot_bytes = sum(_size(p) for p in snapshots)
    summary.onnx_bytes = _size(folder / "onnx")
    return summary


def clear(folder: Path, everything: bool) -> int:
    """Remove the pool snapshots (and with ``everything`` the vectors and the ONNX
    export too); returns the bytes freed. Snapshots are rebuilt by the next run in
    seconds; vectors take minutes to hours to embed again."""
    before = summarise(folder)
    shutil.rmtree(folder / "pools", ignore_errors=True)
    freed = before.snapshot_bytes
    if everything:
        shutil.rmtree(folder / "onnx", ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            (folder / f"{EMBEDDINGS}{suffix}").unlink(missing_ok=True)
        freed += before.embeddings_bytes + before.onnx_bytes
    return freed
