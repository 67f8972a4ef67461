"""Tests for the calls stage: reading topic texts and cutting them into requirements."""

from __future__ import annotations

from pathlib import Path

import pytest
from calltexts import MARKDOWN_CALL, write

from consortium.calls.segment import render_section, segment
from consortium.calls.topic import (
    Requirement,
    load_call,
    parse_call,
    split_requirements,
)

REPO = Path(__file__).resolve().parents[2]
CALLS_DIR = REPO / "calls"

PORTAL_TEXT = (
    "Expected Outcome: Project results are expected to contribute to all of the following "
    "expected outcomes: Improved tools and training curricula for police authorities to "
    "prevent organised crime; Improved mechanisms for secure cross-border information "
    "exchange; Enhanced understanding of the key challenges of cross-border organised crime. "
    "Scope: Under the Open Topic, proposals are welcome to address new or unforeseen "
    "challenges in fighting organised crime. Coordination among the successful proposals "
    "should be envisaged to avoid duplication."
)


def test_front_matter_is_parsed(tmp_path: Path) -> None:
    call = load_call(write(tmp_path, "some-file.md", MARKDOWN_CALL))
    assert call.id == "HORIZON-CL3-2099-01-XYZ-01"
    assert call.title == "Better sensors for border checks"
    assert call.call == "HORIZON-CL3-2099-01"
    assert call.action_type == "RIA"
    assert call.deadline == "2099-11-12"
    assert call.source == str(tmp_path / "some-file.md")


def test_markdown_bullets_become_requirements_in_order(tmp_path: Path) -> None:
    call = load_call(write(tmp_path, "x.md", MARKDOWN_CALL))
    assert list(call.sections) == ["Expected Outcome", "Scope"]
    # the framing lead-in and the consortium condition: both kept on the Call as
    # context (weight 0), not scored (issue #17)
    assert [(r.id, r.role) for r in call.context] == [("X1", "lead_in"), ("X2", "condition")]
    assert [(r.id, r.section) for r in call.requirements] == [
        ("R1", "Expected Outcome"),
        ("R2", "Expected Outcome"),
        ("R3", "Expected Outcome"),
        ("R4", "Scope"),
    ]
    assert [r.position for r in call.units()] == list(range(6))
    assert all(r.lead == call.context[0].text for r in call.requirements[:3])
    texts = [r.text for r in call.requirements]
    assert texts[0] == "Validated sensors that detect concealed goods in cargo containers"
    assert texts[2] == "Evidence-based support to policy-makers on customs regulation"
    # the framing lead-in is not a requirement
    assert not any("following outcomes" in t for t in texts)
    # a sentence that wraps over two lines is one unit
    assert call.context[1].text == ("They should involve at least two border authorities "
                                    "as end users of the developed tools.")
    # weights by kind: expected outcomes 1.0, scope items 0.8
    assert [r.weight for r in call.requirements] == [1.0, 1.0, 1.0, 0.8]


def test_substantive_lead_in_is_kept_as_context() -> None:
    text = ("The outputs of this coordination action should take into consideration:\n"
            "- The EU directive on public procurement of research services\n"
            "- The guidance for attracting innovative start-ups and SMEs\n")
    assert segment(text) == [
        "The outputs of this coordination action should take into consideration:",
        "The EU directive on public procurement of research services",
        "The guidance for attracting innovative start-ups and SMEs",
    ]


def test_wrapped_bullet_lines_and_numbered_bullets() -> None:
    text = ("1. Interoperable tools for first responders in cross-border\n"
            "   disaster operations\n"
            "2) Miniaturised sensors for threat detection and victim identification;\n")
    assert segment(text) == [
        "Interoperable tools for first responders in cross-border disaster operations",
        "Miniaturised sensors for threat detection and victim identification",
    ]


def test_inline_semicolon_list_of_portal_text() -> None:
    call = parse_call(PORTAL_TEXT, source="portal.txt")
    assert call.id == "portal"
    eo = [r.text for r in call.requirements if r.section == "Expected Outcome"]
    assert eo == [
        "Improved tools and training curricula for police authorities to prevent organised "
        "crime",
        "Improved mechanisms for secure cross-border information exchange",
        "Enhanced understanding of the key challenges of cross-border organised crime",
    ]
    scope = [r.text for r in call.requirements if r.section == "Scope"]
    assert len(scope) == 1 and scope[0].startswith("Under the Open Topic")
    # the coordination sentence is boilerplate: on the Call, weight 0, not a requirement
    assert [(r.role, r.weight) for r in call.context if r.section == "Scope"] \
        == [("boilerplate", 0.0)]


def test_inline_list_in_the_middle_of_prose() -> None:
    text = ("Proposals should explain how they build on earlier projects in this area. "
            "Proposals are expected to address one of the following options: Option a: "
            "tackling advanced technology challenges; Option b: modern forensics analysis "
            "using new technologies. Coordination among the funded proposals should be "
            "envisaged to avoid duplication.")
    assert segment(text) == [
        "Proposals should explain how they build on earlier projects in this area.",
        "Option a: tackling advanced technology challenges",
        "Option b: modern forensics analysis using new technologies",
        "Coordination among the funded proposals should be envisaged to avoid duplication.",
    ]


def test_list_item_spanning_two_sentences_stays_one_item() -> None:
    text = ("Projects are expected to contribute to some or all of the following outcomes: "
            "Autonomous systems for high-risk scenarios. These systems will support search and "
            "rescue in dangerous areas; Enhanced remote sensing for first responders in "
            "disaster zones.")
    assert segment(text) == [
        "Autonomous systems for high-risk scenarios. These systems will support search and "
        "rescue in dangerous areas",
        "Enhanced remote sensing for first responders in disaster zones",
    ]


def test_sentence_fallback_merges_short_fragments() -> None:
    text = ("Generative AI presents both opportunities and challenges in cybersecurity. "
            "Participation of SMEs is encouraged. Proposals will pay special attention to "
            "the Intellectual Property dimension of the results.")
    assert segment(text) == [
        "Generative AI presents both opportunities and challenges in cybersecurity. "
        "Participation of SMEs is encouraged.",
        "Proposals will pay special attention to the Intellectual Property dimension of the "
        "results.",
    ]


def test_one_item_list_after_framing_lead_keeps_only_the_item() -> None:
    text = ("Project results are expected to contribute to the following expected "
            "outcome(s): Enhanced interoperability of tools used by first responders.")
    assert segment(text) == ["Enhanced interoperability of tools used by first responders."]


def test_text_without_sections_is_one_scope_section(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "my-topic.txt",
                 "# Drones for wildfire response\n\nProposals should develop drones that map "
                 "active wildfires in real time. They should be tested with fire brigades in "
                 "at least two countries.\n")
    call = load_call(path)
    assert call.id == "my-topic"
    assert call.title == "Drones for wildfire response"
    assert call.call == "" and call.action_type == "" and call.deadline == ""
    assert list(call.sections) == ["Scope"]
    assert [r.section for r in call.requirements] == ["Scope", "Scope"]
    # Read whole as Scope, and said so on the Call; the library never prints (the command
    # line prints the warning, see test_call_without_headings_is_read_as_scope).
    assert call.unlabelled
    assert call.warnings == [f"{path}: no '## Expected Outcome' or '## Scope' heading (nor "
                             "'Expected Outcome:' / 'Scope:' label); the whole text was "
                             "read as Scope"]
    assert capsys.readouterr().err == ""
    seen: list[str] = []
    load_call(path, warn=seen.append)
    assert seen == call.warnings and capsys.readouterr().err == ""
    assert parse_call(path.read_text(encoding="utf-8")).warnings  # parse_call never prints
    assert capsys.readouterr().err == ""


def test_labelled_text_has_no_warning(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for text in (MARKDOWN_CALL, PORTAL_TEXT):
        call = load_call(write(tmp_path, "topic.md", text))
        assert not call.unlabelled and call.warnings == []
    assert capsys.readouterr().err == ""


def test_headings_are_case_insensitive_and_other_sections_ignored() -> None:
    text = ("### EXPECTED OUTCOMES\n- Validated tools for forensic analysis of seized devices\n"
            "### Specific conditions\nThe budget per project is about EUR 3 million here.\n"
            "### scope\nProposals should involve forensic institutes from several countries.\n")
    call = parse_call(text, source="HORIZON-CL3-2025-01-FCT-09.md")
    assert call.call == "HORIZON-CL3-2025-01"  # derived from a topic id
    assert list(call.sections) == ["Expected Outcome", "Scope"]
    assert not any("budget" in r.text for r in call.requirements)


# HORIZON-CL3-2024-FCT-01-08 in topic_texts.csv.gz, a portal search export row: the labels
# are written "ExpectedOutcome :" and "Scope :" (shortened here).
GLUED = ("ExpectedOutcome : Projects' results are expected to contribute to all of the "
         "following outcomes: The attractiveness of use of cryptocurrencies by criminals and "
         "terrorists is limited, with better tractability of cryptocurrency transactions; "
         "Lawful tools and methods for Police Authorities to better trace virtual currency "
         "transactions related to criminal activities. Scope : Cryptocurrencies are a widely "
         "used method by criminals, including terrorists, to transfer or conceal funds due to "
         "their anonymity, ease of use and lack of international borders and restrictions.")


def test_glued_labels_of_the_search_export_are_labels() -> None:
    call = parse_call(GLUED)
    assert list(call.sections) == ["Expected Outcome", "Scope"] and not call.unlabelled
    assert call.sections["Expected Outcome"].startswith("Projects' results are expected")
    assert call.sections["Scope"].startswith("Cryptocurrencies are a widely used")
    assert [r.section for r in call.requirements][:2] == ["Expected Outcome"] * 2
    # Every spelling the data has: glued or spaced, space before the colon, upper case.
    for label in ("ExpectedOutcome:", "Expected Outcomes :", "Expected outcome:",
                  "EXPECTED OUTCOMES:", "EXPECTEDOUTCOME :"):
        text = (f"{label} Police Authorities trace virtual currency transactions. "
                "SCOPE : Proposals should develop tools for tracing cryptocurrencies.")
        assert list(parse_call(text).sections) == ["Expected Outcome", "Scope"], label
    # A Markdown heading written glued is a section too.
    assert list(parse_call("## ExpectedOutcome\nBetter tools for police forces.\n## Scope\n"
                           "Proposals should test them.").sections) == ["Expected Outcome",
                                                                        "Scope"]
    # Still no label: lower case in running prose, and "Expected Impact:" (a destination's
    # or a partnership's impacts, or a LIFE/EDF section after Scope).
    prose = parse_call("Scope: Tools for police. Within its scope: forensic work. Expected "
                       "Impact: safer cities. The expected outcomes: more arrests.")
    assert list(prose.sections) == ["Scope"]


def test_split_requirements_numbers_across_sections() -> None:
    requirements = split_requirements({
        "Expected Outcome": "- Better detection of explosives in passenger luggage",
        "Scope": "Proposals should test the detectors at three EU airports at least.",
    })
    assert requirements == [
        Requirement("R1", "Expected Outcome",
                    "Better detection of explosives in passenger luggage",
                    kind="expected_outcome"),
        Requirement("R2", "Scope",
                    "Proposals should test the detectors at three EU airports at least.",
                    weight=0.9, kind="validation", aspect="test the detectors at three EU airports",
                    position=1),
    ]


def test_render_section_round_trips_the_portal_form() -> None:
    call = parse_call(PORTAL_TEXT)
    for text in call.sections.values():
        rendered = render_section(text)
        assert segment(rendered) == segment(text)
    assert "\n- Improved mechanisms" in render_section(call.sections["Expected Outcome"])


# --- the bundled call files ------------------------------------------------------------------
