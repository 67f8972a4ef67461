"""The ``facilities`` field: read from every registry format, kept by the store, shown,
listed and exported (issue #24)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from consortium.cli.main import cli
from consortium.errors import InputError
from consortium.partners.facilities import (
    Facility,
    FacilityError,
    facilities_text,
    parse_facilities,
)
from consortium.partners.pool import load_partners
from consortium.partners.store import Registry

EXAMPLE = Path(__file__).resolve().parents[2] / "partners" / "examples" / "facilities.csv"
RANGE = Facility("Maritime test range, 40 km², radar and AIS", "NL", "Den Helder")
TANK = Facility("Acoustic test tank")
HEADER = ["name", "country", "type", "description"]
ROW = ["Range Foundation", "NL", "REC", "Maritime sensors."]


def test_entries_split_on_semicolons_and_lines_with_optional_locations() -> None:
    cell = ("Maritime test range, 40 km², radar and AIS [Netherlands, Den Helder];\n"
            "Acoustic test tank\n\nacoustic TEST tank")
    assert parse_facilities(cell) == [RANGE, TANK]  # the repeat, in other case, once
    assert parse_facilities("Lab [, Ghent]") == [Facility("Lab", "", "Ghent")]
    assert parse_facilities(facilities_text([RANGE, TANK])) == [RANGE, TANK]
    assert parse_facilities("") == []


@pytest.mark.parametrize(("cell", "says"), [
    ("Range [Atlantis, Den Helder]", "'Atlantis' is not a country"),
    ("Lab; [NL]", "has a location but no description"),
])
def test_a_bad_entry_says_which_and_how_to_fix_it(cell: str, says: str) -> None:
    with pytest.raises(FacilityError, match=says):
        parse_facilities(cell)


def test_a_bad_entry_names_file_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("name,country,type,description,Test facilities\n"
                    "A,NL,REC,Sensors.,Range [Atlantis]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_partners(path)
    assert str(caught.value).startswith(f"{path}:2: field 'Test facilities': facility 1")


def write(tmp_path: Path, suffix: str, header: str, value: object) -> Path:
    path = tmp_path / f"members{suffix}"
    entry = dict(zip(HEADER, ROW)) | {header: value}
    if suffix == ".json":
        path.write_text(json.dumps([entry]), encoding="utf-8")
    elif suffix == ".yaml":
        path.write_text(yaml.safe_dump({"partners": [entry]}, allow_unicode=True),
                        encoding="utf-8")
    elif suffix == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append([*HEADER, header])
        sheet.append([*ROW, str(value)])
        book.save(path)
    else:
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([[*HEADER, header], [*ROW, str(value)]])
    return path


CELL = "Maritime test range, 40 km², radar and AIS [NL, Den Helder]\nAcoustic test tank"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".yaml"])
@pytest.mark.parametrize("header", ["facilities", "Infrastructure", "Test facilities",
                                    "Testbeds", "Labs"])
def test_every_format_and_alias_reads_the_field(tmp_path: Path, suffix: str,
                                                header: str) -> None:
    (partner,) = load_partners(write(tmp_path, suffix, header, CELL))
    assert partner.facilities == [RANGE, TANK]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_documents_may_list_facilities_as_strings_or_mappings(tmp_path: Path,
                                                              suffix: str) -> None:
    listed = [{"name": RANGE.text, "country": "NL", "city": "Den Helder"}, TANK.text]
    (partner,) = load_partners(write(tmp_path, suffix, "facilities", listed))
    assert partner.facilities == [RANGE, TANK]
    (plain,) = load_partners(write(tmp_path, suffix, "facilities", [TANK.text, "Lab"]))
    assert plain.facilities == [TANK, Facility("Lab")]


def test_facilities_alone_are_enough_to_match_against(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("name,country,type,description,facilities\n"
                    "Range,NL,REC,,Maritime test range\n", encoding="utf-8")
    (partner,) = load_partners(path)
    assert partner.sourced_passages() == [("Maritime test range", "facility")]


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_store_show_list_and_export_carry_facilities(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    run("partners", "import", str(EXAMPLE), "--db", db)
    shown = run("partners", "show", "NMTR", "--db", db)
    assert "facilities (2):" in shown and "[Den Helder, NL]" in shown
    assert "Harbour basin for trials of unmanned surface vessels" in shown
    listed = run("partners", "list", "--db", db)
    lines = {line.split()[0]: line for line in listed.splitlines() if line.startswith("EX-")}
    assert "2 fac" in lines["EX-001"] and " fac " not in lines["EX-012"]
    out = tmp_path / "out.csv"
    run("partners", "export", str(out), "--db", db)
    again = {p.short_name: p.facilities for p in load_partners(out)}
    assert again == {p.short_name: p.facilities for p in load_partners(EXAMPLE)}
    assert again["INSA"] == [] and len(again["NMTR"]) == 2


def test_a_later_import_without_facilities_keeps_them(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    with Registry(db) as store:
        store.add(load_partners(EXAMPLE))
    bare = tmp_path / "bare.csv"
    bare.write_text(EXAMPLE.read_text(encoding="utf-8").replace(",facilities,",
                                                                ",unused,", 1),
                    encoding="utf-8")
    assert all(not p.facilities for p in load_partners(bare))
    with Registry(db) as store:
        store.add(load_partners(bare))
        kept = {p.short_name: p.facilities for p in store.partners()}
    assert len(kept["NMTR"]) == 2


def test_a_store_from_before_facilities_gains_the_column(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as old:
        old.execute("CREATE TABLE partners (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                    "short_name TEXT, country TEXT, org_type TEXT, sme INTEGER, description "
                    "TEXT, coordinated INTEGER, cluster TEXT, practitioner TEXT, contact "
                    "TEXT, website TEXT, updated_at TEXT)")
        old.execute("INSERT INTO partners VALUES ('1', 'Old', '', 'NL', 'REC', 0, 'x', 0, "
                    "'', '', '', '', '')")
    with Registry(db) as store:
        (partner,) = store.partners()
        assert partner.facilities == []
        store.add(load_partners(EXAMPLE))
        assert store.count() == 13
