"""SIGKILL in the middle of embedding, a registry import and a report write, for real.

Each test starts a child process, waits until it is provably in the middle of the work
(a marker it writes, or SQLite's rollback journal on disk), kills it with SIGKILL (no
handler, no cleanup runs) and checks that what it was writing is either as before or
complete, and still opens. No test measures time: the waits only bound a hung child.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from consortium.embed.embedder import CHUNK, CachedEmbedder, EmbeddingCache
from consortium.partners.store import Registry
from consortium.text import text_hash

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# The child's embedder: deterministic vectors (so the parent can check every stored row),
# a marker once the first chunk is committed, then slow enough to be killed mid-run.
EMBED_CHILD = '''
import sys, time
from pathlib import Path
import numpy as np
from consortium.embed.embedder import CachedEmbedder, EmbeddingCache

DIM = 64

def vector(text):
    rng = np.random.default_rng(sum(text.encode()) * 7919 + len(text))
    v = rng.random(DIM).astype(np.float32)
    return v / np.linalg.norm(v)

class SlowEmbedder:
    model_id = "slow-test"
    def __init__(self, marker, pause):
        self.calls, self.marker, self.pause = 0, Path(marker), pause
    def encode(self, texts):
        self.calls += 1
        if self.calls == 2:
            self.marker.write_text("one chunk committed")
        time.sleep(self.pause)
        return np.stack([vector(t) for t in texts])

cache, marker, count, pause, first = sys.argv[1], sys.argv[2], int(sys.argv[3]), \\
    float(sys.argv[4]), int(sys.argv[5])
texts = [f"passage {i} about drones and border police" for i in range(first, first + count)]
CachedEmbedder(SlowEmbedder(marker, pause), EmbeddingCache(Path(cache))).embed(texts)
print("done")
'''

WRITE_CHILD = '''
import os, sys
from pathlib import Path
from consortium.files import write_atomic

path, marker, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
SIZE = 4_000_000

def report(i):
    return f"report {i}\\n" + "x" * SIZE + f"\\nend {i}\\n"

if mode == "stall":
    # Stop between writing the temporary file and renaming it over the report.
    def stall(fd):
        marker.write_text("written, not renamed")
        import time
        time.sleep(600)
    os.fsync = stall
    write_atomic(path, report(1))
else:
    for i in range(1, 10_000):
        write_atomic(path, report(i))
        if i == 3:
            marker.write_text("three reports written")
'''


def _vector(text: str, dim: int = 64) -> np.ndarray:
    rng = np.random.default_rng(sum(text.encode()) * 7919 + len(text))
    v = rng.random(dim).astype(np.float32)
    return v / np.linalg.norm(v)


def _texts(first: int, count: int) -> list[str]:
    return [f"passage {i} about drones and border police" for i in range(first, first + count)]


def _start(tmp_path: Path, script: str, *args: str) -> subprocess.Popen[bytes]:
    path = tmp_path / "child.py"
    path.write_text(script, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(path), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _wait_for(check: Callable[[], bool], child: subprocess.Popen[bytes],
              bound: float = 120) -> None:
    """Poll until ``check()`` holds; fail (not hang) if the child dies or never gets there."""
    deadline = time.monotonic() + bound
    while not check():
        if child.poll() is not None:
            out, err = child.communicate()
            pytest.fail(f"child ended early ({child.returncode}): {out!r} {err.decode()}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("child never reached the point to kill it at")
        time.sleep(0.002)


def _kill(child: subprocess.Popen[bytes]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL


def _integrity(path: Path) -> None:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# ---------------------------------------------------------------------------- embedding

def test_kill_during_embedding_keeps_whole_chunks(tmp_path: Path) -> None:
    cache_path, marker = tmp_path / "cache.sqlite3", tmp_path / "marker"
    texts = _texts(0, 5 * CHUNK)
    child = _start(tmp_path, EMBED_CHILD, str(cache_path), str(marker), str(len(texts)),
                   "0.05", "0")
    _wait_for(marker.exists, child)
    _kill(child)
    _integrity(cache_path)
    cache = EmbeddingCache(cache_path)
    found = cache.get_many("slow-test", [text_hash(t) for t in texts])
    # Each chunk is one transaction: the kill keeps whole chunks, never a part of one.
    assert CHUNK <= len(found) < len(texts) and len(found) % CHUNK == 0
    by_hash = {text_hash(t): t for t in texts}
    for key, stored in found.items():
        assert np.allclose(stored, _vector(by_hash[key]))
    cache.close()

    class Finisher:
        model_id = "slow-test"

        def __init__(self) -> None:
            self.encoded: list[str] = []

        def encode(self, batch: Sequence[str]) -> np.ndarray:
            self.encoded.extend(batch)
            return np.stack([_vector(t) for t in batch])

    finisher = Finisher()
    vectors = CachedEmbedder(finisher, EmbeddingCache(cache_path)).embed(texts)
    assert len(finisher.encoded) == len(texts) - len(found)
    assert np.allclose(vectors, np.stack([_vector(t) for t in texts]))


def test_two_processes_embedding_into_one_cache(tmp_path: Path) -> None:
    cache_path = tmp_path / "cache.sqlite3"
    # Overlapping halves: both write the shared texts, racing on the same keys.
    children = [_start(tmp_path, EMBED_CHILD, str(cache_path), str(tmp_path / f"m{i}"),
                       str(3 * CHUNK), "0", str(i * CHUNK)) for i in range(2)]
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err.decode()
        assert out.strip() == b"done"
    _integrity(cache_path)
    texts = _texts(0, 4 * CHUNK)
    found = EmbeddingCache(cache_path).get_many("slow-test", [text_hash(t) for t in texts])
    assert len(found) == len(texts)
    assert all(np.allclose(found[text_hash(t)], _vector(t)) for t in texts)


# ----------------------------------------------------------------------- registry import

HEADER = "id,name,short_name,country,type,sme,description\n"


def _registry_csv(path: Path, first: int, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(first, first + count):
            # Unalike names: near-duplicate reporting is not what this test is about.
            name = hashlib.sha256(str(i).encode()).hexdigest()[:20]
            handle.write(f"{i},{name},ORG{i},{('DE', 'FR', 'IT', 'ES')[i % 4]},"
                         f"PRC,no,Drones and sensors for border police number {i}.\n")
    return path


def _import(db: Path, csv_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "consortium", "partners", "import",
                             str(csv_path), "--db", str(db), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _journal_or_exit(journal: Path, child: subprocess.Popen[bytes]) -> bool:
    """Wait until the import's write transaction is open (True) or the child ended."""
    deadline = time.monotonic() + 300
    while not journal.exists():
        if child.poll() is not None:
            assert child.returncode == 0, child.communicate()[1].decode()
            return False
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("the import neither wrote nor ended")
        time.sleep(0.001)
    return True


def test_kill_during_registry_import_rolls_back(tmp_path: Path) -> None:
    db = tmp_path / "registry.db"
    small = _import(db, _registry_csv(tmp_path / "small.csv", 0, 10))
    assert small.wait(timeout=120) == 0, small.communicate()[1].decode()
    journal = db.with_name(db.name + "-journal")
    rows = 5_000
    for attempt in range(1, 6):
        with Registry(db) as store:
            before = store.count()
        big = _registry_csv(tmp_path / f"big{attempt}.csv", attempt * 1_000_000, rows)
        child = _import(db, big)
        if not _journal_or_exit(journal, child):
            continue  # finished before the poll saw its transaction: try again
        _kill(child)
        break
    else:
        pytest.fail("never caught an import in the middle of writing")
    _integrity(db)
    with Registry(db) as store:
        assert store.count() in (before, before + rows)
        pool = store.partners()
    assert {p.id for p in pool} >= {str(i) for i in range(10)}
    again = _import(db, big)
    assert again.wait(timeout=300) == 0, again.communicate()[1].decode()
    with Registry(db) as store:
        assert store.count() == before + rows


# --------------------------------------------------------------------------- report write

def _complete_report(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r"report (\d+)\nx{4000000}\nend (\d+)\n", text)
    assert match is not None and match.group(1) == match.group(2), text[:40] + text[-40:]
    return int(match.group(1))


def test_kill_between_write_and_rename_keeps_the_old_report(tmp_path: Path) -> None:
    report, marker = tmp_path / "report.md", tmp_path / "marker"
    report.write_text("report 0\n" + "x" * 4_000_000 + "\nend 0\n", encoding="utf-8")
    child = _start(tmp_path, WRITE_CHILD, str(report), str(marker), "stall")
    _wait_for(marker.exists, child)
    _kill(child)
    assert _complete_report(report) == 0


def test_kill_while_rewriting_reports_leaves_a_whole_one(tmp_path: Path) -> None:
    report, marker = tmp_path / "report.md", tmp_path / "marker"
    report.write_text("report 0\n" + "x" * 4_000_000 + "\nend 0\n", encoding="utf-8")
    child = _start(tmp_path, WRITE_CHILD, str(report), str(marker), "loop")
    _wait_for(marker.exists, child)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _complete_report(report) >= 3
