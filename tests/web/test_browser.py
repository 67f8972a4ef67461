"""Click through the web app in headless Chromium (Selenium, the Debian chromium and
chromium-driver): a topic -> build a consortium -> exclude a partner and see it
replaced -> "who fills this gap" -> download DOCX and XLSX and open them. Screenshots
of each page go to a temporary folder, or to the folder CONSORTIUM_SCREENSHOTS names
(``CONSORTIUM_SCREENSHOTS=tests/artifacts`` refreshes the README's; a plain test run must
not rewrite tracked files). Skipped when Chromium, its driver or selenium is missing."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from consortium.web.app import create_app
from consortium.web.config import ServeConfig

ARTIFACTS = Path(os.environ.get("CONSORTIUM_SCREENSHOTS")
                 or Path(tempfile.gettempdir()) / "consortium-web-screenshots")
TOPIC = "TEST-CL3-01"
CHROMIUM = next((p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None)
DRIVER = shutil.which("chromedriver")

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                                 reason="no chromium / chromedriver installed")]
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(folders: dict[str, Path], use_fake_embedder: object) -> Iterator[str]:
    import uvicorn

    port = free_port()
    config = ServeConfig.create(port=port, calls_dir=str(folders["calls"]),
                                partners=str(folders["partners"]), db=str(folders["db"]))
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(tmp_path / "downloads"),
        "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_page_load_timeout(180)
    yield driver
    driver.quit()


def members(driver: object) -> list[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#members tbody tr")  # type: ignore[attr-defined]
    return [r.get_attribute("data-id") for r in rows]


def shot(driver: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"web-{name}.png"))  # type: ignore[attr-defined]


def downloaded(folder: Path, suffix: str) -> Path:
    for _ in range(3000):
        found = list(folder.glob(f"*{suffix}")) if folder.is_dir() else []
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no {suffix} file was downloaded")


def test_click_through_topic_build_exclude_fill_download(server: str, browser, tmp_path) -> None:
    import docx
    import openpyxl

    wait = WebDriverWait(browser, 180)  # generous: a loaded CI machine is slow
    browser.get(f"{server}/topics")
    shot(browser, "topics")
    browser.find_element(By.LINK_TEXT, TOPIC).click()
    wait.until(lambda d: "Requirements" in d.page_source and "/topics/" in d.current_url)
    shot(browser, "topic")
    browser.find_element(By.ID, "build-link").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#members tbody tr"))
    browser.find_element(By.NAME, "size").clear()
    browser.find_element(By.NAME, "size").send_keys("3..4")
    browser.find_element(By.CSS_SELECTOR, "#build-form button").click()
    wait.until(lambda d: "size=3..4" in d.current_url and len(members(d)) <= 4)
    first = members(browser)
    shot(browser, "build")
    browser.find_element(By.CSS_SELECTOR, f'#members tr[data-id="{first[0]}"] a.ban').click()
    wait.until(lambda d: d.find_elements(By.ID, "pins") and first[0] not in members(d))
    after = members(browser)
    assert first[0] not in after and len(after) >= 3
    assert set(after) - set(first), "the excluded partner was not replaced"
    shot(browser, "excluded")
    links = browser.find_elements(By.CSS_SELECTOR, "a.fill") or \
        browser.find_elements(By.PARTIAL_LINK_TEXT, "Who would strengthen")
    build_url = browser.current_url
    links[0].click()
    wait.until(lambda d: d.find_elements(By.ID, "candidates"))
    shot(browser, "fill")
    browser.get(build_url)
    wait.until(lambda d: d.find_elements(By.ID, "downloads"))
    folder = tmp_path / "downloads"
    browser.find_element(By.CSS_SELECTOR, '#downloads a[href*="/download/docx"]').click()
    document = docx.Document(str(downloaded(folder, ".docx")))
    assert any(TOPIC in p.text for p in document.paragraphs)
    browser.find_element(By.CSS_SELECTOR, '#downloads a[href*="/download/xlsx"]').click()
    book = openpyxl.load_workbook(downloaded(folder, ".xlsx"))
    assert book.sheetnames
    logs = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert not logs, logs
