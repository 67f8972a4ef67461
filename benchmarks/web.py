"""The web app on the default pool: `consortium serve` up to its URL, then a warm
*Build a consortium* page (target <= 2 s, issue #19).

A real ``consortium serve`` process is started on a free port; the script times how long
it takes to print its URL, then requests the Build page of the demo topic until the
fit's progress page gives way (the cold build: pool loaded, topic matched), and then
times warm pages: the same page again, another size (a new search on the fitted
builder) and an exclusion. Wall seconds per request, min and max of repeats.

    .venv/bin/python benchmarks/web.py [--topic HORIZON-CL3-2025-01-DRS-04] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - start


def _settle(url: str) -> float:
    start = time.perf_counter()
    while _get(url)[0] == 202:      # the progress page: the job is still running
        time.sleep(0.2)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="HORIZON-CL3-2025-01-DRS-04")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "consortium", "serve", "--no-browser",
                               "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert server.stdout is not None
        line = server.stdout.readline().strip()
        print(f"serve printed its URL after {time.perf_counter() - start:.2f} s: {line}")
        base = f"http://127.0.0.1:{port}"
        print(f"first topics page: {_settle(base + '/topics'):.2f} s")
        build = f"{base}/build/{args.topic}"
        print(f"cold build page (pool loaded, topic matched): {_settle(build):.2f} s")
        for label, url in (("same page again", build), ("another size", build + "?size=8..12"),
                           ("an exclusion", build + "?exclude=999984059")):
            times = []
            for i in range(args.repeats):
                # a new query each time, so the search runs (the page itself is not cached)
                times.append(_settle(url + ("&" if "?" in url else "?") + f"alternatives={i % 2}"))
            print(f"warm build page, {label}: min {min(times):.2f} s, max {max(times):.2f} s "
                  f"(target <= 2 s)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
