"""Each refusal of the search, with its whole message (consortium/search/greedy.py
prepare and check): a user reads these as the one-line CLI error."""

from __future__ import annotations

import numpy as np
import pytest

from consortium.errors import SearchError
from consortium.score.coverage import ScoreWeights
from consortium.search.constraints import AtLeast, AtMostPer
from consortium.search.greedy import check, prepare
from consortium.search.problem import Problem, SearchConfig

BY = np.array([0, 0, 1, 1], dtype=np.intp)


def pool(*constraints: AtLeast | AtMostPer) -> Problem:
    return Problem(S=np.full((2, 4), 0.5, np.float32), weights=np.ones(2, np.float32),
                   constraints=list(constraints), score_weights=ScoreWeights(diversity=0.0))


def refusal(p: Problem, include: list[int], exclude: list[int], cfg: SearchConfig) -> str:
    with pytest.raises(SearchError) as caught:
        prepare(p, include, exclude, cfg)
    return str(caught.value)


def test_size_range() -> None:
    for low, high in ((0, 3), (4, 3)):
        assert refusal(pool(), [], [], SearchConfig(min_size=low, max_size=high)) == (
            f"size range {low}..{high} is empty; give MIN..MAX with 1 <= MIN <= MAX")


def test_include_and_exclude() -> None:
    cfg = SearchConfig(min_size=1, max_size=3)
    assert refusal(pool(), [1], [1], cfg) == ("a partner is both included and excluded; "
                                              "drop one of the options")
    assert refusal(pool(), [0, 1, 2, 3], [], cfg) == (
        "4 partners are included but the size is at most 3; raise --size")
    assert prepare(pool(), [0, 1, 2], [], cfg).tolist() == [0, 1, 2, 3]  # at the limit


def test_included_partners_that_break_a_rule() -> None:
    p = pool(AtMostPer("at most 1 per country", BY, 1),
             AtLeast("two countries", np.ones(4, bool), 0, BY, 2))
    assert refusal(p, [0, 1], [], SearchConfig(min_size=1, max_size=3)) == (
        "the included partners already break: at most 1 per country; two countries")


def test_unreachable_rule_names_its_hint_if_any() -> None:
    cfg = SearchConfig(min_size=1, max_size=3)
    hinted = pool(AtLeast("three countries", np.ones(4, bool), 0, BY, 3, "add countries"))
    assert refusal(hinted, [], [], cfg) == (
        "cannot be met with this pool and size: three countries (add countries)")
    bare = pool(AtLeast("three countries", np.ones(4, bool), 0, BY, 3))
    assert refusal(bare, [], [], cfg) == "cannot be met with this pool and size: three countries"


def test_check_of_the_result() -> None:
    p = pool(AtLeast("two countries", np.ones(4, bool), 0, BY, 2, "add countries"),
             AtMostPer("at most 1 per country", BY, 1))
    cfg = SearchConfig(min_size=2, max_size=3)
    with pytest.raises(SearchError) as caught:
        check(p, [0], cfg)
    assert str(caught.value) == ("the pool has only 1 usable partners after exclusions; at "
                                 "least 2 are needed (lower --size)")
    with pytest.raises(SearchError) as caught:
        check(p, [0, 1], cfg)
    assert str(caught.value) == (
        "no consortium within the size range meets: two countries (add countries); at most "
        "1 per country (add partners, raise --size or drop exclusions)")
    check(p, [0, 2], cfg)  # meets both: no error
