"""Bad input, continued: sizes and limits, call files, hostile content.

Every case is one line naming the file, row and field, never a traceback.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

import pytest
from badinput import GOOD_ROWS, HEADER, POOL, TOPIC, invoke, refused, suggest

import consortium.files as textfiles
from consortium.calls.topic import load_call
from consortium.partners.pool import load_partners

# ------------------------------------------------------------------ sizes and limits

def test_one_megabyte_description_is_read_up_to_the_word_limit(use_fake_embedder,
                                                                tmp_path: Path) -> None:
    from consortium.partners.validation import MAX_DESCRIPTION_WORDS, LongDescriptionNotice

    words = " ".join(f"drone{i % 997} border police sensor." for i in range(40_000))
    assert len(words) > 1_000_000
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n" + GOOD_ROWS)
        csv.writer(handle).writerow(["Big Org", "BIG", "IT", "REC", "no", words])
    with pytest.warns(LongDescriptionNotice):
        partners = load_partners(path)
    assert len(partners[-1].description.split()) == MAX_DESCRIPTION_WORDS  # was 160,000
    result = invoke(*suggest(TOPIC, path), "--out", str(tmp_path / "r.md"))
    assert result.exit_code == 0, result.output


def test_oversized_file_is_refused_with_its_size(use_fake_embedder, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textfiles, "MAX_INPUT_BYTES", 1_000)
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "\n" + GOOD_ROWS * 5, encoding="utf-8")
    size = path.stat().st_size
    assert size > 1_000
    line = refused(*suggest(TOPIC, path))
    assert str(path) in line and f"{size:,} bytes" in line and "1,000 bytes" in line
    call = tmp_path / "call.md"
    call.write_text("## Scope\n" + "Drones for police. " * 100, encoding="utf-8")
    line = refused(*suggest(call, POOL))
    assert str(call) in line and "more than the 1,000 bytes" in line


def test_gzip_bomb_stops_at_the_limit(tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textfiles, "MAX_INPUT_BYTES", 10_000)
    path = tmp_path / "topics.json.gz"
    path.write_bytes(gzip.compress(b"[" + b" " * 1_000_000 + b"]"))
    assert path.stat().st_size < 10_000
    line = refused("calls", "list", str(path))
    assert str(path) in line and "decompresses to more than 10,000 bytes" in line


# --------------------------------------------------------------------------- calls

@pytest.mark.parametrize("name,expected", [
    ("call_empty.md", [": file is empty"]),
    ("call_no_sections.md", [": no requirements found", "## Expected Outcome"]),
    ("call_empty_sections.md", [": no requirements found"]),
    ("call_unclosed_front_matter.md", [":1: front matter opened with '---' is never closed"]),
    ("call_bad_deadline.md", [": field 'deadline': 'next Tuesday' is not a date"]),
    ("call_latin1.md", [":2: not UTF-8 text (byte 0xe9", "re-save it as UTF-8"]),
])
def test_bad_call_is_one_line(use_fake_embedder, corpus: Path, name: str,
                              expected: list[str]) -> None:
    line = refused(*suggest(corpus / name, POOL))
    assert str(corpus / name) in line
    for text in expected:
        assert text in line, line
    assert use_fake_embedder.encoded == []


@pytest.mark.parametrize("where", ["nothere.md", ""])
def test_missing_call_and_directory(use_fake_embedder, tmp_path: Path, where: str) -> None:
    target = str(tmp_path / where) if where else str(tmp_path)
    line = refused(*suggest(Path(target), POOL))
    assert target in line and "no call file or topic id" in line


def test_readable_calls(use_fake_embedder, corpus: Path, tmp_path: Path) -> None:
    assert [r.text for r in load_call(corpus / "call_utf16.md").requirements] == [
        "Proposals should validate café-grade drones with police practitioners."]
    (control,) = load_call(corpus / "call_control_chars.md").requirements
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", control.text)
    for name in ("call_utf16.md", "call_control_chars.md"):
        result = invoke(*suggest(corpus / name, POOL))
        assert result.exit_code == 0, result.output


def test_call_without_headings_is_read_as_scope(use_fake_embedder, tmp_path: Path) -> None:
    call = tmp_path / "call.md"
    call.write_text("# Drones\n\nProposals should develop drones that map wildfires for "
                    "police and fire brigades.\n", encoding="utf-8")
    result = invoke(*suggest(call, POOL))
    assert result.exit_code == 0, result.output
    assert f"warning: {call}: no '## Expected Outcome' or '## Scope' heading" in result.stderr
    assert result.stderr.count("warning:") == 1


def test_topic_json_shapes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "calls"
    result = invoke("calls", "import", str(corpus / "topics_truncated.json"), "--to", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["HORIZON-CL3-2099-01-BAD-01.md"]
    assert "topics_truncated.json:2: broken JSON object skipped" in result.stderr
    result = invoke("calls", "import", str(corpus / "topics_object.json"), "--to", str(out))
    assert result.exit_code == 0 and (out / "HORIZON-CL3-2099-01-BAD-03.md").exists()
    # Text without Expected Outcome / Scope labels: read whole as Scope, with a warning.
    result = invoke("calls", "import", str(corpus / "topics_no_sections.json"), "--to",
                    str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {corpus / 'topics_no_sections.json'}:HORIZON-CL3-2099-01-BAD-04: no "
        "'Expected Outcome:' or 'Scope:' heading; the whole description was read as Scope",
        "1 imported without headings (warnings above)"]
    assert "sections: unlabelled" in (out / "HORIZON-CL3-2099-01-BAD-04.md").read_text(
        encoding="utf-8")
    # A description of white space only is still bad input.
    line = refused("calls", "import", str(corpus / "topics_blank_description.json"), "--to",
                   str(out))
    assert "no topic could be read (1 skipped)" in line and "BAD-06" in line
    assert "empty description" in line
    line = refused("calls", "list", str(tmp_path))
    assert str(tmp_path) in line
    line = refused("calls", "show", "NOPE", "--from", str(corpus / "topics_truncated.json"))
    assert "no topic 'NOPE' in this file" in line  # not masked by the broken object
    result = invoke("calls", "list", str(corpus / "topics_cr_newlines.csv"))
    assert result.exit_code == 0, result.output
    assert "HORIZON-CL3-2099-01-BAD-05" in result.output


# ------------------------------------------------------------------- hostile content

HOSTILE = ('<script>alert("x")</script> Robotics,SCRIPT,DE,PRC,yes,Drones for border '
           'surveillance.\n"=HYPERLINK(""http://evil.example"",""click"")",@SUM(1),AT,REC,no,'
           '"+cmd|\' /C calc\'!A0 forensic analysis of digital evidence"\n')


def test_hostile_registry_is_escaped_and_neutralised(use_fake_embedder,
                                                     tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "hostile.csv"
    path.write_text(HEADER + "\n" + HOSTILE + GOOD_ROWS, encoding="utf-8")
    base = [*suggest(TOPIC, path), "--include", "SCRIPT,@SUM(1)"]
    for suffix in ("html", "csv", "xlsx"):
        result = invoke(*base, "--out", str(tmp_path / f"r.{suffix}"))
        assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<script>alert("x")' not in html and "&lt;script&gt;alert" in html
    cells = [c for row in csv.reader(io.StringIO(
        (tmp_path / "r.csv").read_text(encoding="utf-8-sig"))) for c in row]
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    cells += [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
              if c.value is not None]
    assert any("HYPERLINK" in c for c in cells)
    assert all(not c.startswith(("=", "+", "@")) for c in cells), \
        [c for c in cells if c.startswith(("=", "+", "@"))]


def test_no_pickle_or_eval_of_user_files() -> None:
    """The readers parse data; nothing a user hands us is ever executed or unpickled."""
    package = Path(__file__).parents[2] / "consortium"
    forbidden = re.compile(r"\bimport (pickle|marshal|shelve|dill)\b|\b(eval|exec)\(|"
                           r"yaml\.(load|unsafe_load)\(|allow_pickle=True|torch\.load\(")
    hits = [f"{path.name}:{n}" for path in package.rglob("*.py")
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if forbidden.search(line)]
    assert hits == []


def test_a_description_of_a_whole_brochure_is_cut_with_one_line(tmp_path: Path) -> None:
    from consortium.partners.validation import MAX_DESCRIPTION_WORDS

    words = [f"word{i}" for i in range(MAX_DESCRIPTION_WORDS + 1_000)]
    members = tmp_path / "members.csv"
    members.write_text("id,name,country,type,description\n"
                       f"1,Big Lab,DE,REC,{' '.join(words)}\n", encoding="utf-8")
    db = tmp_path / "r.db"
    result = invoke("partners", "import", str(members), "--db", str(db))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "cut to the first" in line]
    assert len(notes) == 1 and f"members.csv:2: field 'description': {len(words):,} words" \
        in notes[0]
    from consortium.partners.store import Registry

    with Registry(db) as store:
        (partner,) = store.partners()
    assert partner.description.split() == words[:MAX_DESCRIPTION_WORDS]
