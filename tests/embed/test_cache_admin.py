"""``consortium cache info`` / ``clear`` on a cache filled by a real run."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from consortium.cli.main import cli

DATA = Path(__file__).parents[1] / "data"


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.output


def fill_cache(tmp_path: Path, cache: Path) -> None:
    code, out = run("suggest", str(DATA / "topic.md"), "--partners", str(DATA / "partners.csv"),
                    "--size", "3..5", "--no-progress", "--cache-dir", str(cache),
                    "--out", str(tmp_path / "r.json"))
    assert code == 0, out


def test_info_counts_vectors_and_snapshots(tmp_path: Path, use_fake_embedder) -> None:
    cache = tmp_path / "cache"
    fill_cache(tmp_path, cache)
    code, out = run("cache", "info", "--cache-dir", str(cache))
    assert code == 0, out
    assert f"Cache folder: {cache}" in out
    assert "fake-hash-512:" in out and "Pool snapshots: 1 (" in out


def test_clear_keeps_vectors_unless_all_is_confirmed(tmp_path: Path, use_fake_embedder) -> None:
    cache = tmp_path / "cache"
    fill_cache(tmp_path, cache)
    code, out = run("cache", "clear", "--cache-dir", str(cache))
    assert code == 0 and "pool snapshots" in out
    assert not (cache / "pools").exists() and any(cache.glob("*.sqlite3"))
    code, out = run("cache", "clear", "--all", "--cache-dir", str(cache), input="n\n")
    # Answering no is not an error: nothing is removed, and the command says so.
    assert code == 0 and "Nothing removed" in out and any(cache.glob("*.sqlite3"))
    code, out = run("cache", "clear", "--all", "--yes", "--cache-dir", str(cache))
    assert code == 0 and not any(cache.glob("embeddings.sqlite3*"))
    fill_cache(tmp_path, cache)  # a run after clearing rebuilds what it needs


def test_info_on_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    code, out = run("cache", "info", "--cache-dir", str(missing))
    assert code == 0 and "Total: 0.0 MB" in out
    assert not missing.exists()


def test_clear_removes_only_what_the_cache_wrote(tmp_path: Path, use_fake_embedder) -> None:
    cache = tmp_path / "cache"
    fill_cache(tmp_path, cache)
    mine = cache / "pools" / "my-notes"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    (cache / "pools" / "todo.txt").write_text("keep me too", encoding="utf-8")
    code, out = run("cache", "clear", "--cache-dir", str(cache))
    assert code == 0, out
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert (cache / "pools" / "todo.txt").is_file()
    assert [p.name for p in (cache / "pools").iterdir() if p.is_dir()] == ["my-notes"]


def test_a_damaged_cache_can_be_cleared_but_another_database_is_left(tmp_path: Path) -> None:
    import sqlite3

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "embeddings.sqlite3").write_bytes(b"\x93random bytes, not SQLite" * 40)
    code, out = run("cache", "info", "--cache-dir", str(damaged))
    assert code == 0 and "damaged: not an SQLite file" in out
    code, out = run("cache", "clear", "--all", "--yes", "--cache-dir", str(damaged))
    assert code == 0 and not (damaged / "embeddings.sqlite3").exists()
    other = tmp_path / "other"
    other.mkdir()
    with sqlite3.connect(other / "embeddings.sqlite3") as db:
        db.execute("CREATE TABLE accounts (name TEXT)")
    result = CliRunner().invoke(cli, ["cache", "clear", "--all", "--yes", "--cache-dir",
                                      str(other)])
    assert result.exit_code == 1 and "not an embedding cache" in result.output
    assert (other / "embeddings.sqlite3").is_file()


def test_another_programs_database_as_the_cache_is_left_as_it_was(tmp_path: Path) -> None:
    import sqlite3

    from consortium.embed.embedder import EmbeddingCache
    from consortium.errors import InputError

    path = tmp_path / "embeddings.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE accounts (name TEXT)")
    before = path.read_bytes()
    try:
        EmbeddingCache(path)
        raise AssertionError("opened another program's database")
    except InputError as refused:
        assert "another program's SQLite database (tables: accounts)" in str(refused)
    assert path.read_bytes() == before
    EmbeddingCache(tmp_path / "new.sqlite3")   # a new file is ours to create


def test_a_vector_cut_short_in_the_cache_is_embedded_again(tmp_path: Path,
                                                           use_fake_embedder) -> None:
    import sqlite3

    cache = tmp_path / "cache"
    fill_cache(tmp_path, cache)
    with sqlite3.connect(cache / "embeddings.sqlite3") as db:
        (count,) = db.execute("SELECT COUNT(*) FROM embeddings").fetchone()
        db.execute("UPDATE embeddings SET vector = substr(vector, 1, 7) WHERE rowid IN "
                   "(SELECT rowid FROM embeddings LIMIT 3)")
    import shutil

    shutil.rmtree(cache / "pools")          # no snapshot: the vectors are read again
    fill_cache(tmp_path, cache)
    with sqlite3.connect(cache / "embeddings.sqlite3") as db:
        lengths = {n for (n,) in db.execute("SELECT length(vector) / dim FROM embeddings")}
        assert lengths == {4} and db.execute(
            "SELECT COUNT(*) FROM embeddings").fetchone()[0] == count
