"""The default pool's vectors ship with the package (#21): a fresh install's first
`suggest` embeds only the topic, and no other model ever reads them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from consortium.cli.main import cli
from consortium.embed.embedder import CachedEmbedder, EmbeddingCache
from consortium.embed.pool_index import PoolIndex, cut_passages
from consortium.embed.seed import model_version, read_seed, seed_cache
from consortium.partners.pool import load_partners
from consortium.resources import default_pool
from consortium.text import text_hash

SEED = read_seed()


def test_the_shipped_vectors_are_those_of_the_bundled_pool() -> None:
    """Fails when the pool is rebuilt without scripts/build_pool_vectors.py."""
    assert SEED is not None and SEED.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    assert SEED.model_version == model_version()
    passages = cut_passages(load_partners(default_pool())).texts
    assert SEED.hashes == [text_hash(t) for t in passages]
    vectors = np.load(SEED.vectors, allow_pickle=False)
    assert vectors.dtype == np.float32 and vectors.shape == (len(passages), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)


def test_only_an_embedder_of_that_model_is_seeded(fake_embedder, tmp_path: Path) -> None:
    assert SEED is not None
    other = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "a" / "embeddings.sqlite3"))
    assert seed_cache(other) == 0
    assert other.cache is not None and not other.cache.get_many(SEED.model_id, SEED.hashes[:5])
    fake_embedder.model_id = SEED.model_id  # the default model's id, fake vectors
    same = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "b" / "embeddings.sqlite3"))
    assert seed_cache(same) == len(SEED.hashes)
    assert seed_cache(same) == 0  # once per cache
    index = PoolIndex(load_partners(default_pool()), same)
    assert same.stats.embedded == 0 and fake_embedder.encoded == []
    shipped = np.load(SEED.vectors, allow_pickle=False)
    assert np.array_equal(index.vectors, shipped)


def test_a_fresh_cache_embeds_only_the_topic(use_fake_embedder, tmp_path: Path) -> None:
    assert SEED is not None
    use_fake_embedder.model_id, use_fake_embedder.dim = SEED.model_id, 384
    result = CliRunner().invoke(cli, ["suggest", "HORIZON-CL3-2025-01-DRS-04", "--cache-dir",
                                      str(tmp_path / "fresh")])
    assert result.exit_code == 0, result.output
    passages = set(cut_passages(load_partners(default_pool())).texts)
    assert use_fake_embedder.encoded and not passages & set(use_fake_embedder.encoded)


@pytest.mark.model
def test_the_shipped_vectors_are_the_real_models() -> None:
    from consortium.embed.embedder import SentenceTransformerEmbedder

    assert SEED is not None
    passages = cut_passages(load_partners(default_pool())).texts
    sample = list(range(0, len(passages), 97))
    fresh = SentenceTransformerEmbedder().encode([passages[i] for i in sample])
    shipped = np.load(SEED.vectors, allow_pickle=False)[sample]
    assert float((fresh * shipped).sum(axis=1).min()) > 0.999
