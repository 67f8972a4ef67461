"""Inputs and outputs that are not regular files (#23): devices, pipes, links to them.

A report renamed over ``/dev/null`` replaces the device with a file (as root that
destroys it), and a link to ``/dev/zero`` reports size 0 and never ends; both must be
refused naming the path, and the path left as it was.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from badinput import POOL, TOPIC, refused, suggest

import consortium.files as files
from consortium.errors import InputError


def _device_link(tmp_path: Path, name: str = "null") -> Path:
    link = tmp_path / name
    link.symlink_to("/dev/null")
    return link


def test_write_refuses_a_device_and_leaves_it(tmp_path: Path) -> None:
    link = _device_link(tmp_path)
    with pytest.raises(InputError, match="character device"):
        files.write_atomic(link, "report")
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)
    assert not list(tmp_path.glob(".null.*.tmp"))


def test_write_refuses_a_named_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="named pipe"):
        files.write_atomic(pipe, "report")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_write_still_replaces_a_regular_file_and_creates_a_new_one(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    old.write_text("old")
    files.write_atomic(old, "new")
    files.write_atomic(tmp_path / "fresh.md", "fresh")
    assert old.read_text() == "new" and (tmp_path / "fresh.md").read_text() == "fresh"


def test_suggest_out_to_a_device_is_refused_before_work(use_fake_embedder,
                                                         tmp_path: Path) -> None:
    link = _device_link(tmp_path)
    line = refused(*suggest(TOPIC, POOL, "--out", str(link), "--format", "json"))
    assert str(link) in line and "character device" in line
    assert link.is_symlink() and stat.S_ISCHR(link.stat().st_mode)


def test_input_behind_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = _device_link(tmp_path, "partners.csv")
    with pytest.raises(InputError, match=r"character device.*only regular files"):
        files.read_input(link)


def test_registry_that_is_a_device_is_refused_by_the_cli(use_fake_embedder,
                                                          tmp_path: Path) -> None:
    link = _device_link(tmp_path, "members.csv")
    line = refused(*suggest(TOPIC, link))
    assert "members.csv" in line and "character device" in line


def test_read_stops_past_the_limit_whatever_the_size_says(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc files report size 0 however much they hold.
    maps = Path("/proc/self/maps")
    if not maps.is_file() or maps.stat().st_size:
        pytest.skip("needs a /proc file that reports size 0")
    monkeypatch.setattr(files, "MAX_INPUT_BYTES", 64)
    with pytest.raises(InputError, match="more than"):
        files.read_input(maps)
