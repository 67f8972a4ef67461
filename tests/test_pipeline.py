from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from consortium.calls.topic import load_call
from consortium.embed.embedder import CachedEmbedder, EmbeddingCache
from consortium.errors import ConsortiumError
from consortium.partners.pool import load_partners
from consortium.pipeline import ConsortiumBuilder
from consortium.score.coverage import ScoreWeights
from consortium.search.problem import SearchConfig
from consortium.search.rules import Rules

DATA = Path(__file__).parent / "data"


@pytest.fixture
def builder(fake_embedder, tmp_path: Path) -> ConsortiumBuilder:
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    return ConsortiumBuilder(embedder, config=SearchConfig(min_size=3, max_size=4)).fit(
        load_call(DATA / "topic.md"), load_partners(DATA / "partners.csv"))


def test_suggest_covers_each_requirement_with_the_matching_partner(builder) -> None:
    report = builder.suggest()
    labels = {m.short_name for m in report.members}
    assert {"AERO", "IML", "ISPC"} <= labels
    assert "BAKE" not in labels
    assert report.eligibility.eligible and report.diversity.n_countries >= 3
    by_id = {q.id: q for q in report.requirements}
    assert by_id["R1"].partner in {"AERO", "SEADRONE"}
    assert "unmanned" in by_id["R1"].evidence.lower()
    assert by_id["R2"].partner in {"IML", "DFLO"}
    assert report.members[0].role == "coordinator"
    assert all(m.role == "beneficiary" for m in report.members[1:])


def test_third_country_partners_only_when_included(builder) -> None:
    assert "TFI" not in {m.short_name for m in builder.suggest().members}
    report = builder.suggest(include=["TFI"])
    assert report.members[0].short_name == "TFI" and report.members[0].included
    # IML excluded: DFLO (Norway) takes forensics; TFI (United States) is never proposed
    without = builder.suggest(exclude=["IML"])
    assert sorted(m.short_name for m in without.members) == ["AERO", "DFLO", "ISPC"]
    builder.third_countries = True
    # with third countries, TFI's closer forensics text wins R2; it does not count for the
    # eligibility rule, so a third eligible country (SEADRONE, Portugal) joins as well
    report = builder.suggest(exclude=["IML"])
    assert sorted(m.short_name for m in report.members) == ["AERO", "ISPC", "SEADRONE", "TFI"]
    assert {q.id: q.partner for q in report.requirements}["R2"] == "TFI"
    assert report.eligibility.eligible
    assert report.eligibility.reasons == ["partners from US do not count towards the rule"]


def test_score_reports_gaps_of_a_given_consortium(builder) -> None:
    report = builder.score(["BAKE", "UNIBO", "AERO"])
    assert [m.short_name for m in report.members] != []
    assert "R2" in report.gaps and "R1" not in report.gaps
    assert report.coverage < builder.suggest().coverage


def test_unknown_member_is_named(builder) -> None:
    with pytest.raises(ConsortiumError, match="NOPE"):
        builder.score(["NOPE"])


def test_each_passage_is_embedded_once(fake_embedder, tmp_path: Path) -> None:
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    partners = load_partners(DATA / "partners.csv")
    twin = load_partners(DATA / "partners.csv")
    for p in twin:
        p.id = f"{p.id}-twin"
    call = load_call(DATA / "topic.md")
    ConsortiumBuilder(embedder).fit(call, partners + twin)
    passages = {t for p in partners for t in p.passages()}
    assert sorted(fake_embedder.encoded) == sorted([r.text for r in call.requirements]
                                                   + list(passages))


def test_topic_police_condition_is_enforced(fake_embedder, tmp_path: Path) -> None:
    topic = (DATA / "topic.md").read_text().replace(
        "## Scope\n", "## Scope\nThe active involvement, as beneficiaries, of at least 2 Police "
        "Authorities from at least 2 different EU Member States or Associated Countries is "
        "mandatory.\n")
    (tmp_path / "topic.md").write_text(topic)
    rows = (DATA / "partners.csv").read_text() + (
        "Politie Nederland,POLNL,NL,PUB,no,National police force of the Netherlands.\n"
        "Policia Judiciaria,PJ,PT,PUB,no,Criminal police of Portugal.\n")
    (tmp_path / "partners.csv").write_text(rows)
    call = load_call(tmp_path / "topic.md")
    assert any(c.role == "police authority" and c.min_countries == 2 for c in call.conditions)
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    builder = ConsortiumBuilder(embedder, config=SearchConfig(min_size=3, max_size=5)).fit(
        call, load_partners(tmp_path / "partners.csv"))
    report = builder.suggest(n_alternatives=2)
    partners = {p.id: p for p in builder.partners_}
    police = [m for m in report.members if partners[m.id].practitioner == "police"]
    assert len(police) >= 2 and len({m.country for m in police}) >= 2
    assert any(c.startswith("topic condition: police authority") for c in report.constraints)
    for alt in report.alternatives:
        found = [partners[i] for i in alt.member_ids if partners[i].practitioner == "police"]
        assert len(found) >= 2 and len({p.country for p in found}) >= 2
    relaxed = ConsortiumBuilder(embedder, config=SearchConfig(min_size=3, max_size=5),
                                rules=Rules(topic_conditions=False)).fit(
        call, load_partners(tmp_path / "partners.csv"))
    assert not any(c.startswith("topic condition") for c in relaxed.suggest().constraints)


def test_experienced_coordinator_rule(fake_embedder, tmp_path: Path) -> None:
    lines = (DATA / "partners.csv").read_text().splitlines()
    rows = [lines[0] + ",coordinated"] + [
        line + (",2" if line.startswith("Universita di Bologna") else ",0") for line in lines[1:]]
    (tmp_path / "p.csv").write_text("\n".join(rows) + "\n")
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    builder = ConsortiumBuilder(embedder, config=SearchConfig(min_size=3, max_size=4),
                                rules=Rules(experienced_coordinator=True)).fit(
        load_call(DATA / "topic.md"), load_partners(tmp_path / "p.csv"))
    report = builder.suggest()
    assert report.members[0].short_name == "UNIBO" and report.members[0].role == "coordinator"
    with pytest.raises(ConsortiumError, match="coordinator with a track record"):
        builder.suggest(exclude=["UNIBO"])


def test_max_per_organisation_counts_entities_sharing_a_name(fake_embedder,
                                                             tmp_path: Path) -> None:
    # One legal identity: the same name (case and accents folded) in the same country.
    rows = (DATA / "partners.csv").read_text() + (
        "Forensic Drone Institute,FDI-A,FI,REC,no,Unmanned aerial drones for border "
        "surveillance and forensic laboratory analysis of digital evidence for police.\n")
    (tmp_path / "p.csv").write_text(rows)
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    call, partners = load_call(DATA / "topic.md"), load_partners(tmp_path / "p.csv")
    # The same entity under a second id, as CORDIS lists some (VTT twice).
    partners.append(dataclasses.replace(partners[-1], id="FDI-2", short_name="FDI-B",
                                        name="FORENSIC DRONE INSTITUTE"))
    free = ConsortiumBuilder(embedder, config=SearchConfig(min_size=4, max_size=4),
                             rules=Rules(max_per_organisation=None)).fit(call, partners)
    assert {"FDI-A", "FDI-B"} <= {m.short_name for m in free.suggest(["FDI-A", "FDI-B"]).members}
    # text only (relevance weight 0): the cap is the question here, not the ranker's taste
    capped = ConsortiumBuilder(embedder, ScoreWeights(relevance=0.0), config=SearchConfig(
        min_size=4, max_size=4)).fit(call, partners)   # one entity per organisation
    assert len({"FDI-A", "FDI-B"} & {m.short_name for m in capped.suggest().members}) == 1
    with pytest.raises(ConsortiumError, match="at most 1 entities per organisation"):
        capped.suggest(["FDI-A", "FDI-B"])


def test_report_lists_the_predecessor_projects_and_who_took_part(fake_embedder,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "projects.csv").write_text(
        "id,acronym,title,objective,programme,topic,start_year\n"
        "101,EURMARS,Maritime surveillance,Drones for border surveillance at sea.,HORIZON,"
        "HORIZON-CL3-2021-BM-01-01,2022\n"
        "102,OTHER,Other work,Forensic analysis of digital evidence.,HORIZON,"
        "HORIZON-CL3-2022-FCT-01-01,2023\n")
    (tmp_path / "p.csv").write_text(
        "id,name,short_name,country,type,sme,description,projects\n"
        "1,Aerial Robotics GmbH,AERO,DE,PRC,yes,Unmanned aerial drones for borders.,101\n"
        "2,Institute of Forensic Science,IFS,FR,REC,no,Forensic laboratory analysis.,102\n"
        "3,Border Police Academy,BPA,PL,PUB,no,Training of border guards.,101\n"
        "4,University of Lisbon,ULIS,PT,HES,no,Research on police training.,\n")
    topic = (DATA / "topic.md").read_text().replace(
        "in field trials.", "in field trials. Proposals should build on the results of "
        "projects funded under HORIZON-CL3- 2021-BM-01-01.")
    (tmp_path / "topic.md").write_text(topic)
    call = load_call(tmp_path / "topic.md")
    assert call.predecessors == ["HORIZON-CL3-2021-BM-01-01"]
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    builder = ConsortiumBuilder(embedder, config=SearchConfig(min_size=3, max_size=3)).fit(
        call, load_partners(tmp_path / "p.csv"))
    (found,) = builder.score(["AERO", "IFS", "ULIS"]).predecessors
    assert found.topic == "HORIZON-CL3-2021-BM-01-01"
    assert found.projects == ["EURMARS (HORIZON 2022)"]
    assert found.partners == ["AERO", "BPA"] and found.in_consortium == ["AERO"]
