"""The evaluation protocol: recover real funded consortia, and tell them from random ones.

Ranking (tracks A and C): every method ranks the whole pool for a task and is read at
the same cut-offs. Real versus random (tracks B and C): the real consortium and 100
random consortia of the same size and the same mix of organisation types are scored by
each consortium-level scorer; the real one's percentile among them is, per topic, the
AUC of that scorer as a detector of real consortia. Topics are the unit of every
confidence interval, since organisations of one topic are not independent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from consortium.eval.baselines import Scorers, ranking_with_members
from consortium.eval.data import EvalPool, Task
from consortium.eval.metrics import (
    bootstrap_ci,
    ndcg_at_k,
    paired_difference_ci,
    percentile_of,
    rank_from_scores,
    recall_at_k,
    reciprocal_rank,
)
from consortium.eval.scores import TaskScores, task_scores
from consortium.search.problem import Problem, coverage_value, objective

if TYPE_CHECKING:
    from consortium.eval.learned import Learned

RANKERS = ("random", "popularity", "bm25", "embedding", "learned", "learned, eligible first",
           "search", "title")
RANK_METRICS = ("recall@size", "recall@20", "recall@50", "recall@100", "ndcg@50",
                "coordinator_mrr")
CONSORTIUM_SCORERS = ("random", "popularity", "bm25", "coverage", "learned", "objective")
N_RANDOM = 100
Log = Callable[[str], None]


def _quiet(message: str) -> None:
    """The default log: the library reports progress only to a caller that asks."""


def rank_metrics(ranking: np.ndarray, task: Task) -> dict[str, float]:
    size = int(task.gold.size)
    return {"recall@size": recall_at_k(ranking, task.gold, size),
            "recall@20": recall_at_k(ranking, task.gold, 20),
            "recall@50": recall_at_k(ranking, task.gold, 50),
            "recall@100": recall_at_k(ranking, task.gold, 100),
            "ndcg@50": ndcg_at_k(ranking, task.gold, 50),
            "coordinator_mrr": reciprocal_rank(ranking, task.coordinators)}


def rank_task(scorers: Scorers, task: Task, scores: TaskScores, rng: np.random.Generator,
              with_search: bool = True,
              learned: Learned | None = None) -> tuple[dict[str, dict[str, float]], dict[str, Any]]:
    """Metrics of every ranker on one task, plus what the search did."""
    n = scorers.pool.n
    rankings = {"random": rng.permutation(n),
                "popularity": rank_from_scores(scores.popularity, rng),
                "bm25": rank_from_scores(scores.bm25, rng),
                "embedding": rank_from_scores(scores.embedding, rng)}
    if scores.learned is not None:
        rankings["learned"] = rank_from_scores(scores.learned, rng)
        # a diagnostic: the same order with organisations the search may not propose
        # (outside the Member States and Associated Countries) moved to the end
        eligible = scorers.eligible[rankings["learned"]]
        rankings["learned, eligible first"] = np.concatenate(
            [rankings["learned"][eligible], rankings["learned"][~eligible]])
    if task.query_kind == "topic text":  # a diagnostic: the topic title as the only query
        title = scorers.similarity(task, [task.title])[0]
        rankings["title"] = rank_from_scores(title, rng)
    info: dict[str, Any] = {}
    if with_search:
        started = time.perf_counter()
        order = scores.learned if scores.learned is not None else scores.embedding
        members = scorers.search_members(scores.S, task, scores.reward)
        info = {"search_size": len(members), "search_seconds":
                round(time.perf_counter() - started, 2),
                "search_hits": int(np.isin(members, task.gold).sum())}
        rankings["search"] = ranking_with_members(members, order, rng)
    return {m: rank_metrics(r, task) for m, r in rankings.items()}, info


def experience_deciles(popularity: np.ndarray) -> np.ndarray:
    """Decile (0-9) of each organisation's number of (unmasked) projects; organisations
    with none form their own group (-1)."""
    out = np.full(popularity.size, -1, dtype=np.int64)
    some = popularity > 0
    if some.any():
        edges = np.quantile(popularity[some], np.linspace(0.1, 0.9, 9))
        out[some] = np.searchsorted(edges, popularity[some], side="right")
    return out


def random_consortia(pool: EvalPool, task: Task, rng: np.random.Generator,
                     count: int = N_RANDOM,
                     experience: np.ndarray | None = None) -> list[np.ndarray]:
    """Consortia of the real size and type mix (and, for Track B-hard, the same
    experience deciles, ``experience_deciles``), drawn from organisations outside the
    real one; empty when the pool lacks enough organisations of some group."""
    outside = np.ones(pool.n, dtype=bool)
    outside[task.gold] = False
    key = pool.org_type.astype(object)
    if experience is not None:
        key = np.array([f"{t}/{d}" for t, d in zip(pool.org_type, experience)], dtype=object)
    groups_of, counts = np.unique(key[task.gold], return_counts=True)
    groups = [np.flatnonzero(outside & (key == g)) for g in groups_of]
    if any(g.size < c for g, c in zip(groups, counts)):
        return []
    return [np.concatenate([rng.choice(g, size=c, replace=False)
                            for g, c in zip(groups, counts)]) for _ in range(count)]


def consortium_scores(problem: Problem, scores: TaskScores, members: np.ndarray,
                      rng: np.random.Generator) -> dict[str, float]:
    chosen = members.tolist()
    out = {"random": float(rng.random()),
           "popularity": float(scores.popularity[members].mean()),
           "bm25": float(scores.bm25[members].mean()),
           "coverage": coverage_value(problem, chosen),
           "objective": objective(problem, chosen)}
    if scores.learned is not None:
        out["learned"] = float(scores.learned[members].mean())
    return out


def real_vs_random(scorers: Scorers, task: Task, scores: TaskScores,
                   rng: np.random.Generator, hard: bool = False) -> dict[str, float]:
    """Per scorer, the real consortium's percentile among random ones (= AUC); with
    ``hard``, random ones matched on experience deciles too (Track B-hard)."""
    deciles = experience_deciles(scores.popularity) if hard else None
    draws = random_consortia(scorers.pool, task, rng, experience=deciles)
    if not draws:
        return {s: float("nan") for s in CONSORTIUM_SCORERS}
    problem = scorers.problem(scores.S, task, scores.reward)
    real = consortium_scores(problem, scores, task.gold, rng)
    others = [consortium_scores(problem, scores, d, rng) for d in draws]
    return {s: percentile_of(real[s], np.array([o[s] for o in others]))
            for s in CONSORTIUM_SCORERS if s in real}


@dataclass
class TrackRun:
    """Per-task results of one run, before they are summarised."""

    ranking: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    versus: dict[str, list[float]] = field(default_factory=dict)
    tasks: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class RunOptions:
    """Which protocols run on each task (tracks: A ranking; B versus; B-hard versus with
    ``hard``; C ranking and versus; D ``completion``)."""

    ranking: bool = False
    versus: bool = False
    hard: bool = False
    completion: bool = False
    with_search: bool = True
    seed: int = 0


def _collect(into: dict[str, dict[str, list[float]]], metrics: dict[str, dict[str, float]],
             prefix: str = "") -> None:
    for method, values in metrics.items():
        for name, value in values.items():
            into.setdefault(prefix + method, {}).setdefault(name, []).append(value)


def run_tasks(scorers: Scorers, tasks: list[Task], options: RunOptions,
              learned: Learned | None = None, log: Log = _quiet) -> TrackRun:
    from consortium.eval.completion import complete_task

    out = TrackRun()
    started = time.perf_counter()
    for number, task in enumerate(tasks, 1):
        rng = np.random.default_rng([options.seed, number])
        scores = task_scores(scorers, task, learned)
        record: dict[str, Any] = {"id": task.id, "size": int(task.gold.size),
                                  "coordinators": int(task.coordinators.size),
                                  "masked_projects": int(task.masked.size),
                                  "gold_without_evidence": int(
                                      (scores.popularity[task.gold] == 0).sum())}
        if options.ranking:
            metrics, info = rank_task(scorers, task, scores, rng, options.with_search)
            record.update(info, metrics=metrics)
            _collect(out.ranking, metrics)
        if options.completion:
            for setting, metrics in complete_task(scorers, task, scores, rng,
                                                  learned).items():
                record.setdefault("completion", {})[setting] = metrics
                _collect(out.ranking, metrics, f"{setting}: ")
        if options.versus:
            auc = real_vs_random(scorers, task, scores, rng, options.hard)
            record["auc"] = auc
            for name, value in auc.items():
                out.versus.setdefault(name, []).append(value)
        out.tasks.append(record)
        if number % 10 == 0 or number == len(tasks):
            log(f"  {number}/{len(tasks)} tasks, {time.perf_counter() - started:.0f} s")
    return out


def _ci(values: list[float], rng: np.random.Generator) -> dict[str, float]:
    mean, lo, hi = bootstrap_ci(values, rng)
    kept = [v for v in values if v == v]
    return {"mean": round(mean, 4), "lo": round(lo, 4), "hi": round(hi, 4), "n": len(kept)}


def summarise(run: TrackRun, seed: int = 0) -> dict[str, Any]:
    """Means with bootstrap 95 % intervals, and the paired differences that matter."""
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {}
    if run.ranking:
        out["ranking"] = {m: {k: _ci(v, rng) for k, v in metrics.items()}
                          for m, metrics in run.ranking.items()}
        pairs = [("embedding", "bm25"), ("embedding", "popularity"), ("search", "embedding"),
                 ("learned", "bm25"), ("learned", "embedding"), ("search", "learned")]
        out["paired_recall@50"] = {
            f"{a} - {b}": dict(zip(("mean", "lo", "hi"), (round(x, 4) for x in
                               paired_difference_ci(run.ranking[a]["recall@50"],
                                                    run.ranking[b]["recall@50"], rng))))
            for a, b in pairs if a in run.ranking and b in run.ranking}
    if run.versus:
        out["real_vs_random"] = {s: {**_ci(v, rng), "share_above_95th": round(float(
            np.mean([x >= 0.95 for x in v if x == x])) if any(x == x for x in v) else
            float("nan"), 4)} for s, v in run.versus.items()}
    return out


def _cell(ci: dict[str, float]) -> str:
    return f"{ci['mean']:.3f} [{ci['lo']:.3f}, {ci['hi']:.3f}]"


def format_tables(summary: dict[str, Any]) -> str:
    """Method x metric tables, each cell 'mean [95 % CI]', for the terminal and docs."""
    lines: list[str] = []
    if "ranking" in summary:
        ranking = summary["ranking"]
        completion = [m for m in ranking if ": " in m]     # Track D: "D1 coordinator: x"
        known = [m for m in RANKERS if m in ranking]
        rest = [m for m in ranking if m not in known and m not in completion]
        for methods, metrics in ((known + rest, list(RANK_METRICS)),
                                 (completion, [*RANK_METRICS[:4], "mrr"])):
            if not methods:
                continue
            lines += ["| method | " + " | ".join(metrics) + " |",
                      "|---" * (len(metrics) + 1) + "|"]
            lines += [f"| {m} | " + " | ".join(_cell(ranking[m][k]) if k in ranking[m]
                                              else "-" for k in metrics) + " |"
                      for m in methods]
        paired = summary.get("paired_recall@50", {})
        if paired:
            lines.append("\nPaired differences over the same tasks:")
        for name, d in paired.items():
            lines.append(f"  Recall@50 {name}: {d['mean']:+.3f} [{d['lo']:+.3f}, "
                         f"{d['hi']:+.3f}]")
    if "real_vs_random" in summary:
        if lines:
            lines.append("")
        lines += ["| consortium scorer | AUC (percentile of the real consortium) | "
                  "share of tasks >= 95th percentile |", "|---|---|---|"]
        for scorer in CONSORTIUM_SCORERS:
            if scorer in summary["real_vs_random"]:
                row = summary["real_vs_random"][scorer]
                lines.append(f"| {scorer} | {_cell(row)} | {row['share_above_95th']:.3f} |")
    return "\n".join(lines)
