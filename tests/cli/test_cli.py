from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from consortium.calls.folder import find_call
from consortium.cli.main import cli
from consortium.partners.pool import load_partners
from consortium.resources import default_pool
from consortium.search.sizes import typical_size

DATA = Path(__file__).parents[1] / "data"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def verdict(out: str) -> str:
    """The end of the summary line ("Coverage 0.785 | diversity 0.525 | 3 countries |
    eligible"): the country count and the eligibility verdict."""
    line = next(x for x in out.splitlines() if x.startswith("Coverage "))
    return " | ".join(line.split(" | ")[2:])


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(commands(command, f"{prefix}{name} "))
    return found


@pytest.mark.parametrize("name,command", commands(cli))
def test_every_command_has_help_text(name: str, command: click.Command) -> None:
    assert command.help and len(command.help) > 20, name
    assert "Example" in command.help, f"{name}: its help shows no example"
    code, out, _ = run(*name.split(), "--help")
    assert code == 0 and "Usage:" in out


def test_suggest_writes_markdown_and_json(use_fake_embedder, tmp_path: Path) -> None:
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    args = ["suggest", str(DATA / "topic.md"), "--partners", str(DATA / "partners.csv"),
            "--size", "3..4"]
    code, out, _ = run(*args, "--out", str(md))
    assert code == 0, out
    assert "AERO" in out and "R1 [" in out
    assert verdict(out) == "3 countries | eligible"
    text = md.read_text()
    assert "| No. | PIC | Legal name | Short name | Country | Type | SME | Role |" in text
    assert "| 1 |" in text and "## Coverage" in text and "Source: CORDIS" in text
    code, out, _ = run(*args, "--out", str(js))
    data = json.loads(js.read_text())
    assert data["call_id"] == "TEST-CL3-01" and len(data["members"]) >= 3
    assert {"id", "evidence", "partner", "level"} <= set(data["requirements"][0])
    # the second run found every text in the cache
    assert "Embedding: 0 new texts embedded" in out


def test_score_a_given_consortium(use_fake_embedder) -> None:
    code, out, _ = run("score", str(DATA / "topic.md"), "--partners",
                       str(DATA / "partners.csv"), "--members", "AERO,IML", "--members", "ISPC")
    assert code == 0
    assert "Gaps: none" in out and verdict(out) == "3 countries | eligible"
    # two countries: the same line says so
    code, out, _ = run("score", str(DATA / "topic.md"), "--partners",
                       str(DATA / "partners.csv"), "--members", "AERO,IML")
    assert code == 0 and verdict(out) == (
        "2 countries | NOT eligible: only 2 distinct Member State/Associated Country "
        "countries (DE, FR); 3 are needed")


def test_bundled_call_and_pool(use_fake_embedder, tmp_path: Path) -> None:
    out_file = tmp_path / "demo.md"
    code, out, _ = run("suggest", "horizon-cl3-2025-01-drs-04", "--out", str(out_file))
    assert code == 0, out
    pool = {p.id: p for p in load_partners(default_pool())}
    report = out_file.read_text()
    part_a = report.split("## Part A", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in part_a.splitlines() if line.startswith("| ") and
            line.split("|")[1].strip().isdigit()]
    typical = typical_size(find_call("HORIZON-CL3-2025-01-DRS-04"))
    assert typical.low <= len(rows) <= typical.high       # the size funded consortia have
    assert f"Size: {typical.basis}" in report
    names = {p.name for p in pool.values()}
    assert all(row.split("|")[3].strip() in names for row in rows)      # after the PIC
    countries = {row.split("|")[5].strip() for row in rows}
    assert len(countries) >= 3


@pytest.mark.parametrize("args,expected", [
    (["suggest", "missing.md"], "no call file or topic id 'missing.md'"),
    (["suggest", "HORIZON-CL3-2025-01-DRS-99"], "did you mean"),
    (["suggest", str(DATA / "topic.md"), "--size", "9..3"], "MIN <= MAX"),
    (["suggest", str(DATA / "topic.md"), "--out", "no/such/dir/r.md"], "does not exist"),
    (["suggest", str(DATA / "topic.md"), "--out", "r.pdf"], "unknown output format"),
])
def test_bad_arguments_give_one_line(use_fake_embedder, args, expected) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0
    assert expected.lower() in result.output.lower()
    assert "Traceback" not in result.output
    assert use_fake_embedder.encoded == []


@pytest.mark.parametrize("call,partners,expected", [
    ("", "name,short_name,country,type,sme,description\nA,A,DE,PRC,no,x\n", "empty"),
    ("# T\n\n## Scope\nBuild drones for police.\n",
     "name,short_name,country,type,sme\nA,A,DE,PRC,no\n", "description"),
    ("# T\n\n## Scope\nBuild drones for police.\n",
     "name,short_name,country,type,sme,description\nA,A,XX,PRC,no,drones\n", ":2: field 'country'"),
])
def test_bad_files_give_file_row_field(use_fake_embedder, tmp_path: Path, call: str,
                                       partners: str, expected: str) -> None:
    (tmp_path / "call.md").write_text(call)
    (tmp_path / "p.csv").write_text(partners)
    out = tmp_path / "r.md"
    result = CliRunner().invoke(cli, ["suggest", str(tmp_path / "call.md"), "--partners",
                                      str(tmp_path / "p.csv"), "--out", str(out)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert expected in lines[0] and str(tmp_path) in lines[0]
    assert not out.exists() and not list(tmp_path.glob(".r.md*"))


def test_help_does_not_import_torch() -> None:
    heavy = ("torch", "sentence_transformers", "transformers", "numpy", "scipy", "sklearn")
    code = ("import sys; from consortium.cli.main import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            f"bad = [m for m in {heavy!r} if m in sys.modules]\n"
            "print('IMPORTED', bad)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "IMPORTED []" in result.stdout


def test_a_topic_with_options_is_built_for_one_when_asked(use_fake_embedder) -> None:
    topic = "HORIZON-CL3-2025-01-FCT-01"   # bundled, options a-c
    args = ["score", topic, "--partners", str(DATA / "partners.csv"), "--members", "AERO,IML"]
    code, out, err = run(*args)
    assert code == 0, err
    assert "has options a, b, c" in err and "--option a" in err
    code, out_b, err_b = run(*args, "--option", "b")
    assert code == 0 and "has options" not in err_b
    assert out_b != out                      # the other options' requirements are gone
    code, _, err_x = run(*args, "--option", "z")
    assert code == 1 and "no option 'z'" in err_x


def test_reports_show_the_topics_context_apart(use_fake_embedder, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    code, _, err = run("score", "HORIZON-CL3-2024-DRS-01-01", "--partners",
                       str(DATA / "partners.csv"), "--members", "AERO,IML", "--out", str(out))
    assert code == 0, err
    text = out.read_text()
    scored, context = text.split("## Not scored: the topic's context")
    assert "Globally, between 10 and 28 percent of crop production" in context
    assert "Globally, between 10 and 28 percent" not in scored   # background is no requirement


def test_the_root_help_shows_examples() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "Examples" in out and "consortium suggest" in out


@pytest.mark.parametrize("terminal,no_progress,shown", [(True, False, True),
                                                        (True, True, False),
                                                        (False, False, False)])
def test_embedding_bars_only_on_a_terminal(monkeypatch, terminal, no_progress, shown) -> None:
    """The embedder's bar follows the same rule as the radar's (#21): a log file or a
    pipe gets no carriage-return noise."""
    import click

    from consortium.cli import io

    monkeypatch.setattr(io, "_stderr_is_terminal", lambda: terminal)
    with click.Context(cli):
        assert io.pool_inputs(None, None, None, None, no_progress).progress is shown


def test_own_registry_and_topic_are_not_attributed_to_cordis_or_the_portal(
        use_fake_embedder, tmp_path: Path) -> None:
    own, bundled = tmp_path / "own.json", tmp_path / "bundled.json"
    code, out, _ = run("suggest", str(DATA / "topic.md"), "--partners",
                       str(DATA / "partners.csv"), "--size", "3..4", "--out", str(own))
    assert code == 0, out
    assert json.loads(own.read_text())["sources"] == []
    md = tmp_path / "own.md"
    run("suggest", str(DATA / "topic.md"), "--partners", str(DATA / "partners.csv"),
        "--size", "3..4", "--out", str(md))
    text = md.read_text()
    assert "Tenders portal" not in text and "Partner data and evidence" not in text
    # the budget figures are CORDIS's, so they keep their source line
    assert text.count("Source: CORDIS") == 1
    code, out, _ = run("suggest", "HORIZON-CL3-2025-01-DRS-04", "--size", "3..4",
                       "--out", str(bundled))
    assert code == 0, out
    assert json.loads(bundled.read_text())["sources"] == ["cordis", "portal"]
