"""The draft's TF-IDF, Ward clustering and stop words are written out so a report need not
import scikit-learn; these pin them to scikit-learn's own results."""

from __future__ import annotations

import numpy as np
import pytest

from consortium.draft.terms import _analyser, _stop_words, tfidf
from consortium.draft.workpackages import ward
from consortium.text import english_stop_words


def test_the_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert english_stop_words() == ENGLISH_STOP_WORDS
    assert "first" not in _stop_words() and "project" in _stop_words()


TEXTS = [
    "Autonomous systems support first responders in disaster zones.",
    "Robotic systems for search and rescue; autonomous drones map the zones.",
    "Training of first responders with virtual reality and robotic systems.",
    "The project will build on results of earlier projects.",
    "",
]


def test_tfidf_is_scikit_learns_sublinear_tfidf():
    from collections import Counter, defaultdict

    from sklearn.feature_extraction.text import TfidfVectorizer

    forms: dict[str, Counter[str]] = defaultdict(Counter)
    analyse = _analyser(_stop_words(), forms, {})
    ours, terms = tfidf([analyse(t) for t in TEXTS])
    vec = TfidfVectorizer(analyzer=analyse, sublinear_tf=True)
    theirs = vec.fit_transform(TEXTS).toarray()
    assert terms == list(vec.get_feature_names_out())
    assert ours.shape == theirs.shape and len(terms) > 10
    np.testing.assert_allclose(ours, theirs, atol=1e-12)
    assert not ours[-1].any()        # an empty text is a zero row, not NaN


def test_tfidf_of_nothing_is_empty():
    matrix, terms = tfidf([[], []])
    assert terms == [] and matrix.shape == (2, 0)


@pytest.mark.parametrize("seed", range(40))
def test_ward_gives_scikit_learns_groups(seed):
    from sklearn.cluster import AgglomerativeClustering

    rng = np.random.default_rng(seed)
    size = int(rng.integers(2, 30))
    points = rng.normal(size=(size, 6))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    n = int(rng.integers(1, min(size, 6) + 1))
    labels = AgglomerativeClustering(n_clusters=n, linkage="ward").fit_predict(points)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    assert sorted(ward(points, n)) == sorted(groups.values())
    assert len(ward(points, n)) == n


def test_ward_merges_the_closest_points_first():
    points = np.array([[0.0, 0.0], [0.0, 0.1], [5.0, 5.0], [5.0, 5.2], [9.0, 0.0]])
    assert sorted(ward(points, 3)) == [[0, 1], [2, 3], [4]]
    assert sorted(ward(points, 1)) == [[0, 1, 2, 3, 4]]
