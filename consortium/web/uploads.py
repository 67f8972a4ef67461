"""Uploaded files: size-limited, kept in a private temporary folder, never executed.

The library reads files by path and picks the format by extension, so an upload is
written to a fresh folder only this user can read, under a fixed name with an extension
from an allowed list (``upload.csv``): the name the browser sent never reaches a path.
It is used for display only: error messages name it instead of the temporary file, so
a bad row reads ``members.csv:12: field 'country': ...`` as on the command line. The
folder is removed when the request is done.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from consortium.errors import ConsortiumError, InputError
from consortium.files import MAX_INPUT_BYTES, too_big

TOPIC_SUFFIXES = (".json.gz", ".csv.gz", ".json", ".csv", ".md", ".txt", ".html", ".htm")
REGISTRY_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml", ".yml")
CONSORTIUM_SUFFIXES = (".csv", ".tsv", ".yaml", ".yml", ".txt", ".xlsx")


def display_name(name: str | None) -> str:
    """The browser's file name, as text to show: its last part, one line, not too long."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", " ".join(base.split()))
    return (base[:80] + "…") if len(base) > 80 else (base or "upload")


def suffix_of(name: str, allowed: Sequence[str]) -> str:
    lower = display_name(name).lower()
    found = next((s for s in allowed if lower.endswith(s)), None)
    if found is None:
        raise InputError(display_name(name), f"not a file this form reads (use "
                         f"{', '.join(allowed)})")
    return found


def check_size(name: str, data: bytes) -> None:
    if len(data) > MAX_INPUT_BYTES:
        raise too_big(display_name(name), len(data))
    if not data:
        raise InputError(display_name(name), "the file is empty (choose the file again)")


@contextlib.contextmanager
def saved(name: str, data: bytes, allowed: Sequence[str]) -> Iterator[Path]:
    """The upload as a file the library can read; errors name the upload, not the path."""
    shown = display_name(name)
    suffix = suffix_of(name, allowed)
    check_size(name, data)
    with tempfile.TemporaryDirectory(prefix="consortium-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            yield path
        except ConsortiumError as exc:
            raise ConsortiumError(renamed(str(exc), path, shown, folder)) from None


def renamed(message: str, path: Path, shown: str, folder: str) -> str:
    """``message`` with the temporary file named as the user knows it."""
    return message.replace(str(path), shown).replace(folder, "upload")


def rename_all(lines: Sequence[object], path: Path, shown: str) -> list[str]:
    return [renamed(str(line), path, shown, str(path.parent)) for line in lines]
