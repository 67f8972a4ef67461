"""CORDIS importers on real excerpts (tests/data/partners), and on the full files if present."""

from __future__ import annotations

from pathlib import Path

import pytest

from consortium.errors import InputError
from consortium.partners.cordis import EUROSCIVOC, HE_ORGANISATIONS, file_kind, import_organisations
from consortium.partners.duplicates import fold_name, near_duplicates
from consortium.partners.model import Partner

DATA = Path(__file__).parents[1] / "data" / "partners"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_file_kinds_come_from_headers() -> None:
    assert file_kind(DATA / "he" / "organization.csv") == HE_ORGANISATIONS
    assert file_kind(DATA / "he" / "euroSciVoc.csv") == EUROSCIVOC
    assert file_kind(DATA / "members.csv") is None
    with pytest.raises(InputError, match=r"not a CORDIS organization\.csv"):
        import_organisations(DATA / "members.csv")


def test_he_profile_with_topics_labels_roles_and_money() -> None:
    seen: list[tuple[int, int]] = []
    result = import_organisations(DATA / "he" / "organization.csv",
                                  progress=lambda done, total: seen.append((done, total)))
    assert (result.rows, len(result.partners), len(result.projects)) == (8, 7, 2)
    assert seen and seen[-1][0] == seen[-1][1]
    fraunhofer = result.partners["999984059"]
    assert (fraunhofer.country, fraunhofer.org_type, fraunhofer.sme) == ("DE", "REC", False)
    assert [p.acronym for p in fraunhofer.projects] == ["EXSOTHyC", "LignoSilva"]
    assert fraunhofer.role_in("101059552").ec_contribution == pytest.approx(1583888.75)
    assert fraunhofer.programmes == ["HORIZON"]
    lignosilva = result.projects["101059552"]
    assert lignosilva.topic.startswith("HORIZON-") and lignosilva.start_year
    assert "Topic: " in lignosilva.objective and "Fields: " in lignosilva.objective
    coordinator = result.partners["998675238"]
    assert coordinator.coordinated == 1 and fraunhofer.coordinated == 0
    assert result.partners["974118330"].sme is True
    assert result.partners["999984253"].country == "UK"


def test_h2020_profile_uses_project_objectives() -> None:
    result = import_organisations(DATA / "h2020" / "organization.csv")
    fraunhofer = result.partners["999984059"]
    (project,) = fraunhofer.projects
    assert project.programme == "H2020" and project.start_year and len(project.objective) > 200
    # The text is shared, so the embedding cache sees one passage set for all participants.
    texts = {tuple(p.passages()) for p in result.partners.values()}
    assert len(texts) == 1


def test_near_duplicates_are_found_within_a_country_only() -> None:
    def org(pid: str, name: str, country: str = "DE") -> Partner:
        return Partner(pid, name, "", country, "REC", None, "")

    pool = [org("1", "FRAUNHOFER GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V."),
            org("2", "Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung eV"),
            org("3", "Ministry of Interior", "BG"), org("4", "Ministry of Interior", "EL"),
            org("5", "UNIVERSITA DEGLI STUDI DI PAVIA", "IT"),
            org("6", "UNIVERSITA DEGLI STUDI DI PARMA", "IT")]
    found = near_duplicates(pool)
    assert [(d.first.id, d.second.id) for d in found] == [("1", "2")]
    assert fold_name("Acme S.p.A.") == fold_name("ACME SPA") == "acme"


@pytest.mark.skipif(not (SHARED / "cordis-he" / "organization.csv.gz").is_file(),
                    reason="shared CORDIS data not present")
def test_full_horizon_europe_file() -> None:
    result = import_organisations(SHARED / "cordis-he" / "organization.csv.gz")
    assert result.rows == 80276
    assert len(result.partners) == 23270
    assert len(result.projects) == 12900
    assert sum(p.coordinated for p in result.partners.values()) == 12900


def test_entities_are_decoded_when_reading(tmp_path) -> None:
    """CORDIS leaves HTML entities in names and abstracts; the pool reader decodes them
    once, so reports never show "&amp;" (and the bundled files hold none)."""
    from consortium.partners.pool import load_partners
    from consortium.resources import bundled_dir

    (tmp_path / "partners.csv").write_text(
        "id,name,short_name,country,type,sme,description,projects\n"
        "1,R&amp;D Lab,R&amp;D,DE,REC,,,p1\n", encoding="utf-8")
    (tmp_path / "projects.csv").write_text(
        "id,acronym,title,objective,programme,topic,start_year\n"
        "p1,CD&amp;E,Concept Development &amp; Experimentation,Europe&apos;s tests.,H2020,,"
        "2019\n", encoding="utf-8")
    [partner] = load_partners(tmp_path / "partners.csv")
    assert partner.name == "R&D Lab" and partner.short_name == "R&D"
    project = partner.projects[0]
    assert (project.acronym, project.title) == ("CD&E", "Concept Development & Experimentation")
    assert project.objective == "Europe's tests."
    for path in bundled_dir("partners").rglob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert "&amp;" not in text and "&apos;" not in text, path
