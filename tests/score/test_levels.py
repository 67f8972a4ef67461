"""The level rule: covered needs specific (not hub) evidence among the pool's strongest
that shares the requirement's rare words, and never administrative text."""

from __future__ import annotations

import numpy as np

from consortium.embed.pool_index import Match
from consortium.score.coverage import ScoreWeights
from consortium.score.levels import (
    COVERED,
    GAP,
    PARTIAL,
    administrative,
    best_level,
    cell_levels,
    names,
    procedural,
)

REQ = "Lawful tools for police to trace virtual currency transactions of criminals"
PASSAGES = [
    "Novel methods for investigating criminal transactions in virtual currency markets.",
    "The event is expected to bring together 1000 representatives from research and "
    "industry interested in virtual currency.",
    "Forest fire fighting with aircraft and capsules.",
    "Police tools for crime prevention in cities.",
]


def match(S: list[float], passages: list[int], centrality: list[float] | None = None,
          above: int = 0) -> Match:
    """One requirement, one partner per passage index given; ``above`` pool passages
    reach a higher specific similarity than the best of these."""
    cen = np.array(centrality or [0.2] * len(PASSAGES), np.float32)
    s = np.array([S], np.float32)
    ev = np.array([passages])
    best = float((s - cen[ev]).max())
    top = np.array([[best + 0.3] * above + [best] + [best - 0.3] * (63 - above)], np.float32)
    return Match(s, ev, PASSAGES, ["p"] * len(PASSAGES), cen, top[:, 0], specific_top=top)


def test_specific_strong_evidence_sharing_words_is_covered() -> None:
    codes = cell_levels(match([0.7], [0]), [REQ], ScoreWeights())
    assert codes.tolist() == [[COVERED]]


def test_far_down_the_pools_ranking_is_only_partial() -> None:
    # police tools, covered while the pool's best; not when 63 passages are more specific
    top = cell_levels(match([0.7], [3]), [REQ], ScoreWeights())
    down = cell_levels(match([0.7], [3], above=63), [REQ], ScoreWeights())
    assert top.tolist() == [[COVERED]] and down.tolist() == [[PARTIAL]]


def test_a_hub_passage_does_not_cover_and_a_very_generic_one_is_a_gap() -> None:
    w = ScoreWeights()
    hub = cell_levels(match([0.7], [0], centrality=[0.65, 0.2, 0.2, 0.2]), [REQ], w)
    assert hub.tolist() == [[PARTIAL]]          # 0.7 - 0.65: hardly specific
    generic = cell_levels(match([0.5], [3], centrality=[0.2, 0.2, 0.2, 0.8], above=63),
                          [REQ], w)
    assert generic.tolist() == [[GAP]]          # closer to the pool's mean than to it


def test_without_the_requirements_words_it_is_not_covered() -> None:
    codes = cell_levels(match([0.7], [2]), [REQ], ScoreWeights())
    assert codes.tolist() == [[PARTIAL]]


def test_a_procedural_requirement_is_not_covered() -> None:
    codes = cell_levels(match([0.6], [0]), ["The recommended duration of the project is "
                                            "3 years."], ScoreWeights())
    assert codes.tolist() != [[COVERED]]


def test_a_duration_requirement_is_a_gap_even_against_a_passage_on_durations() -> None:
    req = "The projects should have a maximum estimated duration of 2 years."
    passages = [*PASSAGES, "The estimated duration of the network is 2 years; it will "
                "last 2 years beyond the projects."]
    m = match([0.7], [len(PASSAGES)], centrality=[0.2] * len(passages))
    m.passages = passages
    assert cell_levels(m, [req], ScoreWeights()).tolist() == [[GAP]]
    assert procedural("The recommended duration of the project is 3 years.")
    assert not procedural("Restoring power after long-duration outages of the grid")


def test_an_event_announcement_never_covers_or_counts() -> None:
    codes = cell_levels(match([0.75], [1]), [REQ], ScoreWeights())
    assert codes.tolist() == [[GAP]]


def test_administrative_text() -> None:
    assert administrative(PASSAGES[1])
    assert administrative("Such a large consortium will also allow an adequate dissemination "
                          "of the project results.")
    assert administrative("The company expects a turnover of €19.9 million and 20 new jobs.")
    assert not administrative(PASSAGES[0])
    assert not administrative("The project develops drones. The consortium includes three "
                              "SMEs. Drones are tested with police. Results go to standards.")


def test_best_level_prefers_the_level_then_the_similarity() -> None:
    codes = np.array([[PARTIAL, COVERED, COVERED]], np.int8)
    S = np.array([[0.9, 0.5, 0.6]], np.float32)
    level, who = best_level(codes, S, [0, 1, 2])
    assert names(level) == ["covered"] and who.tolist() == [2]
    level, who = best_level(codes, S, [0])
    assert names(level) == ["partial"] and who.tolist() == [0]
    level, who = best_level(codes, S, [])
    assert names(level) == ["gap"] and who.tolist() == [-1]


def test_report_never_covers_with_an_event_and_quotes_the_evidence_that_earns_the_level(
        fake_embedder, tmp_path) -> None:
    from pathlib import Path

    from consortium.calls.topic import load_call
    from consortium.embed.embedder import CachedEmbedder, EmbeddingCache
    from consortium.partners.pool import load_partners
    from consortium.pipeline import ConsortiumBuilder
    from consortium.search.problem import SearchConfig

    data = Path(__file__).parents[1] / "data"
    pool = tmp_path / "partners.csv"
    pool.write_text((data / "partners.csv").read_text(encoding="utf-8")
                    + "Drone Days Ltd,DDAYS,NL,PRC,yes,The event is expected to bring together "
                      "1000 representatives on unmanned aerial drones for border surveillance "
                      "at sea and on land.\n", encoding="utf-8")
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    builder = ConsortiumBuilder(embedder, config=SearchConfig(min_size=3, max_size=4)).fit(
        load_call(data / "topic.md"), load_partners(pool))
    alone = builder.score(["DDAYS", "IML", "ISPC"])
    r1 = next(q for q in alone.requirements if q.id == "R1")
    names_ = [m.short_name for m in alone.members]
    assert r1.scores[names_.index("DDAYS")] > 0.7 and r1.levels[names_.index("DDAYS")] == "gap"
    assert r1.level != "covered" and r1.partner != "DDAYS"
    both = builder.score(["DDAYS", "AERO", "IML", "ISPC"])
    r1 = next(q for q in both.requirements if q.id == "R1")
    assert r1.level == "covered" and r1.partner == "AERO"
    assert both.requirements[0].levels[[m.short_name for m in both.members].index("DDAYS")] \
        == "gap"


def test_levelling_some_columns_gives_their_levels_and_leaves_the_rest_gaps() -> None:
    m = match([0.8, 0.7, 0.5, 0.45], [0, 1, 2, 3])
    full = cell_levels(m, [REQ], ScoreWeights())
    assert set(full[0].tolist()) >= {COVERED, GAP}     # not a trivial match
    some = cell_levels(m, [REQ], ScoreWeights(), columns=[3, 0, 0])
    assert some[0, 0] == full[0, 0] and some[0, 3] == full[0, 3]
    assert some[0, 1] == GAP and some[0, 2] == GAP and some.shape == full.shape
    assert not cell_levels(m, [REQ], ScoreWeights(), columns=[]).any()
