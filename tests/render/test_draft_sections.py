"""The proposal draft in every format: the same sections in Markdown, HTML, DOCX and
XLSX; a golden section 3.2; no wrong plural or undecoded entity in any report."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from render_sample import sample_report

import consortium.render.templates as render
from consortium.render.draft_tables import SECTIONS

GOLDEN = Path(__file__).parents[1] / "golden"
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);", re.IGNORECASE)
WRONG = ("bodys", "companys", "1 partners", "1 countries", "1 organisations", "member(s)",
         "a practitioners")


def wrong_words(text: str) -> list[str]:
    """The wrong plurals in ``text`` ("11 countries" is not "1 countries")."""
    return [w for w in WRONG if re.search(r"(?<![\d.])" + re.escape(w), text)]


def markdown_sections(text: str) -> set[str]:
    return {line[3:].strip() for line in text.splitlines() if line.startswith("## ")}


def html_sections(text: str) -> set[str]:
    return {html.unescape(t) for t in re.findall(r"<h2>(.*?)</h2>", text)}


def docx_text(data: bytes) -> tuple[set[str], str]:
    doc = Document(io.BytesIO(data))
    headings = {p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")}
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return headings, "\n".join([p.text for p in doc.paragraphs] + cells)


def xlsx_text(data: bytes) -> tuple[set[str], str]:
    book = load_workbook(io.BytesIO(data))
    values = [str(v) for s in book.worksheets for row in s.iter_rows(values_only=True)
              for v in row if v is not None]
    return set(book.sheetnames), "\n".join(values)


def test_every_format_holds_the_draft_sections() -> None:
    report = sample_report()
    titles = set(SECTIONS.values())
    md, page = render.to_text(report, "markdown"), render.to_text(report, "html")
    docx, xlsx = render.to_text(report, "docx"), render.to_text(report, "xlsx")
    assert isinstance(md, str) and isinstance(page, str)
    assert isinstance(docx, bytes) and isinstance(xlsx, bytes)
    assert titles <= markdown_sections(md)
    assert titles <= html_sections(page)
    assert titles <= docx_text(docx)[0]
    assert set(SECTIONS) <= xlsx_text(xlsx)[0]              # one sheet per section


def test_sections_hold_the_same_rows_across_formats() -> None:
    report = sample_report()
    md = render.to_text(report, "markdown")
    docx_all = docx_text(render.to_text(report, "docx"))[1]   # type: ignore[arg-type]
    xlsx_all = xlsx_text(render.to_text(report, "xlsx"))[1]   # type: ignore[arg-type]
    page = html.unescape(str(render.to_text(report, "html")))
    assert report.draft is not None
    for text in (md, docx_all, xlsx_all, page):
        assert "DRONE-X (H2020, 2019), coordinator" in text          # 3.2 prose
        assert "Project management and coordination" in text        # work packages
        assert "Dissemination, exploitation and communication" in text
        assert "info@x.example" in text                              # commitments contact
        for wp in report.draft.work_packages:
            assert wp.title in text
    for row in report.draft.budget.rows if report.draft.budget else []:
        assert f"{row.median:.1f}" in md and str(row.median) in xlsx_all


def test_section_3_2_matches_golden() -> None:
    text = render.render(sample_report(), render.SECTION_3_2)
    path = GOLDEN / "section_3_2.md"
    import os
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "section 3.2 differs from its golden file"


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx", "xlsx", "csv", "json"])
def test_no_wrong_plural_or_undecoded_entity(fmt: str) -> None:
    out = render.to_text(sample_report(), fmt)
    if fmt == "docx":
        text = docx_text(out)[1]      # type: ignore[arg-type]
    elif fmt == "xlsx":
        text = xlsx_text(out)[1]      # type: ignore[arg-type]
    else:
        text = str(out)
    if fmt == "html":                 # HTML escapes "&" once; anything left was undecoded
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    assert not wrong_words(text), fmt
    assert not ENTITY.search(text), f"{fmt}: {ENTITY.search(text)}"


def test_every_format_has_the_same_diversity_rows() -> None:
    from consortium.render.tables import diversity
    from consortium.render.templates import as_data

    report = sample_report()
    terms = [row[0] for row in diversity(as_data(report)).rows]
    assert "Widening countries" in terms and "Largest country share" in terms
    md = str(render.to_text(report, "markdown")).split("## Diversity", 1)[1].split("\n## ")[0]
    page = str(render.to_text(report, "html")).split('id="diversity"', 1)[1]
    page = page.split("</section>")[0]
    book = load_workbook(io.BytesIO(render.to_text(report, "xlsx")))   # type: ignore[arg-type]
    sheet = [row[0].value for row in book["diversity"].iter_rows(min_row=2)]
    assert [line.split("|")[1].strip() for line in md.splitlines()
            if line.startswith("| ") and not line.startswith("| Term")] == terms
    assert re.findall(r"<tr><td>([^<]+)</td>", page) == terms
    assert sheet == terms


def test_the_demo_topic_draft_in_every_format(use_fake_embedder, tmp_path: Path) -> None:
    """`consortium suggest HORIZON-CL3-2025-01-DRS-04` (the Makefile's demo): Part A
    with PICs, 3.2 as prose, the work packages, budget guidance and commitments in
    Markdown, HTML, DOCX and XLSX, and no wrong plural or entity anywhere."""
    import json

    from click.testing import CliRunner

    from consortium.cli.main import cli

    out = tmp_path / "demo.json"
    result = CliRunner().invoke(cli, ["suggest", "HORIZON-CL3-2025-01-DRS-04", "--out",
                                      str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    draft = data["draft"]
    assert all(len(p["pic"]) == 9 and len(p["short_name"]) <= 20
               for p in draft["participants"])
    technical = [w for w in draft["work_packages"] if w["kind"] == "technical"]
    assert 1 <= len(technical) <= 6 and draft["work_packages"][0]["leader_no"] == 1
    led = [w["leader_no"] for w in draft["work_packages"]]
    assert max(led.count(n) for n in led) <= 2
    assert "HORIZON-CL3" in draft["budget"]["basis"]
    texts = {"markdown": str(render.to_text(data, "markdown")),
             "html": html.unescape(str(render.to_text(data, "html"))),
             "docx": docx_text(render.to_text(data, "docx"))[1],    # type: ignore[arg-type]
             "xlsx": xlsx_text(render.to_text(data, "xlsx"))[1]}    # type: ignore[arg-type]
    first = draft["participants"][0]
    for fmt, text in texts.items():
        assert first["pic"] in text and draft["capacity"][0]["facts"][0] in text, fmt
        for wp in draft["work_packages"]:
            assert wp["title"] in text, fmt
        assert "Letter of commitment" in text and "Gender Equality Plan" in text, fmt
        assert not wrong_words(text), fmt
    assert set(SECTIONS.values()) <= markdown_sections(texts["markdown"])
