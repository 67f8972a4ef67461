"""Where the bundled calls, partner pool and templates are found.

In a wheel they sit inside the package (``consortium/_bundled/``, put there by the
build's force-include); in a source checkout or an editable install they are the
top-level folders of the repository. Looking in both keeps one code path for users and
developers.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

DEFAULT_POOL = "cordis-security"


def bundled_dir(name: str) -> Path:
    """Return the bundled folder ``name`` (calls, partners or templates)."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder '{name}' is missing from this installation")


def default_pool() -> Path:
    return bundled_dir("partners") / DEFAULT_POOL / "partners.csv"


def cache_dir(chosen: str | Path | None = None) -> Path:
    """Cache folder: ``chosen`` (a command's --cache-dir), else $CONSORTIUM_CACHE_DIR, else
    the XDG cache home."""
    explicit = chosen or os.environ.get("CONSORTIUM_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "consortium"
