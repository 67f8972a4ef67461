"""Reading topics from portal JSON, CSV, HTML and lossy text; the ``calls`` commands."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from consortium.calls.conditions import POLICE, strongest
from consortium.calls.formats import read_topics
from consortium.calls.repair import fix_mojibake, html_to_text, repair
from consortium.calls.topic import load_call
from consortium.cli.main import cli
from consortium.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "data" / "calls"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "topics"

# Copied from HORIZON-CL3-2023-FCT-01-01 in topic_texts.csv.gz ("?" for lost characters).
LOSSY = ("Expected Outcome: Projects? results are expected to contribute to all of the "
         "following outcomes: ? Improved capabilities of European Police Authorities for a fast "
         "analysis of huge amounts of heterogeneous data; ? Enhanced and modern analysis of "
         "heterogeneous data as well as training curricula; ? The work of European Police "
         "Authorities is supported by big data analysis. Scope: The processing of large "
         "datasets is inevitable for police work in today?s digital world. The involvement of "
         "Police Authorities47 is encouraged, as well as synergies with relevant topics.")


def test_json_concatenated_with_broken_object_and_unlabelled_topic() -> None:
    result = read_topics([DATA / "topics.json"])
    assert [c.id for c in result.calls] == ["HORIZON-CL3-2026-01-FCT-02", "ERC-2026-POC"]
    assert len(result.skipped) == 1 and "broken JSON object skipped" in result.skipped[0]
    # No "Expected Outcome:" / "Scope:" label: read whole as Scope, with one warning.
    assert result.unlabelled == 1 and len(result.warnings) == 1
    assert result.warnings[0] == (f"{DATA / 'topics.json'}:ERC-2026-POC: no 'Expected "
                                  "Outcome:' or 'Scope:' heading; the whole description was "
                                  "read as Scope")
    erc = result.calls[1]
    assert erc.unlabelled and list(erc.sections) == ["Scope"]
    assert [r.text for r in erc.requirements] == [
        "Objective: The ERC Proof of Concept Grants aim at facilitating exploration."]
    assert "\nsections: unlabelled\n" in result.markdown[1]
    assert "sections:" not in result.markdown[0]  # labelled topics keep their front matter
    call = result.calls[0]
    assert (call.deadline, call.budget_min, call.budget_max, call.expected_grants, call.trl) \
        == ("2026-11-05", 3000000, 4000000, 3, "5-6")
    assert [r.text for r in call.requirements][:2] == [
        "Police Authorities are equipped with modern tools to counter the misuse of new "
        "technologies", "Improved cross-border information exchange on technology-enabled crime"]
    police = [c for c in call.conditions if c.role == POLICE]
    assert (police[0].min_entities, police[0].min_countries, police[0].required) == (2, 2, True)
    kinds = {r.kind for r in call.requirements}
    assert kinds == {"expected_outcome", "scope", "cross_cutting"}
    # boilerplate is no longer a requirement (issue #17): kept on the Call, weight 0
    assert {r.role for r in call.context} >= {"boilerplate"}
    assert all(r.weight == 0 for r in call.context)


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
    texts = [r.text for r in result.calls[0].units()]
    assert len(texts) >= 3 and not any("?" in t for t in texts)
    assert "today’s digital world" in texts[4]  # background: role context since #17
    assert result.calls[0].context[1].role == "context"
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
    # Entities left in plain text are decoded; only complete ones ("&paragraph" stays).
    assert repair("R&amp;D for &paragraph and R&I; AT&amp;T") == \
        "R&D for &paragraph and R&I; AT&T"
    assert repair("A&nbsp; B&nbsp;&nbsp; C", flat_spaces=True) == "A\n\nB\n\nC"


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
    assert "wrote 2 topic files" in result.output and "1 skipped" in result.stderr
    assert "warning: " in result.stderr and ":ERC-2026-POC: no 'Expected" in result.stderr
    assert "1 imported without headings" in result.stderr
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
    calls_dir = Path(__file__).resolve().parents[2] / "calls"
    for topic in ids:
        call = load_call(calls_dir / f"{topic}.md")
        police = [c for c in strongest(call.conditions) if c.role == POLICE]
        assert (police[0].min_entities, police[0].min_countries) == numbers[topic]


# HORIZON-CL3-2022-CS-01-03 in topic_texts.csv.gz: a cascade-funding open call of PQ-REACT,
# no "Expected Outcome:" / "Scope:" labels, its list items ended by "&nbsp;" entities.
PQ_REACT = ("The PQ-REACT project aims to design, build, and validate a framework for a quicker "
            "and more effortless shift from classical to post-quantum cryptography for various "
            "contexts and usage domains. The proposals must fit within one of the following "
            "Use Cases:&nbsp; Use Case 1: Smart energy meters&nbsp;&nbsp; Use Case 2: 5G and 6G "
            "architectures&nbsp; Use Case 3: Context Agility Manager (PQC Benchmarking)&nbsp; "
            "Use Case 4: Eclipse-Qrisp for PQC.&nbsp; &nbsp;")
EXPORT = "mjarmak/calls/output_query-open_1724530395206.csv"


def _topic_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["topic", "title", "source", "description"])
        writer.writerows(rows)
    return path


def test_unlabelled_description_is_read_as_scope_and_entities_cleaned(tmp_path: Path) -> None:
    path = _topic_csv(tmp_path / "texts.csv", [
        ("HORIZON-CL3-2022-CS-01-03", "Quantum", EXPORT, PQ_REACT),
        ("HORIZON-CL3-2022-CS-01-04", "Blank", EXPORT, "  \n\t "),
    ])
    result = read_topics([path])
    assert result.skipped == [f"texts.csv (from {EXPORT}): topic HORIZON-CL3-2022-CS-01-04: "
                              "empty description (no Expected Outcome or Scope text)"]
    (call,) = result.calls
    assert call.unlabelled and result.unlabelled == 1
    assert result.warnings == [f"{path}:HORIZON-CL3-2022-CS-01-03: no 'Expected Outcome:' or "
                               "'Scope:' heading; the whole description was read as Scope"]
    texts = [r.text for r in call.requirements]
    assert not any("&" in t or "\u00a0" in t for t in texts)
    assert texts[-3:] == ["Use Case 2: 5G and 6G architectures",
                          "Use Case 3: Context Agility Manager (PQC Benchmarking)",
                          "Use Case 4: Eclipse-Qrisp for PQC."]
    assert texts[1].endswith("Use Cases: Use Case 1: Smart energy meters")
    # The normalised file says so, and reads back to the same requirements without warning.
    written = tmp_path / "topic.md"
    written.write_text(result.markdown[0], encoding="utf-8")
    again = load_call(written, warn=None)
    assert again.unlabelled and again.warnings == []
    assert [r.text for r in again.requirements] == texts


def test_import_writes_a_repeated_topic_once_and_refuses_a_different_one(
        tmp_path: Path) -> None:
    text = "Scope: Proposals should test drones for police at three EU borders at least."
    other = "Scope: Proposals should develop sensors for customs at two EU ports at least."
    path = _topic_csv(tmp_path / "texts.csv", [
        ("HORIZON-CL3-2024-BM-01-04", "Drones", EXPORT, text),
        ("HORIZON-CL3-2024-BM 01-04", "Drones (copy)", EXPORT, f" {text}\n"),
        ("HORIZON-CL3-2024-BM-01-05", "Drones", EXPORT, text),
        ("HORIZON-CL3-2024-BM 01-05", "Sensors", EXPORT, other),
    ])
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["calls", "import", str(path), "--to", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wrote 2 topic files" in result.stdout
    assert (f"{path}:HORIZON-CL3-2024-BM 01-04: topic HORIZON-CL3-2024-BM-01-04: same topic "
            f"as {path}:HORIZON-CL3-2024-BM-01-04; written once") in result.stderr
    assert "1 skipped" in result.stderr
    (refusal,) = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert "BM 01-05: topic HORIZON-CL3-2024-BM-01-05 skipped: already written" in refusal
    assert "whose text differs ('Drones', here 'Sensors'; ids must be unique)" in refusal
    assert "sensors" not in (out / "HORIZON-CL3-2024-BM-01-05.md").read_text(encoding="utf-8")


def test_markdown_without_headings_warns_in_show_and_import(tmp_path: Path) -> None:
    topic = tmp_path / "my-topic.md"
    topic.write_text("# Drones for wildfire response\n\nProposals should develop drones that "
                     "map active wildfires in real time. They should be tested with fire "
                     "brigades in at least two countries.\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(cli, ["calls", "show", str(topic)], catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    warning = (f"warning: {topic}: no '## Expected Outcome' or '## Scope' heading (nor "
               "'Expected Outcome:' / 'Scope:' label); the whole text was read as Scope")
    assert shown.stderr.splitlines() == [warning]
    assert "sections: unlabelled" in shown.stdout and "R2 [validation/" in shown.stdout
    out = tmp_path / "out"
    imported = runner.invoke(cli, ["calls", "import", str(topic), "--to", str(out)],
                             catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    assert imported.stderr.splitlines() == [warning, "1 imported without headings "
                                            "(warnings above)"]
    written = (out / "my-topic.md").read_text(encoding="utf-8")
    assert "\nsections: unlabelled\n" in written and "\n## Scope\n" in written
    again = runner.invoke(cli, ["calls", "show", str(out / "my-topic.md")],
                          catch_exceptions=False)
    assert again.stderr == "" and "sections: unlabelled" in again.stdout
    listed = runner.invoke(cli, ["calls", "list", str(topic)], catch_exceptions=False)
    assert listed.stderr.splitlines()[:2] == [warning, "1 read without headings (warnings "
                                              "above)"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/topics not available")
def test_real_data_all_cl3_import_and_json_lists(tmp_path: Path) -> None:
    result = read_topics([SHARED / "topic_texts.csv.gz"], only=("CL3",))
    # 119 rows, 118 ids: "HORIZON-CL3-2024-BM 01-04" is another text under an existing id.
    assert len(result.calls) == 119 and not result.skipped
    assert len({c.id for c in result.calls}) == 118
    assert all(len(c.requirements) >= 3 for c in result.calls)
    # The two 2022 cascade-funding open calls have no Expected Outcome / Scope headings.
    assert sorted(c.id for c in result.calls if c.unlabelled) == [
        "HORIZON-CL3-2022-CS-01-01", "HORIZON-CL3-2022-CS-01-03"]
    assert len(result.warnings) == result.unlabelled == 2
    out = tmp_path / "cl3"
    imported = CliRunner().invoke(cli, ["calls", "import", str(SHARED / "topic_texts.csv.gz"),
                                        "--only", "CL3", "--to", str(out)],
                                  catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    assert "wrote 118 topic files" in imported.stdout
    assert "2 imported without headings" in imported.stderr
    assert "1 skipped" in imported.stderr and "whose text differs" in imported.stderr
    assert len(list(out.glob("*.md"))) == 118
    dump = read_topics([SHARED / "portal_topics_open_2026.json.gz"])
    assert len(dump.calls) + len(dump.skipped) == 629     # (its speed: a benchmark, not a test)
