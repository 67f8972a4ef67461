"""One evaluation run with the learned ranker beside the baselines (``consortium eval``)."""

from __future__ import annotations

from pathlib import Path

from consortium.embed.embedder import CachedEmbedder
from consortium.eval.baselines import Scorers
from consortium.eval.data import EvalPool, Task
from consortium.eval.learned import Learned, time_respecting
from consortium.eval.protocol import Log, RunOptions, TrackRun, run_tasks
from consortium.rank.model import load_ranker


def _quiet(message: str) -> None:
    """The default log: the library reports progress only to a caller that asks."""


def run_learned(pool: EvalPool, tasks: list[Task], embedder: CachedEmbedder,
                options: RunOptions, ranker: str | None = None, time_text: bool = False,
                log: Log = _quiet) -> TrackRun:
    """``time_text`` hides projects of the topic's year and later from the text
    features too (experience and network never see them)."""
    scorers = Scorers(pool, embedder)
    learned = Learned(scorers, load_ranker(Path(ranker) if ranker else None))
    if time_text:
        tasks = [time_respecting(t, learned.features.history) for t in tasks]
    return run_tasks(scorers, tasks, options, learned, log=log)
