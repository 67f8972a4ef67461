"""A proposed consortium's rows matched to the pool by every column they give (#21)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consortium.errors import InputError
from consortium.partners.consortium_file import (
    NOT_IN_POOL,
    read_consortium,
    resolve_consortium,
)
from consortium.partners.model import Partner


def org(pid: str, name: str, short: str, country: str) -> Partner:
    return Partner(pid, name, short, country, "PRC", None, "")


POOL = [org("959754473", "AIR WORLDWIDE LIMITED", "AIR", "UK"),
        org("972830073", "Airsense Analytics GmbH", "AIR", "DE"),
        org("999984059", "FRAUNHOFER GESELLSCHAFT E.V.", "Fraunhofer", "DE"),
        org("999000001", "Fraunhofer Austria Research GmbH", "Fraunhofer", "AT"),
        org("999974844", "UNIVERSIDAD POLITECNICA DE MADRID", "UPM", "ES")]


def ids(path: Path, text: str) -> list[str]:
    path.write_text(text, encoding="utf-8")
    return [p.id for p in resolve_consortium(read_consortium(path), POOL, path).members]


def test_a_cordis_list_is_resolved_by_name_and_country_and_takes_its_role_words(
        tmp_path: Path) -> None:
    path = tmp_path / "cordis.csv"
    path.write_text("name,short_name,country,type,role\n"
                    "AIR WORLDWIDE LIMITED,AIR,UK,PRC,coordinator\n"
                    "Airsense Analytics GmbH,AIR,DE,PRC,participant\n"
                    "UNIVERSIDAD POLITECNICA DE MADRID,UPM,ES,HES,partner\n"
                    "FRAUNHOFER GESELLSCHAFT E.V.,Fraunhofer,DE,REC,associatedPartner\n"
                    "Fraunhofer Austria Research GmbH,Fraunhofer,AT,REC,thirdParty\n")
    entries = read_consortium(path)
    assert [e.role for e in entries] == ["coordinator", "beneficiary", "beneficiary",
                                         "associated partner", "affiliated entity"]
    found = resolve_consortium(entries, POOL, path)
    assert [p.id for p in found.members] == ["959754473", "972830073", "999974844",
                                             "999984059", "999000001"]
    assert found.coordinator is not None and found.coordinator.id == "959754473"
    assert not found.missing


def test_each_column_given_is_tried_in_turn(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    # the id decides even when the name and country point elsewhere
    assert ids(path, "id,name,country\n972830073,AIR WORLDWIDE LIMITED,UK\n") == ["972830073"]
    # a misspelt legal name falls back to short name + country (GB is read as UK)
    assert ids(path, "name,short_name,country\nAir Worldwide Ltd,AIR,GB\n") == ["959754473"]
    # a unique short name alone is enough; an unknown id falls back to the names
    assert ids(path, "short_name\nUPM\n") == ["999974844"]
    assert ids(path, "id,short_name\n123,UPM\n") == ["999974844"]
    # a YAML map gives the same columns
    yaml_file = tmp_path / "c.yaml"
    assert ids(yaml_file, "- {short_name: AIR, country: Germany, role: participant}\n") \
        == ["972830073"]


def test_a_row_no_column_can_decide_is_refused_with_the_candidates(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    with pytest.raises(InputError, match=r"c.csv:2: 'AIR' matches 2 partners: "
                                         r"AIR \(959754473, UK\), AIR \(972830073, DE\)"):
        ids(path, "short_name\nAIR\n")
    with pytest.raises(InputError, match=r"'AIR \(FR\)' matches 2 partners"):
        ids(path, "short_name,country\nAIR,FR\n")


def test_a_member_not_in_the_pool_is_kept_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,name,country\n990685833,ACME Security,FR\n999974844,,ES\n")
    found = resolve_consortium(read_consortium(path), POOL, path)
    assert [p.id for p in found.members] == ["999974844"]
    assert [e.row for e in found.missing] == [2]
    assert found.notes()[0].startswith(f"ACME Security (FR, 990685833) (row 2): {NOT_IN_POOL}")
    path.write_text("id\n990685833\n")
    with pytest.raises(InputError, match="none of its 1 partner is in the pool"):
        resolve_consortium(read_consortium(path), POOL, path)


def test_an_unknown_role_names_the_accepted_words(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("name,role\nUPM,boss\n")
    with pytest.raises(InputError, match="associatedPartner, thirdParty"):
        read_consortium(path)
