"""Ctrl-C at any moment (#23): exit 130, one line on stderr, never a traceback.

SIGINT is sent to a real child process at a spread of moments after it reaches the
entry point, as the installed ``consortium`` script does (``from consortium.cli.entry
import main; main()``): while it imports click and the commands, parses, reads, embeds,
or waits on a prompt that never gets its answer. The interpreter's own start-up before
that (``site``, importing the entry module, which imports nothing) runs none of our
code and is not sampled. No test measures
time: the delays only spread the moments the signal lands at.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badinput import POOL, TOPIC, suggest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

LINE = "Interrupted; embeddings computed so far are kept in the cache."


# The console script's body, with a marker once the entry module (no imports) is loaded.
CHILD = ("import os, sys; from consortium.cli.entry import main; marker = sys.argv.pop(1); "
         "sys.argv[0] = 'consortium'; os.close(os.open(marker, os.O_CREAT | os.O_WRONLY)); "
         "sys.exit(main())")


def _interrupted(args: list[str], delay: float, tmp_path: Path) -> tuple[int, str]:
    marker = tmp_path / "started"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(marker), *args],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    try:
        _, err = child.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        child.kill()
        pytest.fail("the child did not stop on Ctrl-C")
    return child.returncode, err.decode()


@pytest.mark.parametrize("delay", [0.0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.4, 1.0])
def test_ctrl_c_while_starting_or_waiting_exits_130_with_one_line(tmp_path: Path,
                                                                  delay: float) -> None:
    # 'cache clear --all' waits on its confirmation prompt (stdin stays open).
    code, err = _interrupted(["cache", "clear", "--all", "--cache-dir",
                              str(tmp_path / "cache")], delay, tmp_path)
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and "Aborted!" not in err, err
    assert (code, lines[-1:]) == (130, [LINE]), err
    assert len(lines) <= 2 and all(line == LINE or line.startswith("Remove") for line in lines), err


def test_ctrl_c_during_a_run_exits_130_without_a_traceback(tmp_path: Path) -> None:
    code, err = _interrupted([*suggest(TOPIC, POOL), "--cache-dir", str(tmp_path / "cache")],
                             1.5, tmp_path)
    assert "Traceback" not in err, err
    assert code == 130 and err.strip().splitlines()[-1] == LINE, err


def test_debug_shows_where_it_stopped(tmp_path: Path) -> None:
    code, err = _interrupted(["--debug", "cache", "clear", "--all", "--cache-dir",
                              str(tmp_path / "cache")], 1.0, tmp_path)
    assert code == 130 and "Traceback" in err and err.strip().endswith(LINE), err


def test_a_ctrl_c_swallowed_by_a_destructor_is_raised_again() -> None:
    # Where CI saw it: the signal landed in importlib's module-lock weakref callback,
    # Python printed "Exception ignored in ... Traceback" and the run went on.
    code = (
        "import sys, time\n"
        "from consortium.cli import entry\n"
        "sys.unraisablehook = entry._unraisable\n"
        "class Victim:\n"
        "    def __del__(self):\n"
        "        raise entry.Interrupted\n"
        "try:\n"
        "    Victim()\n"
        "    time.sleep(5)\n"
        "    print('went on')\n"
        "except entry.Interrupted:\n"
        "    print('interrupted in the running code')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "interrupted in the running code", result
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
