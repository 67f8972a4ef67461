"""The HTML report in headless Chromium: heatmap and rows in the DOM, sorting works,
an injected script stays text, no console errors. Leaves a screenshot in
tests/artifacts/ for a person to look at."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import consortium.render.templates as render
from consortium import files

HERE = Path(__file__).parents[1]
ARTIFACTS = HERE / "artifacts"
_spec = importlib.util.spec_from_file_location("render_sample", HERE / "render_sample.py")
assert _spec and _spec.loader
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--enable-logging=stderr", "--v=0"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found")]


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args,
                           page.as_uri()], capture_output=True, text=True, timeout=120,
                          check=False)


def report_html(tmp_path: Path, extra_script: str = "") -> Path:
    html = render.to_text(sample.sample_report(), "html")
    assert isinstance(html, str)
    if extra_script:
        html = html.replace("</body>", f"<script>{extra_script}</script></body>")
    page = tmp_path / "report.html"
    files.write_atomic(page, html)
    return page


def test_dom_has_heatmap_rows_and_no_errors(tmp_path: Path) -> None:
    result = chromium(tmp_path, report_html(tmp_path), "--dump-dom")
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Uncaught" not in result.stderr, result.stderr[-2000:]
    heat = re.search(r'<table class="sortable heatmap" data-sortable="ready">(.*?)</table>',
                     dom, re.S)
    assert heat, "heatmap missing, or the sort script did not run"
    assert len(re.findall(r'<td class="cell (covered|partial|gap)"', heat.group(1))) == 9
    assert '<td class="cell covered" title="covered">0.61</td>' in heat.group(1)
    part_a = dom.split('id="participants"')[1].split("</table>")[0]
    assert len(re.findall(r"<tr>", part_a)) == 4                  # header + 3 members
    assert "<title>Draft consortium for TEST-CL3-01</title>" in dom   # not PWNED
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt; Robotics" in dom


def test_clicking_a_heading_sorts_the_table(tmp_path: Path) -> None:
    # Click "Score" of the evidence table twice (descending), then report the order.
    probe = ("var th = document.querySelectorAll('#evidence thead th')[4];"
             "th.click(); th.click();"
             "document.body.setAttribute('data-order', Array.prototype.map.call("
             "document.querySelectorAll('#evidence tbody tr'),"
             "function (r) { return r.cells[0].textContent; }).join(','));")
    result = chromium(tmp_path, report_html(tmp_path, probe), "--dump-dom")
    assert "Uncaught" not in result.stderr, result.stderr[-2000:]
    assert 'data-order="R1,R2,R3"' in result.stdout    # 0.61, 0.52, 0.20
    assert 'aria-sort="descending"' in result.stdout


def test_screenshot_is_kept(tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    result = chromium(tmp_path, report_html(tmp_path), "--window-size=1280,1600",
                      f"--screenshot={shot}", "--hide-scrollbars")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Uncaught" not in result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
