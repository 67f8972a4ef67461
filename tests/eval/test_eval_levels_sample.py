"""The sampler of scripts/eval_levels.py: a held-out set must draw no topic of any earlier
set, and the extra best-like picks must be other partners' best passages."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "eval_levels", ROOT / "scripts" / "eval_levels.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_exclude_takes_the_topics_of_every_earlier_set(tmp_path: Path) -> None:
    script = _script()
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("topic,split\nT1,build\nT2,report\n", encoding="utf-8")
    second.write_text("topic,split\nT3,report\n", encoding="utf-8")
    assert script.excluded_topics([str(first)]) == {"T1", "T2"}
    assert script.excluded_topics([str(first), str(second)]) == {"T1", "T2", "T3"}
    assert script.excluded_topics([]) == set()


def test_exclude_is_repeatable_on_the_command_line(monkeypatch, tmp_path: Path) -> None:
    script = _script()
    got: list[tuple] = []
    monkeypatch.setattr(script, "sample", lambda *a: got.append(a))
    monkeypatch.setattr("sys.argv", ["eval_levels.py", "sample", "--exclude", "a.csv",
                                     "--exclude", "b.csv", "--extra-best", "2"])
    script.main()
    assert got[0][4] == ["a.csv", "b.csv"] and got[0][6] == 2


def test_next_partners_best_skips_passages_of_partners_already_seen() -> None:
    script = _script()
    order = [10, 11, 12, 13, 14]
    # passage 11 is a project text shared by partner 0 (the best's) only; 12 is held by 0
    # and 5, so it is partner 5's best; 13 by 5 again; 14 by partner 7.
    holders = {10: [0, 1], 11: [1], 12: [0, 5], 13: [5], 14: [7]}
    assert script.next_partners_best(order, holders, 2) == [(12, 5), (14, 7)]
    assert script.next_partners_best(order, holders, 1) == [(12, 5)]
    assert script.next_partners_best(order, holders, 0) == []
