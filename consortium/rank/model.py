"""Rankers: a score per organisation from the feature matrix, learned on funded consortia.

Shipped as JSON, never pickle: a linear model as its standardisation and coefficients,
a LightGBM model as its own text format inside the JSON, both with the provenance of the
data they were trained on. ``explain`` names the features that lifted a partner, so a
ranked partner can say why it is there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from consortium.errors import InputError
from consortium.rank.features import FEATURES

DEFAULT_MODEL = Path(__file__).parent / "data" / "ranker.json"


class Ranker(Protocol):
    features: tuple[str, ...]

    def score(self, X: np.ndarray) -> np.ndarray: ...

    def contributions(self, X: np.ndarray) -> np.ndarray: ...


@dataclass
class LinearRanker:
    """score = ((X - mean) / scale) @ coef + intercept (logistic regression's logit)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float = 0.0
    provenance: dict[str, Any] = field(default_factory=dict)

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """N x F: each feature's part of the score, relative to the average organisation."""
        return (X - self.mean) / self.scale * self.coef

    def score(self, X: np.ndarray) -> np.ndarray:
        return self.contributions(X).sum(axis=1) + self.intercept

    def to_json(self) -> dict[str, Any]:
        return {"kind": "linear", "features": list(self.features),
                "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept,
                "provenance": self.provenance}


class TreeRanker:
    """A LightGBM booster, read from its text format. Scores come from ``rank.trees``
    (numpy); lightgbm is imported only for the SHAP contributions, or for a model whose
    splits ``rank.trees`` cannot read."""

    def __init__(self, features: tuple[str, ...], model: str,
                 provenance: dict[str, Any] | None = None) -> None:
        from consortium.rank.trees import parse_trees

        self.features = features
        self.model = model
        self.provenance = provenance or {}
        try:
            # The booster's prediction is the trees' raw sum only for ranking and
            # regression objectives; others (binary: a sigmoid) are left to it.
            raw = re.search(r"^objective=(lambdarank|rank_xendcg|regression)\b", model,
                            re.MULTILINE)
            self.trees: list[Any] | None = parse_trees(model) if raw else None
        except ValueError:
            self.trees = None
        self._booster: Any = None

    @property
    def booster(self) -> Any:
        if self._booster is None:
            import lightgbm

            self._booster = lightgbm.Booster(model_str=self.model)
        return self._booster

    def score(self, X: np.ndarray) -> np.ndarray:
        if self.trees is not None:
            from consortium.rank.trees import predict

            return predict(self.trees, X)
        return np.asarray(self.booster.predict(X, num_threads=1), dtype=np.float64)

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """SHAP values (TreeSHAP, LightGBM's own), the last column being the bias."""
        values = self.booster.predict(X, pred_contrib=True, num_threads=1)
        return np.asarray(values, dtype=np.float64)[:, : len(self.features)]

    def to_json(self) -> dict[str, Any]:
        return {"kind": "lightgbm", "features": list(self.features), "model": self.model,
                "provenance": self.provenance}


def ranker_from_json(data: dict[str, Any], source: str = "ranker") -> Ranker:
    features = tuple(data.get("features", ()))
    unknown = [f for f in features if f not in FEATURES]
    if unknown:
        raise InputError(source, f"unknown ranker features {unknown}; retrain with "
                         "scripts/train_ranker.py for this version")
    if data.get("kind") == "linear":
        return LinearRanker(features, np.asarray(data["mean"]), np.asarray(data["scale"]),
                            np.asarray(data["coef"]), float(data["intercept"]),
                            data.get("provenance", {}))
    if data.get("kind") == "lightgbm":
        return TreeRanker(features, str(data["model"]), data.get("provenance", {}))
    raise InputError(source, f"unknown ranker kind {data.get('kind')!r} (linear or lightgbm)")


def load_ranker(path: Path | None = None) -> Ranker:
    """The shipped ranker, or one trained by the user (scripts/train_ranker.py --out).
    Read once per file version in a process: a radar ranks dozens of topics, and parsing
    300 trees took 0.1-0.2 s each time."""
    path = path or DEFAULT_MODEL
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _read_ranker(path, stamp)


@lru_cache(maxsize=4)
def _read_ranker(path: Path, stamp: int) -> Ranker:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(path, f"cannot read the ranker model ({error}); retrain it with "
                         "scripts/train_ranker.py") from None
    return ranker_from_json(data, str(path))


def select_columns(X: np.ndarray, features: tuple[str, ...]) -> np.ndarray:
    """The model's columns of a full feature matrix (``FEATURES`` order)."""
    return X[:, [FEATURES.index(f) for f in features]]


def explain(ranker: Ranker, X_row: np.ndarray, top: int = 3) -> list[tuple[str, float]]:
    """The features that lifted one organisation most, with their contribution."""
    parts = ranker.contributions(X_row[None, :])[0]
    order = np.argsort(-parts)[:top]
    return [(ranker.features[k], float(parts[k])) for k in order if parts[k] > 0]


def ranked_scores(ranker: Ranker, X: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """The ranker's scores, with organisations without any record (``unknown``) below
    everyone else."""
    scores = ranker.score(select_columns(X, ranker.features)).astype(np.float64)
    if unknown.any():
        floor = float(scores[~unknown].min()) if (~unknown).any() else 0.0
        scores[unknown] = floor - 1.0
    return scores
