"""Reading topics from portal JSON, CSV, HTML and lossy text; the ``calls`` commands."""

from __future__ import annotations

import csv
import gzip
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from consortium.call_formats import read_topics
from consortium.call_repair import fix_mojibake, html_to_text, repair
from consortium.calls import load_call
from consortium.cli import cli
from consortium.conditions import POLICE, strongest
from consortium.errors import InputError
from consortium.segment import split_sentences
from consortium.text import split_sentences as slow_split_sentences

DATA = Path(__file__).resolve().parent / "data" / "calls"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "topics"

# Copied from HORIZON-CL3-2023-FCT-01-01 in topic_texts.csv.gz ("?" for lost characters).
LOSSY = ("Expected Outcome: Projects? results are expected to contribute to all of the "
         "following outcomes: ? Improved capabilities of European Police Authorities for a fast "
         "analysis of huge amounts of heterogeneous data; ? Enhanced and modern analysis of "
         "heterogeneous data as well as training curricula; ? The work of European Police "
         "Authorities is supported by big data analysis. Scope: The processing of large "
         "datasets is inevitable for police work in today?s digital world. The involvement of "
         "Police Authorities47 is encouraged, as well as synergies with relevant topics.")


def test_json_concatenated_with_broken_object_and_unusable_topic() -> None:
    result = read_topics([DATA / "topics.json"])
    assert [c.id for c in result.calls] == ["HORIZON-CL3-2026-01-FCT-02"]
    assert len(result.skipped) == 2
    assert "broken JSON object skipped" in result.skipped[0]
    assert "ERC-2026-POC" in result.skipped[1] and "Expected Outcome" in result.skipped[1]
    call = result.calls[0]
    assert (call.deadline, call.budget_min, call.budget_max, call.expected_grants, call.trl) \
        == ("2026-11-05", 3000000, 4000000, 3, "5-6")
    assert [r.text for r in call.requirements][:2] == [
        "Police Authorities are equipped with modern tools to counter the misuse of new "
        "technologies", "Improved cross-border information exchange on technology-enabled crime"]
    police = [c for c in call.conditions if c.role == POLICE]
    assert (police[0].min_entities, police[0].min_countries, police[0].required) == (2, 2, True)
    kinds = {r.kind for r in call.requirements}
    assert kinds == {"expected_outcome", "scope", "cross_cutting", "boilerplate"}
    assert all(r.weight == 0 for r in call.requirements if r.kind == "boilerplate")


def test_option_selection_keeps_common_requirements() -> None:
    every = read_topics([DATA / "topics.json"]).calls[0]
    only_b = read_topics([DATA / "topics.json"], option="b").calls[0]
    assert every.options == ["a", "b"]
    assert {r.option for r in only_b.requirements} == {"", "b"}
    assert len(only_b.requirements) == len(every.requirements) - 1


def test_gzip_and_csv_and_lossy_repair(tmp_path: Path) -> None:
    path = tmp_path / "topic_texts.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["topic", "title", "source", "description"])
        writer.writerow(["HORIZON-CL3-2023-FCT-01-01", "Big data", "mjarmak/data.csv", LOSSY])
        writer.writerow(["HORIZON-CL3-2023-FCT-01-02", "Empty", "mjarmak/data.csv", ""])
    result = read_topics([path])
    assert len(result.calls) == 1 and "empty description" in result.skipped[0]
    texts = [r.text for r in result.calls[0].requirements]
    assert len(texts) >= 3 and not any("?" in t for t in texts)
    assert "today’s digital world" in texts[3]
    police = [c for c in result.calls[0].conditions if c.role == POLICE]
    assert police and not police[0].required


def test_html_keeps_bullets() -> None:
    html = ("<p><strong>Expected Outcome:</strong></p><ul><li>Validated sensors for cargo "
            "screening at borders</li><li>Shared training for customs officers</li></ul>"
            "<p>Scope: Proposals should test the sensors at three ports.</p>")
    text = html_to_text(html)
    assert "- Validated sensors for cargo screening at borders\n- Shared training" in text


def test_mojibake_and_glued_text_repaired() -> None:
    assert fix_mojibake("the projectâ€™s â€œmid-termâ€") == "the project’s “mid-term”"
    assert repair("outcomes:Police are equipped;Improved exchange.Climate change") == \
        "outcomes: Police are equipped; Improved exchange. Climate change"


def test_fast_sentence_split_matches_text_module() -> None:
    text = ("See e.g. Annex B. Police Authorities, i.e. public bodies, act. No. 5 is here! "
            "Is it? Yes. “Quoted” starts. (Brackets) too.")
    assert split_sentences(text) == slow_split_sentences(text)


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "topic.xyz"
    odd.write_text("just words", encoding="utf-8")
    with pytest.raises(InputError, match="unknown format"):
        read_topics([odd])
    with pytest.raises(InputError, match="file not found"):
        read_topics([tmp_path / "missing.json"])


def test_cli_import_list_show(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["calls", "import", str(DATA / "topics.json"), "--to", str(out)],
                           catch_exceptions=False)
    assert result.exit_code == 0
    assert "wrote 1 topic files" in result.output and "2 skipped" in result.output
    written = load_call(out / "HORIZON-CL3-2026-01-FCT-02.md")
    assert written.budget_max == 4000000 and written.conditions[0].role
    listed = runner.invoke(cli, ["calls", "list", "--calls-dir", str(out)],
                           catch_exceptions=False)
    assert "HORIZON-CL3-2026-01-FCT-02" in listed.output
    assert "police authority>=2/2c (required)" in listed.output
    shown = runner.invoke(cli, ["calls", "show", "HORIZON-CL3-2026-01-FCT-02", "--calls-dir",
                                str(out), "--option", "a"], catch_exceptions=False)
    assert "option a" in shown.output and "option b" not in shown.output
    assert "Conditions:" in shown.output
    missing = runner.invoke(cli, ["calls", "show", "NOPE-01", "--calls-dir", str(out)])
    assert missing.exit_code == 1 and "Error:" in missing.output


def test_bundled_topics_with_police_condition() -> None:
    ids = ["HORIZON-CL3-2026-01-FCT-01", "HORIZON-CL3-2027-01-FCT-01"]
    numbers = {"HORIZON-CL3-2026-01-FCT-01": (2, 2), "HORIZON-CL3-2027-01-FCT-01": (3, 3)}
    calls_dir = Path(__file__).resolve().parent.parent / "calls"
    for topic in ids:
        call = load_call(calls_dir / f"{topic}.md")
        police = [c for c in strongest(call.conditions) if c.role == POLICE]
        assert (police[0].min_entities, police[0].min_countries) == numbers[topic]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/topics not available")
def test_real_data_all_cl3_import_and_json_lists_fast() -> None:
    result = read_topics([SHARED / "topic_texts.csv.gz"], only=("-CL3-",))
    assert len(result.calls) >= 117
    assert all(len(c.requirements) >= 3 for c in result.calls)
    start = time.perf_counter()
    dump = read_topics([SHARED / "portal_topics_open_2026.json.gz"])
    assert len(dump.calls) + len(dump.skipped) == 629
    assert time.perf_counter() - start < 60
