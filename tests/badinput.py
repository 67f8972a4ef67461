"""What the bad-input tests share: the corpus paths and the refusal contract (the
``corpus`` fixture is in ``tests/cli/conftest.py``).

Imported by ``tests/cli/test_bad_*.py`` (``tests`` is on the path, see pyproject).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from consortium.cli.main import cli

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad"
TOPIC = DATA / "topic.md"
POOL = DATA / "partners.csv"
HEADER = "name,short_name,country,type,sme,description"
GOOD_ROWS = ("Aerial Robotics GmbH,AERO,DE,PRC,yes,Unmanned aerial drones for border "
             "surveillance at sea.\n"
             "Institut Medico-Legal,IML,FR,REC,no,Forensic laboratory analysis of digital "
             "evidence for police.\n"
             "Police Academy of Catalonia,ISPC,ES,PUB,no,Training curricula for police "
             "officers and border guards.\n")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def refused(*args: str) -> str:
    """Assert the one-line refusal contract and return the line."""
    result = invoke(*args)
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


def suggest(call: Path, partners: Path, *more: str) -> list[str]:
    return ["suggest", str(call), "--partners", str(partners), "--size", "3..4",
            "--no-progress", *more]
