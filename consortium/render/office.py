"""Word, Excel and CSV writers over the shared tables of ``render.tables``.

Each writer returns the whole file as bytes or text, so ``files.write_atomic`` can put
it on disk in one rename and a failure half-way never leaves a truncated document.
The DOCX section 3.2 is prose from a template (``part-b-3-2.md.j2``, overridable with
``--template-dir``), turned into Word paragraphs so writers can edit it in place.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from consortium.render.draft_tables import SECTIONS, draft_tables
from consortium.render.prose import blocks
from consortium.render.safety import neutralise_row, printable
from consortium.render.tables import (
    CSV_TABLE,
    MATRIX_FIXED,
    Table,
    attribution,
    table,
    tables,
)

# Fill colours by level, as in the HTML heatmap (green, amber, red; light for print).
LEVEL_FILL = {"covered": "C6EFCE", "partial": "FFEB9C", "gap": "FFC7CE"}


def cell_level(value: object) -> str | None:
    """The level a matrix cell starts with ("covered 0.52"), for colouring it."""
    if isinstance(value, str):
        word = value.split(" ", 1)[0]
        return word if word in LEVEL_FILL else None
    return None


def to_csv(report: dict[str, Any]) -> str:
    """The coverage matrix (``CSV_TABLE``) with a trailing attribution row.

    A byte-order mark leads so that Excel reads the accented names of CORDIS as UTF-8.
    """
    t = table(report, CSV_TABLE)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(neutralise_row(list(t.headers)))
    for row in t.rows:
        writer.writerow(neutralise_row(list(row)))
    if attribution(report):
        writer.writerow(neutralise_row([attribution(report)] + [""] * (len(t.headers) - 1)))
    return "\ufeff" + buffer.getvalue()


def to_xlsx(report: dict[str, Any], section_3_2: str = "") -> bytes:
    """One sheet per table, bold header, frozen header row and key columns; section 3.2
    as one paragraph a row, to copy into the proposal."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "about"
    about.append(["Field", "Value"])
    for key, value in _summary(report):
        about.append(neutralise_row([key, value]))
    for t in [*tables(report), *_prose_table(section_3_2), *draft_tables(report)]:
        sheet = book.create_sheet(t.key[:31])
        sheet.append(neutralise_row(list(t.headers)))
        for row in t.rows:
            sheet.append(neutralise_row(list(row)))
        sheet.freeze_panes = sheet.cell(row=2, column=t.freeze + 1).coordinate
        if t.note:
            sheet.oddFooter.center.text = printable(t.note)
            if t.key in SECTIONS:       # the draft's basis and attribution, in view
                sheet.append([])
                sheet.append(neutralise_row([t.note]))
        for col, header in enumerate(t.headers, 1):
            width = max([len(str(header))] + [len(str(row[col - 1] or ""))
                                              for row in t.rows])
            sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, 60)
        for row_cells in sheet.iter_rows(min_row=2):
            for c in row_cells:
                matrix_cell = t.key == "matrix" and c.column > MATRIX_FIXED
                level = cell_level(c.value) if matrix_cell else None
                if level:
                    c.fill = PatternFill("solid", fgColor=LEVEL_FILL[level])
                if isinstance(c.value, str) and len(c.value) > 60:
                    c.alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in book.worksheets:
        for c in sheet[1]:
            c.font = Font(bold=True)
        if sheet.title == "about":
            sheet.freeze_panes = "A2"
            sheet.column_dimensions["A"].width = 14
            sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(r: dict[str, Any]) -> list[tuple[str, object]]:
    e = r["eligibility"]
    verdict = "eligible" if e["eligible"] else "NOT eligible"
    if e["reasons"]:
        verdict += ": " + "; ".join(e["reasons"])
    return [("Call", r["call_id"]), ("Title", r["call_title"]),
            ("Pool", f"{r['pool']} ({r['pool_size']} organisations)"), ("Model", r["model"]),
            ("Coverage", round(r["coverage"], 4)),
            ("Diversity", round(r["diversity"]["score"], 4)),
            ("Objective", round(r["objective"], 4)), ("Eligibility", verdict),
            ("Attribution", attribution(r) or "none needed (your own data)")]


def to_docx(report: dict[str, Any], section_3_2: str) -> bytes:
    """Real Word tables (style Table Grid, repeating header row) and editable prose."""
    from docx import Document

    doc = Document()
    kind = "Review of the consortium" if report.get("review") else "Draft consortium"
    doc.add_heading(printable(f"{kind} for {report['call_id']}"), level=0)
    for key, value in _summary(report)[1:]:
        para = doc.add_paragraph()
        para.add_run(f"{key}: ").bold = True
        para.add_run(printable(str(value)))
    for t in tables(report):
        _docx_section(doc, t)
    markdown_to_docx(doc, section_3_2)
    for t in draft_tables(report):
        _docx_section(doc, t)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _prose_table(section_3_2: str) -> list[Table]:
    """Section 3.2 as rows of text (headings, paragraphs, "- " bullets) for a sheet."""
    rows: list[list[Any]] = []
    for block in blocks(section_3_2):
        if block["kind"] == "list":
            rows += [["- " + "".join(s["text"] for s in item)] for item in block["items"]]
        else:
            rows.append(["".join(s["text"] for s in block["spans"])])
    if not rows:
        return []
    return [Table("section_3_2", SECTIONS["section_3_2"], [SECTIONS["section_3_2"]],
                  rows[1:] if rows[0][0] == SECTIONS["section_3_2"] else rows)]


def _docx_section(doc: Any, t: Table) -> None:
    doc.add_heading(printable(t.title), level=1)
    _docx_table(doc, t)
    if t.note:
        doc.add_paragraph().add_run(printable(t.note)).italic = True


def _docx_table(doc: Any, t: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    grid = doc.add_table(rows=1, cols=len(t.headers))
    grid.style = "Table Grid"
    header = grid.rows[0]
    flag = OxmlElement("w:tblHeader")     # repeat the header row on every page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, text in zip(header.cells, t.headers):
        cell.paragraphs[0].add_run(printable(text)).bold = True
    for row in t.rows:
        cells = grid.add_row().cells
        for col, (cell, value) in enumerate(zip(cells, row)):
            cell.text = "" if value is None else printable(str(value))
            level = cell_level(value) if t.key == "matrix" and col >= MATRIX_FIXED else None
            if level:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), LEVEL_FILL[level])
                cell._tc.get_or_add_tcPr().append(shade)


def markdown_to_docx(doc: Any, text: str) -> None:
    """Section 3.2 as Word headings, paragraphs and bullets that writers edit in place."""
    for block in blocks(text):
        if block["kind"] == "heading":
            para = doc.add_heading(level=min(block["level"], 4))
            _runs(para, block["spans"])
        elif block["kind"] == "list":
            for item in block["items"]:
                _runs(doc.add_paragraph(style="List Bullet"), item)
        else:
            _runs(doc.add_paragraph(), block["spans"])


def _runs(paragraph: Any, styled: list[dict[str, Any]]) -> None:
    for span in styled:
        run = paragraph.add_run(printable(span["text"]))
        run.bold, run.italic = span["bold"] or None, span["italic"] or None
