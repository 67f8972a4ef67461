"""Table labels: at most 20 characters, an acronym the names give, never a legal form."""

from __future__ import annotations

import csv

import pytest

from consortium.partners.labels import compact, display_label, unglue
from consortium.resources import default_pool


@pytest.mark.parametrize(("name", "short", "label"), [
    # the acronym the names spell (initials, in order)
    ("PANEPISTIMIO DYTIKIS MAKEDONIAS", "UNIVERSITY OF WESTERN MACEDONIA UOWM", "UOWM"),
    ("AGENCIJA MITNICI", "NATIONAL CUSTOMS AGENCY OF THE REPUBLIC OF BULGARIA NCA", "NCA"),
    ("THE NATIONAL POLICE OF THE NETHERLANDS", "NATIONAL POLICE NETHERLANDS-NPN", "NPN"),
    ("TURUN AMMATTIKORKEAKOULU OY", "TURKU UNIVERSITY OF APPLIED SCIENCES LTD TUAS", "TUAS"),
    # marked by brackets or a dash
    ("DIREKTORATET FOR SAMFUNNSSIKKERHET OG BEREDSKAP (DSB)",
     "DIRECTORATE FOR CIVIL PROTECTION", "DSB"),
    ("PANEPISTIMIO THESSALIAS", "UNIVERSITY OF THESSALY - UTH", "UTH"),
    # a function word or a legal form is never the label
    ("INSPECTORATUL TERITORIAL AL POLITIEI DE FRONTIERA TIMISOARA",
     "TIMISOARATERRITORIAL INSPECTORATE OF BORDER POLICE", "Timisoara Territori…"),
    ("COLUMBIA SHIPMANAGEMENT LTD", "", "Columbia Shipmanage…"),
    ("INTERSOFT-HUNGARY KERESKEDELMI ES SZOLGALTATO KFT", "Intersoft-Hungary Ltd.",
     "Intersoft-Hungary"),
    # a place name is not an acronym; common words are abbreviated
    ("DIMOS AVDIRON", "MUNICIPALITY OF AVDERA", "Mun. of Avdera"),
    ("PANEPISTIMIO DYTIKIS ATTIKIS", "UNIVERSITY OF WEST ATTICA", "Univ. of West Attica"),
    # legal forms written out, in any language, are dropped as whole phrases
    ("EXUS SOFTWARE MONOPROSOPI ETAIRIA PERIORISMENIS EVTHINIS",
     "EXUS SOFTWARESINGLE MEMBER LIMITED LIABILITY COMPANY", "Exus Software"),
    ("EXATEL SPOLKA AKCYJNA", "", "Exatel"),
    ("GOLDEIMER GEMEINNUTZIGE GMBH", "Goldeimer gemeinnützige GmbH", "Goldeimer"),
    ("THE ENERGY SAVING TRUST LIMITED", "", "Energy Saving Trust"),
    # a short name that fits is kept
    ("LINKOPINGS UNIVERSITET", "LIU", "LIU"),
])
def test_display_label(name: str, short: str, label: str) -> None:
    assert display_label(name, short) == label


def test_unglue_and_compact() -> None:
    assert unglue("EXUS SOFTWARESINGLE MEMBER") == "EXUS SOFTWARE SINGLE MEMBER"
    assert unglue("FRAUNHOFER") == "FRAUNHOFER"
    assert compact("THALES GLOBAL SERVICES SAS") == "Thales Global Serv."
    assert compact("SYMETRICA SECURITY LTD") == "Symetrica Security"


def test_every_label_of_the_default_pool_fits() -> None:
    with default_pool().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = [display_label(r["name"], r["short_name"]) for r in rows]
    assert max(len(label) for label in labels) <= 20
    assert all(label.strip() for label in labels)
