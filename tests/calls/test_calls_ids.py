"""The topic-id check (consortium/topic_ids.py): texts filed under another topic's id."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from consortium.calls.formats import read_topics
from consortium.calls.sections import front_matter
from consortium.calls.similarity import call_group, same_text, same_title, title_support
from consortium.calls.topic_ids import (
    TopicRow,
    check_topic_ids,
    read_cordis_titles,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
LOSSY = "mjarmak/data.csv"
EXPORT = "mjarmak/calls/output_query-open_1724530395206.csv"
CALL = "HORIZON-CL3-2023-DRS-01"
CORDIS = {
    f"{CALL}-01": "Improving social and societal preparedness for disaster response",
    f"{CALL}-02": "Design of crisis prevention actions in case of digital breakdown",
    f"{CALL}-03": "Operability and standardisation in response to biological toxin incidents",
    f"{CALL}-04": "Networking of training centres for testing CBRN-E tools and technologies",
}


def _text(topic: str, words: int = 60) -> str:
    """A distinct topic text: every 5-word sequence names the topic."""
    return "Expected Outcome: " + " ".join(f"{topic} outcome{n}" for n in range(words)) + "."


def test_same_title_forgives_spelling_but_not_another_topic() -> None:
    assert same_title("Europe?s cultural heritage and arts ? promoting our values",
                      "Europe’s cultural heritage and arts – promoting our values")
    assert same_title("Cultural approaches for gender- responsive STEAM education",
                      "Cultural approaches for gender-responsive STEAM education")
    assert same_title("Pandemic preparedness and responseo:  Adaptive platform trials",
                      "Pandemic preparedness and response: Adaptive platform trials")
    assert same_title("Validation of fluid-derived",  # cut short
                      "Validation of fluid-derived biomarkers for brain disorders")
    assert same_title("Promoting EU standards globally (CSA)\t393",  # page number appended
                      "Promoting EU standards globally (CSA)")
    assert not same_title(CORDIS[f"{CALL}-03"], CORDIS[f"{CALL}-04"])
    assert not same_title("Robotics", "Robotics: Autonomous UGV systems")  # too short
    assert not same_title("", "")
    assert call_group(f"{CALL}-02") == CALL
    assert call_group("HORIZON-HLTH-2024-DISEASE-03-11-two-stage") == \
        "HORIZON-HLTH-2024-DISEASE-03"
    assert call_group("HORIZON-CL3-2025-01-FCT-01") == "HORIZON-CL3-2025-01-FCT"


def test_same_text_sets_the_lossy_question_marks_and_punctuation_aside() -> None:
    portal = ("Projects' results are expected to contribute to all of the following outcomes: "
              + "; ".join(f"Improved capability number {n} of European police authorities"
                          for n in range(8)))
    lossy = portal.replace("'", "?").replace(";", " ?")
    assert same_text(portal, lossy)
    assert not same_text(portal, _text("other"))
    assert not same_text("Scope: short.", "Scope: short.")  # too short to tell
    assert title_support("Tracing of cryptocurrencies", "tracing cryptocurrencies") == 1.0


def test_a_shift_by_one_is_relabelled_by_the_cordis_titles() -> None:
    rows = [TopicRow(f"{CALL}-01", CORDIS[f"{CALL}-01"], _text("a"), LOSSY),
            TopicRow(f"{CALL}-02", CORDIS[f"{CALL}-03"], _text("b"), LOSSY),
            TopicRow(f"{CALL} 03", CORDIS[f"{CALL}-04"], _text("c"), LOSSY)]
    corrections = check_topic_ids(rows, CORDIS)
    assert [(c.index, c.id, c.new_id) for c in corrections] == [
        (1, f"{CALL}-02", f"{CALL}-03"), (2, f"{CALL}-03", f"{CALL}-04")]
    assert "is CORDIS's title of HORIZON-CL3-2023-DRS-01-03" in corrections[0].reason
    assert "CORDIS's title of HORIZON-CL3-2023-DRS-01-02 is 'Design of crisis" in \
        corrections[0].reason
    assert corrections[0].line().startswith(
        f"{CALL}-02 ({LOSSY}): relabelled to {CALL}-03: its title")


def test_no_relabel_onto_a_topic_that_has_its_own_row_nor_to_an_unknown_title() -> None:
    rows = [TopicRow(f"{CALL}-02", CORDIS[f"{CALL}-03"], _text("b"), LOSSY),
            TopicRow(f"{CALL}-03", CORDIS[f"{CALL}-03"] + " ", _text("c"), LOSSY),
            TopicRow(f"{CALL}-04", "Drones for wildfire monitoring", _text("d"), EXPORT)]
    corrections = check_topic_ids(rows, CORDIS)
    assert [(c.index, c.dropped) for c in corrections] == [(0, True), (2, True)]
    assert "which has its own row" in corrections[0].reason
    assert "cannot be told" in corrections[0].reason
    assert "is no CORDIS title of HORIZON-CL3-2023-DRS-01-*" in corrections[1].reason
    # Ids CORDIS does not know are not checked against it.
    assert check_topic_ids([TopicRow("HORIZON-CL3-2099-X-01-01", "Anything", _text("e"),
                                     LOSSY)], CORDIS) == []


def test_a_lossy_row_repeating_a_reliable_row_under_another_id_is_dropped() -> None:
    crypto = "Tracing of cryptocurrencies transactions related to criminal purposes"
    rows = [TopicRow("HORIZON-CL3-2024-FCT-01-06", crypto, _text("crypto").replace(":", "?"),
                     LOSSY),
            TopicRow("HORIZON-CL3-2024-FCT-01-08", crypto, _text("crypto"), EXPORT),
            # Another year: a topic can be repeated in the next work programme.
            TopicRow("HORIZON-CL3-2025-01-FCT-02", crypto, _text("crypto"), EXPORT),
            # Same title, other text: a placeholder of a topic published later.
            TopicRow("HORIZON-CL4-2024-HUMAN-01-34", "Support for NCPs", _text("tbd"), LOSSY),
            TopicRow("HORIZON-CL4-2024-HUMAN-02-34", "Support for NCPs", _text("ncp"), EXPORT)]
    corrections = check_topic_ids(rows, {})
    assert [(c.index, c.dropped) for c in corrections] == [(0, True), (3, True)]
    assert corrections[0].reason.startswith("its text (100% of its 5-word sequences) repeats "
                                            "HORIZON-CL3-2024-FCT-01-08 'Tracing of crypto")
    assert "the text of HORIZON-CL3-2024-FCT-01-06 is not in the data" in corrections[0].reason
    assert corrections[1].reason.startswith("its title repeats HORIZON-CL4-2024-HUMAN-02-34")
    # The reliable source is never dropped for repeating a lossy row.
    swapped = [row._replace(source=EXPORT if row.source == LOSSY else LOSSY) for row in rows]
    assert {c.index for c in check_topic_ids(swapped, {})} == {1, 4}
    # One topic under two ids, confirmed by CORDIS under the lossy row's id: both stay.
    assert check_topic_ids(rows[:2], {"HORIZON-CL3-2024-FCT-01-06": crypto}) == []


def test_a_text_under_a_different_title_must_be_a_copy_to_count() -> None:
    template = _text("twinning", 80)
    bottom_up = template + " Bottom-up topics in any field of research and innovation."
    green = template + " Green Deal topics on climate, energy and biodiversity only."
    rows = [TopicRow("HORIZON-WIDERA-2023-ACCESS-02-01", "Twinning Bottom-Up", bottom_up,
                     EXPORT),
            TopicRow("HORIZON-WIDERA-2023-ACCESS-02-02", "Twinning Green Deal", green, LOSSY),
            TopicRow("HORIZON-WIDERA-2023-ACCESS-07-01", "Excellence Hubs", bottom_up, LOSSY)]
    corrections = check_topic_ids(rows, {})
    assert [c.index for c in corrections] == [2]
    assert "its text (100% of its 5-word sequences) repeats HORIZON-WIDERA-2023-ACCESS-02-01" \
        in corrections[0].reason


def test_copies_inside_the_lossy_source_stay_with_the_right_title_or_with_neither() -> None:
    text = ("Expected Outcome: Increased border surveillance capability and situational "
            "awareness of sea borders and maritime infrastructures, with interoperability of "
            + " ".join(f"system{n}" for n in range(40)))
    rows = [TopicRow("HORIZON-CL3-2024-BM-01-01", "Interoperability for border and maritime "
                     "surveillance and situational awareness", text, LOSSY),
            TopicRow("HORIZON-CL3-2024-BM-01-02", "Advanced user-friendly, compatible, secure "
                     "identity and travel document management", text, LOSSY)]
    (dropped,) = check_topic_ids(rows, {})
    assert dropped.index == 1 and dropped.dropped
    assert "it stays with HORIZON-CL3-2024-BM-01-01 (the text holds 100% of its title's" in \
        dropped.reason
    # CORDIS decides first, whatever the words say.
    cordis = {"HORIZON-CL3-2024-BM-01-02": rows[1].title}
    (first,) = check_topic_ids(rows, cordis)
    assert first.index == 0 and "only its title is CORDIS's title of its id" in first.reason
    # Two titles the text supports about equally: neither keeps it.
    even = [rows[0], rows[1]._replace(title="Border surveillance and maritime awareness "
                                            "for customs")]
    assert [c.index for c in check_topic_ids(even, {})] == [0, 1]


def test_read_topics_applies_the_check_across_files(tmp_path: Path) -> None:
    texts = tmp_path / "topic_texts.csv"
    with open(texts, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["topic", "title", "source", "description"])
        writer.writerow([f"{CALL}-02", CORDIS[f"{CALL}-03"],
                         LOSSY, "Expected Outcome: Validated toxin detection. Scope: "
                         "Proposals should standardise the response to toxin incidents."])
        writer.writerow([f"{CALL}-04", CORDIS[f"{CALL}-04"], EXPORT,
                         "Scope: Proposals should network CBRN-E training centres."])
    plain = read_topics([texts])
    assert [c.id for c in plain.calls] == [f"{CALL}-02", f"{CALL}-04"]
    assert plain.corrections == []
    checked = read_topics([texts], cordis_titles=CORDIS)
    assert [c.id for c in checked.calls] == [f"{CALL}-03", f"{CALL}-04"]
    assert checked.calls[0].source == f"{texts}:{CALL}-02"  # where it was read
    meta, _ = front_matter(checked.markdown[0], "topic")
    assert (f"filed there as {CALL}-02, relabelled: it has CORDIS's title of {CALL}-03"
            in meta["source"])
    assert [c.new_id for c in checked.corrections] == [f"{CALL}-03"]
    only = read_topics([texts], cordis_titles=CORDIS, only=("DRS-01-03",))
    assert [c.id for c in only.calls] == [f"{CALL}-03"]


@pytest.mark.skipif(not (SHARED / "topics").is_dir(), reason="../shared/data not available")
def test_real_data_corrections() -> None:
    titles = read_cordis_titles(SHARED / "cordis-he" / "topics.csv")
    with gzip.open(SHARED / "topics" / "topic_texts.csv.gz", "rt", encoding="utf-8") as handle:
        csv.field_size_limit(10_000_000)
        rows = [TopicRow(r["topic"], r["title"], r["description"], r["source"])
                for r in csv.DictReader(handle)]
    corrections = check_topic_ids(rows, titles)
    assert all(rows[c.index].source == LOSSY for c in corrections)
    moved = {c.id: c.new_id for c in corrections if not c.dropped}
    assert moved == {f"{CALL}-03": f"{CALL}-04", f"{CALL}-04": f"{CALL}-05",
                     f"{CALL}-05": f"{CALL}-06"}
    dropped = sorted(c.id for c in corrections if c.dropped)
    assert dropped == sorted([
        f"{CALL}-02", "HORIZON-CL3-2024-BM-01-02", "HORIZON-CL3-2024-BM-01-03",
        "HORIZON-CL3-2024-BM-01-04", "HORIZON-CL3-2024-DRS-01-04",
        "HORIZON-CL3-2024-FCT-01-05", "HORIZON-CL3-2024-FCT-01-06",
        "HORIZON-CL3-2024-INFRA-01-02", "HORIZON-CL4-2023-DIGITAL-EMERGING-01-01",
        "HORIZON-CL4-2024-DIGITAL-EMERGING-01-42", "HORIZON-CL4-2024-HUMAN-01-06",
        "HORIZON-CL4-2024-HUMAN-01-34", "HORIZON-CL4-2024-HUMAN-01-61",
        "HORIZON-CL5-2024-D3-02-08", "HORIZON-CL5-2024-D3-02-09",
        "HORIZON-WIDERA-2023-ACCESS-07-01"])
    # The "HORIZON-CL3-2024-BM 01-04" row (BM-01-05's text) is the one dropped, not the
    # export's own BM-01-04.
    (bm,) = [c for c in corrections if c.id == "HORIZON-CL3-2024-BM-01-04"]
    assert rows[bm.index].id == "HORIZON-CL3-2024-BM 01-04"
    assert "repeats HORIZON-CL3-2024-BM-01-05" in bm.reason
