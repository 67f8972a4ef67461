"""Survivors of calls/conditions.py in the mutation run of 2026-12-03 (#25): the
conditions other than roles (SSH, named bodies, SME coordinator, limits) read in full,
the countries shared between roles, the sentences skipped and the strongest condition."""

from __future__ import annotations

from consortium.calls.conditions import (
    BODY,
    LIMIT,
    SSH,
    UNPARSED,
    Condition,
    _is_required,
    extract_conditions,
    strongest,
)


def one(sentence: str) -> Condition:
    found = extract_conditions(sentence)
    assert len(found) == 1, found
    return found[0]


def roles(text: str) -> dict[str, tuple[int | None, int | None]]:
    return {c.role: (c.min_entities, c.min_countries) for c in extract_conditions(text)}


def test_the_nearest_modal_word_decides_and_a_tie_goes_to_required() -> None:
    assert _is_required("must aaaa should", 5) is True          # both 5 away
    assert _is_required("must be long ago, role should", 18) is False


def test_a_role_not_involved_does_not_stop_the_roles_after_it() -> None:
    s = ("Police authorities need adequate technologies, and the consortium must include "
         "at least 2 customs authorities.")
    assert one(s) == Condition("customs authority", True, s, min_entities=2)


def test_each_role_reads_the_countries_of_its_own_clause() -> None:
    found = roles("The consortium must include at least 2 police authorities from 2 countries, "
                  "2 customs authorities from 3 countries and 1 hospital.")
    assert found["police authority"][1] == 2 and found["customs authority"][1] == 3
    assert found["hospital"] == (1, None)


def test_countries_ahead_of_the_roles_apply_only_when_no_role_has_its_own() -> None:
    found = roles("Proposals from 3 Member States must include at least 2 police authorities "
                  "from 2 countries and at least 1 hospital.")
    assert found == {"police authority": (2, 2), "hospital": (1, None)}
    found = roles("Proposals must involve at least 3 organisations from 3 different Member "
                  "States, including at least 2 police authorities, each from a different "
                  "Member State.")
    assert found == {"police authority": (2, 2)}


def test_each_from_a_different_country_keeps_a_count_of_countries_already_given() -> None:
    found = roles("The consortium must include at least 4 hospitals from at least 2 Member "
                  "States and at least 3 police authorities, each from a different Member State.")
    assert found == {"hospital": (4, 2), "police authority": (3, 3)}


def test_ssh_spelled_out_in_an_option() -> None:
    s = "For Option b, proposals must include social sciences and humanities expertise."
    assert one(s) == Condition(SSH, True, s, option="b")


def test_a_named_body_in_full() -> None:
    s = "For Option b, proposals should engage with the Europol Innovation Lab."
    assert one(s) == Condition(BODY, False, s, body="Europol Innovation Lab", option="b")


def test_every_named_body_of_one_sentence() -> None:
    s = ("Proposals should engage with Europol, CEPOL, the EU Drugs Agency (EUDA), the EMCDDA, "
         "Frontex, ENISA, eu-LISA, the EUAA, the Joint Research Centre (JRC), the Knowledge "
         "Network, the European Cybercrime Centre (EC3) and the ECCC.")
    assert [c.body for c in extract_conditions(s)] == [
        "Europol", "CEPOL", "EU Drugs Agency", "EUDA", "EMCDDA", "Frontex", "ENISA",
        "eu-LISA", "EUAA", "Joint Research Centre", "JRC", "Knowledge Network",
        "European Cybercrime Centre", "EC3", "ECCC"]


def test_an_sme_coordinator_in_full() -> None:
    s = "For Option a, one SME should take the role of coordinator."
    assert one(s) == Condition("SME", False, s, min_entities=1, option="a")


def test_limits_in_full() -> None:
    s = "The consortium must have a maximum of 5 partners."
    assert one(s) == Condition(LIMIT, True, s, max_entities=5)
    s = "Participation is limited to entities established in Member States."
    assert one(s) == Condition(LIMIT, True, s)
    assert extract_conditions("Funding is limited to EUR 2 million.") == []


def test_an_unparsed_condition_in_full() -> None:
    s = "For Option c, proposals must involve at least 3 independent legal entities."
    assert one(s) == Condition(UNPARSED, True, s, option="c")


def test_a_skipped_sentence_does_not_stop_the_reading() -> None:
    rule = "The consortium must include at least 2 police authorities."
    for skipped in ("The sky is blue.",                      # no cue word
                    "Engagement beyond the project consortium is encouraged.",  # not membership
                    "In this topic, 'Police Authorities' means the authorities whose "
                    "participation as beneficiaries is required."):  # a definition
        assert roles(f"{skipped} {rule}") == {"police authority": (2, None)}, skipped


def test_definitions_are_skipped_only_for_police_authorities_without_requires() -> None:
    assert extract_conditions("In this topic, 'Police Authorities' means the authorities "
                              "whose participation as beneficiaries is required.") == []
    assert roles("This means that the consortium must include at least 2 hospitals.") == {
        "hospital": (2, None)}
    assert roles("This topic requires the participation of at least 2 Police Authorities, "
                 "where 'Police Authorities' means public authorities.") == {
        "police authority": (2, None)}


def test_a_following_sentence_fills_countries_only_when_it_speaks_of_these_beneficiaries() -> None:
    assert roles("These beneficiaries must include at least 2 police authorities.") == {
        "police authority": (2, None)}
    assert roles("The consortium must include at least 2 police authorities. The partners "
                 "involved are from 3 countries.") == {"police authority": (2, None)}
    assert roles("The consortium must include at least 2 police authorities from 2 countries "
                 "and at least 2 hospitals. These beneficiaries must be from at least 3 "
                 "different Member States.") == {"police authority": (2, 2), "hospital": (2, 3)}


def test_a_role_named_twice_in_a_sentence_is_one_condition() -> None:
    found = extract_conditions("The consortium must include at least 2 police authorities and "
                               "at least 1 police authority from another Member State.")
    assert [(c.role, c.min_entities) for c in found] == [("police authority", 2)]


def test_strongest_keeps_the_first_of_equals_and_every_unparsed_sentence() -> None:
    a, b = Condition("hospital", True, "a"), Condition("hospital", True, "b")
    assert strongest([a, b]) == [a]
    two, one_ = (Condition("hospital", True, "c", min_entities=2),
                 Condition("hospital", True, "d", min_entities=1))
    assert strongest([two, one_]) == [two]
    assert strongest([a, one_]) == [one_]
    placed = Condition("hospital", True, "e", min_countries=1)
    assert strongest([a, placed]) == [placed]
    u, v = Condition(UNPARSED, True, "u"), Condition(UNPARSED, True, "v")
    assert strongest([u, v]) == [u, v]

