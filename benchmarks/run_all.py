"""Every figure of the performance issue in one run, one table per benchmark.

Runs, each in its own process so one's imports and memory do not colour the next:
``startup.py`` (``--help``, ``calls list``), ``embed.py`` (tool vs direct encode, ratio,
warm run), ``pool.py`` (the 23k-organisation Horizon Europe pool: warm ``suggest``,
cold passages/s, Ctrl-C) and, given ``--onnx-python`` (an interpreter with
``sentence-transformers[onnx]``), ``onnx_backend.py``. The machine is whatever runs
this; the tables say how many cores it has and that other jobs may share it.

    .venv/bin/python benchmarks/run_all.py --db /tmp/perf/pool.db \\
        --cache-dir /tmp/scalecache [--onnx-python /tmp/onnxvenv/bin/python]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(python: str, script: str, *args: str) -> None:
    start = time.perf_counter()
    print(flush=True)
    proc = subprocess.run([python, str(HERE / script), *args], check=False)
    print(f"({script}: {time.perf_counter() - start:.0f} s"
          + (f", exit code {proc.returncode}" if proc.returncode else "") + ")", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/perf/pool.db",
                        help="registry store of the CORDIS Horizon Europe pool "
                             "(imported when missing)")
    parser.add_argument("--cache-dir", default="/tmp/scalecache",
                        help="embedding cache that holds the pool's passages")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--onnx-python", help="Python with sentence-transformers[onnx]")
    parser.add_argument("--full-cold", action="store_true",
                        help="embed the whole pool on an empty cache (minutes)")
    args = parser.parse_args()
    print(f"# consortium performance figures, {time.strftime('%Y-%m-%d %H:%M')}")
    _run(sys.executable, "startup.py", "--repeats", str(max(5, args.repeats * 3)))
    _run(sys.executable, "embed.py", "--repeats", str(args.repeats))
    _run(sys.executable, "pool.py", "--db", args.db, "--cache-dir", args.cache_dir,
         "--repeats", str(args.repeats), *(["--full-cold"] if args.full_cold else []))
    if args.onnx_python:
        _run(args.onnx_python, "onnx_backend.py", "--pool", args.db,
             "--repeats", str(args.repeats))
    else:
        print("\n(ONNX figures skipped: give --onnx-python, an interpreter with "
              "sentence-transformers[onnx])")


if __name__ == "__main__":
    main()
