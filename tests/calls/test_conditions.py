"""Topic conditions, checked on sentences copied from real Cluster 3 topic texts."""

from __future__ import annotations

import pytest

from consortium.calls.conditions import BORDER, POLICE, SSH, extract_conditions, strongest

# (sentence as the portal prints it, role, min_entities, min_countries, required)
REAL = [
    ("This topic requires the active involvement, as beneficiaries, of at least 2 Police "
     "Authorities[[In the context of this Destination, 'Police Authorities' means public "
     "authorities ...]] from at least 2 different EU Member States or Associated Countries.",
     POLICE, 2, 2, True),  # HORIZON-CL3-2026-01-FCT-01
    ("This topic requires the active involvement, as beneficiaries, of at least 3 Police "
     "Authorities and at least 2 Civil Society Organisations (or Non-Governmental "
     "Organisations) from at least 3 different EU Member States or Associated Countries.",
     POLICE, 3, 3, True),  # HORIZON-CL3-2026-01-FCT-05
    ("The involvement of Police Authorities is encouraged, as well as synergies with relevant "
     "topics of the Fight against Crime and Terrorism Destination.",
     POLICE, None, None, False),  # HORIZON-CL3-2024-BM-01-04
    ("Depending on the particular scope of the proposal, participation of Police Authorities, "
     "Border and/or Coast Guards is welcome.", POLICE, None, None, False),  # 2025-01-BM-03
    ("This topic requires the active involvement, as beneficiaries, of at least 2 Border or "
     "Coast Guard Authorities from at least 2 different EU Member States or Associated "
     "Countries.", BORDER, 2, 2, True),  # HORIZON-CL3-2026-01-BM-01
    ("Participation of at least 3 government authorities, from 3 different EU Member States, "
     "responsible for resilience on national level and/ or for overseeing operators is "
     "mandatory.", "government authority", 3, 3, True),  # HORIZON-CL3-2023-INFRA-01-01
    ("A minimum of 2 local authorities from 2 at least different Member States are required "
     "to join the consortia of applicants.", "local or regional authority", 2, 2, True),
    ("This topic requires the effective contribution of Social Sciences and Humanities (SSH) "
     "disciplines and the involvement of SSH experts.", SSH, None, None, True),
]


@pytest.mark.parametrize(("sentence", "role", "entities", "countries", "required"), REAL)
def test_real_sentences(sentence: str, role: str, entities: int | None,
                        countries: int | None, required: bool) -> None:
    found = [c for c in extract_conditions(sentence) if c.role == role]
    assert found, extract_conditions(sentence)
    assert (found[0].min_entities, found[0].min_countries, found[0].required) == \
        (entities, countries, required)


def test_mandatory_and_encouraged_in_one_sentence_differ() -> None:
    sentence = ("In this topic, apart from the mandatory participation of Police Authorities "
                "in the consortia, active involvement of other security practitioners, such as "
                "civil security services, Border Guard or Customs Authorities, is encouraged "
                "if relevant.")
    roles = {c.role: c.required for c in extract_conditions(sentence)}
    assert roles[POLICE] is True
    assert roles[f"{BORDER} or customs authority"] is False


def test_mentions_without_involvement_are_not_conditions() -> None:
    text = ("As a wide range of products and services become digitalised, Police Authorities "
            "need adequate technologies. Taking advantage of these technologies will require "
            "Police Authorities to move away from business models based on data input.")
    assert extract_conditions(text) == []


def test_countries_in_the_next_sentence_and_option() -> None:
    text = ("This topic requires the participation, as beneficiaries, of at least 3 "
            "practitioners and 3 public procurers. These beneficiaries must be from at least 3 "
            "different EU Member States or Associated Countries. For Option b), the active "
            "involvement, as beneficiaries, of forensic institutes is recommended.")
    found = {c.role: c for c in extract_conditions(text)}
    assert (found["public procurer"].min_entities, found["public procurer"].min_countries) \
        == (3, 3)
    assert found["forensic institute"].option == "b"
    assert found["forensic institute"].required is False


def test_participant_limit_and_strongest() -> None:
    text = ("Consortia must include, as beneficiaries: a minimum of three (3) to a maximum of "
            "seven (7) partners. The involvement of Police Authorities is encouraged. This "
            "topic requires the active involvement of at least 2 Police Authorities.")
    limit = next(c for c in extract_conditions(text) if c.role == "participant limit")
    assert (limit.min_entities, limit.max_entities) == (3, 7)
    police = [c for c in strongest(extract_conditions(text)) if c.role == POLICE]
    assert len(police) == 1 and police[0].required and police[0].min_entities == 2
