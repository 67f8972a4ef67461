"""What an evaluation run records: the figures with everything needed to trust them
(which topics, which pool, the leakage rule, the model, the machine, the date)."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from typing import Any

TRACKS = {
    "A": "recover the beneficiaries of Horizon Europe topics from the whole HE pool",
    "B": "real Horizon Europe consortia versus 100 random ones of the same size and types",
    "C": "H2020 Secure Societies: recovery and real versus random, stand-in topic texts",
    "BH": "B-hard: real Horizon Europe consortia versus 100 random ones of the same size, "
          "types and experience deciles",
    "D": "complete a consortium: given the real coordinator (D1) or the coordinator and "
         "two more real members (D3), rank the pool for the rest (Horizon Europe)",
}
LEAKAGE = ("every project funded under the evaluated topic is removed from every profile "
           "(its passages zeroed before scoring, dropped from project counts and keyword "
           "documents); organisations whose only projects were those are left in the pool "
           "with no evidence")


def run_record(track: str, topics: str, limit: int | None, seed: int, chosen: list[Any],
               eligible: int, pool: Any, model: str, seconds: float,
               summary: dict[str, Any], per_task: list[Any]) -> dict[str, Any]:
    """The JSON record of one run (``consortium eval --out``)."""
    return {
        "track": track, "description": TRACKS[track], "topics": topics,
        "limit": limit, "seed": seed, "tasks": len(chosen),
        "eligible_tasks": eligible, "query": chosen[0].query_kind,
        "pool": {"organisations": pool.n, "projects": len(pool.project_ids),
                 "passages": len(pool.passages)},
        "leakage": LEAKAGE, "model": model,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {platform.python_version()}",
        "seconds": round(seconds, 1), "summary": summary, "per_task": per_task,
    }
