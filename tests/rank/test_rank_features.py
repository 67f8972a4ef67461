"""The ranker's features: what each one counts, and that nothing of the topic's year or
later reaches the experience and network features."""

from __future__ import annotations

import numpy as np
import pytest

from consortium.rank.features import FEATURES, TopicSignals, feature_matrix
from consortium.rank.history import build_history, programme_part, topic_year
from consortium.rank.network import Network

# organisations 0..4; projects: 0 (2021, CL3, 0 leads 1 2), 1 (2022, CL3, 0 1 3),
# 2 (2023, CL4, 2 leads 3 4), 3 (2024, CL3, 0 4 -- the "follow-up")
ENTRIES = [(0, 0, "coordinator", 600.0), (1, 0, "participant", 300.0),
           (2, 0, "participant", 100.0), (0, 1, "participant", None),
           (1, 1, "coordinator", None), (3, 1, "participant", None),
           (2, 2, "coordinator", 50.0), (3, 2, "participant", 50.0),
           (4, 2, "participant", 0.0), (0, 3, "coordinator", 10.0),
           (4, 3, "participant", 10.0)]
YEARS = [2021, 2022, 2023, 2024]
PROGRAMMES = ["HORIZON-CL3", "HORIZON-CL3", "HORIZON-CL4", "HORIZON-CL3"]


def history(entries=ENTRIES, years=YEARS):
    rows, cols, roles, money = zip(*entries)
    return build_history(rows, cols, roles, money, 5, years, PROGRAMMES[: len(years)])


def signals(year=2024, relevance=(0.9, 0.1, 0.5, 0.2), masked=()):
    return TopicSignals(coverage=np.linspace(0.5, 0.1, 5),
                        project_relevance=np.array(relevance[: len(YEARS)]),
                        bm25=np.array([3.0, 0.0, 1.0, 0.0, 2.0]), year=year,
                        programme="HORIZON-CL3", masked=np.array(masked, dtype=np.intp))


def column(X, name):
    return X[:, FEATURES.index(name)]


def test_topic_codes_give_year_and_programme_part():
    assert topic_year("HORIZON-CL3-2022-BM-01-01") == 2022
    assert topic_year("no year here") == 0
    assert programme_part("HORIZON-CL3-2022-BM-01-01") == "HORIZON-CL3"
    assert programme_part("ERC-2021-STG") == "ERC"


def test_shares_split_the_known_contribution_and_fall_back_to_equal_parts():
    h = history()
    share = h.share.toarray()
    assert share[:, 0] == pytest.approx([0.6, 0.3, 0.1, 0, 0])
    assert share[:, 1] == pytest.approx([1 / 3, 1 / 3, 0, 1 / 3, 0])
    # project 2: organisation 4 has 0 euros, counted unknown: its equal third
    assert share[4, 2] == pytest.approx(1 / 3)
    assert share[2, 2] + share[3, 2] == pytest.approx(2 / 3)


def test_text_features_count_distinct_projects_and_the_lead():
    X = feature_matrix(history(), signals(), ["HES", "REC", "PRC", "PUB", "OTH"],
                       np.ones(5, dtype=bool))
    assert column(X, "best_project")[0] == pytest.approx(0.9)
    assert column(X, "top3_projects")[0] == pytest.approx((0.9 + 0.2 + 0.1) / 3)
    assert column(X, "relevant_projects")[0] == pytest.approx(np.log1p(3))
    assert column(X, "relevant_coordinated")[0] == pytest.approx(np.log1p(2))
    assert column(X, "type_PUB")[3] == 1.0 and column(X, "type_PUB")[0] == 0.0


def test_masked_projects_are_no_evidence():
    X = feature_matrix(history(), signals(masked=[0]), ["HES"] * 5, np.ones(5, dtype=bool))
    assert column(X, "best_project")[1] == pytest.approx(0.1)     # project 0 gone
    assert column(X, "best_project")[2] == pytest.approx(0.5)


def test_experience_counts_collaborative_projects_before_the_topic_year_only():
    X = feature_matrix(history(), signals(year=2023), ["HES"] * 5, np.ones(5, dtype=bool))
    assert column(X, "experience")[0] == pytest.approx(np.log1p(2))   # 2021, 2022
    assert column(X, "experience_coordinated")[0] == pytest.approx(np.log1p(1))
    assert column(X, "experience")[4] == 0.0                         # only 2023, 2024
    assert column(X, "years_since_last")[0] == 1.0
    assert column(X, "years_since_last")[4] == 10.0


def test_network_counts_who_worked_with_the_members_before():
    h = history()
    X = feature_matrix(h, signals(year=2023), ["HES"] * 5, np.ones(5, dtype=bool),
                       Network(h), members=[0])
    co = column(X, "co_members")
    assert co[1] == pytest.approx(np.log1p(2)) and co[2] == pytest.approx(np.log1p(1))
    assert co[3] == pytest.approx(np.log1p(1)) and co[4] == 0.0
    assert column(X, "adamic_adar")[4] == 0.0        # 4 meets 0's partners only in 2023+
    assert (column(X, "with_members") == 1.0).all()


def test_a_later_follow_up_never_reaches_experience_or_network_features():
    """The leakage rule of the issue: adding or removing projects of the topic's year or
    later (the follow-up re-forming the same consortium) changes none of these."""
    without = [e for e in ENTRIES if YEARS[e[1]] < 2023]
    full = feature_matrix(history(), signals(year=2023), ["HES"] * 5,
                          np.ones(5, dtype=bool), members=[0, 2])
    rows, cols, roles, money = zip(*without)
    past = build_history(rows, cols, roles, money, 5, YEARS, PROGRAMMES)
    cut = feature_matrix(past, signals(year=2023), ["HES"] * 5,
                         np.ones(5, dtype=bool), members=[0, 2])
    timed = [FEATURES.index(n) for n in ("experience", "experience_coordinated",
                                         "experience_programme", "years_since_last",
                                         "co_members", "co_members_recent", "adamic_adar")]
    assert np.array_equal(full[:, timed], cut[:, timed])
    assert not np.array_equal(full[:, FEATURES.index("best_project")],
                              cut[:, FEATURES.index("best_project")])


def test_without_record_names_the_organisations_whose_every_project_is_masked():
    from consortium.rank.features import without_record

    h = history()
    assert without_record(h, np.array([2, 3])).tolist() == [False, False, False, False, True]
    assert not without_record(h, np.zeros(0, dtype=np.intp)).any()
