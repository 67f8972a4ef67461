"""Registries built to break the readers (#23): quoting, structure bombs, odd values.

Each case failed on the main of 2026-12-03 (rows silently lost, a value stored as a
Python repr, minutes of work before an error); each must now be read right or refused
in one line naming the file and the row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from badinput import BAD, HEADER, refused

from consortium.errors import InputError
from consortium.partners.pool import read_registry


def test_unclosed_quote_names_the_row_it_opened_and_loses_nothing(tmp_path: Path) -> None:
    path = BAD / "partners_unclosed_quote.csv"
    with pytest.raises(InputError, match=r"unclosed_quote.csv:4: a quote opened in this row "
                       r"is never closed, so the 2 line\(s\) after it"):
        read_registry(path, strict=False)
    line = refused("partners", "import", str(path), "--db", str(tmp_path / "r.db"))
    assert "partners_unclosed_quote.csv:4" in line


def test_balanced_multiline_fields_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(f'{HEADER}\nA Lab,AL,DE,REC,no,"Drones for police,\nand ""border"" '
                    'guards."\nB Lab,BL,FR,REC,no,Forensics of 12" disks.\n'
                    'C Lab,CL,ES,REC,no,"Trailing line\n"\n')
    result = read_registry(path, strict=True)
    assert [p.name for p in result.partners] == ["A Lab", "B Lab", "C Lab"]
    assert 'and "border" guards.' in result.partners[0].description


def _lol_yaml(levels: int, width: int = 10) -> str:
    """A "billion laughs": each level a list of ``width`` aliases of the one before."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels):
        refs = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"partners: [{{name: *a{levels - 1}, country: DE, description: x}}]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused_before_it_is_built(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_lol_yaml(7), encoding="utf-8")  # 10**6 leaves from 70 aliases
    with pytest.raises(InputError, match=r"bomb.yaml: YAML aliases expand its \d+ nodes "
                       r"to more than 1,000,000 \(an alias bomb\?\)"):
        read_registry(path, strict=False)


def test_yaml_that_refers_to_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("partners: &p [{name: Lab, country: DE, description: x, more: *p}]\n")
    with pytest.raises(InputError, match="refers to a node that contains it"):
        read_registry(path, strict=False)


def test_yaml_anchors_within_reason_are_read(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text("defaults: &d {country: DE, type: REC}\npartners:\n"
                    "  - {<<: *d, name: A Lab, description: Drones for police.}\n"
                    "  - {<<: *d, name: B Lab, description: Forensics.}\n")
    result = read_registry(path, strict=True)
    assert [(p.name, p.country) for p in result.partners] == [("A Lab", "DE"), ("B Lab", "DE")]



def test_a_yaml_key_given_twice_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text("- {name: Lab, country: DE, description: x}\n"
                    "- {name: Real, country: FR, name: Fake, description: y}\n")
    with pytest.raises(InputError, match=r"twice.yaml:2: key 'name' appears twice"):
        read_registry(path, strict=False)

def test_a_json_key_given_twice_is_refused_with_its_entry(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('[{"name": "Lab", "country": "DE", "description": "x"},\n'
                    ' {"name": "Real", "country": "FR", "name": "Fake", "description": "y"}]')
    with pytest.raises(InputError, match=r"twice.json:2: field 'name': key given twice"):
        read_registry(path, strict=False)
    path.write_text('{"partners": [], "partners": [{"name": "Lab"}]}')
    with pytest.raises(InputError, match=r"key 'partners' given twice at the top level"):
        read_registry(path, strict=False)


def test_a_name_given_as_an_object_is_refused_not_stored_as_a_repr(tmp_path: Path) -> None:
    path = tmp_path / "object.json"
    path.write_text('[{"name": "Lab", "country": "DE", "description": "x"},\n'
                    ' {"name": {"en": "Lab B"}, "country": "FR", "description": "y"}]')
    with pytest.raises(InputError, match=r"object.json:2: field 'name': holds an object"):
        read_registry(path, strict=False)


def test_deeply_nested_json_is_one_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError, match=r"deep.json: nested too deeply"):
        read_registry(path, strict=False)
    line = refused("partners", "import", str(path), "--db", str(tmp_path / "r.db"))
    assert "deep.json" in line and "unexpected" not in line


def test_thousands_of_distinct_keys_are_refused_with_the_entry(tmp_path: Path) -> None:
    import json

    entries = [{"name": "Lab", "country": "DE", "description": "x"},
               {f"key{n}": "v" for n in range(1500)}]
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(entries))
    with pytest.raises(InputError, match=r"keys.json:2: the entries name more than 1,000 "
                       "different fields"):
        read_registry(path, strict=False)


def test_workbook_inflating_past_the_limit_is_refused_from_its_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    from consortium.partners import workbook

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "country", "description"])
    for n in range(3000):
        sheet.append([f"Lab {n}", "DE", "Drones for police " * 5])
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setattr(workbook, "MAX_XLSX_XML_BYTES", 200_000)
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError, match=r"big.xlsx: the workbook's parts decompress to [\d.]+ "
                       r"MB, more than the 0.2 MB read"):
        read_registry(path, strict=False)


def test_formula_without_a_saved_value_is_named_not_read_as_blank(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "country", "type", "description"])
    sheet.append(["Aerial Lab", "DE", "PRC", "Drones for police."])
    sheet.append(['=UPPER("lab")', "FR", "REC", "Forensics of evidence."])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"formula.xlsx:3: field 'name': formula without a "
                       "saved value .*open and save the file in Excel"):
        read_registry(path, strict=False)
