"""A topic text with nothing to score is refused, not read as a topic with no
requirements (found by the topic-file property of tests/test_fuzz.py, issue #25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from consortium.calls.formats import read_topics
from consortium.calls.topic import parse_call
from consortium.errors import InputError


@pytest.mark.parametrize("scope", [
    'topicId: "HORIZON-CL3-2025-01-FCT-01"}]',          # a topic id only: a predecessor
    "See General Annex B for the conditions.",          # boilerplate only
])
def test_a_text_without_an_ask_is_refused(scope: str) -> None:
    with pytest.raises(InputError, match=r"t\.md: no requirements found"):
        parse_call(f"---\nid: X-01\n---\n## Scope\n{scope}\n", source="t.md")


def test_a_csv_row_without_an_ask_is_skipped_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "topics.csv"
    path.write_text('identifier,title,description\nX-01,T,"topicId: HORIZON-CL3-2025-01-FCT-01"\n'
                    "X-02,T2,Scope: Proposals should develop drones for border police.\n",
                    encoding="utf-8")
    result = read_topics([path])
    assert [c.id for c in result.calls] == ["X-02"]
    assert len(result.skipped) == 1 and "X-01: no requirements found" in str(result.skipped[0])
