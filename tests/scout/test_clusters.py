"""Cross-cluster map and ``suggest --min-clusters``, with the fake embedder."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from consortium.calls.topic import load_call
from consortium.cli.main import cli
from consortium.embed.embedder import CachedEmbedder
from consortium.embed.pool_index import PoolIndex
from consortium.errors import InputError
from consortium.partners.pool import load_partners
from consortium.scout.cluster_map import cluster_map

from .test_scout import write_calls, write_pool


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_map_says_who_covers_what_and_who_complements_whom(tmp_path, fake_embedder) -> None:
    pool, calls = write_pool(tmp_path), write_calls(tmp_path)
    index = PoolIndex(load_partners(pool), CachedEmbedder(fake_embedder, None))
    result = cluster_map([load_call(calls / "T-BORDER.md")], index)
    assert result.clusters == ["DE-C", "DK-C", "FI-C", "FR-C", "NL-C"]
    topic = result.topics[0]
    r1, r2, r3 = topic.requirements
    assert (r1.best_cluster, r2.best_cluster, r3.best_cluster) == ("DE-C", "FR-C", "NL-C")
    # the police academy training border guards shares "border": related work to check
    assert r1.reached_by == ["DE-C", "NL-C"]
    assert [c.member for c in r2.cells if c.cluster == "FR-C"] == ["IML"]
    summary = {s.cluster: s for s in topic.clusters}
    assert summary["FR-C"].unique == ["R2"] and summary["DE-C"].unique == []
    assert summary["DK-C"].unique == []
    assert summary["NL-C"].leads == ["R3"] and summary["DK-C"].leads == []
    assert summary["FI-C"].members == 2 and summary["DK-C"].covered == 0
    best_pair, best_trio = topic.combinations[0], topic.combinations[3]
    assert len(best_pair.clusters) == 2 and best_pair.gain > 0
    assert best_trio.clusters == ["DE-C", "FR-C", "NL-C"]
    assert best_trio.coverage > best_pair.coverage
    only = cluster_map([load_call(calls / "T-BORDER.md")], index, only=["fi-c", "de-c"])
    assert only.clusters == ["DE-C", "FI-C"]
    with pytest.raises(InputError, match="no partner has this cluster tag"):
        cluster_map([], index, only=["HSD"])
    with pytest.raises(InputError, match="at least 2 clusters"):
        cluster_map([], index, only=["FI-C"])


def test_map_command_writes_every_table(use_fake_embedder, tmp_path) -> None:
    pool, calls = write_pool(tmp_path), write_calls(tmp_path)
    out = tmp_path / "map.xlsx"
    code, text = run("clusters", "map", "T-BORDER", "T-FLOOD", "--calls", str(calls),
                     "--partners", str(pool), "--out", str(out))
    assert code == 0, text
    assert "Cross-cluster map" in text and "FI-C" in text
    book = load_workbook(out)
    assert book.sheetnames == ["about", "clusters", "who-covers-what", "combinations"]
    sheet = book["who-covers-what"]
    header = [c.value for c in sheet[1]]
    assert header[5:] == ["DE-C", "DK-C", "FI-C", "FR-C", "NL-C"]
    assert sheet.max_row == 1 + 6        # two topics, three requirements each
    code, text = run("clusters", "map", "--calls", str(calls), "--only", "flood",
                     "--partners", str(pool), "--out", str(tmp_path / "map.md"))
    md = (tmp_path / "map.md").read_text()
    assert "## Who covers what" in md and "T-FLOOD" in md and "T-BORDER" not in md


# --- suggest --min-clusters ----------------------------------------------------------------

TOPIC = """---
id: T-MIN
title: Two clusters would do
type_of_action: RIA
---
## Expected Outcome
- unmanned aerial drones border surveillance
- forensic laboratory digital evidence
- training police officers border guards
- flood forecasting early warning
"""


def min_cluster_pool(folder: Path) -> Path:
    """Strong partners in clusters X and Y only; Z has one irrelevant member, so only the
    constraint can bring it in. The untagged partner never counts as a cluster."""
    rows = [("Drone Co", "DRONE", "DE", "PRC", "X", "unmanned aerial drones border surveillance"),
            ("Forensic Lab", "LAB", "FR", "REC", "X", "forensic laboratory digital evidence"),
            ("Police School", "SCHOOL", "NL", "PUB", "Y", "training police officers border"),
            ("Flood Centre", "FLOODC", "DK", "REC", "Y", "flood forecasting early warning"),
            ("Bakery", "BAKE", "FI", "PRC", "Z", "bread pastry ovens flour"),
            ("Mill", "MILL", "BE", "PRC", "", "grain flour milling stones")]
    path = folder / "members.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "short_name", "country", "type", "cluster", "description"])
        writer.writerows(rows)
    (folder / "t-min.md").write_text(TOPIC, encoding="utf-8")
    return path


def suggest(folder: Path, *extra: str) -> tuple[int, str, dict]:
    out = folder / "s.json"
    code, text = run("suggest", str(folder / "t-min.md"), "--partners",
                     str(min_cluster_pool(folder)), "--size", "3..6", "--no-progress",
                     "--out", str(out), *extra)
    return code, text, json.loads(out.read_text()) if code == 0 else {}


def test_min_clusters_brings_in_a_third_cluster(use_fake_embedder, tmp_path) -> None:
    tags = {"DRONE": "X", "LAB": "X", "SCHOOL": "Y", "FLOODC": "Y", "BAKE": "Z", "MILL": ""}
    code, text, plain = suggest(tmp_path)
    assert code == 0, text
    assert {tags[m["short_name"]] for m in plain["members"]} == {"X", "Y"}
    code, text, three = suggest(tmp_path, "--min-clusters", "3")
    assert code == 0, text
    assert {tags[m["short_name"]] for m in three["members"]} == {"X", "Y", "Z"}
    assert three["eligibility"]["eligible"]
    assert "members from at least 3 clusters" in three["constraints"]
    code, text, _ = suggest(tmp_path, "--min-clusters", "4")   # the untagged MILL is no 4th
    assert code != 0 and "members from at least 4 clusters" in text


# --- the shipped example pools -------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_example_pools_rebuild_identically_and_say_they_are_stand_ins(tmp_path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_cluster_pools", ROOT / "scripts" / "build_cluster_pools.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.build(ROOT / "partners" / "cordis-security", tmp_path)
    shipped = ROOT / "partners" / "clusters"
    for name in ("partners.csv", "projects.csv", "README.md"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
    partners = load_partners(shipped / "partners.csv")
    assert {p.clusters[0] for p in partners} == {"NL", "FR", "DK", "FI", "DE"}
    assert all(p.clusters == [p.country] and p.projects for p in partners)
    readme = (shipped / "README.md").read_text()
    assert "not the clusters' member lists" in readme and "Source: CORDIS" in readme
