"""The Horizon Europe pool (~23k organisations): warm ``suggest``, cold embedding, Ctrl-C.

Needs a registry store of the CORDIS Horizon Europe file (``--db``; made with
``consortium partners import ../shared/data/cordis-he/organization.csv.gz --db pool.db``
when missing) and an embedding cache folder (``--cache-dir``) that holds its passages for
the warm figures. Prints:

- warm ``consortium suggest`` end to end as a user runs it (a fresh process each time;
  wall and CPU seconds, peak RSS; min of repeats), target <= 2 s and <= 2 GB, the first
  run after an import (which writes the pool snapshot), and where the time goes inside
  one process;
- cold embedding: passages/s through the tool on an empty cache for a sample, and the
  time the whole pool's missing passages take at that rate (``--full-cold`` embeds them
  all instead, minutes);
- Ctrl-C: a cold run interrupted after its first chunk keeps the chunks it committed.

    .venv/bin/python benchmarks/pool.py --db /tmp/perf/pool.db --cache-dir /tmp/scalecache
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CALL = "HORIZON-CL3-2025-01-DRS-04"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _consortium() -> list[str]:
    return [sys.executable, "-m", "consortium"]


def _rows(cache: Path) -> int:
    path = cache / "embeddings.sqlite3"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Wall s, CPU s (user + sys of the child), peak RSS MB and output of one fresh
    process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: runs are ordered so the
    # suggest runs come first and nothing bigger ran before them.
    return wall, cpu, after.ru_maxrss / 1024, proc.stdout + proc.stderr


def _drop_snapshots(cache: Path) -> None:
    import shutil

    shutil.rmtree(cache / "pools", ignore_errors=True)


def warm(db: Path, cache: Path, repeats: int) -> None:
    env = {**os.environ, "CONSORTIUM_CACHE_DIR": str(cache)}
    cmd = [*_consortium(), "suggest", CALL, "--partners", str(db), "--no-progress"]
    # First the run after an import: vectors in the embedding cache, no pool snapshot yet.
    _drop_snapshots(cache)
    first = _timed(cmd, env)
    runs = [_timed(cmd, env) for _ in range(repeats)]
    embedded = [line for line in runs[-1][3].splitlines() if line.startswith("Embedding:")]
    print(f"\n## warm `consortium suggest {CALL} --partners pool.db` "
          f"(fresh process each time, min of {repeats})")
    print("| figure | value | target |")
    print("|---|---|---|")
    print(f"| wall seconds | {min(r[0] for r in runs):.2f} | <= 2 |")
    print(f"| CPU seconds (user + sys) | {min(r[1] for r in runs):.2f} | |")
    print(f"| peak RSS MB | {max(r[2] for r in runs):.0f} | <= 2048 |")
    print(f"| {embedded[0] if embedded else 'Embedding: ?'} | | 0 new |")
    print(f"| first run after an import (snapshot written): wall / CPU seconds | "
          f"{first[0]:.2f} / {first[1]:.2f} | once per change of the pool |")
    _stages(db, cache)


def _stages(db: Path, cache: Path) -> None:
    """Where a warm run's time goes, stage by stage, in this process (CPU seconds)."""
    from consortium.calls.folder import resolve_call
    from consortium.calls.topic import load_call
    from consortium.embed.embedder import (
        CachedEmbedder,
        EmbeddingCache,
        SentenceTransformerEmbedder,
    )
    from consortium.embed.pool_index import PoolIndex
    from consortium.embed.snapshot import open_pool
    from consortium.pipeline import ConsortiumBuilder
    from consortium.resources import bundled_dir

    marks: list[tuple[str, float]] = []

    def mark(name: str, since: float) -> float:
        now = time.process_time()
        marks.append((name, now - since))
        return now

    t = time.process_time()
    call = load_call(resolve_call(CALL, bundled_dir("calls")))
    t = mark("load the call", t)
    partners, snapshot = open_pool(db, cache_dir=cache)
    t = mark(f"open the pool ({len(partners)} partners, track records left in the store)", t)
    embedder = CachedEmbedder(SentenceTransformerEmbedder(),
                              EmbeddingCache(cache / "embeddings.sqlite3"))
    index = PoolIndex(partners, embedder, snapshot)
    t = mark(f"passages ({len(index.passages)} distinct, {index.slot_passage.size} slots) "
             "and their vectors from the snapshot", t)
    index.similarity(call)
    t = mark(f"similarity ({len(call.requirements)} x {len(index.passages)} float32 matmul "
             "+ per-partner max)", t)
    builder = ConsortiumBuilder(embedder=embedder).fit(call, partners, snapshot)
    t = mark("ConsortiumBuilder.fit (the two above again + the search problem)", t)
    builder.suggest()
    mark("suggest (search, submodular bound, report; members' track records read)", t)
    print("\n| stage (one process, warm) | CPU seconds |")
    print("|---|---|")
    for name, seconds in marks:
        print(f"| {name} | {seconds:.2f} |")


def _pool_texts(db: Path) -> list[str]:
    from consortium.partners.pool import load_partners

    return list(dict.fromkeys(t for p in load_partners(db) for t in p.passages()))


def cold(db: Path, cache: Path, sample: int, full: bool) -> None:
    from consortium.embed.embedder import (
        CachedEmbedder,
        EmbeddingCache,
        SentenceTransformerEmbedder,
    )

    texts = _pool_texts(db)
    chosen = texts if full else texts[:: max(1, len(texts) // sample)][:sample]
    model = SentenceTransformerEmbedder()
    model.encode(["warm up"] * 8)
    with tempfile.TemporaryDirectory() as tmp:
        embedder = CachedEmbedder(model, EmbeddingCache(Path(tmp) / "e.sqlite3"),
                                  progress=full)
        start = time.perf_counter()
        embedder.embed(chosen)
        seconds = time.perf_counter() - start
    rate = len(chosen) / seconds
    print(f"\n## cold embedding through the tool ({'whole pool' if full else 'sample'})")
    print("| figure | value |")
    print("|---|---|")
    print(f"| passages embedded | {len(chosen)} of {len(texts)} distinct in the pool |")
    print(f"| seconds | {seconds:.1f} |")
    print(f"| passages/s | {rate:.1f} |")
    if not full:
        print(f"| whole pool at this rate | {len(texts) / rate / 60:.1f} min |")
    print(f"| warm cache already holds | {_rows(cache)} vectors in {cache} |")


def _default_sigint() -> None:
    """A job started in the background by a shell ignores SIGINT, and the child would
    inherit that; a user's terminal delivers Ctrl-C, so restore the default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(db: Path) -> None:
    """Ctrl-C after the first committed chunk: the chunks survive, the exit is clean."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CONSORTIUM_CACHE_DIR": tmp}
        proc = subprocess.Popen([*_consortium(), "suggest", CALL, "--partners", str(db)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, preexec_fn=_default_sigint)
        start = time.perf_counter()
        while _rows(Path(tmp)) < 256 + 1 and proc.poll() is None:
            time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        kept = _rows(Path(tmp))
        with sqlite3.connect(Path(tmp) / "embeddings.sqlite3") as conn:
            check = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    last = err.strip().splitlines()[-1] if err.strip() else ""
    print("\n## Ctrl-C during a cold run")
    print("| figure | value |")
    print("|---|---|")
    print(f"| interrupted after | {time.perf_counter() - start:.0f} s |")
    print(f"| exit code | {proc.returncode} (130 = interrupted) |")
    print(f"| vectors kept in the cache | {kept} (whole chunks of 256 + the requirements) |")
    print(f"| SQLite integrity_check afterwards | {check} |")
    print(f"| message | {last} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/perf/pool.db"))
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/scalecache"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sample", type=int, default=256, help="passages for the cold rate")
    parser.add_argument("--full-cold", action="store_true",
                        help="embed the whole pool on an empty cache (minutes)")
    parser.add_argument("--no-interrupt", action="store_true")
    parser.add_argument("--only-interrupt", action="store_true")
    args = parser.parse_args()
    if not args.db.exists():
        subprocess.run([*_consortium(), "partners", "import",
                        str(DATA / "cordis-he" / "organization.csv.gz"), "--db", str(args.db),
                        "--no-progress"], check=True, stdout=subprocess.DEVNULL)
    if args.only_interrupt:
        interrupt(args.db)
        return
    import torch

    print(f"# Horizon Europe pool benchmark, {time.strftime('%Y-%m-%d')}, "
          f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__} "
          f"({torch.get_num_threads()} threads); other jobs share the machine")
    if _rows(args.cache_dir) == 0:
        print(f"(no warm cache in {args.cache_dir}: the warm figures include a cold run)")
    warm(args.db, args.cache_dir, args.repeats)
    cold(args.db, args.cache_dir, args.sample, args.full_cold)
    if not args.no_interrupt:
        interrupt(args.db)


if __name__ == "__main__":
    main()
