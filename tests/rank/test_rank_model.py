"""Rankers round-trip through JSON (never pickle), refuse what they cannot read, and
explain a score by the features that lifted it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from consortium.errors import InputError
from consortium.rank.features import FEATURES
from consortium.rank.model import (
    LinearRanker,
    TreeRanker,
    explain,
    load_ranker,
    ranker_from_json,
)
from consortium.rank.relevance import rank_weights


def linear() -> LinearRanker:
    k = len(FEATURES)
    coef = np.zeros(k)
    coef[FEATURES.index("best_project")] = 2.0
    coef[FEATURES.index("experience")] = 0.5
    return LinearRanker(FEATURES, np.zeros(k), np.ones(k), coef, -1.0, {"data": "toy"})


def test_linear_ranker_round_trips_and_explains(tmp_path) -> None:
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(linear().to_json()))
    ranker = load_ranker(path)
    X = np.zeros((2, len(FEATURES)), dtype=np.float32)
    X[0, FEATURES.index("best_project")] = 0.8
    X[1, FEATURES.index("experience")] = 1.0
    assert ranker.score(X) == pytest.approx([0.6, -0.5])
    assert explain(ranker, X[0]) == [("best_project", pytest.approx(1.6))]
    assert ranker.provenance == {"data": "toy"}


def test_tree_ranker_round_trips_through_lightgbm_text() -> None:
    lightgbm = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    X = rng.random((400, len(FEATURES))).astype(np.float32)
    y = (X[:, 0] > 0.5).astype(int)
    model = lightgbm.LGBMClassifier(n_estimators=20, verbose=-1).fit(X, y)
    tree = TreeRanker(FEATURES, model.booster_.model_to_string())
    again = ranker_from_json(json.loads(json.dumps(tree.to_json())))
    assert np.allclose(again.score(X), tree.score(X))
    assert (tree.score(X)[y == 1].mean()) > tree.score(X)[y == 0].mean()
    assert explain(tree, X[int(np.argmax(X[:, 0]))])[0][0] == FEATURES[0]


@pytest.mark.parametrize("data, message", [
    ({"kind": "linear", "features": ["shoe_size"]}, "unknown ranker features"),
    ({"kind": "forest", "features": []}, "unknown ranker kind"),
])
def test_a_ranker_file_it_cannot_use_is_refused(data, message) -> None:
    with pytest.raises(InputError, match=message):
        ranker_from_json(data, "my.json")


def test_an_unreadable_ranker_file_names_the_fix(tmp_path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="train_ranker"):
        load_ranker(bad)


def test_the_shipped_ranker_loads_and_says_where_it_came_from() -> None:
    ranker = load_ranker()
    assert set(ranker.features) <= set(FEATURES)
    assert "dev topics" in ranker.provenance["topics"]
    assert "CORDIS" in ranker.provenance["data"]


def test_rank_weights_reward_the_top_hundred_linearly() -> None:
    scores = np.arange(150, dtype=float)
    w = rank_weights(scores)
    assert w[149] == 1.0 and w[148] == pytest.approx(0.99)
    assert w[50] == pytest.approx(0.01) and w[49] == 0.0


def test_the_search_reward_discounts_the_largest_track_records() -> None:
    from consortium.rank.relevance import hub_share, search_reward

    k = len(FEATURES)
    X = np.zeros((3, k), dtype=np.float32)
    X[:, FEATURES.index("best_project")] = [0.9, 0.8, 0.1]
    X[:, FEATURES.index("experience")] = [np.log1p(500), np.log1p(3), 0.0]
    assert hub_share(X) == pytest.approx([1.0, np.log1p(3) / np.log1p(500), 0.0])
    reward = search_reward(linear(), X, discount=1.0)
    assert reward[0] < reward[1]        # the hub ranks first but is rewarded less
    assert reward[2] == pytest.approx(0.98)  # no record of collaboration: nothing to pay
    assert search_reward(linear(), X, discount=0.0)[0] == 1.0


def test_organisations_without_any_record_rank_last() -> None:
    """Under the evaluation's masking, 'nothing left to read' means 'in the consortium':
    the ranker must never learn to put such organisations first."""
    from consortium.rank.model import ranked_scores

    X = np.zeros((3, len(FEATURES)), dtype=np.float32)
    X[1, FEATURES.index("best_project")] = 0.1
    ranker = linear()
    ranker.coef[:] = -1.0        # a model that would prefer empty rows
    scores = ranked_scores(ranker, X, np.array([True, False, True]))
    assert scores[1] > scores[0] and scores[1] > scores[2]


def test_a_ranker_file_is_read_once_per_version(tmp_path) -> None:
    import os

    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(linear().to_json()))
    first = load_ranker(path)
    assert load_ranker(path) is first          # a radar's topics share one parse
    retrained = linear().to_json()
    retrained["intercept"] = 5.0
    path.write_text(json.dumps(retrained))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = load_ranker(path)
    assert again is not first
    X = np.zeros((1, len(FEATURES)), dtype=np.float32)
    assert again.score(X) == pytest.approx([5.0])
