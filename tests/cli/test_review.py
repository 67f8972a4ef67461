"""Reviewer mode (`check`) and gap filling (`fill`) on the bundled pool and calls."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from consortium.cli.main import cli
from consortium.errors import InputError
from consortium.partners.consortium_file import read_consortium

DATA = Path(__file__).parents[1] / "data"
IN_PREP = DATA / "consortia" / "in-prep.csv"   # the real IN-PREP (H2020 SEC-01-DRS-2016) team


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_real_h2020_consortium_is_eligible_with_evidence(use_fake_embedder,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "review.json"
    code, text = run("check", "HORIZON-CL3-2025-01-DRS-02", "--consortium", str(IN_PREP),
                     "--out", str(out))
    assert code == 0, text
    report = json.loads(out.read_text())
    assert report["eligibility"]["eligible"] is True
    assert len(report["members"]) == 20
    assert report["members"][0]["short_name"] == "ICCS"          # the real coordinator
    assert report["members"][0]["role"] == "coordinator"
    assert all(q["evidence"] and q["partner"] for q in report["requirements"])


def test_consortium_cut_to_two_countries_is_ineligible(use_fake_embedder,
                                                       tmp_path: Path) -> None:
    rows = IN_PREP.read_text().splitlines()
    two = [rows[0]] + [r for r in rows[1:] if r.split(",")[-2] in {"DE", "FR"}]
    path = tmp_path / "two.csv"
    path.write_text("\n".join(two) + "\n")
    code, text = run("check", "HORIZON-CL3-2025-01-DRS-02", "--consortium", str(path))
    assert code == 0
    assert "NOT eligible" in text and "only 2 distinct" in text and "DE, FR" in text


def test_police_topic_fails_without_police_and_names_the_condition(use_fake_embedder,
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "team.txt"
    path.write_text("Fraunhofer\nFOI\nUPM\n")
    out = tmp_path / "r.json"
    code, text = run("check", "HORIZON-CL3-2026-01-FCT-02", "--consortium", str(path),
                     "--out", str(out))
    assert code == 0
    assert "NOT eligible" in text and "police authority>=2/2c" in text
    report = json.loads(out.read_text())
    police = [c for c in report["conditions"] if c["condition"].startswith("police")]
    assert police[0]["status"] == "not met" and "needs 2 police authority" in police[0]["message"]


def test_fill_ranks_partners_that_close_the_gaps(use_fake_embedder, tmp_path: Path) -> None:
    out = tmp_path / "fill.json"
    code, text = run("fill", "HORIZON-CL3-2026-01-FCT-02", "--members", "Fraunhofer,FOI,UPM",
                     "--top", "30", "--out", str(out))
    assert code == 0, text
    report = json.loads(out.read_text())
    # coverage added on the weak requirements plus the learned reward, as the search adds
    # it (ScoreWeights.relevance); the reward names the track record behind it
    ranked = [(round(c["gain"] + 0.05 * c["fit"], 6), c["gain_all"])
              for c in report["candidates"]]
    assert ranked == sorted(ranked, reverse=True) and max(r[1] for r in ranked) > 0
    assert any(c["fit"] > 0 for c in report["candidates"])
    assert all(c["why"] for c in report["candidates"] if c["fit"] > 0.5)
    members = {"Fraunhofer", "FOI", "UPM"}
    assert not members & {c["label"] for c in report["candidates"]}
    for c in report["candidates"]:
        assert c["improves"], c["label"]              # never listed without its evidence
        if c["gain"] > 0:
            assert all(i["after"] > i["before"] and i["requirement"] in report["weak"]
                       for i in c["improves"])
    # the unmet police condition gets its own list of police authorities
    (condition, police), = report["for_conditions"].items()
    assert condition.startswith("police authority") and police
    assert all(c["practitioner"] == "police" for c in police)


def test_fill_explains_its_numbers_and_prints_the_evidence(use_fake_embedder) -> None:
    code, text = run("fill", "HORIZON-CL3-2026-01-FCT-02", "--members", "Fraunhofer,FOI,UPM",
                     "--top", "5")
    assert code == 0, text
    assert "Ranked by the weighted coverage a candidate adds" in text
    ranked = [line for line in text.splitlines() if re.match(r"\s*\d+\. ", line)]
    assert ranked and all("on weak" in line and "on all" in line for line in ranked)
    blocks = re.split(r"\n\s*\d+\. ", text.split("Unmet condition")[0])[1:]
    assert len(blocks) == 5 and all("evidence (" in block for block in blocks)


def test_consortium_files(tmp_path: Path) -> None:
    yaml_file = tmp_path / "c.yaml"
    yaml_file.write_text("partners:\n  - {id: '999984059', role: coordinator}\n  - FOI\n")
    entries = read_consortium(yaml_file)
    assert [(e.ref, e.role) for e in entries] == [("999984059", "coordinator"), ("FOI", "")]
    csv_file = tmp_path / "c.csv"
    csv_file.write_text("name;role\nFOI;coordinator\nUPM;Coordinator\n")
    with pytest.raises(InputError, match="2 partners have the role coordinator"):
        read_consortium(csv_file)
    csv_file.write_text("name,role\nFOI,boss\n")
    with pytest.raises(InputError, match=r"c.csv:2: field 'role': unknown role 'boss'"):
        read_consortium(csv_file)
    csv_file.write_text("org,role\nFOI,\n")
    with pytest.raises(InputError, match="no column naming the partners"):
        read_consortium(csv_file)
    with pytest.raises(InputError, match="file not found"):
        read_consortium(tmp_path / "missing.csv")


def test_check_reads_a_cordis_list_and_reports_members_not_in_the_pool(
        use_fake_embedder, tmp_path: Path) -> None:
    """The list a coordinator copies from CORDIS: AIR is two partners in the pool, which
    name and country tell apart; a member the pool lacks does not stop the review."""
    path = tmp_path / "team.csv"
    path.write_text("name,short_name,country,type,role\n"
                    "Airsense Analytics GmbH,AIR,DE,PRC,coordinator\n"
                    "AIR WORLDWIDE LIMITED,AIR,UK,PRC,participant\n"
                    "Nobody Security Ltd,NSL,IE,PRC,associatedPartner\n"
                    "UNIVERSIDAD POLITECNICA DE MADRID,UPM,ES,HES,thirdParty\n")
    out = tmp_path / "review.json"
    result = CliRunner().invoke(cli, ["check", "HORIZON-CL3-2025-01-DRS-02", "--consortium",
                                      str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert ("warning: NSL (Nobody Security Ltd, IE) (row 4): not in the pool: no evidence"
            in result.stderr)
    report = json.loads(out.read_text())
    assert [m["id"] for m in report["members"]] == ["972830073", "959754473", "999974844"]
    assert report["members"][0]["role"] == "coordinator"
    assert any(n.startswith("NSL (Nobody Security Ltd, IE) (row 4): not in the pool: "
                            "no evidence") for n in report["notes"])


def test_check_writes_a_report_titled_for_review(use_fake_embedder, tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    code, text = run("check", "HORIZON-CL3-2025-01-DRS-02", "--consortium", str(IN_PREP),
                     "--out", str(out))
    assert code == 0, text
    report = out.read_text()
    assert report.startswith("# Review of the consortium for HORIZON-CL3-2025-01-DRS-02")
    assert "Draft consortium" not in report and "Suggested from" not in report


def test_part_a_keeps_the_roles_the_consortium_file_gives(use_fake_embedder,
                                                         tmp_path: Path) -> None:
    path, out = tmp_path / "team.csv", tmp_path / "r.json"
    path.write_text("short_name,role\nFraunhofer,coordinator\nFOI,associated partner\nUPM,\n")
    code, text = run("check", "HORIZON-CL3-2025-01-DRS-02", "--consortium", str(path),
                     "--out", str(out))
    assert code == 0, text
    rows = json.loads(out.read_text())["draft"]["participants"]
    roles = {row["short_name"]: row["role"] for row in rows}
    assert roles["FOI"] == "associated partner" and roles["UPM"] == "beneficiary"
    assert rows[0]["role"] == "coordinator" and all(row["pic"] for row in rows)
