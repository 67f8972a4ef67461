"""Regenerate calls/: every Cluster 3 topic of 2023-2027 in ../shared/data/topics, normalised.

A topic often appears in several sources; the richest wins: the portal topic JSON (dates,
budgets, grants, topic conditions), then the portal search export, then topic_texts rows
with intact text, then the lossy ones (where "?" replaced quotes and bullets). Each file is
written atomically and read back; the script stops if reading it back changes anything.
Older topics (the two 2022 cascade-funding open calls filed under CL3 ids) are left out.

Before that, every record of the three files is checked for a text filed under the wrong
topic id (``consortium/topic_ids.py``, against the CORDIS topic titles): relabelled texts
are written under their own id, dropped ones not at all. Each correction is printed, and
the Cluster 3 ones are written into the "Corrections" section of calls/README.md. Topic
files of an earlier run whose id is no longer produced are removed.

Usage: python scripts/build_calls.py [--data ../shared/data/topics] [--out calls/]
                                     [--cordis ../shared/data/cordis-he/topics.csv]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from consortium.calls.formats import read_topics  # noqa: E402
from consortium.calls.portal import LOSSY_NOTE  # noqa: E402
from consortium.calls.records import safe_filename  # noqa: E402
from consortium.calls.topic import load_call  # noqa: E402
from consortium.calls.topic_ids import Correction, read_cordis_titles  # noqa: E402
from consortium.files import write_atomic  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "topics"
DEFAULT_CORDIS = REPO.parent / "shared" / "data" / "cordis-he" / "topics.csv"
SOURCES = ("portal_topics_open_2026.json.gz", "portal_search_CL3_2025.csv", "topic_texts.csv.gz")
YEARS = range(2023, 2028)
_YEAR = re.compile(r"-CL3-(\d{4})-")
CORRECTIONS_START = "<!-- corrections: written by scripts/build_calls.py -->"
CORRECTIONS_END = "<!-- end of corrections -->"


def rank(source_index: int, source_line: str) -> int:
    """Lower is richer: file order above, lossy topic_texts rows last."""
    return source_index * 2 + (1 if LOSSY_NOTE in source_line else 0)


def in_years(topic_id: str) -> bool:
    year = _YEAR.search(topic_id)
    return year is not None and int(year.group(1)) in YEARS


def corrections_section(corrections: list[Correction], total: int, cordis: Path) -> str:
    """The README block listing the Cluster 3 corrections with their evidence."""
    relabelled = sum(not c.dropped for c in corrections)
    lines = [CORRECTIONS_START, "",
             f"{len(corrections)} Cluster 3 records of `topic_texts.csv.gz` are filed under "
             f"another topic's id ({relabelled} relabelled, {len(corrections) - relabelled} "
             f"dropped; {total} in the whole file), found by `consortium/topic_ids.py` "
             f"against the CORDIS topic titles (`{cordis.parent.name}/{cordis.name}`) and the "
             "other sources. A relabelled text is in the file of its own id (its `source:` "
             "line says where it was filed); a dropped id has no file here: its real text is "
             "not in the data. CORDIS titles quoted below: Source: CORDIS, European "
             "Commission (CC BY 4.0).",
             ""]
    for correction in sorted(corrections, key=lambda c: c.id):
        action = (f"→ **{correction.new_id}**" if correction.new_id else "**dropped**")
        origin = re.search(r"\(from ([^,)]+)", correction.source)
        where = f" (`{origin.group(1)}` row)" if origin else ""
        lines.append(f"- `{correction.id}`{where} {action}: {correction.reason}.")
    lines += ["", CORRECTIONS_END]
    return "\n".join(lines)


def update_readme(path: Path, section: str) -> None:
    """Replace the corrections block of calls/README.md (or add it before "## Regenerate")."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if CORRECTIONS_START in text and CORRECTIONS_END in text:
        before, rest = text.split(CORRECTIONS_START, 1)
        after = rest.split(CORRECTIONS_END, 1)[1]
        text = before + section + after
    else:
        block = f"## Corrections\n\n{section}\n\n"
        text = (text.replace("## Regenerate", block + "## Regenerate", 1)
                if "## Regenerate" in text else f"{text.rstrip()}\n\n{block}")
    write_atomic(path, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=REPO / "calls")
    parser.add_argument("--cordis", type=Path, default=DEFAULT_CORDIS,
                        help="CORDIS topics.csv (projectID;topic;title) for the id check")
    args = parser.parse_args(argv)
    titles = read_cordis_titles(args.cordis)
    paths = [args.data / name for name in SOURCES]
    result = read_topics(paths, only=("-CL3-",), cordis_titles=titles)
    for line in result.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    cl3 = [c for c in result.corrections if "-CL3-" in c.id]
    for correction in result.corrections:
        print(f"corrected: {correction.line()}", file=sys.stderr)
    print(f"{len(result.corrections)} records filed under a wrong id "
          f"({sum(not c.dropped for c in result.corrections)} relabelled, "
          f"{sum(c.dropped for c in result.corrections)} dropped), {len(cl3)} of them "
          "Cluster 3", file=sys.stderr)
    best: dict[str, tuple[int, str]] = {}
    for call, markdown in zip(result.calls, result.markdown):
        if not in_years(call.id):
            print(f"left out: {call.source}: not a {YEARS[0]}-{YEARS[-1]} topic",
                  file=sys.stderr)
            continue
        if call.unlabelled:
            print(f"warning: {call.source}: no 'Expected Outcome:' or 'Scope:' heading; "
                  "the whole description was read as Scope", file=sys.stderr)
        index = next(n for n, path in enumerate(paths) if call.source.startswith(f"{path}:"))
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
    written = {safe_filename(topic_id) for topic_id in best}
    for stale in sorted(args.out.glob("HORIZON-CL3-*.md")):
        if stale.name not in written:
            stale.unlink()
            print(f"removed: {stale} (no longer produced)")
    update_readme(args.out / "README.md", corrections_section(
        [c for c in cl3 if in_years(c.id)], len(result.corrections), args.cordis))
    print(f"wrote {len(best)} topic files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
