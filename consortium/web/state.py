"""What the server keeps between requests: pools, fitted builders, uploaded topics.

The model and each pool snapshot load once per server (on the jobs' worker thread), not
per request; a fitted builder is kept per (pool, topic, option, rules), so changing the
size or pinning a partner only re-runs the search (tens of milliseconds). Everything a
page needs beyond that is in its URL, so two browser tabs on different topics (or the
same topic with different settings) never see each other's state.
"""

from __future__ import annotations

import copy
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from consortium.errors import InputError
from consortium.web.config import ServeConfig
from consortium.web.jobs import Job, JobEmbedder, Jobs

if TYPE_CHECKING:
    from consortium.calls.index import CallRow
    from consortium.calls.topic import Call
    from consortium.partners.model import Partner
    from consortium.pipeline import ConsortiumBuilder, LoadedPool, Settings

TOPIC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


class NotFound(InputError):
    """A topic, pool or partner the URL names does not exist (a 404 page)."""


@dataclass
class UploadedPool:
    name: str                       # the uploaded file's name, for display only
    partners: list[Partner]
    skipped: list[str] = field(default_factory=list)


def conditions_cell(call: Call) -> str:
    from consortium.calls.conditions import strongest

    found = strongest(call.conditions)
    return "; ".join(c.summary() for c in found if c.required) or \
        ("recommended only" if found else "-")


class ServerState:
    def __init__(self, config: ServeConfig, jobs: Jobs | None = None) -> None:
        self.config = config
        self.jobs = jobs or Jobs()
        self.uploaded_topics: dict[str, str] = {}      # topic id -> Markdown
        self.uploaded_pools: dict[str, UploadedPool] = {}
        self._pools: dict[str, LoadedPool] = {}         # written on the worker thread only
        self._embedder: JobEmbedder | None = None
        self._lock = threading.Lock()
        self._rows_lock = threading.Lock()
        self.store_version = 0                           # bumped by every store import

    # --- topics ---------------------------------------------------------------------

    @property
    def calls_dir(self) -> Path:
        from consortium.resources import bundled_dir

        return Path(self.config.calls_dir) if self.config.calls_dir else bundled_dir("calls")

    def rows(self) -> list[CallRow]:
        """The calls folder's listing (from ``calls.index``: cheap after the first time).
        One at a time: a page and the warm-up job must not both parse every topic when
        the index is stale (after an upgrade); the second waits and reads the index."""
        from consortium.calls.index import list_rows

        with self._rows_lock:
            return list_rows(self.calls_dir, conditions_cell)

    def uploaded_calls(self) -> list[Call]:
        return [self.call(ref) for ref in sorted(self.uploaded_topics)]

    def call(self, ref: str, option: str | None = None) -> Call:
        """A topic by id: an uploaded or pasted one, else one of the calls folder. Only
        ids are accepted (never paths), so a URL cannot make the server read a file."""
        from consortium.calls.folder import find_call
        from consortium.calls.topic import parse_call

        ref = ref.strip()
        if ref in self.uploaded_topics:
            return parse_call(self.uploaded_topics[ref], source=ref, option=option or None)
        known = {row.id.casefold(): row.id for row in self.rows()} if TOPIC_ID.fullmatch(
            ref) else {}
        if ref.casefold() not in known:
            raise NotFound(ref, "no such topic (open Topics for the list, or import one)")
        return find_call(known[ref.casefold()], self.calls_dir, option or None)

    def add_topics(self, calls: list[Call], markdown: list[str]) -> list[str]:
        for call, text in zip(calls, markdown):
            self.uploaded_topics[call.id] = text
        return [c.id for c in calls]

    # --- pools ----------------------------------------------------------------------

    def pool_choices(self) -> list[tuple[str, str]]:
        """(key, label) of every pool a page may choose."""
        choices = [("bundled", "Bundled CORDIS security pool")]
        partners = self.config.partners
        store = self.config.store_path()
        if partners and Path(partners).suffix.lower() not in (".db", ".sqlite", ".sqlite3"):
            choices.insert(0, ("file", f"Registry file {Path(partners).name}"))
        if store.is_file():
            choices.insert(0, ("store", f"Registry store {store.name}"))
        choices += [(key, f"Uploaded {pool.name}") for key, pool in
                    self.uploaded_pools.items()]
        return choices

    def default_pool(self) -> str:
        return self.pool_choices()[0][0] if self.config.partners else "bundled"

    def check_pool(self, key: str | None) -> str:
        key = key or self.default_pool()
        if key not in dict(self.pool_choices()):
            raise NotFound(key, "no such pool (choose one on the Partners page)")
        return key

    def pool_key(self, key: str) -> tuple[str, int]:
        """A pool as job keys name it: the store's changes with every import."""
        return (key, self.store_version if key == "store" else 0)

    def pool_job(self, key: str) -> Job:
        key = self.check_pool(key)
        return self.jobs.run(("pool", *self.pool_key(key)), f"Loading pool {key}",
                             lambda job: self.load_pool(key, job))

    def load_pool(self, key: str, job: Job | None = None) -> LoadedPool:
        """Load (once) the pool ``key`` names; runs on the worker thread."""
        from consortium.pipeline import LoadedPool, PoolInputs, load_pool

        cached = self._pools.get(f"{key}:{self.pool_key(key)[1]}")
        if cached is not None:
            return cached
        if job is not None:
            job.report("Reading the partner pool")
        if key in self.uploaded_pools:
            up = self.uploaded_pools[key]
            pool = LoadedPool(up.partners, None, self.embedder(), up.name, len(up.partners))
        else:
            path = {"bundled": None, "file": self.config.partners,
                    "store": str(self.config.store_path())}[key]
            pool = load_pool(PoolInputs(path, None, self.config.model, self.config.cache_dir,
                                        False, self.config.backend))
            if key == "store":
                self._fill_store(pool.partners)
            pool.embedder = self.embedder(pool.embedder)
        self._pools[f"{key}:{self.pool_key(key)[1]}"] = pool
        return pool

    def _fill_store(self, partners: list[Partner]) -> None:
        """Read every track record now: read lazily, they would open the store from
        whichever request thread first touched them."""
        from consortium.partners.store import Registry

        with Registry.existing(self.config.store_path()) as store:
            store.fill(partners)

    def embedder(self, made: object = None) -> JobEmbedder:
        """One embedder (one model load) for every pool of the server."""
        if self._embedder is None:
            if made is None:
                from consortium.embed.embedder import default_embedder
                from consortium.resources import cache_dir

                made = default_embedder(self.config.model, cache_dir(self.config.cache_dir),
                                        progress=False, backend=self.config.backend)
            self._embedder = JobEmbedder.wrap(made)  # type: ignore[arg-type]
        return self._embedder

    def add_pool(self, name: str, partners: list[Partner], skipped: list[str]) -> str:
        key = f"upload-{secrets.token_hex(4)}"
        with self._lock:
            self.uploaded_pools[key] = UploadedPool(name, partners, skipped)
        return key

    def store_changed(self) -> None:
        self.store_version += 1

    # --- builders -------------------------------------------------------------------

    def builder_job(self, pool: str, topic: str, option: str, settings: Settings) -> Job:
        """The fitted builder for a topic and pool; the search settings are applied to a
        copy by ``configured``, so they do not need a fit of their own."""
        key = ("fit", *self.pool_key(pool), topic, option, settings.rules,
               settings.third_countries)
        return self.jobs.run(key, f"Matching {topic} against the pool",
                             lambda job: self._fit(pool, topic, option, settings, job))

    def _fit(self, pool_key: str, topic: str, option: str, settings: Settings,
             job: Job) -> ConsortiumBuilder:
        from consortium.pipeline import ConsortiumBuilder

        call = self.call(topic, option)
        pool = self.load_pool(pool_key, job)
        job.report("Embedding the topic and matching the pool")
        builder = ConsortiumBuilder(embedder=pool.embedder, pool_name=pool.name,
                                    weights=settings.weights, rules=settings.rules,
                                    third_countries=settings.third_countries)
        return builder.fit(call, pool.partners, pool.snapshot)


def configured(builder: ConsortiumBuilder, settings: Settings) -> ConsortiumBuilder:
    """The fitted builder with this request's search settings, leaving the shared one
    as it was (two tabs with different sizes must not change each other's result)."""
    mine = copy.copy(builder)
    mine.config, mine.solver = settings.config, settings.solver
    return mine
