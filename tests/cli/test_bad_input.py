"""The bad-input corpus (``tests/data/bad``): every case through the real CLI.

A refusal must be exit code 1 and exactly one line on stderr naming the file (and the
row and field where there is one), never a traceback; a case the tool can read must
work end to end. Binary cases come from ``make_corpus.py``; large and Excel inputs are
generated here, in the test's own folder.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from badinput import HEADER, TOPIC, invoke, refused, suggest

from consortium.errors import InputError
from consortium.partners.pool import load_partners, read_registry

# ------------------------------------------------------------------ partner registries

@pytest.mark.parametrize("name,expected", [
    ("partners_empty.csv", [": empty file"]),
    ("partners_header_only.csv", [": no partners (the file has a header but no rows)"]),
    ("partners_missing_country.csv", [":1: missing required column 'country'",
                                      "columns found: 'name'"]),
    ("partners_duplicate_rows.csv", [":4: field 'name': duplicate of row 2"]),
    ("partners_duplicate_ids.csv", [":4: field 'id': duplicate id '100' (also on row 2"]),
    ("partners_misspelt_country.csv", [":4: field 'country': unknown country 'Spian'",
                                       "did you mean ES?"]),
    ("partners_unknown_country.csv", [":2: field 'country': unknown country 'Atlantis'"]),
    ("partners_empty_description.csv", [":3: field 'description': empty description"]),
    ("partners_unquoted_delimiter.csv", [":2: 8 fields but the header has 6",
                                         "quote values"]),
    ("partners_cp1250_ambiguous.csv", [":2: not UTF-8 text (byte 0xf8", "CSV UTF-8"]),
    ("partners_object.json", [": expected a list of entries", "put its object in [ ]"]),
    ("partners_truncated.json", [":3: not valid JSON", "is the file complete?"]),
    ("partners_scalar.json", [": expected a list of entries"]),
    ("partners_list_of_names.json", [":1: entry is not a mapping"]),
])
def test_bad_registry_is_one_line(use_fake_embedder, corpus: Path, name: str,
                                  expected: list[str]) -> None:
    line = refused(*suggest(TOPIC, corpus / name))
    assert str(corpus / name) in line
    for text in expected:
        assert text in line, line
    assert use_fake_embedder.encoded == []


@pytest.mark.parametrize("where,expected", [("nothere.csv", "file not found"),
                                            ("", "is a directory")])
def test_missing_registry_and_directory(use_fake_embedder, tmp_path: Path, where: str,
                                        expected: str) -> None:
    line = refused(*suggest(TOPIC, tmp_path / where if where else tmp_path))
    assert expected in line and str(tmp_path) in line


def test_debug_shows_the_traceback_instead(use_fake_embedder, corpus: Path) -> None:
    result = invoke("--debug", *suggest(TOPIC, corpus / "partners_misspelt_country.csv"))
    assert isinstance(result.exception, InputError)
    assert "did you mean ES?" in str(result.exception)


@pytest.mark.parametrize("name", ["partners_list.json", "partners_utf16.txt",
                                  "partners_control_chars.csv"])
def test_readable_registries_work(use_fake_embedder, corpus: Path, tmp_path: Path,
                                  name: str) -> None:
    out = tmp_path / "r.json"
    result = invoke(*suggest(TOPIC, corpus / name), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists()
    for partner in load_partners(corpus / name):
        for text in (partner.name, partner.description):
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), text


def test_utf16_keeps_accents(corpus: Path) -> None:
    names = [p.name for p in load_partners(corpus / "partners_utf16.txt")]
    assert names == ["Université de Liège", "Aerial Robotics GmbH", "Institut Médico-Légal"]


def test_import_skips_bad_rows_but_refuses_a_file_with_none(corpus: Path,
                                                            tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    result = invoke("partners", "import", str(corpus / "partners_misspelt_country.csv"),
                    "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "2 imported" in result.output and "did you mean ES?" in result.output
    line = refused("partners", "import", str(corpus / "partners_unknown_country.csv"),
                   "--db", str(db))
    assert ":2: field 'country'" in line and "no row could be used" in line
    line = refused("partners", "import", str(corpus / "partners_cp1250_ambiguous.csv"),
                   "--db", str(db))
    assert ":2: not UTF-8" in line
    assert len(read_registry(corpus / "partners_misspelt_country.csv",
                             strict=False).partners) == 2


def test_damaged_store_is_one_line(use_fake_embedder, tmp_path: Path) -> None:
    store = tmp_path / "pool.db"
    store.write_bytes(b"this is not an SQLite database, just text\n" * 10)
    line = refused(*suggest(TOPIC, store))
    assert str(store) in line and "registry store" in line
    line = refused("partners", "list", "--db", str(store))
    assert str(store) in line


# ------------------------------------------------------------------------------- Excel

HEADER_CELLS: list[object] = [*HEADER.split(",")]


def _workbook(path: Path, sheets: dict[str, list[list[object]]],
              merges: dict[str, list[str]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in merges.get(title, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def test_excel_title_row_merged_cells_and_several_sheets(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["HSD cluster members, 2026"],
        HEADER_CELLS,
        ["Aerial Robotics GmbH", "AERO", "DE", "PRC", "yes", "Drones for border police."],
        ["Drone Sensors GmbH", "DSG", None, "PRC", "yes", "Radar sensors for drones."],
        ["Institut Medico-Legal", "IML", "FR", "REC", "no", "Forensic analysis."],
    ]
    path = _workbook(tmp_path / "m.xlsx", {
        "Read me": [["How to fill this in"], ["Field", "Meaning"], ["name", "legal name"]],
        "Members": rows}, {"Members": ["A1:F1", "C3:C4"]})
    partners = load_partners(path)
    assert [(p.short_name, p.country, p.sources[0].row) for p in partners] == [
        ("AERO", "DE", 3), ("DSG", "DE", 4), ("IML", "FR", 5)]


def test_excel_data_on_a_later_unnamed_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "s.xlsx", {
        "Cover": [["Our consortium pool"]], "Empty": [],
        "Sheet3": [HEADER_CELLS, ["Aerial Robotics GmbH", "AERO", "Germny", "PRC", "yes",
                                  "Drones."]]}, {})
    with pytest.raises(InputError) as caught:
        load_partners(path)
    assert f"{path}:2: field 'country'" in str(caught.value)
    assert "did you mean DE?" in str(caught.value)


def test_broken_workbook_is_one_line(use_fake_embedder, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    line = refused(*suggest(TOPIC, path))
    assert str(path) in line and "not a readable XLSX workbook" in line


def test_an_excel_csv_from_windows_is_read_with_a_notice(use_fake_embedder,
                                                         corpus: Path) -> None:
    """Excel's "CSV (Comma delimited)" in Western Europe is Windows-1252 (#21)."""
    path = corpus / "partners_latin1.csv"
    result = invoke(*suggest(TOPIC, path))
    assert result.exit_code == 0, result.output
    assert (f"warning: {path}: not UTF-8; read as Windows-1252 (Excel's 'CSV' on Windows); "
            "re-save it as 'CSV UTF-8' to be sure") in result.stderr
    assert "Institut Médico-Légal" in result.stdout and "Université de Liège" in result.stdout
