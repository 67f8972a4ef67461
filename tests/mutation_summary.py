"""Kill rate per module of the last `make mutation` run, read from mutmut's results
(mutants/**/*.meta). Not a test: the Makefile's mutation target runs it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

KILLED = {1, 3}          # mutmut: a test failed (3: pytest's internal error)
TIMEOUT = {36, -24, 24, 152, 255}


def summary(module: str) -> str:
    meta = Path("mutants", *module.split(".")).with_suffix(".py.meta")
    codes = list(json.loads(meta.read_text())["exit_code_by_key"].values())
    killed = sum(c in KILLED for c in codes)
    timeout = sum(c in TIMEOUT for c in codes)
    survived = sum(c == 0 for c in codes)
    other = len(codes) - killed - timeout - survived
    rate = 100 * (killed + timeout) / len(codes) if codes else 100.0
    return (f"{module:32} {len(codes):5} mutants {killed:5} killed {timeout:3} timeout "
            f"{survived:4} survived {other:3} other  {rate:5.1f} %")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(summary(name))
