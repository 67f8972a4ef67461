"""Fixtures of the web app's tests: a small calls folder and pool, the fake embedder,
and a test client that waits out the app's background jobs (by polling, not timing)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from starlette.testclient import TestClient

from consortium.web.app import create_app
from consortium.web.config import ServeConfig

DATA = Path(__file__).parents[1] / "data"
TOPIC = "TEST-CL3-01"


class Client(TestClient):
    def settle(self, url: str, **kwargs: object) -> object:
        """GET ``url`` until its job is done (a 202 progress page means: not yet). The
        bound is generous (minutes): a loaded CI machine is slow, and this is no timing."""
        for _ in range(6000):
            response = self.get(url, **kwargs)  # type: ignore[arg-type]
            if response.status_code != 202:
                return response
            time.sleep(0.05)
        raise AssertionError(f"{url}: the job never finished")


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(DATA / "topic.md", calls / f"{TOPIC}.md")
    pool = tmp_path / "pool"
    pool.mkdir()
    shutil.copy(DATA / "partners.csv", pool / "partners.csv")
    return {"calls": calls, "partners": pool / "partners.csv", "db": tmp_path / "reg.db"}


def make_client(folders: dict[str, Path], **options: object) -> Client:
    config = ServeConfig.create(**{"calls_dir": str(folders["calls"]),
                                   "partners": str(folders["partners"]),
                                   "db": str(folders["db"]), **options})  # type: ignore[arg-type]
    base = "http://127.0.0.1" if not config.token else "http://192.0.2.10"
    return Client(create_app(config), base_url=base, raise_server_exceptions=False)


@pytest.fixture
def client(folders: dict[str, Path], use_fake_embedder: object) -> Iterator[Client]:
    with make_client(folders) as c:
        yield c


@pytest.fixture
def make(folders: dict[str, Path], use_fake_embedder: object) -> object:
    """A client for a server started with other options (``host=...``)."""
    return lambda **options: make_client(folders, **options)


@pytest.fixture
def examples_client(tmp_path: Path, use_fake_embedder: object) -> Iterator[tuple[Client, str]]:
    """A client over the bundled facilities example (partners/examples/) and its topic."""
    from consortium.calls.folder import list_calls
    from consortium.resources import bundled_dir

    examples = bundled_dir("partners") / "examples"
    calls = tmp_path / "calls"
    calls.mkdir()
    shutil.copy(examples / "maritime-demo-topic.md", calls / "maritime-demo-topic.md")
    folders = {"calls": calls, "partners": examples / "facilities.csv",
               "db": tmp_path / "reg.db"}
    with make_client(folders) as c:
        yield c, list_calls(calls)[0].id
