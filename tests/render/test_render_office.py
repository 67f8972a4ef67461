"""DOCX, XLSX and CSV opened back with python-docx, openpyxl and csv; formula cells."""

from __future__ import annotations

import csv
import importlib.util
import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

import consortium.render.templates as render
from consortium import files
from consortium.partners.labels import display_label
from consortium.render.safety import neutralise

HERE = Path(__file__).parents[1]
_spec = importlib.util.spec_from_file_location("render_sample", HERE / "render_sample.py")
assert _spec and _spec.loader
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)


def written(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"report.{fmt}"
    files.write_atomic(path, render.to_text(sample.sample_report(), fmt))
    return path


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\x01=1", "'=1"), ("plain", "plain"), (-2.5, -2.5),
    (None, None)])
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_docx_has_real_tables(tmp_path: Path) -> None:
    doc = Document(str(written(tmp_path, "docx")))
    tables = {t.rows[0].cells[0].text: t for t in doc.tables}
    part_a = next(t for t in doc.tables if t.rows[0].cells[2].text == "Legal name")
    assert [c.text for c in part_a.rows[0].cells] == [
        "No.", "PIC", "Legal name", "Short name", "Country", "Type", "SME", "Role"]
    assert [c.text for c in part_a.rows[1].cells] == [
        "1", "to ask", "Fraunhofer Gesellschaft | Institut", "FHG", "DE", "REC", "no",
        "coordinator"]
    assert part_a.rows[2].cells[2].text == sample.SCRIPT_NAME    # text, as given
    assert len(part_a.rows) == 4 and part_a.style.name == "Table Grid"
    matrix = next(t for t in doc.tables if "FHG" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in matrix.rows[1].cells][-3:] == [
        "covered 0.61", "partial 0.33", "gap 0.10"]
    assert "Req." in tables
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Part B 3.2 (draft): capacity of participants and consortium as a whole" in text
    assert "DRONE-X (H2020, 2019), coordinator" in text
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "What it brings:" in bold and "FHG" in bold
    assert any(p.style.name == "List Bullet" for p in doc.paragraphs)


def test_xlsx_one_sheet_per_table_bold_frozen_neutralised(tmp_path: Path) -> None:
    book = load_workbook(written(tmp_path, "xlsx"))
    assert book.sheetnames == ["about", "participants", "matrix", "evidence", "risks",
                               "diversity", "eligibility", "section_3_2", "workpackages",
                               "participation", "person_months", "budget", "budget_split",
                               "commitments"]
    for sheet in book.worksheets:
        assert all(c.font.bold for c in sheet[1] if c.value is not None), sheet.title
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith("2")
    part_a = book["participants"]
    assert part_a.freeze_panes == "C2"
    assert [c.value for c in part_a[1]] == ["No.", "PIC", "Legal name", "Short name",
                                            "Country", "Type", "SME", "Role"]
    assert part_a["A2"].value == 1 and part_a["H2"].value == "coordinator"
    short = display_label(sample.SCRIPT_NAME, sample.FORMULA)
    assert part_a["D3"].value == "'" + short and part_a["D3"].data_type == "s"
    evidence = book["evidence"]
    cells = [c.value for row in evidence.iter_rows(min_row=2) for c in row]
    assert "'-2+3 forensic lab" in cells and "'@SUM(A1) (H2020 2020)" in cells
    assert "'+cmd" in cells and "'\tTraining police officers." in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in cells)
    matrix = book["matrix"]
    assert matrix["H2"].value == "covered 0.61" and matrix["H2"].fill.fgColor.rgb.endswith(
        "C6EFCE")
    assert isinstance(matrix["E2"].value, float)            # scores stay numbers


def test_csv_is_the_matrix_with_formulas_neutralised(tmp_path: Path) -> None:
    raw = written(tmp_path, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:7] == ["Req.", "Section", "Requirement", "Level", "Best score",
                           "Best partner", "Evidence source"]
    # column headers are the members' table labels (at most 20 characters), neutralised
    assert rows[0][7:] == ["FHG", "'" + display_label(sample.SCRIPT_NAME, sample.FORMULA), "PDS"]
    assert rows[2][5] == "'" + sample.FORMULA and rows[2][6] == "'@SUM(A1) (H2020 2020)"
    assert rows[1][7:] == ["covered 0.61", "partial 0.33", "gap 0.10"]
    assert rows[-1][0].startswith("Partner data and evidence: Source: CORDIS")
    assert len({len(row) for row in rows}) == 1                 # rectangular
