"""Regenerate calls/: every Cluster 3 topic of 2023-2027 in ../shared/data/topics, normalised.

A topic often appears in several sources; the richest wins: the portal topic JSON (dates,
budgets, grants, topic conditions), then the portal search export, then topic_texts rows
with intact text, then the lossy ones (where "?" replaced quotes and bullets). Each file is
written atomically and read back; the script stops if reading it back changes anything.
Older topics (the two 2022 cascade-funding open calls filed under CL3 ids) are left out.

Usage: python scripts/build_calls.py [--data ../shared/data/topics] [--out calls/]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from consortium.call_formats import (  # noqa: E402
    LOSSY_NOTE,
    read_topics,
    safe_filename,
    write_atomic,
)
from consortium.calls import load_call  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "topics"
SOURCES = ("portal_topics_open_2026.json.gz", "portal_search_CL3_2025.csv", "topic_texts.csv.gz")
YEARS = range(2023, 2028)
_YEAR = re.compile(r"-CL3-(\d{4})-")


def rank(source_index: int, source_line: str) -> int:
    """Lower is richer: file order above, lossy topic_texts rows last."""
    return source_index * 2 + (1 if LOSSY_NOTE in source_line else 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=REPO / "calls")
    args = parser.parse_args(argv)
    best: dict[str, tuple[int, str]] = {}
    for index, name in enumerate(SOURCES):
        result = read_topics([args.data / name], only=("-CL3-",))
        for line in result.skipped:
            print(f"skipped: {line}", file=sys.stderr)
        for call, markdown in zip(result.calls, result.markdown):
            year = _YEAR.search(call.id)
            if year is None or int(year.group(1)) not in YEARS:
                print(f"left out: {call.source}: not a {YEARS[0]}-{YEARS[-1]} topic",
                      file=sys.stderr)
                continue
            if call.unlabelled:
                print(f"warning: {call.source}: no 'Expected Outcome:' or 'Scope:' heading; "
                      "the whole description was read as Scope", file=sys.stderr)
            source_line = next(line for line in markdown.splitlines()
                               if line.startswith("source:"))
            key = (rank(index, source_line), markdown)
            if call.id not in best or key[0] < best[call.id][0]:
                best[call.id] = key
    args.out.mkdir(parents=True, exist_ok=True)
    for topic_id, (_, markdown) in sorted(best.items()):
        path = args.out / safe_filename(topic_id)
        write_atomic(path, markdown)
        loaded = load_call(path)
        if loaded.id != topic_id or len(loaded.requirements) < 3:
            raise SystemExit(f"{path}: read back as {loaded.id} with "
                             f"{len(loaded.requirements)} requirements")
        print(f"{path}: {len(loaded.requirements)} requirements, "
              f"{len(loaded.conditions)} conditions")
    print(f"wrote {len(best)} topic files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
