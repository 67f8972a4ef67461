"""Every `consortium` command the README shows runs as written.

A new user copies the README's examples first; one that fails on the bundled data is the
first thing they trip over (issue #21). This test reads each fenced ``bash`` block of the
README, takes its `consortium` commands in order and runs them through the CLI with the
fake embedder, from a working folder that holds the repository's bundled folders
(``calls``, ``partners``, ``tests``), with one cache and one registry store for the whole
README, as a user following it would have.

A command whose input files are not in the repository (``members.csv``, the portal's
JSON) needs the user's own files. Those are not run, but each such file must be listed
in the README's "Your own files" table, which says how to make one; the commands in
that table's block are run like the rest, so a made file exists for the later examples.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from consortium.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BUNDLED = ("calls", "partners", "tests", "templates")
# Options whose value is a file the command writes (not one it reads).
OUTPUTS = {"--out", "--to", "--db", "--cache-dir", "--projects-out"}
# Arguments that are files the command writes.
WRITTEN_ARGS = {("partners", "export")}
FILE_LIKE = re.compile(r"(/|\.(md|csv|tsv|txt|xlsx|json|gz|yaml|yml|db|html|docx)$)")


@dataclass(frozen=True)
class Command:
    line: int
    text: str
    args: tuple[str, ...]
    program: str = "consortium"

    def run(self, workdir: Path) -> tuple[int, str]:
        """(exit code, output) of the command in ``workdir``, through the CLI runner."""
        if self.program != "consortium":
            SHELL[self.program](*(workdir / a for a in self.args if not a.startswith("-")))
            return 0, ""
        result = CliRunner().invoke(cli, [in_home(a, workdir) for a in self.args])
        return result.exit_code, result.output


# The shell commands README blocks may hold besides `consortium` (to make a file).
SHELL = {"mkdir": lambda *dirs: [d.mkdir(parents=True, exist_ok=True) for d in dirs],
         "cp": lambda source, target: shutil.copyfile(source, target)}


def readme_blocks(text: str) -> list[list[Command]]:
    """The `consortium` commands of each ``bash`` block, with their README line."""
    blocks: list[list[Command]] = []
    current: list[Command] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("```"):
            current = [] if current is None and stripped == "```bash" else None
            if current is not None:
                blocks.append(current)
            continue
        if current is None:
            continue
        words = shlex.split(stripped, comments=True)
        if words and words[0].endswith("/consortium"):
            words[0] = "consortium"
        if words and words[0] in ("consortium", *SHELL):
            current.append(Command(number, stripped, tuple(words[1:]), words[0]))
    return [b for b in blocks if any(c.program == "consortium" for c in b)]


def inputs(command: Command) -> list[str]:
    """The files a command reads: path-like arguments and option values, less outputs."""
    args = command.args
    if command.program != "consortium":
        return list(args[:1]) if command.program == "cp" else []
    found = []
    for i, word in enumerate(args):
        if word.startswith("-") or not FILE_LIKE.search(word):
            continue
        if i and args[i - 1] in OUTPUTS:
            continue
        if tuple(args[:2]) in WRITTEN_ARGS and i == 2:
            continue
        if "=" in word:  # --map name="Legal entity"
            continue
        found.append(word)
    return found


def user_files(text: str) -> set[str]:
    """The first column of the README's "Your own files" table."""
    section = text.split("### Your own files", 1)
    assert len(section) == 2, "README: no '### Your own files' section"
    names: set[str] = set()
    for line in section[1].split("\n## ", 1)[0].splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


def in_home(word: str, workdir: Path) -> str:
    """``~/...`` in the user's home, which is the working folder here."""
    return str(workdir / word[2:]) if word.startswith("~/") else word


def needs_own_files(command: Command, workdir: Path) -> list[str]:
    return [f for f in inputs(command) if not (workdir / in_home(f, workdir)).exists()]


TEXT = README.read_text(encoding="utf-8")
BLOCKS = readme_blocks(TEXT)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's folder: the bundled folders beside them, one cache and store for all."""
    folder = tmp_path_factory.mktemp("readme")
    for name in BUNDLED:
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    return folder


def test_the_readme_has_examples_to_run() -> None:
    commands = [c for block in BLOCKS for c in block if c.program == "consortium"]
    assert len(commands) >= 25
    assert {c.args[0] for c in commands} >= {"suggest", "score", "scout", "radar", "check",
                                             "fill", "partners", "calls", "clusters", "eval"}


def test_every_own_file_is_listed_with_how_to_make_it(workdir: Path) -> None:
    listed = user_files(TEXT)
    missing = {f for block in BLOCKS for c in block for f in needs_own_files(c, workdir)}
    unexplained = {f for f in missing if f not in listed and Path(f).name not in listed}
    assert not unexplained, f"README examples need files it does not explain: {unexplained}"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"line{b[0].line}" for b in BLOCKS])
def test_readme_block_runs_as_written(block: list[Command], workdir: Path,
                                      use_fake_embedder: object,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("CONSORTIUM_CACHE_DIR", str(workdir / ".cache"))
    monkeypatch.delenv("CONSORTIUM_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(workdir))  # the default store: ~/.local/share/consortium
    ran = 0
    for command in block:
        if needs_own_files(command, workdir):
            continue
        code, output = command.run(workdir)
        assert code == 0, f"README line {command.line}: {command.text}\n{output}"
        ran += 1
    if not ran:
        pytest.skip("every command of this block needs the user's own files")
