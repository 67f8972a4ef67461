"""User templates are bounded: no link out of their folder, no unbounded loops, repeats
or output; each refusal is the one-line template error (#23)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from render_sample import sample_report

from consortium.errors import InputError
from consortium.render.templates import render


def folder_with(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "report.md.j2").write_text(text, encoding="utf-8")
    return folder


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as raised:
        render(sample_report(), "report.md.j2", folder_with(tmp_path, text))
    return str(raised.value)


def test_a_template_linking_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    os.symlink(secret, folder / "report.md.j2")
    with pytest.raises(InputError) as raised:
        render(sample_report(), "report.md.j2", folder)
    assert "link leading out of the template folder" in str(raised.value)
    assert "root:x" not in str(raised.value)
    # a link inside the folder is the user's own file: fine
    (folder / "mine.j2").write_text("{{ r.call_id }}", encoding="utf-8")
    os.symlink(folder / "mine.j2", folder / "alias.md.j2")
    assert render(sample_report(), "alias.md.j2", folder) == sample_report().call_id


def test_nested_loops_repeats_and_powers_are_bounded(tmp_path: Path) -> None:
    loops = ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
             "{% endfor %}")
    assert "more than 1,000,000 range items" in refused(tmp_path, loops)
    assert "repeats a value" in refused(tmp_path, "{{ 'x' * 4000000000 }}")
    assert "power above" in refused(tmp_path, "{{ 2 ** 100000000 }}")
    big = "{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}"
    assert "writes more than 50,000,000 characters" in refused(tmp_path, big)


def test_ordinary_templates_keep_their_loops_and_repeats(tmp_path: Path) -> None:
    text = "{% for i in range(3) %}{{ i }}{% endfor %}|{{ '-' * 5 }}|{{ 2 ** 10 }}"
    assert render(sample_report(), "report.md.j2", folder_with(tmp_path, text)) \
        == "012|-----|1024"
