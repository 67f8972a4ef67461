"""Facilities in the cluster map and the radar (issue #24), on the invented example
registry with its two invented cluster tags, with the fake embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from consortium.calls.topic import load_call
from consortium.cli.main import cli
from consortium.embed.embedder import CachedEmbedder
from consortium.embed.pool_index import PoolIndex
from consortium.errors import InputError
from consortium.partners.pool import load_partners
from consortium.scout.cluster_map import cluster_map
from consortium.scout.radar import radar

EXAMPLES = Path(__file__).resolve().parents[2] / "partners" / "examples"
REGISTRY = EXAMPLES / "facilities.csv"
TOPIC = EXAMPLES / "maritime-demo-topic.md"
PLAIN = """---
id: EXAMPLE-PLAIN-01
title: Video analytics
---
## Expected Outcome
- Better video analytics and anomaly detection for control rooms.
## Scope
Proposals should develop artificial intelligence for video analytics dashboards.
"""


@pytest.fixture
def index(fake_embedder) -> PoolIndex:
    return PoolIndex(load_partners(REGISTRY), CachedEmbedder(fake_embedder, None))


def test_the_map_says_which_cluster_holds_the_range(index: PoolIndex) -> None:
    topic = cluster_map([load_call(TOPIC)], index).topics[0]
    by = {c.cluster: c for c in topic.clusters}
    assert any(f.startswith("NMTR: R4") and "Maritime test range" in f
               for f in by["NORTH-EX"].facilities)
    assert not any("Maritime test range" in f for f in by["SOUTH-EX"].facilities)


def test_radar_ranks_topics_by_the_cluster_facilities(index: PoolIndex,
                                                      tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text(PLAIN, encoding="utf-8")
    calls = [load_call(plain), load_call(TOPIC)]
    by_facilities = radar(calls, index, cluster="NORTH-EX", rank_by="facilities")
    first, second = by_facilities.rows
    assert first.call_id == "EXAMPLE-MARITIME-DEMO-01" and first.facility_fit > 0
    assert "R4 (NMTR)" in first.facilities and first.n_validation == 2
    assert (second.facility_fit, second.facilities, second.n_validation) == (0.0, [], 0)
    assert "facilities" in by_facilities.fit_means
    with pytest.raises(InputError, match="not one of"):
        radar(calls, index, cluster="NORTH-EX", rank_by="budget")


def test_radar_and_map_commands_show_facilities(use_fake_embedder, tmp_path: Path) -> None:
    folder = tmp_path / "topics"
    folder.mkdir()
    shutil.copy(TOPIC, folder / TOPIC.name)
    runner = CliRunner()
    shown = runner.invoke(cli, ["radar", "--partners", str(REGISTRY), "--calls", str(folder),
                                "--cluster", "NORTH-EX", "--rank-by", "facilities",
                                "--no-progress"], catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    assert "Facility fit" in shown.output and "R4 (NMTR)" in shown.output
    out = tmp_path / "map.md"
    mapped = runner.invoke(cli, ["clusters", "map", str(TOPIC), "--partners", str(REGISTRY),
                                 "--no-progress", "--out", str(out)], catch_exceptions=False)
    assert mapped.exit_code == 0, mapped.output
    assert "Facilities for validation" in out.read_text(encoding="utf-8")
