"""The numpy walk of LightGBM's text trees gives the booster's own scores: on the shipped
model and on a model trained here with missing values and zeros."""

from __future__ import annotations

import json

import numpy as np
import pytest

from consortium.rank.model import DEFAULT_MODEL, TreeRanker
from consortium.rank.trees import parse_trees, predict

lightgbm = pytest.importorskip("lightgbm")


def test_the_shipped_model_scores_as_lightgbm_does() -> None:
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    rng = np.random.default_rng(0)
    X = rng.random((2000, len(data["features"]))) * 4
    X[::7, 3] = 0.0
    booster = lightgbm.Booster(model_str=data["model"])
    expected = booster.predict(X, num_threads=1)
    ranker = TreeRanker(tuple(data["features"]), data["model"])
    assert ranker.trees is not None and len(ranker.trees) == 300
    np.testing.assert_allclose(ranker.score(X), expected, rtol=0, atol=1e-9)
    assert ranker._booster is None          # scoring imported no booster


def test_missing_values_and_zeros_follow_the_default_direction() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(600, 4))
    X[rng.random(600) < 0.2, 0] = np.nan
    X[rng.random(600) < 0.2, 1] = 0.0
    y = (np.nan_to_num(X[:, 0]) + X[:, 1] > 0).astype(float)
    for zero_as_missing in (False, True):
        model = lightgbm.train({"objective": "binary", "verbose": -1, "num_leaves": 7,
                                "min_data_in_leaf": 5, "zero_as_missing": zero_as_missing},
                               lightgbm.Dataset(X, y), num_boost_round=20)
        text = model.model_to_string()
        Z = X.copy()
        Z[::5, 2] = np.nan
        np.testing.assert_allclose(predict(parse_trees(text), Z),
                                   model.predict(Z, raw_score=True), atol=1e-9)


def test_a_model_with_categorical_splits_or_a_link_function_is_left_to_lightgbm() -> None:
    rng = np.random.default_rng(2)
    X = np.c_[rng.integers(0, 5, 400), rng.normal(size=400)]
    y = (X[:, 0] == 3).astype(float)
    model = lightgbm.train({"objective": "binary", "verbose": -1, "min_data_in_leaf": 5},
                           lightgbm.Dataset(X, y, categorical_feature=[0]),
                           num_boost_round=5)
    with pytest.raises(ValueError):
        parse_trees(model.model_to_string())
    ranker = TreeRanker(("experience", "coverage"), model.model_to_string())
    assert ranker.trees is None
    numeric = lightgbm.train({"objective": "binary", "verbose": -1, "min_data_in_leaf": 5},
                             lightgbm.Dataset(X, y), num_boost_round=5)
    assert TreeRanker(("experience", "coverage"), numeric.model_to_string()).trees is None
    np.testing.assert_allclose(ranker.score(X), model.predict(X))   # the booster's own


def test_the_fast_walk_and_the_general_one_agree() -> None:
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    trees = parse_trees(data["model"])
    X = np.random.default_rng(3).random((500, len(data["features"]))) * 3
    general = sum(t.predict(X) for t in trees)
    np.testing.assert_allclose(predict(trees, X), general, atol=1e-12)
    Y = X.copy()
    Y[0, 0] = np.nan                       # a NaN sends every tree the general way
    np.testing.assert_allclose(predict(trees, Y)[1:], general[1:], atol=1e-12)
