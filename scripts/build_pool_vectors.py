"""Rebuild the shipped vectors of the default pool (consortium/data/pool_vectors/).

Run after the bundled pool (partners/cordis-security/) or the default model changes:

    python scripts/build_pool_vectors.py [--from-cache ~/.cache/consortium/embeddings.sqlite3]

It cuts the default pool into passages exactly as every command does, embeds them with
the default model (the shipped weights, offline), and writes the vectors as float32 .npy
with each passage's text hash and the model's id and package version
(``consortium.embed.seed``). With ``--from-cache`` the vectors a cache already holds
for that model are taken from it (read-only; they are keyed by model id and text hash,
so they are the model's vectors of exactly these texts) and only the rest is embedded.
``tests/cli/test_seed_vectors.py`` fails while they are stale, and its ``model`` test
compares a sample with fresh encodings.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from pathlib import Path

import numpy as np

from consortium.embed.embedder import CachedEmbedder, SentenceTransformerEmbedder
from consortium.embed.pool_index import cut_passages
from consortium.embed.seed import SEED_DIR, SEED_NAME, Seed, model_version, write_seed
from consortium.partners.pool import load_partners
from consortium.resources import DEFAULT_POOL, default_pool
from consortium.text import text_hash


def from_cache(path: Path, model_id: str, hashes: list[str]) -> dict[str, np.ndarray]:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(hashes), 500):
        part = hashes[start:start + 500]
        rows = db.execute("SELECT hash, vector FROM embeddings WHERE model = ? AND hash IN "
                          f"({','.join('?' * len(part))})", [model_id, *part])
        found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
    db.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from-cache", type=Path, help="an embeddings.sqlite3 to take the "
                        "vectors it holds for the default model from")
    args = parser.parse_args()
    passages = cut_passages(load_partners(default_pool())).texts
    hashes = [text_hash(t) for t in passages]
    model = SentenceTransformerEmbedder()
    found = from_cache(args.from_cache, model.model_id, hashes) if args.from_cache else {}
    missing = [t for t, h in zip(passages, hashes) if h not in found]
    started = time.perf_counter()
    if missing:
        found.update(zip((text_hash(t) for t in missing),
                         CachedEmbedder(model, None, progress=True).embed(missing)))
    seconds = time.perf_counter() - started
    vectors = np.stack([found[h] for h in hashes])
    seed = Seed(model.model_id, model_version(), DEFAULT_POOL, hashes,
                SEED_DIR / f"{SEED_NAME}.npy")
    write_seed(SEED_DIR, seed, vectors)
    print(f"{len(passages)} passages: {len(passages) - len(missing)} from the cache, "
          f"{len(missing)} embedded in {seconds:.0f} s with {model.model_id} "
          f"({seed.model_version}); {vectors.nbytes / 1e6:.1f} MB written to {SEED_DIR}")


if __name__ == "__main__":
    main()
