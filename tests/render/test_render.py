"""Rendering: golden Markdown and JSON, HTML escaping, the sandbox, atomic writes, CLI."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import consortium.render.templates as render
from consortium import files
from consortium.cli.main import cli
from consortium.errors import InputError

HERE = Path(__file__).parents[1]
GOLDEN = HERE / "golden"
DATA = HERE / "data"
_spec = importlib.util.spec_from_file_location("render_sample", HERE / "render_sample.py")
assert _spec and _spec.loader
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; UPDATE_GOLDEN=1 rewrites it (then review the diff)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def test_markdown_matches_golden() -> None:
    text = render.to_text(sample.sample_report(), "markdown")
    assert isinstance(text, str)
    check_golden("report.md", text)
    # what a proposal writer needs is all there
    for heading in ("## Part A: list of participants", "## Coverage matrix",
                    "### Single points of failure", "## Eligibility",
                    "## Part B 3.2 (draft): capacity of participants and consortium as a whole"):
        assert heading in text
    assert "Fraunhofer Gesellschaft \\| Institut" in text     # pipe escaped in a cell
    assert "- DRONE-X (H2020, 2019), coordinator" in text       # 3.2: acronym, programme...
    assert "| 1 | to ask | Fraunhofer Gesellschaft \\| Institut | FHG | DE | REC | no |" in text


def test_json_matches_golden_and_round_trips() -> None:
    text = render.to_text(sample.sample_report(), "json")
    assert isinstance(text, str)
    check_golden("report.json", text)
    data = json.loads(text)
    assert data["single_points"] == ["R2"] and data["redundant"] == ["PDS"]
    assert data["requirements"][0]["scores"] == [0.61, 0.33, 0.1]


def test_html_escapes_partner_names() -> None:
    html = render.to_text(sample.sample_report(), "html")
    assert isinstance(html, str)
    assert "<script>document.title" not in html
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt; Robotics" in html
    # one script: ours; no external assets
    assert html.count("<script>") == 1
    assert "http://" not in html.replace("http://evil.example", "")
    assert "src=" not in html and "<link" not in html
    assert 'class="sortable heatmap"' in html and 'class="cell covered"' in html


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "json", "docx", "xlsx"])
def test_every_format_shows_cordis_attribution(fmt: str, tmp_path: Path) -> None:
    content = render.to_text(sample.sample_report(), fmt)
    if isinstance(content, bytes):
        import zipfile

        path = tmp_path / f"r.{fmt}"
        path.write_bytes(content)
        with zipfile.ZipFile(path) as zipped:
            content = " ".join(zipped.read(n).decode("utf-8") for n in zipped.namelist()
                               if n.endswith(".xml"))
    assert "Source: CORDIS, European Commission" in content


def test_sandbox_refuses_escape_in_user_template(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("{{ ''.__class__.__mro__ }}\n")
    with pytest.raises(InputError) as caught:
        render.to_text(sample.sample_report(), "markdown", tmp_path)
    message = str(caught.value)
    assert "unsafe" in message and "\n" not in message


def test_user_template_overrides_by_name_and_is_used_for_docx_prose(tmp_path: Path) -> None:
    (tmp_path / "part-b-3-2.md.j2").write_text("## My own 3.2\n\n{{ r.members | length }} "
                                               "partners, **bold**.\n")
    text = render.to_text(sample.sample_report(), "markdown", tmp_path)
    assert isinstance(text, str) and "## My own 3.2" in text and "3 partners" in text
    assert "Part A: list of participants" in text        # the rest stays the default


def test_syntax_error_in_user_template_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "report.md.j2").write_text("line one\n{% for x in %}\n")
    with pytest.raises(InputError, match=r"report.md.j2:2: template error") as caught:
        render.to_text(sample.sample_report(), "markdown", tmp_path)
    assert "\n" not in str(caught.value)


def test_atomic_write_keeps_old_file_when_rename_fails(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(b"old")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        files.write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


def umask() -> int:
    """The process umask, read without changing it (os.umask only reads by setting)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_atomic_write_gives_a_new_file_what_the_umask_gives(tmp_path: Path, mask: int) -> None:
    """Not mkstemp's own 0600, which would hide a shared report from colleagues; the
    process umask is set for the write only and restored."""
    before = umask()
    target = tmp_path / "r.xlsx"
    os.umask(mask)
    try:
        files.write_atomic(target, b"\x00\x01")
    finally:
        os.umask(before)
    assert umask() == before
    assert target.read_bytes() == b"\x00\x01"
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


def test_atomic_write_keeps_mode_and_writes_bytes(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    files.write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask()
    target.chmod(0o640)
    files.write_atomic(target, "text é")
    assert target.read_text(encoding="utf-8") == "text é"
    assert target.stat().st_mode & 0o777 == 0o640


def test_failed_render_leaves_no_file(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "report.html.j2").write_text("{{ r.no_such_field }}")
    with pytest.raises(InputError):
        render.to_text(sample.sample_report(), "html", tmp_path / "t")
    assert not list(tmp_path.glob("*.html*"))


def test_cli_format_choices_follow_render() -> None:
    from consortium.cli.main import suggest

    choice = next(p for p in suggest.params if p.name == "fmt")
    from consortium.render.formats import FORMAT_NAMES, FORMATS

    assert set(choice.type.choices) == set(FORMAT_NAMES)  # type: ignore[attr-defined]
    assert set(FORMATS.values()) == set(FORMAT_NAMES)


@pytest.mark.parametrize("ext", ["md", "html", "docx", "xlsx", "csv", "json"])
def test_cli_writes_every_format(use_fake_embedder, tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"report.{ext}"
    result = CliRunner().invoke(cli, ["suggest", str(DATA / "topic.md"), "--partners",
                                      str(DATA / "partners.csv"), "--size", "3..4",
                                      "--no-progress", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = written_text(out)
    # the topic, the chosen partners and the first requirement's best partner are in it
    for expected in FORMAT_CONTENT[ext]:
        assert expected in text, (ext, expected)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# What every format written by `suggest` on tests/data holds (the CSV is the coverage
# matrix: requirement ids against partner labels, without the topic's title).
_TEAM = ("AERO", "IML", "ISPC")
FORMAT_CONTENT = {
    "md": ("TEST-CL3-01", "Drones and forensics for border police", *_TEAM),
    "html": ("TEST-CL3-01", "Drones and forensics for border police", *_TEAM),
    "docx": ("TEST-CL3-01", "Drones and forensics for border police", *_TEAM),
    "xlsx": ("TEST-CL3-01", *_TEAM),
    "csv": ("R1", "R4", *_TEAM),
    "json": ('"call_id": "TEST-CL3-01"', *_TEAM),
}


def written_text(path: Path) -> str:
    """The text a reader sees in a written report, whatever its format."""
    if path.suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        return "\n".join([p.text for p in doc.paragraphs]
                         + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets
                         for row in sheet.iter_rows(values_only=True) for v in row
                         if v is not None)
    return path.read_text(encoding="utf-8")


def test_cli_format_overrides_extension_and_sandbox_error_is_one_line(
        use_fake_embedder, tmp_path: Path) -> None:
    args = ["suggest", str(DATA / "topic.md"), "--partners", str(DATA / "partners.csv"),
            "--size", "3..4", "--no-progress"]
    out = tmp_path / "report.txt"
    result = CliRunner().invoke(cli, [*args, "--out", str(out), "--format", "json"])
    assert result.exit_code == 0 and json.loads(out.read_text())["call_id"] == "TEST-CL3-01"
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "summary.txt.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    result = CliRunner().invoke(cli, [*args, "--template-dir", str(tdir)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and "unsafe" in lines[0]
