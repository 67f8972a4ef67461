"""The pool snapshot: a warm run reads passages and vectors back instead of rebuilding
them, reads only the track records it reports, and never reuses a stale snapshot."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import consortium.embed.pool_index as pool_index
from consortium.cli.main import cli
from consortium.embed.embedder import CachedEmbedder, EmbeddingCache
from consortium.embed.pool_index import PoolIndex
from consortium.embed.snapshot import Snapshot, open_pool
from consortium.partners.store import Registry, _Details

DATA = Path(__file__).parents[1] / "data"
TOPIC = str(DATA / "topic.md")


def suggest(pool: Path, out: Path, cache: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["suggest", TOPIC, "--partners", str(pool), "--out",
                                      str(out), "--no-progress", "--size", "3..5",
                                      "--cache-dir", str(cache)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc.pop("generated", None)
    doc.pop("embedding", None)  # how much was embedded differs between runs, by design
    return doc


def store(tmp_path: Path) -> Path:
    db = tmp_path / "pool.db"
    for source in ("partners/members.csv", "partners/he/organization.csv"):
        CliRunner().invoke(cli, ["partners", "import", str(DATA / source), "--no-progress",
                                 "--db", str(db)], catch_exceptions=False)
    return db


def snapshots(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "pools").iterdir() if p.is_dir())


def test_a_warm_run_reads_the_snapshot_and_only_the_members_track_records(
        tmp_path: Path, use_fake_embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    db, cache = store(tmp_path), tmp_path / "cache"
    first = suggest(db, tmp_path / "a.json", cache)
    [folder] = snapshots(cache)
    assert {p.suffix for p in folder.iterdir()} == {".json", ".npz", ".npy"}

    def no_cutting(*args: object) -> None:
        raise AssertionError("passages were cut again on a warm run")

    reads: list[str] = []
    original = _Details.of

    def counted(self: _Details, partner_id: str):  # type: ignore[no-untyped-def]
        reads.append(partner_id)
        return original(self, partner_id)

    monkeypatch.setattr(pool_index, "cut_passages", no_cutting)
    monkeypatch.setattr(_Details, "of", counted)
    second = suggest(db, tmp_path / "b.json", cache)
    assert second == first
    members = {m["id"] for m in first["members"]}  # type: ignore[union-attr]
    assert set(reads) <= members and len(reads) == len(set(reads))
    with Registry(db) as registry:
        assert len(reads) < registry.count()


def test_an_import_into_the_store_makes_a_new_snapshot(tmp_path: Path,
                                                        use_fake_embedder) -> None:
    db, cache = store(tmp_path), tmp_path / "cache"
    with Registry(db) as registry:
        before = registry.version()
    before_run = suggest(db, tmp_path / "a.json", cache)
    CliRunner().invoke(cli, ["partners", "import", str(DATA / "partners.csv"), "--db",
                             str(db)], catch_exceptions=False)
    with Registry(db) as registry:
        assert registry.version() not in (None, before)
    after = suggest(db, tmp_path / "b.json", cache)
    assert len(snapshots(cache)) == 2
    assert after["pool_size"] == before_run["pool_size"] + 8  # type: ignore[operator]


def test_a_changed_registry_file_makes_a_new_snapshot(tmp_path: Path,
                                                      use_fake_embedder) -> None:
    pool, cache = tmp_path / "partners.csv", tmp_path / "cache"
    shutil.copy(DATA / "partners.csv", pool)
    suggest(pool, tmp_path / "a.json", cache)
    with pool.open("a", encoding="utf-8") as handle:
        handle.write("Harbour Police Rotterdam,HPR,NL,PUB,no,Police authority guarding the "
                     "port against drug smuggling with drones and forensic evidence.\n")
    second = suggest(pool, tmp_path / "b.json", cache)
    assert len(snapshots(cache)) == 2
    assert second["pool_size"] == 9
    partners, snapshot = open_pool(pool, cache_dir=cache)
    assert snapshot is not None and snapshot.passages() is not None
    assert "Harbour Police Rotterdam" in {p.name for p in partners}


def test_a_damaged_snapshot_is_ignored_and_rebuilt(tmp_path: Path, use_fake_embedder) -> None:
    db, cache = store(tmp_path), tmp_path / "cache"
    first = suggest(db, tmp_path / "a.json", cache)
    [folder] = snapshots(cache)
    for path in folder.iterdir():
        path.write_bytes(b"\x00not what it was")
    assert suggest(db, tmp_path / "b.json", cache) == first
    assert json.loads((folder / "passages.json").read_text(encoding="utf-8"))["texts"]


def test_lazy_partners_are_the_eager_ones(tmp_path: Path) -> None:
    db = store(tmp_path)
    with Registry(db) as registry:
        eager = registry.partners()
        lazy = registry.partners(lazy=True)
        filled = registry.partners(lazy=True)
        registry.fill(filled)
    assert [asdict(p) for p in lazy] == [asdict(p) for p in eager]
    assert [asdict(p) for p in filled] == [asdict(p) for p in eager]
    assert any(p.projects for p in eager)


class Interrupting:
    """Acts like Ctrl-C on its first batch."""

    model_id = "interrupting"

    def encode(self, texts: list[str]) -> np.ndarray:
        raise KeyboardInterrupt


def test_an_interrupted_embedding_saves_passages_but_no_vectors(tmp_path: Path) -> None:
    db = store(tmp_path)
    partners, snapshot = open_pool(db, cache_dir=tmp_path / "cache")
    assert isinstance(snapshot, Snapshot)
    embedder = CachedEmbedder(Interrupting(), EmbeddingCache(tmp_path / "e.sqlite3"))
    with pytest.raises(KeyboardInterrupt):
        PoolIndex(partners, embedder, snapshot)
    assert snapshot.passages() is not None
    assert not list(snapshot.folder.glob("*.npy"))


def test_only_the_most_recently_used_snapshots_are_kept(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import consortium.embed.snapshot as pool_snapshot
    from consortium.embed.snapshot import Passages

    cut = Passages(["a passage"], ["profile"], np.array([0]), np.array([0]))
    made = []
    for i in range(4):
        snapshot = Snapshot(tmp_path / "pools" / f"s{i}", [f"p{i}"])
        snapshot.save_passages(cut)
        os.utime(snapshot.folder, (1000 + i, 1000 + i))
        made.append(snapshot)
    assert made[0].passages() is not None  # read: now the most recently used
    monkeypatch.setattr(pool_snapshot, "KEEP", 2)
    Snapshot(tmp_path / "pools" / "s4", ["p4"]).save_passages(cut)
    left = sorted(p.name for p in (tmp_path / "pools").iterdir())
    assert left == ["s0", "s4"]


def test_a_store_path_with_spaces_and_hash_reads_lazily(tmp_path: Path) -> None:
    odd = tmp_path / "my stores #1"
    odd.mkdir()
    db = store(tmp_path)
    moved = odd / "pool?.db"
    shutil.move(db, moved)
    with Registry(moved) as registry:
        eager = registry.partners()
        lazy = registry.partners(lazy=True)
    assert [asdict(p) for p in lazy] == [asdict(p) for p in eager]


def test_a_snapshot_that_cannot_be_written_does_not_stop_the_run(
        tmp_path: Path, use_fake_embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Snapshot, "save_passages", full_disk)
    monkeypatch.setattr(Snapshot, "save_arrays", full_disk)
    monkeypatch.setattr(Snapshot, "save_vectors", full_disk)
    db, cache = store(tmp_path), tmp_path / "cache"
    first = suggest(db, tmp_path / "a.json", cache)
    assert first["members"]
    assert not (cache / "pools").exists() or not list((cache / "pools").iterdir())
