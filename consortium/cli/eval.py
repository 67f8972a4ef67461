"""``consortium eval``: the evaluation protocol of docs/evaluation.md from the shell.

numpy, scipy, scikit-learn and torch are imported inside the command, so
``consortium --help`` stays instant.
"""

from __future__ import annotations

import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from consortium.cli.common import run_safely

TRACKS = {
    "A": "recover the beneficiaries of Horizon Europe topics from the whole HE pool",
    "B": "real Horizon Europe consortia versus 100 random ones of the same size and types",
    "C": "H2020 Secure Societies: recovery and real versus random, stand-in topic texts",
}
LEAKAGE = ("every project funded under the evaluated topic is removed from every profile "
           "(its passages zeroed before scoring, dropped from project counts and keyword "
           "documents); organisations whose only projects were those are left in the pool "
           "with no evidence")


@click.command("eval")
@click.option("--track", type=click.Choice(["A", "B", "C"], case_sensitive=False),
              required=True, help="A: recover beneficiaries; B: real vs random; "
              "C: both on H2020 security.")
@click.option("--topics", default="dev", show_default=True,
              help="dev, heldout (every eligible topic not in dev) or a file of topic ids.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N topics "
              "(tasks) of the selection, in topic-id order.")
@click.option("--out", type=click.Path(), help="Write the results as JSON (atomically).")
@click.option("--data", type=click.Path(), envvar="CONSORTIUM_DATA",
              default="../shared/data", show_default=True,
              help="Folder laid out as the shared data (cordis-he/, topics/, splits/, ...).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of random baselines, tie-breaks, random consortia, bootstrap.")
@click.option("--no-search", is_flag=True, help="Skip the consortium search (faster).")
@click.option("--model", help="Embedding model (default: the shipped all-MiniLM-L6-v2).")
@click.option("--cache-dir", type=click.Path(), envvar="CONSORTIUM_CACHE_DIR",
              help="Embedding cache folder (default: ~/.cache/consortium).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
def eval_command(track: str, topics: str, limit: int | None, out: str | None, data: str,
                 seed: int, no_search: bool, model: str | None, cache_dir: str | None,
                 no_progress: bool) -> None:
    """Evaluate recommendations against real funded consortia (docs/evaluation.md).

    \b
    Examples:
      consortium eval --track A --topics dev --out results/a-dev.json
      consortium eval --track B --topics heldout --limit 50
      consortium eval --track C --data ../shared/data
    """
    track = track.upper()

    def action() -> None:
        from consortium.embed.embedder import default_embedder
        from consortium.files import check_destination, write_atomic

        if out:
            check_destination(Path(out))
        started = time.perf_counter()
        from consortium.eval.baselines import Scorers
        from consortium.eval.data import load_track, select
        from consortium.eval.protocol import format_tables, run_tasks, summarise

        click.echo(f"Track {track}: {TRACKS[track]}", err=True)
        pool, tasks, dev = load_track(Path(data), "C" if track == "C" else "A")
        chosen = select(tasks, topics, dev, limit)
        click.echo(f"Pool: {pool.n} organisations, {len(pool.project_ids)} projects, "
                   f"{len(pool.passages)} passages; {len(chosen)} of {len(tasks)} "
                   f"eligible tasks ({topics}{f', --limit {limit}' if limit else ''})",
                   err=True)
        if not chosen:
            from consortium.errors import InputError

            raise InputError(topics, "no eligible topic in this selection")
        embedder = default_embedder(model, Path(cache_dir) if cache_dir else None,
                                    progress=not no_progress)
        scorers = Scorers(pool, embedder)
        run = run_tasks(scorers, chosen, ranking=track in "AC", versus=track in "BC",
                        seed=seed, with_search=not no_search)
        summary = summarise(run, seed)
        seconds = time.perf_counter() - started
        click.echo(f"\nTrack {track}, {topics}: {len(chosen)} tasks, "
                   f"query: {chosen[0].query_kind}; 95 % bootstrap CIs over tasks")
        click.echo(format_tables(summary))
        click.echo(f"\n{embedder.stats.embedded} new texts embedded; {seconds:.0f} s")
        if out:
            result = {
                "track": track, "description": TRACKS[track], "topics": topics,
                "limit": limit, "seed": seed, "tasks": len(chosen),
                "eligible_tasks": len(tasks), "query": chosen[0].query_kind,
                "pool": {"organisations": pool.n, "projects": len(pool.project_ids),
                         "passages": len(pool.passages)},
                "leakage": LEAKAGE, "model": embedder.model_id,
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": f"{platform.node()} {platform.machine()} "
                           f"{platform.python_version()}",
                "seconds": round(seconds, 1), "summary": summary, "per_task": run.tasks,
            }
            write_atomic(Path(out), json.dumps(result, indent=1, allow_nan=True) + "\n")
            click.echo(f"Wrote {out}", err=True)

    run_safely(action)
