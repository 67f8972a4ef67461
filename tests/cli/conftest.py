"""Fixtures of the command-line tests."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from badinput import BAD


def _make_corpus() -> object:
    spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The committed cases plus the generated binary ones, in a folder of the test's own."""
    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder)
    _make_corpus().write_corpus(folder)  # type: ignore[attr-defined]
    return folder
