"""Start-up: ``consortium --help`` and ``consortium calls list`` (target <= 0.3 s each).

Each command runs in a fresh process, as a user types it; min of repeats, wall and CPU
(user + sys) seconds, next to a bare ``python -c pass`` and ``import click`` so the
floor set by the interpreter on this machine is visible. Also checks that neither
command imports torch or sentence-transformers. The calls listing is measured warm
(its index in the cache folder built by the first run) and cold (index removed).

    .venv/bin/python benchmarks/startup.py [--repeats 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CONSORTIUM_CACHE_DIR": cache}
        cases = {
            "python -c pass (floor)": [py, "-c", "pass"],
            "python -c 'import click' (floor)": [py, "-c", "import click"],
            "consortium --help": [py, "-m", "consortium", "--help"],
            "consortium calls list (index warm)": [py, "-m", "consortium", "calls", "list"],
        }
        _run(cases["consortium calls list (index warm)"], env)  # builds the index
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.repeats):  # interleaved, so load spikes hit every case
            for name, cmd in cases.items():
                times[name].append(_run(cmd, env))
        cold = []
        for _ in range(2):
            for path in os.scandir(os.path.join(cache, "calls-index")):
                os.unlink(path.path)
            cold.append(_run(cases["consortium calls list (index warm)"], env))
        heavy = subprocess.run(
            [py, "-c", "import sys; from click.testing import CliRunner; "
             "from consortium.cli.main import cli; r = CliRunner(); r.invoke(cli, ['--help']); "
             "r.invoke(cli, ['calls', 'list']); "
             "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') "
             "if m in sys.modules))"], env=env, capture_output=True, text=True, check=True)
    print(f"# start-up benchmark, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
          f"{os.cpu_count()} cores shared with other jobs; min of {args.repeats} fresh "
          "processes, interleaved")
    print("| command | wall s | CPU s | target |")
    print("|---|---|---|---|")
    for name, runs in times.items():
        target = "" if "floor" in name else "<= 0.3"
        print(f"| {name} | {min(r[0] for r in runs):.3f} | {min(r[1] for r in runs):.3f} "
              f"| {target} |")
    print(f"| consortium calls list (index rebuilt) | {min(r[0] for r in cold):.3f} "
          f"| {min(r[1] for r in cold):.3f} | once per change of the calls |")
    print(f"heavy modules imported by --help and calls list: {heavy.stdout.strip()} "
          "(target: [])")


if __name__ == "__main__":
    main()
