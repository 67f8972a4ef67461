from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from consortium.embed.embedder import CachedEmbedder, EmbeddingCache, resolve_model
from consortium.errors import ModelError


def test_cache_embeds_each_distinct_text_once(fake_embedder, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite3")
    emb = CachedEmbedder(fake_embedder, cache)
    first = emb.embed(["police forensics", "border drones", "police forensics"])
    assert first.shape == (3, 512)
    assert np.allclose(first[0], first[2])
    assert fake_embedder.encoded == ["police forensics", "border drones"]
    assert (emb.stats.unique, emb.stats.embedded) == (2, 2)


def test_second_run_embeds_nothing(fake_embedder, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    CachedEmbedder(fake_embedder, EmbeddingCache(path)).embed(["a text", "another text"])
    fake_embedder.encoded.clear()
    again = CachedEmbedder(fake_embedder, EmbeddingCache(path))
    vectors = again.embed(["another text", "a text"])
    assert fake_embedder.encoded == []
    assert again.stats.embedded == 0 and again.stats.cached == 2
    assert vectors.dtype == np.float32 and vectors.shape == (2, 512)


def test_cache_is_keyed_by_model(fake_embedder, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    CachedEmbedder(fake_embedder, EmbeddingCache(path)).embed(["same text"])
    fake_embedder.model_id = "another-model"
    other = CachedEmbedder(fake_embedder, EmbeddingCache(path))
    other.embed(["same text"])
    assert other.stats.embedded == 1


def test_unknown_model_is_refused_without_download(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="never downloaded"):
        resolve_model("no-such-model-anywhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a sentence-transformers model"):
        resolve_model(str(tmp_path / "empty"))


def test_default_model_resolves_to_the_shipped_package() -> None:
    model_id, path = resolve_model(None)
    assert model_id.endswith("all-MiniLM-L6-v2")
    assert (path / "config.json").exists()


class _LengthEmbedder:
    """A tiny picklable embedder for the child processes."""

    model_id = "length-2"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        v = np.array([[len(t), 1.0] for t in texts], dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _embed_in_child(path: str, texts: list[str]) -> int:
    emb = CachedEmbedder(_LengthEmbedder(), EmbeddingCache(Path(path)))
    emb.embed(texts)
    return emb.stats.embedded


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    import multiprocessing

    path = str(tmp_path / "shared.sqlite3")
    texts = [f"passage number {i} about drones" for i in range(600)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        done = pool.starmap(_embed_in_child, [(path, texts), (path, texts[::-1])])
    # every text was embedded by one child or both (never lost to a write conflict)
    assert 600 <= sum(done) <= 1200 and all(0 <= n <= 600 for n in done)
    cache = EmbeddingCache(Path(path))
    from consortium.text import text_hash

    keys = [text_hash(t) for t in texts]
    found = cache.get_many("length-2", keys)
    assert len(found) == 600
    # each stored vector is the one the embedder gives that text (no mixed-up rows)
    expected = _LengthEmbedder().encode(texts)
    for key, vector in zip(keys, expected):
        assert np.allclose(found[key], vector)
