"""Topic conditions published outside the topic text (consortium/published_conditions.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from consortium.calls.conditions import POLICE
from consortium.calls.folder import resolve_call
from consortium.calls.published import DATA, published_conditions, with_published
from consortium.calls.topic import load_call, parse_call
from consortium.cli.main import cli
from consortium.resources import bundled_dir

CALLS = bundled_dir("calls")


def test_every_row_has_a_source_and_reads_as_a_required_condition() -> None:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["source"].startswith("https://") and row["retrieved"]
        found = published_conditions(row["topic"])
        assert found and all(c.required and c.min_entities for c in found), row["topic"]


def test_a_bundled_2024_topic_gets_its_published_police_condition() -> None:
    call = load_call(resolve_call("HORIZON-CL3-2024-FCT-01-04", CALLS))
    police = [c for c in call.conditions if c.role == POLICE]
    assert [(c.min_entities, c.min_countries, c.required) for c in police] == [(3, 3, True)]
    assert "published topic condition" in police[0].sentence
    assert "peeref.com" in police[0].sentence


def test_a_condition_in_the_text_wins_over_the_published_one() -> None:
    text = ("---\nid: HORIZON-CL3-2024-FCT-01-01\n---\n## Expected Outcome\n"
            "Police Authorities are provided with modern tools to investigate crime.\n"
            "## Scope\nThis topic requires the active involvement, as beneficiaries, of at "
            "least 2 Police Authorities from at least 2 different EU Member States or "
            "Associated Countries.\n")
    call = parse_call(text, source="t.md")
    police = [c for c in call.conditions if c.role == POLICE]
    assert [(c.min_entities, c.min_countries) for c in police] == [(2, 2)]
    assert "published" not in police[0].sentence
    assert with_published("NOT-A-TOPIC", []) == []


def test_check_reports_the_published_condition_as_not_met(use_fake_embedder,
                                                          tmp_path: Path) -> None:
    team = tmp_path / "team.txt"
    team.write_text("Fraunhofer\nFOI\nUPM\n")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["check", "HORIZON-CL3-2024-FCT-01-01", "--consortium",
                                      str(team), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "NOT eligible" in result.output and "police authority>=3/3c" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    police = [c for c in report["conditions"] if c["condition"].startswith("police")]
    assert police and police[0]["status"] == "not met"
