"""The product's relevance stage on ``Partner`` objects: the track record counts
(distinct relevant projects, the lead, collaborations with members), in words."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from consortium.calls.topic import Call, Requirement
from consortium.embed.embedder import CachedEmbedder
from consortium.embed.pool_index import PoolIndex
from consortium.partners.model import Participation, Partner, Project
from consortium.rank.features import FEATURES
from consortium.rank.model import LinearRanker
from consortium.rank.relevance import LearnedRelevance

DRONES = "Drone detection with radar and acoustic sensors at airports"


def project(pid: str, text: str, year: int) -> Project:
    return Project(pid, pid.upper(), text, text, "HE", f"HORIZON-CL3-{year}-BM-01-01", year)


def pool() -> list[Partner]:
    p1, p2 = project("p1", DRONES, 2021), project("p2", DRONES + " and ports", 2022)
    p3 = project("p3", "Bakery logistics and bread delivery", 2022)
    led = Partner("1", "Lead Lab", "LEAD", "DE", "REC", False, "", [p1, p2],
                  participations=[Participation("p1", "coordinator", 600.0),
                                  Participation("p2", "participant", 100.0)])
    minor = Partner("2", "Minor Co", "MINOR", "FR", "PRC", True, "", [p1],
                    participations=[Participation("p1", "participant", 10.0)])
    baker = Partner("3", "Baker", "BAKE", "IT", "PRC", True, "", [p3],
                    participations=[Participation("p3", "coordinator", None)])
    solo = Partner("4", "Solo", "SOLO", "ES", "PRC", True, "We detect drones with radar.")
    return [led, minor, baker, solo]


def call() -> Call:
    return Call("HORIZON-CL3-2024-BM-01-02", "Counter-drone", "", "RIA", "", "test",
                {"Scope": DRONES}, [Requirement("R1", "Scope", DRONES, 1.0)])


def ranker(weights: dict[str, float]) -> LinearRanker:
    k = len(FEATURES)
    coef = np.array([weights.get(f, 0.0) for f in FEATURES])
    return LinearRanker(FEATURES, np.zeros(k), np.ones(k), coef)


def test_track_record_features_rank_the_lead_first(fake_embedder) -> None:
    index = PoolIndex(pool(), CachedEmbedder(fake_embedder, None))
    S = index.similarity(call())[0]
    rel = LearnedRelevance(ranker({"relevant_projects": 1.0, "relevant_share": 1.0,
                                   "best_project": 0.1})).fit(call(), index, S)
    scores = rel.scores()
    assert int(np.argmax(scores)) == 0
    assert scores[0] > scores[1] > scores[2]
    assert rel.reasons(0)[0] == "2 relevant projects, coordinated 1"
    # p1 and p2 have under 3 beneficiaries each: grants, not collaborative projects
    assert not any("collaborative" in r for r in rel.reasons(0))


def test_collaborations_with_members_are_named_and_move_the_score(fake_embedder) -> None:
    index = PoolIndex(pool(), CachedEmbedder(fake_embedder, None))
    S = index.similarity(call())[0]
    rel = LearnedRelevance(ranker({"co_members": 1.0})).fit(call(), index, S)
    assert rel.scores([0])[1] > rel.scores()[1]
    assert "worked with LEAD once" in rel.reasons(1, [0, 1])
    assert not any("worked with" in r for r in rel.reasons(2, [0, 2]))


def test_a_collaborator_is_named_as_the_report_tables_name_it(fake_embedder) -> None:
    """Part A and the matrix show the display label; "worked with" must say the same,
    not a long short name ("INSTYTUT TECHNIK ..." where Part A says ITTI)."""
    partners = pool()
    partners[0] = replace(partners[0], name="ITTI SP ZOO",
                          short_name="INSTYTUT TECHNIK TELEKOMUNIKACYJNYCH")
    index = PoolIndex(partners, CachedEmbedder(fake_embedder, None))
    S = index.similarity(call())[0]
    rel = LearnedRelevance(ranker({"co_members": 1.0})).fit(call(), index, S)
    assert partners[0].display_label == "ITTI"
    assert "worked with ITTI once" in rel.reasons(1, [0, 1])


def test_a_registry_member_without_projects_is_ranked_by_its_text(fake_embedder) -> None:
    index = PoolIndex(pool(), CachedEmbedder(fake_embedder, None))
    S = index.similarity(call())[0]
    rel = LearnedRelevance(ranker({"best_project": 1.0})).fit(call(), index, S)
    scores = rel.scores()
    assert scores[3] > scores[2]           # its own description fits; the bakery does not


def test_fill_puts_who_has_worked_with_the_consortium_first(fake_embedder) -> None:
    from consortium.pipeline import ConsortiumBuilder

    def fill(weights: dict[str, float]) -> list[tuple[str, list[str]]]:
        builder = ConsortiumBuilder(CachedEmbedder(fake_embedder, None),
                                    relevance=LearnedRelevance(ranker(weights)))
        report = builder.fit(call(), pool()).fill(["LEAD"], top=3)
        return [(c.label, c.why) for c in report.candidates]

    # LEAD covers the topic: no candidate adds coverage, and the ranker decides.
    ranked = fill({"co_members": 1.0})
    assert ranked[0] == ("MINOR", ["1 relevant project", "worked with LEAD once"])
    assert fill({"co_members": -1.0})[0][0] != "MINOR"
