"""``consortium serve`` itself: it prints its URL, serves the topics on 127.0.0.1 only,
warns and needs a token beyond loopback, and a port in use is a one-line error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from consortium.cli.main import cli

TOPIC = "TEST-CL3-01"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(folders: dict[str, Path], *args: str) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "consortium", "serve",
               "--no-browser", "--calls-dir", str(folders["calls"]), "--partners",
               str(folders["partners"]), "--db", str(folders["db"]), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:  # it exited before saying its URL: show why
        raise AssertionError(f"serve printed nothing; stderr: {stop(process)}")
    return process, line


def stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


def test_serve_prints_its_url_and_lists_the_topics_on_loopback(folders) -> None:
    port = free_port()
    process, line = start(folders, "--port", str(port))
    try:
        assert line.strip() == f"consortium is serving at http://127.0.0.1:{port}/"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as response:
            page = response.read().decode()
        assert TOPIC in page and "Drones and forensics" in page
        listening = [s for s in _listeners(port)]
        assert listening and all(a.startswith("127.0.0.1:") for a in listening), listening
    finally:
        stop(process)


def _listeners(port: int) -> list[str]:
    """Local addresses listening on ``port`` (Linux /proc/net/tcp)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:
                ip = ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)) \
                    if len(address) == 8 else address
                found.append(f"{ip}:{port}")
    return found


def test_beyond_loopback_it_warns_and_the_url_carries_the_token(folders) -> None:
    port = free_port()
    process, line = start(folders, "--host", "0.0.0.0", "--port", str(port))
    try:
        url = line.strip().removeprefix("consortium is serving at ")
        assert "?token=" in url
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/topics", timeout=120)
            raise AssertionError("served without the token")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403
        # urllib keeps no cookie across the redirect of "/", so open the topics directly.
        with urllib.request.urlopen(url.replace("/?token=", "/topics?token="),
                                    timeout=120) as response:
            assert TOPIC in response.read().decode()
    finally:
        err = stop(process)
    assert "warning: listening on 0.0.0.0" in err


def test_a_port_in_use_is_one_line(folders) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--no-browser", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "--port" in result.output
    assert "Traceback" not in result.output


def test_serve_help_lists_the_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--no-browser", "--partners", "--calls-dir"):
        assert option in result.output
