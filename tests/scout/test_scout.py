"""Scouting and the call radar, with the fake embedder (shared words = similar)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from consortium.calls.topic import load_call
from consortium.cli.main import cli
from consortium.embed.embedder import CachedEmbedder
from consortium.embed.pool_index import PoolIndex
from consortium.errors import InputError
from consortium.partners.pool import load_partners
from consortium.pipeline import ConsortiumBuilder
from consortium.scout.radar import radar
from consortium.scout.scouting import (
    PartnerFilter,
    distinct_labels,
    greedy_core,
    scout,
    select_calls,
)

TOPIC = """---
id: {id}
title: {title}
call: TEST-CL3
type_of_action: RIA
deadline: {deadline}
budget_min: 3000000
budget_max: 4000000
---
## Expected Outcome
- {a}
- {b}

## Scope
- {c}
"""

POOL = [  # name, short, country, type, sme, cluster, description
    ("Aerial Robotics GmbH", "AERO", "DE", "PRC", "yes", "DE-C",
     "unmanned aerial drones border surveillance sea land"),
    ("Institut Medico-Legal", "IML", "FR", "REC", "no", "FR-C",
     "forensic laboratory digital evidence police investigations"),
    ("Police Academy", "POLAC", "NL", "PUB", "no", "NL-C",
     "training curricula police officers border guards"),
    ("Flood Institute", "FLOOD", "FI", "REC", "no", "FI-C",
     "flood forecasting river basins early warning"),
    ("Grid Guard Oy", "GRID", "FI", "PRC", "yes", "FI-C",
     "power grid cyber attacks substations resilience"),
    ("Bakery Ltd", "BAKE", "DK", "PRC", "yes", "DK-C", "bread pastry ovens flour"),
]


def write_pool(folder: Path) -> Path:
    path = folder / "pool.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "short_name", "country", "type", "sme", "cluster",
                         "description"])
        writer.writerows(POOL)
    return path


def write_calls(folder: Path) -> Path:
    calls = folder / "calls"
    calls.mkdir()
    topics = [
        ("T-BORDER", "Border drones", "2026-11-05", "unmanned aerial drones border surveillance",
         "forensic laboratory digital evidence", "training police officers border guards"),
        ("T-FLOOD", "Floods and grids", "2027-11-04", "flood forecasting early warning",
         "power grid cyber attacks substations", "river basins resilience"),
        ("T-NODATE", "No deadline", "", "bread ovens", "flour pastry", "bakery"),
    ]
    for tid, title, deadline, a, b, c in topics:
        (calls / f"{tid}.md").write_text(TOPIC.format(id=tid, title=title, deadline=deadline,
                                                      a=a, b=b, c=c), encoding="utf-8")
    return calls


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    return write_pool(tmp_path), write_calls(tmp_path)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def index_of(pool: Path, fake_embedder) -> PoolIndex:
    return PoolIndex(load_partners(pool), CachedEmbedder(fake_embedder, None))


def test_index_similarity_is_the_builders(setup, fake_embedder) -> None:
    pool, calls = setup
    call = load_call(calls / "T-BORDER.md")
    partners = load_partners(pool)
    builder = ConsortiumBuilder(CachedEmbedder(fake_embedder, None)).fit(call, partners)
    S, evidence = index_of(pool, fake_embedder).similarity(call)
    np.testing.assert_allclose(S, builder.fitted_.match.S, atol=1e-6)
    assert (evidence == builder.fitted_.match.evidence).all()


def test_scout_ranks_the_matching_partners_first(setup, fake_embedder) -> None:
    pool, calls = setup
    report = scout(load_call(calls / "T-BORDER.md"), index_of(pool, fake_embedder), top=6)
    labels = [row.short_name for row in report.partners]
    assert set(labels[:3]) == {"AERO", "IML", "POLAC"}
    assert labels[-1] in {"BAKE", "FLOOD", "GRID"} and report.partners[-1].fit < 0.1
    aero = next(r for r in report.partners if r.short_name == "AERO")
    assert aero.covered == ["R1"] and aero.evidence[0].requirement == "R1"
    assert "drones" in aero.evidence[0].text and aero.evidence[0].source == "profile"


def test_filters_keep_only_the_asked_partners(setup) -> None:
    partners = load_partners(setup[0])
    assert [p.short_name for p in PartnerFilter(countries=("Finland",)).apply(partners)] \
        == ["FLOOD", "GRID"]
    assert [p.short_name for p in PartnerFilter(sme=True, types=("prc",),
                                                clusters=("fi-c",)).apply(partners)] == ["GRID"]
    with pytest.raises(InputError, match="unknown country"):
        PartnerFilter(countries=("Atlantis",)).apply(partners)


def test_greedy_core_stops_when_a_member_adds_too_little() -> None:
    S = np.array([[0.9, 0.0, 0.1], [0.0, 0.8, 0.1], [0.0, 0.0, 0.105]], np.float32)
    w = np.ones(3, np.float32)
    assert greedy_core(S, w, size=3) == [0, 1, 2]
    assert greedy_core(S, w, size=3, min_gain=0.05) == [0, 1]
    assert greedy_core(S, w, start=[2], candidates=[1, 2], size=4) == [2, 1]


def test_core_labels_name_the_id_when_two_members_share_a_label(setup) -> None:
    partners = load_partners(setup[0])
    partners[1].short_name = "AERO"
    assert distinct_labels(partners, [0, 1, 2]) == [f"AERO ({partners[0].id})",
                                                    f"AERO ({partners[1].id})", "POLAC"]


def test_radar_ranks_topics_for_a_cluster_and_a_member(setup, fake_embedder) -> None:
    pool, calls = setup
    topics = [load_call(calls / f"{t}.md") for t in ("T-BORDER", "T-FLOOD")]
    index = index_of(pool, fake_embedder)
    for_fi = radar(topics, index, cluster="fi-c", core_size=3)
    assert [r.call_id for r in for_fi.rows] == ["T-FLOOD", "T-BORDER"]
    assert set(for_fi.rows[0].core) == {"FLOOD", "GRID"}    # only the cluster's members
    assert for_fi.rows[0].budget == "3.0–4.0 M" and for_fi.rows[0].deadline == "2027-11-04"
    for_aero = radar(topics, index, member="AERO")
    assert for_aero.rows[0].call_id == "T-BORDER" and for_aero.rows[0].core[0] == "AERO"
    assert set(for_aero.rows[0].core) == {"AERO", "IML", "POLAC"}  # complements from the pool
    assert for_aero.rows[0].fit < for_aero.rows[0].core_coverage
    # where the learned ranker puts the member among the pool: a text-only pool is
    # ranked by coverage, so AERO (drones) comes first for the border topic, not for floods
    by_topic = {r.call_id: r.pool_rank for r in for_aero.rows}
    assert by_topic["T-BORDER"] == 1 and 1 < by_topic["T-FLOOD"] <= len(index.partners)
    assert all(r.pool_rank == 0 for r in for_fi.rows)
    with pytest.raises(InputError, match="the pool's tags are"):
        radar(topics, index, cluster="HSD")


def test_radar_embeds_each_passage_once_for_all_topics(setup, fake_embedder) -> None:
    pool, calls = setup
    topics = [load_call(calls / f"{t}.md") for t in ("T-BORDER", "T-FLOOD", "T-NODATE")]
    radar(topics, index_of(pool, fake_embedder))
    for _, _, _, _, _, _, description in POOL:
        assert fake_embedder.encoded.count(description) == 1


def test_select_calls_by_deadline_and_id(setup) -> None:
    calls = [load_call(p) for p in sorted(setup[1].iterdir())]
    kept, skipped = select_calls(calls, open_after="2027-01-01")
    assert [c.id for c in kept] == ["T-FLOOD"]
    assert skipped == ["T-NODATE: no deadline in the topic text"]
    kept, skipped = select_calls(calls, only=["border", "nodate"])
    assert [c.id for c in kept] == ["T-BORDER", "T-NODATE"] and not skipped


def test_scout_command_filters_and_exports(use_fake_embedder, setup, tmp_path) -> None:
    pool, calls = setup
    base = ["scout", str(calls / "T-FLOOD.md"), "--partners", str(pool), "--no-progress"]
    code, out = run(*base, "--country", "FI,DE", "--top", "2", "--out",
                    str(tmp_path / "s.csv"))
    assert code == 0, out
    rows = list(csv.reader(io.StringIO((tmp_path / "s.csv").read_text("utf-8-sig"))))
    assert rows[0][:2] == ["Rank", "Partner"] and len(rows) == 4   # header, 2, attribution
    assert {rows[1][1], rows[2][1]} == {"FLOOD", "GRID"} and "CORDIS" in rows[3][0]
    code, out = run(*base, "--cluster", "DK-C", "--out", str(tmp_path / "s.json"))
    data = json.loads((tmp_path / "s.json").read_text())
    assert [p["short_name"] for p in data["partners"]] == ["BAKE"]
    assert data["filters"] == ["cluster DK-C"] and data["considered"] == 1
    code, out = run(*base, "--out", str(tmp_path / "s.xlsx"))
    book = load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames == ["about", "partners", "evidence", "requirements"]
    code, out = run(*base, "--out", str(tmp_path / "s.md"))
    text = (tmp_path / "s.md").read_text()
    assert "## Partners ranked by learned relevance" in text and "| 1 | FLOOD |" in text
    code, out = run(*base, "--sme", "--type", "PUB")
    assert code != 0 and "no partner in the pool passes the filters" in out
    assert "together they leave none" in out
    # A filter that leaves nothing on its own is named, with what the pool holds.
    code, out = run(*base, "--cluster", "NOSUCHTAG")
    assert code != 0 and "--cluster leaves none" in out and "cluster tags" in out
    code, out = run(*base, "--out", str(tmp_path / "s.docx"))
    assert code != 0 and "not offered" in out


def test_radar_command_warm_cache_and_html(use_fake_embedder, setup, tmp_path) -> None:
    pool, calls = setup
    args = ["radar", "--partners", str(pool), "--calls", str(calls), "--cluster", "FI-C",
            "--open-after", "2026-01-01", "--no-progress"]
    code, out = run(*args, "--out", str(tmp_path / "r.html"))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "Call radar for cluster FI-C (2 members)"
    assert lines[3].split()[:2] == ["1", "T-FLOOD"]
    # One line counts the topics left out; --verbose and the file list them (#21).
    assert "1 topic left out (no deadline in the topic text: 1); --verbose lists them" in out
    assert "left out: T-NODATE" not in out
    page = (tmp_path / "r.html").read_text()
    assert "<table class=\"sortable\">" in page and "T-FLOOD" in page and "<script" in page
    assert "T-NODATE: no deadline" in page
    code, out = run(*args, "--verbose")
    assert "left out: T-NODATE: no deadline in the topic text" in out
    assert "--verbose lists them" not in out
    code, out = run(*args)
    assert "2 topics ranked" in out and "0 new texts embedded" in out
    code, out = run(*args, "--member", "AERO")
    assert code != 0 and "not both" in out
    code, out = run("radar", "--open-after", "soon")
    assert code != 0 and "not a date" in out


def test_radar_says_which_topics_were_read_without_headings(use_fake_embedder, setup,
                                                            tmp_path) -> None:
    pool, _ = setup
    export = tmp_path / "open.json"
    export.write_text(json.dumps({
        "topicId": "HORIZON-XX-2026-01", "title": "An unlabelled topic",
        "description": "Drones for wildfire detection are developed. Partners test "
                       "sensors in forests. Results feed civil protection training."}))
    result = CliRunner().invoke(cli, ["radar", "--partners", str(pool), "--calls",
                                      str(export), "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {export}:HORIZON-XX-2026-01: no 'Expected Outcome:' or "
                        "'Scope:' heading; the whole description was read as Scope"]


@pytest.mark.parametrize("terminal,extra,shown", [(True, [], True),
                                                  (True, ["--no-progress"], False),
                                                  (False, [], False)])
def test_radar_shows_a_topic_bar_on_a_terminal_only(use_fake_embedder, setup, monkeypatch,
                                                    terminal, extra, shown) -> None:
    """A first radar run is minutes of embedding topic after topic (#21): a bar says so,
    unless --no-progress or stderr is a file or pipe."""
    monkeypatch.setattr("consortium.cli.io._stderr_is_terminal", lambda: terminal)
    pool, calls = setup
    result = CliRunner().invoke(cli, ["radar", "--partners", str(pool), "--calls", str(calls),
                                      *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("Topics:" in result.stderr and "0/3 [" in result.stderr) is shown


def test_one_legal_entity_under_two_ids_is_one_row(fake_embedder) -> None:
    from consortium.calls.topic import parse_call
    from consortium.embed.embedder import CachedEmbedder
    from consortium.embed.pool_index import PoolIndex
    from consortium.partners.model import Partner
    from consortium.scout.scouting import scout

    pool = [Partner("932760440", "Teknologian tutkimuskeskus VTT Oy", "VTT", "FI", "REC",
                    False, "Drone detection with radar for border guards."),
            Partner("999901706", "TEKNOLOGIAN TUTKIMUSKESKUS VTT", "VTT", "FI", "REC", None,
                    "Drone detection and radar sensors at borders."),
            Partner("3", "Baker Oy", "BAKE", "FI", "PRC", True, "Bread and pastries.")]
    call = parse_call("## Scope\nProposals should detect drones with radar at borders.\n",
                      "T-DRONE")
    report = scout(call, PoolIndex(pool, CachedEmbedder(fake_embedder, None)), top=5)
    assert [r.short_name for r in report.partners] == ["VTT", "BAKE"] or \
        [r.short_name for r in report.partners] == ["BAKE", "VTT"]
    (vtt,) = [r for r in report.partners if r.short_name == "VTT"]
    assert len(vtt.also_ids) == 1 and {vtt.id, *vtt.also_ids} == {"932760440", "999901706"}
