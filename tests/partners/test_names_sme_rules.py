"""Names (repair, label, identity), SME from the latest record, participation helpers."""

from __future__ import annotations

from pathlib import Path

from consortium.partners.cordis import import_organisations
from consortium.partners.duplicates import identity_key, same_entities
from consortium.partners.labels import display_label
from consortium.partners.model import Partner
from consortium.partners.names import fold, repair_spacing
from consortium.partners.participation import (
    counts_for_eligibility,
    participation_reason,
    proposable_by_default,
)
from consortium.partners.sme import sme_for_kind, sme_from_counts


def test_fold_transliterates() -> None:
    assert fold("Garda Síochána") == "garda siochana"
    assert fold("Гранична полиция") == "granichna politsiya"


def test_repair_spacing() -> None:
    assert repair_spacing("CENTER FORSECURITY STUDIES") == "CENTER FOR SECURITY STUDIES"
    assert repair_spacing("ORGANISATION FORAPPLIED") == "ORGANISATION FOR APPLIED"
    assert repair_spacing("FORTRESS ANDRITZ") == "FORTRESS ANDRITZ"


def test_display_label_is_short() -> None:
    assert display_label("Service Départemental d'Incendie et de Secours", "SDIS 84") == "SDIS 84"
    assert display_label("NEDERLANDSE ORGANISATIE VOOR TOEGEPAST NATUURWETENSCHAPPELIJK "
                         "ONDERZOEK TNO", "NETHERLANDS ORGANISATION FORAPPLIED SCIENTIFIC "
                         "RESEARCH") == "TNO"
    long = display_label("Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung")
    assert len(long) <= 20 and long.endswith("…")
    partner = Partner("1", "MYNDIGHETEN FOR SAMHALLSSKYDD OCH BEREDSKAP",
                      "MSB THE SWEDISH CIVIL CONTINGENCIES AGENCY", "SE", "PUB", None, "")
    assert partner.display_label == "MSB"
    assert partner.name.startswith("MYNDIGHETEN")


def test_identity_key_finds_one_entity_under_two_ids() -> None:
    a = Partner("1", "Teknologian tutkimuskeskus VTT Oy", "", "FI", "REC", None, "")
    b = Partner("2", "TEKNOLOGIAN TUTKIMUSKESKUS VTT OY", "", "FI", "REC", None, "")
    c = Partner("3", "Teknologian tutkimuskeskus VTT Oy", "", "SE", "REC", None, "")
    assert identity_key(a.name, a.country) == identity_key(b.name, "fi")
    assert identity_key(a.name, a.country) != identity_key(c.name, c.country)
    assert [[p.id for p in g] for g in same_entities([a, b, c])] == [["1", "2"]]


def test_sme_rules() -> None:
    assert sme_from_counts("False:1/True:2", "company") is True
    assert sme_from_counts("False:1/True:1", "company") is None
    assert sme_from_counts("", "company") is None
    assert sme_from_counts("True:3", "university") is False
    assert sme_for_kind(True, "public_body") is False
    assert sme_for_kind(None, "ngo") is None


_HEADER = ("projectID;projectAcronym;organisationID;name;shortName;SME;activityType;"
           "country;contentUpdateDate;role\n")


def test_cordis_sme_from_the_latest_row(tmp_path: Path) -> None:
    path = tmp_path / "organization.csv"
    path.write_text(_HEADER
                    + "1;A;10;Acme SRL;ACME;True;PRC;IT;2021-01-01;participant\n"
                    + "2;B;10;Acme SRL;ACME;False;PRC;IT;2023-01-01;participant\n"
                    + "3;C;20;Universita di Test;UNITEST;True;HES;IT;2023-01-01;participant\n"
                    + "4;D;30;Nuovo SRL;;;PRC;IT;2023-01-01;participant\n"
                    + "5;E;40;POLICIA JUDICIARIA;PJ;False;PUB;PT;2023-01-01;participant\n",
                    encoding="utf-8")
    partners = import_organisations(path).partners
    assert partners["10"].sme is False       # once True, now False: not "any row"
    assert partners["20"].sme is False       # a university is never an SME
    assert partners["30"].sme is None        # unknown stays unknown
    assert (partners["40"].practitioner, partners["40"].kind) == ("police", "public_body")


def test_participation_helpers() -> None:
    assert not counts_for_eligibility("eu_body") and not counts_for_eligibility(
        "international_org")
    assert counts_for_eligibility("public_body")
    assert not proposable_by_default("funder") and proposable_by_default("company")
    interpol = Partner("1", "INTERNATIONAL CRIMINAL POLICE ORGANIZATION", "INTERPOL", "FR",
                       "OTH", None, "", practitioner="police", kind="international_org")
    assert participation_reason(interpol) == ("INTERPOL: international organisation, does "
                                              "not count for the police condition")
    vinnova = Partner("2", "VERKET FOR INNOVATIONSSYSTEM", "VINNOVA", "SE", "PUB", None, "",
                      kind="funder")
    assert "not proposed" in participation_reason(vinnova)
