"""Behaviour of the partners stage: registry loading, validation, passages, resolution."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from consortium.errors import ConsortiumError, InputError
from consortium.partners.countries import (
    country_name,
    is_associated,
    is_member_state,
    normalise_country,
    suggest_country,
)
from consortium.partners.model import Partner, Project
from consortium.partners.pool import load_partners, resolve_partners
from consortium.text import chunk_passages

POOL = Path(__file__).resolve().parents[2] / "partners" / "cordis-security"

HEADER = "id,name,short_name,country,type,sme,description"
GOOD = "P1,Alpha University,ALPHA,DE,HES,no,Research on crisis management."

PROJECTS = """id,acronym,title,objective,programme,topic,start_year
100,SHARED,Shared project,"Builds a shared situational picture for first responders.
It runs field trials with police and fire services.",H2020,SEC-01-2016,2016
200,OTHER,Other project,Studies border surveillance with drones.,FP7,SEC-2010-1,2011
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


def registry(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    return write(tmp_path / "partners.csv", "\n".join([header, *rows]) + "\n")


def load_error(path: Path, projects: Path | None = None) -> str:
    with pytest.raises(InputError) as info:
        load_partners(path, projects)
    return str(info.value)


# ----------------------------------------------------------------------------- loading


def test_aliases_semicolons_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "reg.csv",
                 "\ufeffPIC;Organisation;Acronym;Country;activityType;SME;Expertise\n"
                 "9;Beta Research Centre;BRC;Greece;research;yes;Sensors, drones; radar.\n"
                 ";Gamma GmbH;;united kingdom;Company;;Software, cloud.\n")
    # The unquoted ';' inside the first description must not pass silently.
    message = load_error(path)
    assert f"{path}:2:" in message and "quote" in message

    write(path, "\ufeffPIC;Organisation;Acronym;Country;activityType;SME;Expertise\n"
                '9;Beta Research Centre;BRC;Greece;research;yes;"Sensors, drones; radar."\n'
                ";Gamma GmbH;;united kingdom;Company;;Software, cloud.\n")
    beta, gamma = load_partners(path)
    assert (beta.id, beta.name, beta.short_name) == ("9", "Beta Research Centre", "BRC")
    assert (beta.country, beta.org_type, beta.sme) == ("EL", "REC", True)
    assert beta.description == "Sensors, drones; radar."
    assert (gamma.id, gamma.country, gamma.org_type, gamma.sme) == ("row-3", "UK", "PRC", None)
    assert gamma.label == "Gamma GmbH" and beta.label == "BRC"


def test_header_spellings_are_case_and_punctuation_insensitive(tmp_path: Path) -> None:
    path = registry(tmp_path, "X,Delta SA,DLT,FR,PUB,0,Police training.",
                    header="organisationID,Legal Name,shortName,COUNTRY,Organisation type,"
                           "sme,Capabilities")
    (delta,) = load_partners(path)
    assert (delta.id, delta.short_name, delta.org_type, delta.sme) == ("X", "DLT", "PUB", False)


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        ("P2,Beta,B,Germny,REC,,Text.", "country", "did you mean DE?"),
        ("P2,Beta,B,XX,REC,,Text.", "country", "ISO 3166 two-letter code"),
        ("P2,Beta,B,DE,banana,,Text.", "type", "HES"),
        ("P2,Beta,B,DE,REC,maybe,Text.", "sme", "yes or no"),
        ("P2,,B,DE,REC,,Text.", "name", "empty name"),
        ("P2,Beta,B,DE,REC,,", "description", "empty description"),
        ("P1,Beta,B,DE,REC,,Text.", "id", "also on row 2"),
    ],
)
def test_row_errors_name_row_and_field(tmp_path: Path, row: str, field: str,
                                       expected: str) -> None:
    path = registry(tmp_path, GOOD, row)
    message = load_error(path)
    assert message.startswith(f"{path}:3: field '{field}':")
    assert expected in message


def test_unknown_type_lists_accepted_values(tmp_path: Path) -> None:
    message = load_error(registry(tmp_path, "P2,Beta,B,DE,banana,,Text."))
    for code in ("HES", "REC", "PRC", "PUB", "OTH"):
        assert code in message


@pytest.mark.parametrize(("word", "code"), [("University", "HES"), ("higher education", "HES"),
                                            ("Research", "REC"), ("SME", "PRC"),
                                            ("industry", "PRC"), ("police", "PUB"),
                                            ("public body", "PUB"), ("NGO", "OTH"),
                                            ("oth", "OTH")])
def test_org_type_words(tmp_path: Path, word: str, code: str) -> None:
    (partner,) = load_partners(registry(tmp_path, f"P1,Alpha,A,DE,{word},,Text."))
    assert partner.org_type == code


def test_row_number_counts_physical_lines(tmp_path: Path) -> None:
    # A quoted description spanning three lines moves the next row to line 5.
    path = registry(tmp_path, 'P1,Alpha,A,DE,HES,,"Line one.\nLine two.\nLine three."',
                    "P2,Beta,B,Germny,REC,,Text.")
    assert load_error(path).startswith(f"{path}:5: field 'country':")


def test_errors_use_the_header_as_written(tmp_path: Path) -> None:
    path = registry(tmp_path, "P1,Alpha,A,Germny,HES,,Text.",
                    header="ID,Organisation,Acronym,Country,Type,SME,Expertise")
    assert f"{path}:2: field 'Country': unknown country 'Germny'" in load_error(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "empty file"),
        ("\n\n", "empty file"),
        (HEADER + "\n", "no partners"),
        ("id,name,country,description\nP1,A,DE,Text.\n", "missing required column 'org_type'"),
        ("id,name,country,type\nP1,A,DE,HES\n", "missing required column 'description'"),
    ],
)
def test_file_level_errors(tmp_path: Path, content: str, expected: str) -> None:
    assert expected in load_error(write(tmp_path / "partners.csv", content))


def test_missing_column_lists_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "Name,Land,Type,Description\nA,DE,HES,Text.\n")
    message = load_error(path)
    assert "'country'" in message and "'Name', 'Land', 'Type', 'Description'" in message


def test_missing_file_directory_and_encoding(tmp_path: Path) -> None:
    assert "not found" in load_error(tmp_path / "nope.csv")
    assert "directory" in load_error(tmp_path)
    # Windows-1250 that 1252 reads as letters too (ř as ø), no country to decide (#21)
    latin = write(tmp_path / "latin.csv", HEADER + "\nP1,Dvořák,U,EL,HES,,Texte.\n",
                  encoding="cp1250")
    message = load_error(latin)
    assert "UTF-8" in message and f"{latin}:2:" in message


# ---------------------------------------------------------------------------- projects


def test_projects_are_attached_and_validated(tmp_path: Path) -> None:
    write(tmp_path / "projects.csv", PROJECTS)
    header = HEADER + ",projects"
    path = registry(tmp_path, "P1,Alpha,A,DE,HES,,,100 200", "P2,Beta,B,FR,REC,,,100",
                    header=header)
    alpha, beta = load_partners(path)
    assert [p.id for p in alpha.projects] == ["100", "200"]
    assert beta.projects == [alpha.projects[0]]
    assert alpha.projects[0].start_year == 2016 and alpha.projects[0].programme == "H2020"

    registry(tmp_path, "P1,Alpha,A,DE,HES,,,100;999", header=header)
    message = load_error(path)
    assert f"{path}:2: field 'projects': project '999'" in message


def test_projects_file_can_be_passed_or_must_exist(tmp_path: Path) -> None:
    path = registry(tmp_path, "P1,Alpha,A,DE,HES,,,100", header=HEADER + ",projects")
    assert "projects.csv" in load_error(path) and "pass" in load_error(path)
    elsewhere = write(tmp_path / "past.csv", PROJECTS)
    (alpha,) = load_partners(path, elsewhere)
    assert alpha.projects[0].acronym == "SHARED"


def test_project_text_is_one_paragraph(tmp_path: Path) -> None:
    write(tmp_path / "projects.csv", PROJECTS)
    path = registry(tmp_path, "P1,Alpha,A,DE,HES,,,100", header=HEADER + ",projects")
    (alpha,) = load_partners(path)
    text = alpha.projects[0].text()
    assert text.startswith("SHARED — Shared project. Builds a shared")
    assert "\n" not in text


def test_shared_project_gives_identical_passages(tmp_path: Path) -> None:
    write(tmp_path / "projects.csv", PROJECTS)
    path = registry(tmp_path, "P1,Alpha,A,DE,HES,,Alpha does crisis research.,200 100",
                    "P2,Beta,B,FR,REC,,,100", header=HEADER + ",projects")
    alpha, beta = load_partners(path)
    expected = chunk_passages(alpha.projects[1].text())
    assert expected and beta.passages() == expected
    start = alpha.passages().index(expected[0])
    assert alpha.passages()[start:start + len(expected)] == expected
    assert alpha.passages()[0] == "Alpha does crisis research."


def test_passages_are_deduplicated_in_order() -> None:
    project = Project("1", "X", "Same", "Same text.", "H2020", "T", 2020)
    twin = Project("2", "X", "Same", "Same text.", "H2020", "T", 2020)
    partner = Partner("p", "P", "", "DE", "HES", None, "Own text.", [project, twin])
    assert partner.passages() == ["Own text.", "X — Same. Same text."]


# ---------------------------------------------------------------------------- resolving


def _pool() -> list[Partner]:
    def make(pid: str, name: str, short: str, country: str) -> Partner:
        return Partner(pid, name, short, country, "PUB", None, "Text.")

    return [make("1", "Ministry of Interior", "MOI", "EL"),
            make("2", "Ministry of Interior", "MININT", "PT"),
            make("3", "Fraunhofer Gesellschaft", "Fraunhofer", "DE"),
            make("4", "Katholieke Universiteit Leuven", "KU Leuven", "BE")]


def test_resolve_by_id_short_name_and_name() -> None:
    pool = _pool()
    found = resolve_partners(pool, ["3", "ku leuven", " KATHOLIEKE universiteit leuven", "1"])
    assert [p.id for p in found] == ["3", "4", "1"]  # the same partner twice is kept once
    assert [p.id for p in resolve_partners(pool, ["MININT"])] == ["2"]


def test_resolve_prefers_id_over_names() -> None:
    pool = [*_pool(), Partner("MOI", "Other", "", "DE", "PUB", None, "Text.")]
    assert [p.id for p in resolve_partners(pool, ["moi"])] == ["MOI"]


def test_resolve_ambiguous_lists_candidates() -> None:
    with pytest.raises(ConsortiumError) as info:
        resolve_partners(_pool(), ["ministry of interior"])
    message = str(info.value)
    assert "MOI (1, EL)" in message and "MININT (2, PT)" in message and "id" in message


def test_resolve_unknown_suggests() -> None:
    with pytest.raises(ConsortiumError) as info:
        resolve_partners(_pool(), ["Fraunhofr"])
    assert "no partner 'Fraunhofr' in the pool (did you mean Fraunhofer" in str(info.value)


# ------------------------------------------------------------------------------- pool


def test_bundled_pool_loads_and_is_consistent() -> None:
    partners = load_partners(POOL / "partners.csv")
    assert 3000 < len(partners) < 5000
    assert [p.id for p in partners] == sorted(p.id for p in partners)
    assert all(normalise_country(p.country) == p.country for p in partners)
    with (POOL / "projects.csv").open(encoding="utf-8", newline="") as handle:
        project_ids = {row["id"] for row in csv.DictReader(handle)}
    referenced = {project.id for p in partners for project in p.projects}
    assert referenced <= project_ids and len(project_ids) > 600
    assert all(p.projects for p in partners)
    assert sum(p.coordinated for p in partners) >= len(project_ids)
    assert any(p.sme is True for p in partners) and any(p.sme is None for p in partners)
    assert "CC BY 4.0" in (POOL / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- countries


@pytest.mark.parametrize(("value", "code"), [("EL", "EL"), ("GR", "EL"), ("Greece", "EL"),
                                             ("UK", "UK"), ("GB", "UK"),
                                             ("United Kingdom", "UK"), ("de", "DE"),
                                             ("Turkey", "TR"), ("Kosovo", "XK"),
                                             ("Czech Republic", "CZ"), ("Atlantis", None),
                                             ("", None)])
def test_normalise_country(value: str, code: str | None) -> None:
    assert normalise_country(value) == code


def test_country_status() -> None:
    assert is_member_state("EL") and is_member_state("GR")
    assert not is_member_state("UK") and not is_member_state("NO")
    assert is_associated("UK") and is_associated("NO", date(2021, 6, 1))
    assert not is_associated("CH", date(2024, 6, 1)) and is_associated("CH", date(2025, 6, 1))
    assert not is_associated("UK", date(2023, 6, 1)) and not is_associated("DE")
    assert not is_associated("US")
    assert country_name("EL") == "Greece" and country_name("XK") == "Kosovo"
    assert suggest_country("Germny")[0] == "DE" and suggest_country("XX") == []
