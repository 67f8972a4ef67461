"""Registries as members keep them: formats, column mapping, lenient import, vocabularies."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
import yaml

from consortium.errors import InputError
from consortium.partners.countries import normalise_country
from consortium.partners.formats import parse_mapping, write_table
from consortium.partners.orgtypes import parse_org_type, portal_label
from consortium.partners.pool import load_partners, read_registry
from consortium.partners.practitioners import infer_practitioner, parse_practitioner

MEMBERS = Path(__file__).parents[1] / "data" / "partners" / "members.csv"


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def test_bad_country_missing_name_and_duplicate_are_reported_by_row() -> None:
    result = read_registry(MEMBERS, strict=False)
    assert [p.label for p in result.partners] == ["Fraunhofer", "HP", "ACME", "BSPP"]
    assert result.rows == 7
    messages = [str(e) for e in result.skipped]
    assert len(messages) == 3
    assert messages[0].startswith(f"{MEMBERS}:5: field 'Country': unknown country 'Atlantis'")
    assert messages[1].startswith(f"{MEMBERS}:6: field 'Organisation': empty name")
    assert messages[2].startswith(f"{MEMBERS}:7: field 'Organisation': duplicate of row 4")


def test_strict_stops_at_the_first_bad_row() -> None:
    with pytest.raises(InputError, match=r"members.csv:5: field 'Country'"):
        read_registry(MEMBERS, strict=True)
    with pytest.raises(InputError, match=r":5: "):
        load_partners(MEMBERS)


def test_values_are_normalised_and_practitioners_inferred() -> None:
    fraunhofer, police, acme, fire = read_registry(MEMBERS, strict=False).partners
    assert (fraunhofer.id, fraunhofer.country, fraunhofer.org_type) == ("999984059", "DE", "REC")
    assert (police.country, police.org_type, police.practitioner) == ("EL", "PUB", "police")
    assert (acme.org_type, acme.sme, acme.practitioner) == ("PRC", True, "")
    assert fire.practitioner == "first responders"
    assert fraunhofer.website == "www.fraunhofer.de"
    assert fraunhofer.sources[0].row == 2


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".yaml", ".tsv"])
def test_other_formats_give_the_same_partners(tmp_path: Path, suffix: str) -> None:
    header, rows = rows_of(MEMBERS)
    path = tmp_path / f"members{suffix}"
    write_table(path, header, rows)
    result = read_registry(path, strict=False)
    expected = read_registry(MEMBERS, strict=False)
    assert [(p.name, p.country, p.org_type, p.sme) for p in result.partners] == \
        [(p.name, p.country, p.org_type, p.sme) for p in expected.partners]
    assert len(result.skipped) == 3
    assert f"{path}:" in str(result.skipped[0])


def test_xlsx_numbers_and_row_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Legal name", "PIC", "Country", "Type", "SME", "Capabilities"])
    sheet.append([None])
    sheet.append(["Alpha", 999984059, "FR", "HES", True, "Teaching."])
    sheet.append(["Beta", 12.0, "Germny", "REC", False, "Research."])
    path = tmp_path / "m.xlsx"
    book.save(path)
    result = read_registry(path, strict=False)
    assert [(p.id, p.sme) for p in result.partners] == [("999984059", True)]
    assert str(result.skipped[0]).startswith(f"{path}:4: field 'Country'")


def test_json_document_shapes(tmp_path: Path) -> None:
    entry = {"name": "Alpha", "country": "FR", "type": "HES", "description": "Teaching.",
             "sme": False, "cluster": "SAFE"}
    for document in ([entry], {"members": [entry]}):
        path = tmp_path / "m.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        (alpha,) = load_partners(path)
        assert (alpha.sme, alpha.cluster) == (False, "SAFE")
    path.write_text(json.dumps({"a": 1}), encoding="utf-8")
    with pytest.raises(InputError, match="list of entries"):
        load_partners(path)
    bad = tmp_path / "m.yaml"
    bad.write_text("partners:\n  - name: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_partners(bad)


def test_map_option_reads_unknown_headers(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump([{"Legal entity": "Alpha", "Nation": "Italia",
                                     "Kind": "NGO", "Profile": "Volunteers."}]),
                    encoding="utf-8")
    with pytest.raises(InputError, match="missing required column 'name'"):
        load_partners(path)
    mapping = parse_mapping(["name=Legal entity", "country=nation", "org_type=Kind",
                             "description=Profile"], ["name", "country", "org_type",
                                                      "description"])
    (alpha,) = load_partners(path, mapping=mapping)
    assert (alpha.name, alpha.country, alpha.org_type) == ("Alpha", "IT", "OTH")
    with pytest.raises(InputError, match="no such column"):
        load_partners(path, mapping={"name": "Missing"})
    with pytest.raises(InputError, match="unknown field 'colour'"):
        parse_mapping(["colour=Red"], ["name"])


def test_cluster_option_and_column_combine(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("name,country,type,description,cluster\nA,DE,HES,Text.,HSD\n"
                    "B,DE,HES,Text.,\n", encoding="utf-8")
    a, b = read_registry(path, cluster="SAFE").partners
    assert (a.clusters, b.clusters) == (["HSD", "SAFE"], ["SAFE"])


@pytest.mark.parametrize(("value", "code"), [
    ("Ελλάδα", "EL"), ("GRC", "EL"), ("GR", "EL"), ("GBR", "UK"), ("United Kingdom", "UK"),
    ("Allemagne", "DE"), ("España", "ES"), ("Österreich", "AT"), ("Hrvatska", "HR"),
    ("Magyarország", "HU"), ("Türkiye", "TR"), ("Atlantis", None)])
def test_native_names_and_codes(value: str, code: str | None) -> None:
    assert normalise_country(value) == code


@pytest.mark.parametrize(("value", "expected"), [
    ("PRC", ("PRC", None)), ("SME", ("PRC", True)), ("Large enterprise", ("PRC", False)),
    ("NGO", ("OTH", None)), ("International organisation", ("OTH", None)),
    ("Private for-profit entity (excluding higher or secondary education establishments)",
     ("PRC", None)), ("Higher or secondary education establishment", ("HES", None)),
    ("banana", None)])
def test_org_type_mapping(value: str, expected: tuple[str, bool | None] | None) -> None:
    assert parse_org_type(value) == expected


def test_portal_label_round_trips() -> None:
    for code in ("HES", "REC", "PRC", "PUB", "OTH"):
        assert parse_org_type(portal_label(code)) == (code, None)
    assert portal_label("PRC", True).endswith("; SME")


@pytest.mark.parametrize(("name", "description", "org_type", "expected"), [
    ("Bundeskriminalamt", "", "PUB", "police"),
    ("Guardia Civil", "", "PUB", "police"),
    ("Hellenic Coast Guard", "", "PUB", "border/coast guard"),
    ("Netherlands Forensic Institute", "", "PUB", "forensic institute"),
    ("Vigili del Fuoco", "", "PUB", "first responders"),
    ("Dipartimento della Protezione Civile", "", "PUB", "civil protection"),
    ("Flughafen München GmbH", "", "PRC", "infrastructure operator"),
    ("Ministry of the Interior", "", "PUB", "other end-user"),
    ("Region of Attica", "Runs the regional police and fire services.", "PUB", "police"),
    ("Secure Ltd", "We build tools for police and border guards.", "PRC", ""),
    ("University of Metropolis", "Research for police.", "HES", ""),
    ("Ministry of Interior", "", "PRC", ""),
])
def test_practitioner_rule(name: str, description: str, org_type: str,
                           expected: str) -> None:
    assert infer_practitioner(name, description, org_type) == expected


def test_given_practitioner_wins_and_is_validated(tmp_path: Path) -> None:
    assert parse_practitioner("Coast guard") == "border/coast guard"
    assert parse_practitioner("none") == ""
    path = tmp_path / "m.csv"
    path.write_text("name,country,type,description,practitioner\n"
                    "Polizei Bayern,DE,PUB,Text.,none\nX,DE,PUB,Text.,wizard\n",
                    encoding="utf-8")
    result = read_registry(path, strict=False)
    assert result.partners[0].practitioner == ""
    assert "unknown practitioner category 'wizard'" in str(result.skipped[0])
