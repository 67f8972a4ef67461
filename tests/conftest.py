"""Shared fixtures: a deterministic fake embedder and a private cache folder per test.

The fake embedder hashes words into a fixed vector, so texts that share words are
similar: enough to test behaviour without loading torch. Tests marked ``model`` run the
real shipped model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from consortium.score.coverage import ScoreWeights, term_weights
from consortium.score.diversity import Attributes, build_terms
from consortium.search.constraints import AtLeast, Constraint, values_to_ints
from consortium.search.problem import Problem

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
    import consortium.embed.embedder as embed

    # Imported before the patch: imported during it, the pipeline would bind the fake as
    # its own ``default_embedder``, and undoing the patch would restore the fake there.
    import consortium.pipeline  # noqa: F401
    fake = FakeEmbedder()

    def factory(model: str | None = None, cache_dir: Path | None = None,
                progress: bool = True, backend: str | None = None) -> embed.CachedEmbedder:
        folder = cache_dir or private_cache
        return embed.CachedEmbedder(fake, embed.EmbeddingCache(folder / "embeddings.sqlite3"))

    monkeypatch.setattr(embed, "default_embedder", factory)
    monkeypatch.setattr("consortium.pipeline.default_embedder", factory)
    return fake


# Small search problems, shared by the search and exact-solver tests.

TYPES = ("HES", "PRC", "PUB", "OTH")  # group index -> an organisation type of that group


@dataclass
class ToyProblem(Problem):
    """A search problem that keeps its country and group codes for the tests' checks."""

    country: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))
    group: np.ndarray = field(default_factory=lambda: np.zeros(0, np.intp))


def problem(S: np.ndarray, countries: list[str], ms: set[str] | None = None,
            groups: list[int] | None = None, sme: list[bool] | None = None) -> ToyProblem:
    """A problem with the general eligibility rule (every country eligible; ``ms`` are
    the Member States, all of them by default) and the default diversity terms."""
    ms = ms if ms is not None else set(countries)
    codes = values_to_ints(countries)
    n = S.shape[1]
    group = np.array(groups if groups is not None else [0] * n)
    rules: list[Constraint] = [AtLeast("eligibility: 3 countries", np.ones(n, bool), 3, codes, 3),
             AtLeast("eligibility: 1 Member State", np.array([c in ms for c in countries]))]
    attrs = Attributes(country=countries, org_type=[TYPES[g] for g in group],
                       sme=sme or [False] * n, practitioner=[""] * n, coordinated=[0] * n,
                       cluster=[""] * n)
    return ToyProblem(S=S.astype(np.float32), weights=np.ones(S.shape[0], dtype=np.float32),
                      terms=build_terms(attrs, term_weights(ScoreWeights())),
                      constraints=rules, country=codes, group=group)


def random_problem(seed: int, n: int = 40, r: int = 8) -> ToyProblem:
    rng = np.random.default_rng(seed)
    countries = [f"C{int(i)}" for i in rng.integers(0, 8, n)]
    return problem(rng.random((r, n)), countries, groups=rng.integers(0, 4, n).tolist(),
                   sme=(rng.random(n) < 0.3).tolist())


@pytest.fixture(name="problem")
def problem_fixture():
    return problem


@pytest.fixture(name="random_problem")
def random_problem_fixture():
    return random_problem
