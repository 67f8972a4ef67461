"""Every report kind's output in one table: {kind: {format: writer}}.

Commands name the kind of report they print; the table decides which formats it is
offered in, what the terminal shows and how a file is written (whole in memory, then
atomically), so ``--out`` is checked and written the same way by every command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from consortium.errors import InputError
from consortium.files import check_destination, write_atomic
from consortium.render.formats import EXTENSIONS, FORMAT_NAMES, output_format

Writer = Callable[[Any, Path | None], str | bytes]
RANKING_FORMATS = ("markdown", "html", "xlsx", "csv", "json")


def _consortium(fmt: str) -> Writer:
    def write(report: Any, template_dir: Path | None) -> str | bytes:
        from consortium.render.templates import to_text

        return to_text(report, fmt, template_dir)
    return write


def _ranking(kind: str, fmt: str) -> Writer:
    def write(report: Any, template_dir: Path | None) -> str | bytes:
        from consortium.render.rankings import content

        return content(report, document(kind, report), fmt, template_dir)
    return write


def _fill_json(report: Any, template_dir: Path | None) -> str:
    return json.dumps(asdict(report), indent=2, ensure_ascii=False)


def _eval_json(result: Any, template_dir: Path | None) -> str:
    return json.dumps(result, indent=1, allow_nan=True) + "\n"


WRITERS: dict[str, dict[str, Writer]] = {
    "consortium": {fmt: _consortium(fmt) for fmt in FORMAT_NAMES},
    **{kind: {fmt: _ranking(kind, fmt) for fmt in RANKING_FORMATS}
       for kind in ("scout", "radar", "map")},
    "fill": {"json": _fill_json},
    "eval": {"json": _eval_json},
}


def document(kind: str, report: Any) -> Any:
    """A ranking report as titled tables (``render.rankings.Document``)."""
    from consortium.render import rankings

    build = {"scout": rankings.scout_document, "radar": rankings.radar_document,
             "map": rankings.map_document}[kind]
    return build(report.to_dict())


def destination(kind: str, out: str | Path | None, fmt: str | None = None) -> str | None:
    """The format ``out`` will be written in, checked before any work is spent on it."""
    if not out:
        return None
    path, offered = Path(out), WRITERS[kind]
    chosen = next(iter(offered)) if len(offered) == 1 else output_format(path, fmt)
    if chosen not in offered:
        names = [EXTENSIONS[f] for f in offered]
        raise InputError(out, f"{chosen} is not offered for this report (use "
                         f"{', '.join(names[:-1])} or {names[-1]})")
    check_destination(path)
    return chosen


def write(kind: str, report: Any, out: str | Path, fmt: str | None = None,
          template_dir: Path | None = None) -> None:
    chosen = destination(kind, out, fmt)
    assert chosen is not None
    write_atomic(Path(out), WRITERS[kind][chosen](report, template_dir))


def summary(kind: str, report: Any, template_dir: Path | None = None) -> tuple[str, list[str]]:
    """What the terminal shows of a report: (text for stdout, notes for stderr)."""
    if kind == "consortium":
        from consortium.render.templates import render

        return render(report, "summary.txt.j2", template_dir), []
    if kind == "fill":
        from consortium.render.fill_text import fill_summary

        return fill_summary(report), []
    from consortium.render.rankings import terminal_table

    doc = document(kind, report)
    return f"{doc.title}\n{terminal_table(doc)}", list(doc.notes)
