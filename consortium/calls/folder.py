"""Finding topic files in a calls folder: by path or topic id, or all of them.

Users name a topic by its file or by its id in any case ("horizon-cl3-2025-01-fct-01"),
and a folder of topic files is loaded whole by the commands that look at every call
(``radar``, ``scout``). Both need the same notion of which files in a folder are topics,
kept here apart from reading one topic text (``topic``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path

from consortium.calls.sections import front_matter
from consortium.calls.topic import Call, load_call, read_call_text
from consortium.errors import InputError

CALL_SUFFIXES = (".md", ".txt")


def _call_files(calls_dir: Path) -> list[Path]:
    if not calls_dir.is_dir():
        raise InputError(calls_dir, "calls folder not found (create it, or point to the folder "
                         "that holds the topic .md files)")
    return sorted(p for p in calls_dir.iterdir()
                  if p.is_file() and p.suffix.lower() in CALL_SUFFIXES
                  and p.name.lower() != "readme.md")


def _declared_id(path: Path) -> str:
    """The front-matter id, if the file has a readable one; lookups must not fail on it."""
    try:
        meta, _ = front_matter(read_call_text(path).lstrip("\ufeff"), str(path))
    except InputError:
        return ""
    return meta.get("id", "")


def resolve_call(ref: str, calls_dir: Path) -> Path:
    """Turn a file path or a topic id (any case) into the call file to load."""
    as_path = Path(ref)
    if as_path.is_file():
        return as_path
    wanted = as_path.stem if as_path.suffix.lower() in CALL_SUFFIXES else ref
    wanted = wanted.strip().casefold()
    known: dict[str, Path] = {}
    for path in _call_files(calls_dir):
        for name in (path.stem, _declared_id(path)):
            if name:
                known.setdefault(name, path)
    matches = sorted({path for name, path in known.items() if name.casefold() == wanted})
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(str(p) for p in matches)
        raise InputError(ref, f"matches several call files ({names}); give the file path")
    by_upper = {name.upper(): name for name in known}
    close = difflib.get_close_matches(ref.strip().upper(), list(by_upper), n=3, cutoff=0.6)
    hint = (f"did you mean {', '.join(by_upper[c] for c in close)}?" if close
            else f"check the spelling; the topic files are the .md files in {calls_dir}")
    raise InputError(ref, f"no call file or topic id '{ref}' in {calls_dir}; {hint}")


def find_call(ref: str, calls_dir: str | Path | None = None, option: str | None = None,
              warn: Callable[[str], None] | None = None) -> Call:
    """The call a user names: a file, or a topic id in ``calls_dir`` (default: the
    bundled calls). Every command looks a call up through here. A topic with options
    read without one is said so through ``warn``: a proposal addresses one option, and a
    consortium built for all of them mixes them."""
    from consortium.resources import bundled_dir

    folder = Path(calls_dir) if calls_dir else bundled_dir("calls")
    call = load_call(resolve_call(ref, folder), option=option, warn=warn)
    if call.options and not option and warn is not None:
        warn(f"{call.id} has options {', '.join(call.options)}; this is for all of them "
             f"together (common requirements and every option's); give --option "
             f"{call.options[0]} to build for one")
    return call


def list_calls(calls_dir: Path, warn: Callable[[str], None] | None = None,
               only: Sequence[str] = ()) -> list[Call]:
    """Load every call in a folder, sorted by topic id; two files with one id is an error.
    With ``only``, just the topics whose id contains one of those texts (any case): a
    topic's id is its front-matter id or its file name (as ``load_call`` reads it), so
    the files can be told without reading the topics, which takes 2 s for 109."""
    wanted = [s.casefold() for s in only]
    calls = [load_call(path, warn=warn) for path in _call_files(calls_dir)
             if not wanted or any(s in (_declared_id(path) or path.stem).casefold()
                                  for s in wanted)]
    seen: dict[str, str] = {}
    for call in calls:
        if call.id.casefold() in seen:
            raise InputError(call.source, f"topic id '{call.id}' is also used by "
                             f"{seen[call.id.casefold()]} (give each topic one file)")
        seen[call.id.casefold()] = call.source
    return sorted(calls, key=lambda c: c.id)
