"""Work packages: 3 to 6 technical ones from clustering, leaders under the two-package
rule, the coordinator on management, a participation row per partner."""

from __future__ import annotations

import numpy as np

from consortium.draft.terms import key_terms, title
from consortium.draft.workpackages import Topic, clusters, n_packages, participation, work_packages


def topic(n_req: int = 9, n_members: int = 4, seed: int = 0) -> Topic:
    rng = np.random.default_rng(seed)
    centres = np.eye(3)
    vectors = np.array([centres[r % 3] + 0.05 * rng.standard_normal(3) for r in range(n_req)])
    scores = rng.uniform(0.2, 0.8, size=(n_req, n_members))
    return Topic(ids=[f"R{r + 1}" for r in range(n_req)],
                 texts=[f"robots {r} drones" for r in range(n_req)],
                 weights=np.ones(n_req, np.float32), vectors=vectors, scores=scores,
                 reached=scores > 0.4)


def test_number_of_packages() -> None:
    assert [n_packages(n) for n in (1, 2, 3, 6, 9, 12, 30)] == [1, 2, 3, 3, 3, 4, 6]


def test_clusters_group_close_vectors() -> None:
    groups = clusters(topic().vectors, 3)
    assert sorted(map(sorted, groups)) == [[0, 3, 6], [1, 4, 7], [2, 5, 8]]
    assert clusters(topic().vectors, 3) == groups            # no random start


def test_leaders_at_most_two_packages_and_the_coordinator_manages() -> None:
    t = topic(n_req=18, n_members=3)
    wps = work_packages(t, ["A", "B", "C"], coordinator=1, prefers_dissemination=[True] * 3)
    kinds = [w.kind for w in wps]
    assert kinds[0] == "management" and kinds[-1] == "dissemination"
    assert 3 <= kinds.count("technical") <= 6
    assert wps[0].leader == "B"
    led = [w.leader for w in wps]
    assert max(led.count(x) for x in "ABC") <= 2 or len(wps) > 6
    assert sorted(r for w in wps for r in w.requirements) == sorted(t.ids)


def test_participation_marks_leaders_and_who_reaches_a_package() -> None:
    t = topic()
    wps = work_packages(t, ["A", "B", "C", "D"], 0, [False, True, False, False])
    rows = participation(t, wps, 4)
    assert len(rows) == 4 and all(len(r) == len(wps) for r in rows)
    for w in wps:
        assert rows[w.leader_no - 1][w.no - 1] == "lead"
    assert all(cell in ("lead", "x") for row in rows for cell in (row[0], row[-1]))


def test_titles_are_the_topic_s_words() -> None:
    texts = ["Situational awareness for first responders in floods.",
             "Training curricula for border guards.",
             "Situational awareness tools for border guards."]
    terms = key_terms(texts)
    assert "first responders" in terms[0] and "training curricula" in terms[1]
    for found, text in zip(terms, texts):
        assert found and all(t.lower() in text.lower() for t in found)
    assert title(["a", "b", "c"]) == "A, b and c" and title([]) == ""


def test_terms_are_names_of_work_not_broken_clauses() -> None:
    texts = ["Tools that protect infrastructure used by the law enforcement community.",
             "Multi-Function Autonomous Systems for search in environments similar to ruins.",
             "Training curricula developed for border guards."]
    found = [t.lower() for terms in key_terms(texts, k=5) for t in terms]
    assert "law enforcement community" in found          # not its fragment
    assert "enforcement community" not in found
    assert "multi-function autonomous systems" in found
    assert "multi-function autonomous" not in found      # a phrase never ends on "-ous"
    assert "protect infrastructure" not in found         # a verb opens no phrase
    assert "environments similar" not in found           # nor a qualifier ends one
    assert "curricula developed" not in found            # nor a trailing participle
    assert "training curricula" in found
