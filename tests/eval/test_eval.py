"""Evaluation on a tiny CORDIS-shaped fixture (tests/data/eval): tasks, leakage masking,
both protocols and the ``eval`` command, with the fake embedder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from consortium.calls.similarity import topic_key
from consortium.cli.main import cli
from consortium.embed.embedder import CachedEmbedder, EmbeddingCache
from consortium.eval.baselines import Scorers
from consortium.eval.data import build_pool, load_track, select
from consortium.eval.protocol import RunOptions, random_consortia, run_tasks, summarise
from consortium.partners.cordis import import_organisations

DATA = Path(__file__).parents[1] / "data" / "eval"
DRONES = "HORIZON-CL3-2023-FCT-01-01"


@pytest.fixture
def embedder(fake_embedder, tmp_path: Path) -> CachedEmbedder:
    return CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))


def _ids(pool, indices) -> set[str]:
    return {pool.org_ids[i] for i in indices}


def test_topic_codes_are_joined_whatever_the_spacing() -> None:
    assert topic_key("HORIZON-CL3-2024-BM 01-04") == "HORIZON-CL3-2024-BM-01-04"
    assert topic_key(" horizon-cl3-2024-bm - 01-04 ") == "HORIZON-CL3-2024-BM-01-04"


def test_tasks_gold_excludes_associated_partners() -> None:
    pool, tasks, dev = load_track(DATA, "A")
    # the soil topic has a text but no funded project: no task
    assert [t.id for t in tasks] == [DRONES, "HORIZON-CL5-2023-D3-01-01"]
    drones = tasks[0]
    assert _ids(pool, drones.gold) == {"100", "101", "102"}      # 103 is associatedPartner
    assert _ids(pool, drones.coordinators) == {"100"}
    assert [pool.project_ids[j] for j in drones.masked] == ["1"]
    assert [t.id for t in select(tasks, "dev", dev, None)] == [DRONES]
    assert [t.id for t in select(tasks, "heldout", dev, None)] == ["HORIZON-CL5-2023-D3-01-01"]


def test_tasks_use_the_topic_id_check(tmp_path: Path) -> None:
    """A text filed under another topic's id (the lossy data.csv rows) is paired with the
    projects of the id CORDIS gives its title, or left out (consortium/topic_ids.py)."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    texts = data / "topics" / "topic_texts.csv"
    rows = texts.read_text(encoding="utf-8").splitlines()
    (drones,) = [n for n, row in enumerate(rows) if row.startswith(DRONES)]
    (solar,) = [n for n, row in enumerate(rows) if row.startswith("HORIZON-CL5-2023-D3")]
    # The drones text filed one id too high; the solar text under a title CORDIS never had.
    rows[drones] = rows[drones].replace(DRONES, "HORIZON-CL3-2023-FCT-01-02", 1) \
        .replace(",fixture,", ",mjarmak/data.csv,", 1)
    rows[solar] = rows[solar].replace("Solar battery storage for the grid,fixture,",
                                      "Wind farms at sea,mjarmak/data.csv,", 1)
    texts.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with open(data / "cordis-he" / "topics.csv", "a", encoding="utf-8") as handle:
        handle.write('"99";"HORIZON-CL3-2023-FCT-01-02";"Cyber forensics of seized devices"\n')
    pool, tasks, _ = load_track(data, "A")
    assert [t.id for t in tasks] == [DRONES]
    assert tasks[0].title == "Quasar drones for forensic police investigations"
    assert [pool.project_ids[j] for j in tasks[0].masked] == ["1"]


def _pool_without(project_id: str):
    """The pool rebuilt with one project deleted from every profile: what masking must
    be equivalent to."""
    imported = import_organisations(DATA / "cordis-he" / "organization.csv")
    del imported.projects[project_id]
    for partner in imported.partners.values():
        partner.projects = [p for p in partner.projects if p.id != project_id]
        partner.participations = [p for p in partner.participations
                                  if p.project_id != project_id]
    return build_pool([imported])


def test_masking_equals_rebuilding_profiles_without_the_topic(embedder) -> None:
    pool, tasks, _ = load_track(DATA, "A")
    task = tasks[0]
    scorers = Scorers(pool, embedder)
    rebuilt = _pool_without("1")
    clean = Scorers(rebuilt, embedder)
    order = [rebuilt.org_ids.index(i) for i in pool.org_ids]
    clean_task = type(task)(**{**task.__dict__, "masked": np.array([], dtype=np.intp)})
    assert np.allclose(scorers.similarity(task), clean.similarity(clean_task)[:, order])
    assert np.allclose(scorers.popularity(task), clean.popularity(clean_task)[order])
    assert np.allclose(scorers.bm25(task), clean.bm25(clean_task)[order])
    # and without masking the topic's own project does reach the scores
    assert not np.allclose(scorers.bm25(clean_task), scorers.bm25(task))


def test_the_topics_own_passages_never_reach_the_scores(embedder) -> None:
    pool, tasks, _ = load_track(DATA, "A")
    task = tasks[0]
    scorers = Scorers(pool, embedder)
    before = scorers.similarity(task)
    own = pool.project_passages[int(task.masked[0])]
    rng = np.random.default_rng(1)
    scorers.passage_vecs[own] = rng.normal(size=(own.size, scorers.passage_vecs.shape[1]))
    assert np.array_equal(scorers.similarity(task), before)
    police = pool.org_ids.index("102")           # its only project is the masked one
    assert before[:, police].max() == 0.0
    assert scorers.popularity(task)[police] == 0.0
    assert scorers.bm25(task)[police] == 0.0
    other = tasks[1]                              # the same corruption shows elsewhere
    assert scorers.similarity(other)[:, police].max() > 0.0


def test_experience_term_does_not_see_the_masked_coordination(embedder) -> None:
    pool, tasks, _ = load_track(DATA, "A")
    scorers = Scorers(pool, embedder)
    problem = scorers.problem(scorers.similarity(tasks[1]), tasks[1])
    experience = next(t for t in problem.terms if t.name == "experience")
    coordinator = pool.org_ids.index("200")       # coordinated project 2 only
    assert experience.values[coordinator] < 0


def test_recovery_beats_popularity_on_the_fixture(embedder) -> None:
    pool, tasks, _ = load_track(DATA, "A")
    run = run_tasks(Scorers(pool, embedder), tasks, RunOptions(ranking=True, versus=True))
    emb, pop = run.ranking["embedding"], run.ranking["popularity"]
    assert np.mean(emb["recall@size"]) > np.mean(pop["recall@size"])
    assert run.ranking["search"]["recall@100"] == [1.0, 1.0]  # the pool is smaller than 100
    summary = summarise(run)
    assert set(summary["ranking"]) == {"random", "popularity", "bm25", "embedding", "search",
                                          "title"}
    assert 0.0 <= summary["real_vs_random"]["objective"]["mean"] <= 1.0


def test_random_consortia_keep_size_and_type_mix() -> None:
    pool, tasks, _ = load_track(DATA, "A")
    task = tasks[0]
    draws = random_consortia(pool, task, np.random.default_rng(0), count=20)
    assert len(draws) == 20
    for d in draws:
        assert sorted(pool.org_type[d]) == sorted(pool.org_type[task.gold])
        assert not set(d.tolist()) & set(task.gold.tolist())
        assert len(set(d.tolist())) == d.size


def test_security_tasks_leave_one_project_out() -> None:
    pool, tasks, dev = load_track(DATA, "C")
    assert [t.id for t in tasks] == ["SEC-01-2016/9001", "SEC-01-2016/9002",
                                     "SEC-02-2016/9003", "SEC-02-2016/9004"]
    first = tasks[0]
    assert "Thermal cameras on drones" in first.query       # the sibling's objective
    assert "patrol the border" not in first.query            # never its own
    assert {pool.project_ids[j] for j in first.masked} == {"9001", "9002"}
    assert _ids(pool, first.gold) == {"500", "501", "502"}
    assert len(select(tasks, "dev", dev, None)) == 2


@pytest.mark.parametrize("track", ["A", "B", "BH", "C", "D"])
def test_eval_command(use_fake_embedder, tmp_path: Path, track: str) -> None:
    out = tmp_path / "results.json"
    result = CliRunner().invoke(cli, ["eval", "--track", track, "--data", str(DATA),
                                      "--topics", "heldout" if track == "A" else "dev",
                                      "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["track"] == track and data["tasks"] >= 1
    if track in "AC":
        assert "| embedding |" in result.output
        assert 0.0 <= data["summary"]["ranking"]["bm25"]["recall@50"]["mean"] <= 1.0
    if track in "BC":
        assert "| objective |" in result.output
    assert "removed from every profile" in data["leakage"]


def test_eval_command_refuses_an_empty_selection(use_fake_embedder, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("NOT-A-TOPIC\n")
    result = CliRunner().invoke(cli, ["eval", "--track", "A", "--data", str(DATA),
                                      "--topics", str(ids)])
    assert result.exit_code != 0
    assert "no eligible topic" in result.output


SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.skipif(not (SHARED / "cordis-h2020-security").is_dir(),
                    reason="needs ../shared/data")
def test_shared_security_data_has_the_dev_split() -> None:
    pool, tasks, dev = load_track(SHARED, "C")
    assert len(dev) == 31
    chosen = select(tasks, "dev", dev, None)
    assert chosen and all(t.gold.size >= 3 for t in chosen)
    index = {p: j for j, p in enumerate(pool.project_ids)}
    for t in chosen:  # the gold project's own text is never in its query
        own = index[t.id.split("/", 1)[1]]
        assert own in t.masked.tolist()
        assert pool.project_text[own] not in t.query


def test_learned_tracks_rank_without_the_seeds_and_match_experience(embedder) -> None:
    from consortium.eval.completion import SETTINGS, seeds_of
    from consortium.eval.learned import Learned
    from consortium.eval.protocol import experience_deciles
    from consortium.rank.model import load_ranker

    pool, tasks, _ = load_track(DATA, "A")
    scorers = Scorers(pool, embedder)
    learned = Learned(scorers, load_ranker())
    run = run_tasks(scorers, tasks, RunOptions(ranking=True, completion=True, versus=True,
                                               hard=True), learned)
    assert "learned" in run.ranking and f"{SETTINGS[0]}: learned" in run.ranking
    for record, task in zip(run.tasks, tasks):
        seeds = seeds_of(task, SETTINGS[0], np.random.default_rng(0))
        assert seeds.tolist() == task.coordinators[:1].tolist()
        assert set(record["completion"][SETTINGS[0]]) >= {"learned", "co-participation"}
    popularity = scorers.popularity(tasks[0])
    deciles = experience_deciles(popularity)
    assert (deciles[popularity == 0] == -1).all()
    draws = random_consortia(pool, tasks[0], np.random.default_rng(0), 5, deciles)
    for d in draws:   # B-hard: same type and experience decile, member for member
        assert sorted(zip(pool.org_type[d], deciles[d])) == sorted(
            zip(pool.org_type[tasks[0].gold], deciles[tasks[0].gold]))
