"""Long work off the request path: one worker thread, jobs keyed by what they compute.

Loading a pool, embedding a newly imported registry or a radar over every topic takes
seconds to minutes; a page that waited for it would hang the browser and, with a second
tab, the server. A page asks ``Jobs.run(key, ...)`` instead: the first request starts the
job, a second one for the same key joins it, and every request gets the job back at
once, finished or not, so the page can show a progress bar and poll.

All jobs run on ONE thread. The embedding cache and the registry store are SQLite
connections, which may only be used on the thread that opened them; a single worker
keeps every such connection on one thread, and the embedder's model loads once.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from consortium.embed.embedder import CachedEmbedder
from consortium.errors import ConsortiumError

LOG = logging.getLogger("consortium.web")
_current = threading.local()


@dataclass
class Job:
    """One piece of long work, as a page shows it."""

    key: Hashable
    label: str
    id: str = field(default_factory=lambda: secrets.token_urlsafe(8))
    status: str = "queued"          # queued, running, done, failed
    done: int = 0
    total: int = 0
    step: str = ""                  # what it is doing now, e.g. "Embedding 1,200 texts"
    result: Any = None
    error: str = ""                 # one line: our error message, or a short bug notice
    shown: bool = False             # a failure's page was served once (then it may rerun)
    started: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int | None:
        return int(100 * self.done / self.total) if self.total else None

    def report(self, step: str, done: int = 0, total: int = 0) -> None:
        self.step, self.done, self.total = step, done, total


class Jobs:
    """Jobs by key; finished ones are kept (the most recent ``keep``) as a result cache."""

    def __init__(self, keep: int = 64) -> None:
        # A daemon thread, not an executor's: Ctrl+C must stop the server at once, not
        # after the embedding under way (the cache keeps every finished chunk).
        self._queue: queue.SimpleQueue[tuple[Job, Callable[[Job], Any]] | None] = \
            queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="consortium-jobs",
                                        daemon=True)
        self._thread.start()
        self._lock = threading.Lock()
        self._by_key: OrderedDict[Hashable, Job] = OrderedDict()
        self._by_id: dict[str, Job] = {}
        self.keep = keep

    def run(self, key: Hashable, label: str, work: Callable[[Job], Any]) -> Job:
        """The job for ``key``: the running or finished one, else a new one started.

        A failure is returned to the one request that shows it, and only the request
        after that starts the work again: were it restarted at once, the page polling
        for its end would reload into a new job forever and never show the error."""
        with self._lock:
            job = self._by_key.get(key)
            if job is not None and not (job.status == "failed" and job.shown):
                job.shown = job.status == "failed"
                self._by_key.move_to_end(key)
                return job
            job = Job(key, label)
            self._by_key[key] = job
            self._by_id[job.id] = job
            self._trim()
        self._queue.put((job, work))
        return job

    def get(self, job_id: str) -> Job | None:
        return self._by_id.get(job_id)

    def forget(self, match: Callable[[Hashable], bool]) -> None:
        """Drop finished results whose key ``match`` accepts (e.g. a pool that changed)."""
        with self._lock:
            for key in [k for k, j in self._by_key.items() if j.finished and match(k)]:
                self._by_id.pop(self._by_key.pop(key).id, None)

    def shutdown(self) -> None:
        self._queue.put(None)

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            self._execute(*item)

    def _trim(self) -> None:
        finished = [k for k, j in self._by_key.items() if j.finished]
        for key in finished[: max(0, len(self._by_key) - self.keep)]:
            self._by_id.pop(self._by_key.pop(key).id, None)

    @staticmethod
    def _execute(job: Job, work: Callable[[Job], Any]) -> None:
        job.status, job.started = "running", time.monotonic()
        _current.job = job
        try:
            job.result = work(job)
            job.status = "done"
        except ConsortiumError as exc:
            job.error, job.status = " ".join(str(exc).split()), "failed"
        except Exception as exc:  # a bug: log the detail, show a short line
            LOG.exception("job %s failed", job.label)
            job.error = f"unexpected {type(exc).__name__} (details in the server log)"
            job.status = "failed"
        finally:
            _current.job = None


class _Bar:
    """What ``CachedEmbedder`` drives as its progress bar, reported to the running job."""

    def __init__(self, job: Job | None, total: int) -> None:
        self.job, self.total, self.done = job, total, 0
        self._tell()

    def _tell(self) -> None:
        if self.job is not None:
            self.job.report(f"Embedding {self.total:,} new texts", self.done, self.total)

    def update(self, n: int) -> None:
        self.done += n
        self._tell()

    def close(self) -> None:
        self._tell()


class JobEmbedder(CachedEmbedder):
    """The pool's embedder with its progress shown on the page of the job running it."""

    @classmethod
    def wrap(cls, embedder: CachedEmbedder) -> JobEmbedder:
        if isinstance(embedder, JobEmbedder):
            return embedder
        wrapped = cls(embedder.embedder, embedder.cache)
        wrapped.stats = embedder.stats
        return wrapped

    def _progress_bar(self, total: int) -> Any:
        return _Bar(getattr(_current, "job", None), total) if total else None
