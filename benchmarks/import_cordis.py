"""Benchmark: import the CORDIS Horizon Europe participants file, then merge H2020/FP7.

Prints rows, organisations, wall time and peak memory (the process's maximum resident
set size, which is what a user's machine has to have, rather than tracemalloc's Python
heap figure, which would also slow the run down). Run from the repository root:

    python benchmarks/import_cordis.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from consortium.partners.cordis import import_organisations  # noqa: E402
from consortium.partners.duplicates import near_duplicates  # noqa: E402
from consortium.partners.store import Registry  # noqa: E402


def peak_mib() -> float:
    """ru_maxrss is KiB on Linux, bytes on macOS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def progress(position: int, total: int) -> None:
    print(f"\r  reading {position / max(total, 1):6.1%}", end="", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", type=Path, help="store to write (default: a temporary file)")
    args = parser.parse_args()
    he = args.data / "cordis-he" / "organization.csv.gz"
    if not he.is_file():
        sys.exit(f"{he} not found (pass --data)")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "registry.db"
        start = time.perf_counter()
        result = import_organisations(he, progress=progress)
        read = time.perf_counter() - start
        with Registry(db) as store:
            store.add(result.partners.values())
        total = time.perf_counter() - start
        print(file=sys.stderr)
        print(f"Horizon Europe: {result.rows:,} rows -> {len(result.partners):,} organisations,"
              f" {len(result.projects):,} projects")
        print(f"  read {read:.1f} s, read + store {total:.1f} s, peak memory {peak_mib():.0f} MiB")
        for note in result.notes:
            print(f"  note: {note}")
        start = time.perf_counter()
        found = near_duplicates(list(result.partners.values()))
        print(f"  near-duplicate name pairs: {len(found)} ({time.perf_counter() - start:.1f} s)")
        for folder in ("cordis-h2020-security", "cordis-fp7-security"):
            path = args.data / folder / "organization.csv"
            if not path.is_file():
                continue
            start = time.perf_counter()
            other = import_organisations(path)
            with Registry(db) as store:
                new, updated = store.add(other.partners.values())
                count = store.count()
            print(f"{folder}: {other.rows:,} rows -> {len(other.partners):,} organisations "
                  f"({updated:,} merged by id with the store, {new:,} new); store now "
                  f"{count:,}; {time.perf_counter() - start:.1f} s")
        print(f"peak memory overall {peak_mib():.0f} MiB")


if __name__ == "__main__":
    main()
