"""``consortium eval``: the evaluation protocol of docs/evaluation.md from the shell.

numpy, scipy, scikit-learn and torch are imported inside the command, so
``consortium --help`` stays instant.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from consortium.cli.common import run_safely
from consortium.cli.io import backend, check_out
from consortium.eval.results import TRACKS


@click.command("eval")
@click.option("--track", type=click.Choice(["A", "B", "BH", "C", "D"], case_sensitive=False),
              required=True, help="A: recover beneficiaries; B: real vs random; BH: "
              "B-hard (random matched on experience too); C: A and B on H2020 security; "
              "D: complete a consortium from its coordinator.")
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
@click.option("--model", help="Embedding model (default: the shipped all-MiniLM-L6-v2; "
              "'multilingual': the shipped multilingual-e5-small).")
@click.option("--cache-dir", type=click.Path(), envvar="CONSORTIUM_CACHE_DIR",
              help="Embedding cache folder (default: ~/.cache/consortium).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
@click.option("--ranker", type=click.Path(), help="Learned ranker JSON (default: the "
              "shipped consortium/rank/data/ranker.json).")
@click.option("--time-respecting", is_flag=True, help="Hide projects of the topic's "
              "year and later from the text features too (experience and network always).")
def eval_command(track: str, topics: str, limit: int | None, out: str | None, data: str,
                 seed: int, no_search: bool, model: str | None, cache_dir: str | None,
                 no_progress: bool, ranker: str | None, time_respecting: bool) -> None:
    """Evaluate recommendations against real funded consortia (docs/evaluation.md).

    \b
    Examples:
      consortium eval --track A --topics dev --out results/a-dev.json
      consortium eval --track B --topics heldout --limit 50
      consortium eval --track C --data ../shared/data
      consortium eval --track D --topics dev --no-search
    """
    track = track.upper()

    def action() -> None:
        from consortium.embed.embedder import default_embedder
        from consortium.eval.data import load_track, select
        from consortium.eval.protocol import RunOptions, format_tables, summarise
        from consortium.eval.results import run_record
        from consortium.eval.runner import run_learned
        from consortium.render.output import write

        check_out("eval", out)
        started = time.perf_counter()
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
                                    progress=not no_progress, backend=backend())
        options = RunOptions(ranking=track in ("A", "C"), versus=track in ("B", "BH", "C"),
                             hard=track == "BH", completion=track == "D",
                             with_search=not no_search and track != "D", seed=seed)
        run = run_learned(pool, chosen, embedder, options, ranker, time_respecting,
                          lambda message: click.echo(message, err=True))
        summary = summarise(run, seed)
        seconds = time.perf_counter() - started
        click.echo(f"\nTrack {track}, {topics}: {len(chosen)} tasks, "
                   f"query: {chosen[0].query_kind}; 95 % bootstrap CIs over tasks")
        click.echo(format_tables(summary))
        click.echo(f"\n{embedder.stats.embedded} new texts embedded; {seconds:.0f} s")
        if out:
            label = f"{topics} (time-respecting text)" if time_respecting else topics
            write("eval", run_record(track, label, limit, seed, chosen, len(tasks), pool,
                                     embedder.model_id, seconds, summary, run.tasks), out)
            click.echo(f"Wrote {out}", err=True)

    run_safely(action)
