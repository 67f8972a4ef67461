"""Topic conditions published outside the topic text, shipped as data with their source.

The 2023-2024 work programme put some eligibility conditions of Cluster 3 topics (for
example "at least 3 Police Authorities from at least 3 different Member States") in the
topic's conditions table rather than in its Expected Outcome or Scope, so the texts users
copy from the portal, and ours, do not carry them. ``data/published_conditions.csv``
lists the ones we could check against a published copy, one row per topic: the condition
written in the work programme's standard form (read by the same rules as any topic text,
so the numbers come out the same way), the page it was checked on and when.

A condition found in the topic text itself always wins: a published one is added only
for a role the text names no condition for. Rows are added only with a source; topics
whose published condition we have not seen are left without one rather than guessed.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from consortium.calls.conditions import Condition, extract_conditions

DATA = Path(__file__).parent / "data" / "published_conditions.csv"


@lru_cache(maxsize=1)
def _table() -> dict[str, list[Condition]]:
    table: dict[str, list[Condition]] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            note = (f" (published topic condition, not in the topic text; checked "
                    f"{row['retrieved']} on {row['source']})")
            table.setdefault(row["topic"].strip(), []).extend(
                replace(c, sentence=c.sentence + note)
                for c in extract_conditions(row["condition"]))
    return table


def published_conditions(topic_id: str) -> list[Condition]:
    """Conditions of ``topic_id`` published outside its text (empty when none known)."""
    return list(_table().get(topic_id.strip(), ()))


def with_published(topic_id: str, found: list[Condition]) -> list[Condition]:
    """``found`` plus the published conditions for roles the text has none for."""
    roles = {c.role for c in found}
    return found + [c for c in published_conditions(topic_id) if c.role not in roles]
