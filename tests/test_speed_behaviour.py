"""Behaviour the speed work relies on; no timings (benchmarks/ prints those).

An interrupted cold run keeps whole chunks; two connections share the cache; the calls
listing index gives the same rows as parsing and notices changes; the cached passage
cutting gives what the plain code gave. (That start-up imports nothing heavy is
tests/test_cli.py's test_help_does_not_import_torch.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from consortium import text as text_module
from consortium.calls.folder import list_calls
from consortium.calls.index import CallRow, list_rows
from consortium.cli.main import cli
from consortium.embed.embedder import (
    CHUNK,
    CachedEmbedder,
    EmbeddingCache,
    SentenceTransformerEmbedder,
)
from consortium.errors import ModelError
from consortium.partners.model import Partner, Project, chunks, project_passages
from consortium.resources import bundled_dir
from consortium.text import chunk_passages

CALLS = bundled_dir("calls")


class Interrupting:
    """Embeds like the fake embedder until its n-th call, then acts like Ctrl-C."""

    model_id = "interrupting"

    def __init__(self, inner: object, stop_at: int) -> None:
        self.inner = inner
        self.calls = 0
        self.stop_at = stop_at

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if self.calls == self.stop_at:
            raise KeyboardInterrupt
        return self.inner.encode(texts)  # type: ignore[attr-defined]


def test_interrupted_run_keeps_whole_chunks(fake_embedder, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    texts = [f"passage number {i} about border surveillance" for i in range(CHUNK + 40)]
    with pytest.raises(KeyboardInterrupt):
        CachedEmbedder(Interrupting(fake_embedder, stop_at=2), EmbeddingCache(path)).embed(texts)
    fake_embedder.encoded.clear()
    resumed = CachedEmbedder(Interrupting(fake_embedder, stop_at=0), EmbeddingCache(path))
    vectors = resumed.embed(texts)
    assert resumed.stats.cached == CHUNK and resumed.stats.embedded == 40
    assert len(fake_embedder.encoded) == 40
    assert vectors.shape == (len(texts), fake_embedder.dim)


def test_a_reader_sees_committed_vectors_while_another_connection_writes(
        fake_embedder, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    writer, reader = EmbeddingCache(path), EmbeddingCache(path)
    CachedEmbedder(fake_embedder, writer).embed(["first text"])
    writer._db.execute("BEGIN IMMEDIATE")  # a write in progress, as in a running import
    writer._db.execute("INSERT INTO embeddings VALUES ('m', 'h', 1, x'00000000')")
    seen = CachedEmbedder(fake_embedder, reader)
    seen.embed(["first text"])
    assert seen.stats.cached == 1  # WAL: the reader is not blocked by the open write
    writer._db.rollback()


def test_warm_run_returns_contiguous_float32_rows_in_input_order(
        fake_embedder, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    texts = ["drones", "forensics", "drones", "cyber ranges"]
    cold = CachedEmbedder(fake_embedder, EmbeddingCache(path)).embed(texts)
    warm = CachedEmbedder(fake_embedder, EmbeddingCache(path)).embed(texts)
    assert warm.dtype == np.float32 and warm.flags.c_contiguous
    assert np.array_equal(cold, warm)


def test_unknown_backend_is_refused_and_onnx_vectors_get_their_own_key() -> None:
    with pytest.raises(ModelError, match="unknown backend"):
        SentenceTransformerEmbedder(backend="tensorrt")
    torch_id = SentenceTransformerEmbedder().model_id
    assert SentenceTransformerEmbedder(backend="onnx").model_id == f"{torch_id}#onnx"
    assert SentenceTransformerEmbedder(backend="onnx-int8").model_id == f"{torch_id}#onnx-int8"


# --- calls listing index ----------------------------------------------------------------


def _cell(call: object) -> str:
    return str(len(getattr(call, "conditions", [])))


def test_listing_index_gives_the_rows_of_a_full_parse(tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    fresh = list_rows(CALLS, _cell, index)
    assert index.exists()
    again = list_rows(CALLS, _cell, index)
    parsed = [CallRow(c.id, c.title, c.deadline, c.action_type, len(c.requirements),
                      len(c.conditions), _cell(c)) for c in list_calls(CALLS)]
    assert fresh == again == parsed
    # and not only the same as the parse: one row per topic file, its metadata as the
    # file's front matter states it (its "key: value" lines read here, not by our reader)
    files = sorted(p for p in CALLS.glob("HORIZON-*.md"))
    assert sorted(r.id for r in fresh) == [p.stem for p in files]
    for path in files[:: max(1, len(files) // 10)]:
        head = path.read_text(encoding="utf-8").split("---\n")[1]
        meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        row = next(r for r in fresh if r.id == meta["id"])
        assert (row.title, row.deadline, row.action_type) == (
            meta["title"].strip("'\""), meta["deadline"], meta["type_of_action"]), path
        assert row.requirements > 0 and row.conditions_cell == str(row.conditions)


def test_listing_index_notices_a_changed_file_and_survives_a_corrupt_index(
        tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    folder.mkdir()
    topic = folder / "T-1.md"
    topic.write_text("---\nid: T-1\ntitle: Drones\n---\n## Scope\n- border drones for police "
                     "patrols at sea\n", encoding="utf-8")
    index = tmp_path / "index.json"
    assert [r.requirements for r in list_rows(folder, _cell, index)] == [1]
    topic.write_text(topic.read_text(encoding="utf-8") + "- forensic analysis of seized "
                     "drones and their flight logs\n", encoding="utf-8")
    assert [r.requirements for r in list_rows(folder, _cell, index)] == [2]
    index.write_text("{not json", encoding="utf-8")
    assert [r.id for r in list_rows(folder, _cell, index)] == ["T-1"]
    assert json.loads(index.read_text(encoding="utf-8"))["rows"][0]["id"] == "T-1"


def test_calls_list_command_prints_the_same_from_the_index() -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["calls", "list"])
    second = runner.invoke(cli, ["calls", "list"])
    assert first.exit_code == 0 and first.output == second.output
    assert len(first.output.splitlines()) >= 100


# --- passage cutting --------------------------------------------------------------------

_OLD_SENTENCE_END = re.compile(text_module._ABBREV + r"(?<=[.!?])\s+(?=[\"'“‘(\[]?[A-Z0-9])")


@pytest.mark.parametrize("prose", [
    "Tools, e.g. Drones, help. No. 5 is next! Is it? \"Yes.\" (Maybe.) Done",
    "Smith et al. Showed this. See cf. Annex 2. Then i.e. The rest; etc. And so on.",
    "vs. Them. A.B. Corp. did it.  Two spaces.\tTab. 3 items. incl. Stuff.",
    "",
])
def test_reordered_sentence_pattern_splits_as_before(prose: str) -> None:
    assert text_module._SENTENCE_END.split(prose) == _OLD_SENTENCE_END.split(prose)


def test_project_passages_are_the_chunks_of_the_text_with_the_citation() -> None:
    project = Project("p1", "DRONE4SEC", "Drones for security", "Drones patrol borders. "
                      "They detect boats at night. " * 40, "HORIZON", "CL3", 2023)
    got = project_passages(project)
    assert [t for t, _ in got] == chunk_passages(project.text())
    # what the cutting gives, written out: a 5-word title, then 40 x (3 + 5 words), in
    # passages of whole sentences of at most 120 words
    assert [len(t.split()) for t, _ in got] == [120, 120, 85]
    assert got[0][0].startswith("DRONE4SEC — Drones for security. Drones patrol borders.")
    assert got[0][0].endswith("at night. Drones patrol borders.")
    assert got[1][0].startswith("They detect boats at night.")
    assert " ".join(t for t, _ in got) == project.text()
    assert {s for _, s in got} == {"DRONE4SEC (HORIZON 2023)"}
    partner = Partner("1", "Uni", "", "DE", "HES", None, "We build drones.",
                      projects=[project, project])
    # the profile first, then the project's passages once (the same project twice)
    assert partner.sourced_passages() == [("We build drones.", "profile"), *got]
    assert list(chunks(partner.description)) == ["We build drones."]


def test_the_onnx_backend_is_a_parameter_of_the_default_embedder(tmp_path: Path) -> None:
    from consortium.embed.embedder import default_embedder

    assert not default_embedder(cache_dir=tmp_path).model_id.endswith("#onnx")
    embedder = default_embedder(cache_dir=tmp_path, backend="onnx")
    assert embedder.model_id.endswith("#onnx")
    assert getattr(embedder.embedder, "onnx_dir", None) == tmp_path / "onnx"


def test_backend_option_reaches_the_default_embedder(monkeypatch: pytest.MonkeyPatch,
                                                      use_fake_embedder) -> None:
    import consortium.pipeline as pipeline

    seen: list[str | None] = []
    fake = pipeline.default_embedder

    def recording(*args, backend=None, **kwargs):
        seen.append(backend)
        return fake(*args, **kwargs)

    monkeypatch.setattr(pipeline, "default_embedder", recording)
    data = Path(__file__).parent / "data"
    result = CliRunner().invoke(cli, ["--backend", "onnx", "score", str(data / "topic.md"),
                                      "--partners", str(data / "partners.csv"),
                                      "--members", "AERO"])
    assert result.exit_code == 0, result.output
    assert seen == ["onnx"]


def test_listing_a_missing_folder_still_fails_after_an_empty_one_was_indexed(
        tmp_path: Path) -> None:
    from consortium.errors import InputError

    folder = tmp_path / "calls"
    folder.mkdir()
    index = tmp_path / "index.json"
    assert list_rows(folder, _cell, index) == []
    folder.rmdir()
    with pytest.raises(InputError, match="calls folder not found"):
        list_rows(folder, _cell, index)
