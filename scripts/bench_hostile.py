"""Run the expansion cases of issue #23 through the real CLI: time and peak memory each.

Every case is an input of at most 2 MB on disk that once cost minutes or gigabytes (an
alias bomb, a workbook inflating to 1 GiB of XML, 100,000 JSON keys, a link to /dev/zero,
an unclosed quote, nesting 100,000 deep, 30,000 organisations of one country). Each runs
as its own ``python -m consortium`` child; the figures are its wall time and its peak
resident memory (``wait4``'s ``ru_maxrss``). Target: each under 30 s and 1 GB.

    .venv/bin/python scripts/bench_hostile.py [--only NAME] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

MAX_SECONDS, MAX_BYTES, MAX_INPUT = 30.0, 1 << 30, 2_000_000
HEADER = "id,name,short_name,country,type,sme,description\n"


def _alias_bomb(folder: Path) -> Path:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    lines.append("partners: [{name: *a8, country: DE, type: REC, description: x}]")
    path = folder / "alias_bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _xlsx_bomb(folder: Path) -> Path:
    """A workbook whose one sheet inflates to 1 GiB of XML (deflate's ~1000:1)."""
    path = folder / "inflating.xlsx"
    row = '<row><c t="inlineStr"><is><t>' + "A" * 4000 + "</t></is></c></row>"
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             '2006/content-types"><Override PartName="/xl/workbook.xml" ContentType='
             '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", types)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
            block = (row * 256).encode()
            for _ in range((1 << 30) // len(block)):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def _many_keys(folder: Path) -> Path:
    path = folder / "many_keys.json"
    entry = {"name": "Lab", "country": "DE", "type": "REC", "description": "x"}
    entry.update({f"k{n}": "v" for n in range(100_000)})
    path.write_text(json.dumps([entry]), encoding="utf-8")
    return path


def _dev_zero(folder: Path) -> Path:
    path = folder / "zero.csv"
    path.symlink_to("/dev/zero")
    return path


def _deep_json(folder: Path) -> Path:
    path = folder / "deep.json"
    path.write_text("[" * 500_000 + "]" * 500_000, encoding="utf-8")
    return path


def _unclosed_quote(folder: Path) -> Path:
    path = folder / "unclosed.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + '1,Lab,L,DE,REC,no,"Drones for police\n')
        for i in range(2, 24_000):
            handle.write(f"{i},Org {i},O{i},FR,REC,no,Forensics and training {i}.\n")
    return path


def _one_country(folder: Path) -> Path:
    """30,000 organisations of one country: the near-duplicate check compares them."""
    path = folder / "one_country.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(30_000):
            handle.write(f"{i},Organisation {i * 7919 % 100_003} Research,O{i},DE,REC,no,"
                         f"Drones {i}.\n")
    return path


CASES: dict[str, Callable[[Path], Path]] = {
    "yaml alias bomb": _alias_bomb, "xlsx inflating to 1 GiB": _xlsx_bomb,
    "json 100,000 keys": _many_keys, "link to /dev/zero": _dev_zero,
    "json nested 500,000 deep": _deep_json, "csv unclosed quote, 24k lines": _unclosed_quote,
    "csv 30,000 rows, one country": _one_country,
}


def run(name: str, path: Path, folder: Path) -> tuple[float, int, int, str]:
    """(seconds, peak bytes, exit code, last stderr line) of importing ``path``."""
    db = folder / f"{path.stem}.db"
    command = [sys.executable, "-m", "consortium", "partners", "import", str(path),
               "--db", str(db), "--no-progress"]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        deadline = start + 4 * MAX_SECONDS
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode(errors="replace").strip().splitlines()
    return seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), \
        (lines[-1] if lines else "")[:110]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    parser.add_argument("--keep", help="write the inputs into this folder and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        failed = 0
        print(f"{'case':32} {'on disk':>10} {'seconds':>8} {'peak MB':>8} exit  answer")
        for name, make in CASES.items():
            if args.only not in name:
                continue
            path = make(folder)
            size = 0 if path.is_symlink() else path.stat().st_size
            assert size <= MAX_INPUT, (name, size)
            seconds, peak, code, line = run(name, path, folder)
            over = seconds >= MAX_SECONDS or peak >= MAX_BYTES
            failed += over
            print(f"{name:32} {size:>10,} {seconds:>8.1f} {peak / 1e6:>8.0f} {code:>4}  "
                  f"{'OVER ' if over else ''}{line}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
