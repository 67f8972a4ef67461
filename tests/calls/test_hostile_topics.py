"""Topic exports built to write what they like (#23): front matter and file names.

A portal topic's title is data; written unquoted into the topic file's front matter, a
title holding ``\\nid: ...\\ndeadline: ...\\n---`` chose the topic's id (and so its file
name, overwriting another topic's file) and deadline.
"""

from __future__ import annotations

import json
from pathlib import Path

from badinput import invoke

from consortium.calls.topic import load_call

DESCRIPTION = ("Expected Outcome: Police forces use validated drones. Scope: Proposals "
               "should validate drones with border guards in field trials.")


def _export(tmp_path: Path, *topics: dict[str, str]) -> Path:
    path = tmp_path / "topics.json"
    path.write_text(json.dumps([{"description": DESCRIPTION, "deadlineDate": "2099-09-01",
                                 **t} for t in topics]), encoding="utf-8")
    return path


def test_title_cannot_write_front_matter_or_another_topics_file(tmp_path: Path) -> None:
    out = tmp_path / "calls"
    out.mkdir()
    victim = out / "HORIZON-CL3-2099-01-BAD-10.md"
    victim.write_text("the victim's own file\n", encoding="utf-8")
    title = "Drones\nid: HORIZON-CL3-2099-01-BAD-10\ndeadline: 2001-01-01\n---\n# Fake"
    export = _export(tmp_path, {"topicId": "HORIZON-CL3-2099-01-BAD-09", "title": title})
    result = invoke("calls", "import", str(export), "--to", str(out))
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "the victim's own file\n"
    written = out / "HORIZON-CL3-2099-01-BAD-09.md"
    call = load_call(written)
    assert (call.id, call.deadline) == ("HORIZON-CL3-2099-01-BAD-09", "2099-09-01")
    assert call.title == "Drones id: HORIZON-CL3-2099-01-BAD-10 deadline: 2001-01-01 --- # Fake"
    front = written.read_text(encoding="utf-8").split("---\n")[1]
    assert front.count("\n") == len([line for line in front.splitlines() if line])


def test_quotes_in_values_round_trip(tmp_path: Path) -> None:
    export = _export(tmp_path, {"topicId": "HORIZON-CL3-2099-01-BAD-11",
                                "title": "Citizens' security: 'trust' and \"safety\""})
    out = tmp_path / "calls"
    assert invoke("calls", "import", str(export), "--to", str(out)).exit_code == 0
    call = load_call(out / "HORIZON-CL3-2099-01-BAD-11.md")
    assert call.title == "Citizens' security: 'trust' and \"safety\""


def test_path_like_ids_are_skipped_with_a_line(tmp_path: Path) -> None:
    export = _export(tmp_path, {"topicId": "../../escape", "title": "Up"},
                     {"topicId": "..\\evil", "title": "Back"},
                     {"topicId": "HORIZON-CL3-2099-01-BAD-12", "title": "Fine"},
                     {"topicId": "EuropeAid/186246/DD/ACT/NG", "title": "Real id with /"})
    out = tmp_path / "deep" / "calls"
    result = invoke("calls", "import", str(export), "--to", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "EuropeAid_186246_DD_ACT_NG.md", "HORIZON-CL3-2099-01-BAD-12.md"]
    assert "topic id '../../escape' cannot name a file" in result.stderr
    assert result.stderr.count("cannot name a file") == 2, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == [
        "deep", "topics.json"]


def test_deeply_nested_topic_json_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"topicId": "X", "description": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = invoke("calls", "import", str(path), "--to", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: {path}:1: nested too deeply to read (thousands of levels of [ or {{); not a "
        "topic export"]
