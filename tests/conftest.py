"""Shared fixtures: a deterministic fake embedder and a private cache folder per test.

The fake embedder hashes words into a fixed vector, so texts that share words are
similar: enough to test behaviour without loading torch. Tests marked ``model`` run the
real shipped model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

STOP = {"the", "and", "of", "to", "a", "in", "for", "on", "with", "by", "an", "or", "be",
        "is", "are", "as", "at", "from", "that", "this", "will", "should", "their"}


class FakeEmbedder:
    """Bag of hashed words, L2-normalised; counts calls so tests can see the cache work."""

    model_id = "fake-hash-512"

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                if word in STOP:
                    continue
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[i, h % self.dim] += 1.0
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else out[i]
        return out


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONSORTIUM_CACHE_DIR", str(folder))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return folder


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def use_fake_embedder(monkeypatch: pytest.MonkeyPatch, private_cache: Path) -> FakeEmbedder:
    """Make every command of the CLI embed with the fake embedder (behind the real cache)."""
    from consortium import embed

    fake = FakeEmbedder()

    def factory(model: str | None = None, cache_dir: Path | None = None,
                progress: bool = True) -> embed.CachedEmbedder:
        folder = cache_dir or private_cache
        return embed.CachedEmbedder(fake, embed.EmbeddingCache(folder / "emb.sqlite3"))

    monkeypatch.setattr(embed, "default_embedder", factory)
    monkeypatch.setattr("consortium.pipeline.default_embedder", factory)
    return fake
