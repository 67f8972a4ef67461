"""A listing of a calls folder that is cheap to read again: ``consortium calls list``.

Parsing the ~110 bundled topics (requirements, conditions) takes seconds; listing them
should not. The rows the listing prints are kept in a small JSON file in the cache
folder, valid while every topic file has the same size and modification time and the
code that parses and summarises them is unchanged; anything else rebuilds it from
``list_calls``, which also raises the same errors as before. Nothing here imports the
parsers unless the index has to be rebuilt.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consortium import __version__
from consortium.errors import InputError
from consortium.files import write_atomic

if TYPE_CHECKING:
    from consortium.calls.topic import Call

_PACKAGE = Path(__file__).resolve().parent.parent  # the consortium package


@dataclass(frozen=True)
class CallRow:
    """What ``calls list`` shows of one topic."""

    id: str
    title: str
    deadline: str
    action_type: str
    requirements: int
    conditions: int
    conditions_cell: str


def _stamp(path: Path) -> list[Any]:
    info = path.stat()
    return [str(path.resolve()), info.st_mtime_ns, info.st_size]


def _code_stamp() -> list[Any]:
    """The package's own source files: a parser change must not serve stale rows."""
    # Data files too: a published topic condition added to data/ changes the listing.
    files = sorted(_PACKAGE.rglob("*.py")) + sorted(_PACKAGE.rglob("data/*.csv"))
    return [__version__, *(_stamp(p) for p in files)]


def _files(calls_dir: Path) -> list[Path]:
    """Every file of the folder, not only the topic files: any change there rebuilds."""
    return sorted(p for p in calls_dir.iterdir() if p.is_file())


def list_rows(calls_dir: Path, cell: Callable[[Call], str],
              index: Path | None = None) -> list[CallRow]:
    """Rows for every call in ``calls_dir`` sorted by id, from the index when it is fresh.

    ``cell`` renders a call's conditions column; ``index`` defaults to a file in the
    cache folder named after the calls folder.
    """
    from consortium.resources import cache_dir
    from consortium.text import text_hash

    folder = calls_dir.resolve()
    path = index or cache_dir() / "calls-index" / f"{text_hash(str(folder))[:16]}.json"
    key: list[Any] | None = None
    if folder.is_dir():  # a missing folder is list_calls' error to report, never cached
        try:
            key = [_code_stamp(), [_stamp(p) for p in _files(folder)]]
        except OSError:
            key = None
    if key is not None:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return [CallRow(**row) for row in stored["rows"]]
        except (OSError, ValueError, TypeError, KeyError):
            pass  # no index or an unreadable one: rebuild it
    from consortium.calls.folder import list_calls

    rows = [CallRow(c.id, c.title, c.deadline, c.action_type, len(c.requirements),
                    len(c.conditions), cell(c)) for c in list_calls(calls_dir)]
    if key is not None:
        _write(path, {"key": key, "rows": [asdict(r) for r in rows]})
    return rows


def _write(path: Path, data: dict[str, Any]) -> None:
    """Atomically, and never failing the listing: the index is only a shortcut."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data))
    except (OSError, InputError):
        pass
