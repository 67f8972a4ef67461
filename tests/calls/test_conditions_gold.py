"""The participation-condition gold set (tests/data/conditions_gold): every sentence right."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from consortium.calls.conditions import Condition, extract_conditions

GOLD = Path(__file__).resolve().parent.parent / "data" / "conditions_gold" / "conditions.csv"
Key = tuple[str, bool, int | None, int | None, int | None, str]


def _key(c: Condition | dict) -> Key:
    get = c.get if isinstance(c, dict) else lambda k, d=None: getattr(c, k)
    return (get("role"), get("required"), get("min_entities"), get("min_countries"),
            get("max_entities"), get("option", "") or "")


def gold_misses(split: str = "") -> tuple[int, list[str]]:
    """(sentences, ids whose extracted set differs from the gold), for one split or all."""
    with open(GOLD, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if not split or r["split"] == split]
    misses = []
    for row in rows:
        want = {_key(c) for c in json.loads(row["expected_json"])}
        got = {_key(c) for c in extract_conditions(row["sentence"]) if c.role != "specific body"}
        if got != want:
            misses.append(row["id"])
    return len(rows), misses


def test_c064_fire_and_rescue_services() -> None:
    (found,) = extract_conditions("The participation of at least 3 fire and rescue services "
                                  "from 3 different Member States or Associated Countries is "
                                  "required.")
    assert (found.role, found.min_entities, found.min_countries, found.required) == (
        "first responders", 3, 3, True)


def test_whole_gold_set() -> None:
    total, misses = gold_misses()
    assert total == 110 and misses == []


def test_unparsed_condition_is_kept_for_a_reader_not_scored() -> None:
    from consortium.calls.roles import unit_role

    sentence = ("The consortium must involve, as beneficiaries, at least 4 separate national "
                "cyber agencies responsible for incident handling.")
    (found,) = extract_conditions(sentence)
    assert (found.role, found.required) == ("unparsed", True)
    assert unit_role(sentence, "scope", False, False) == "condition"
