"""Tests for the calls stage: the bundled calls, call folders, look-up by id and the
errors a bad call file gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from calltexts import MARKDOWN_CALL, write

from consortium.calls.folder import list_calls, resolve_call
from consortium.calls.topic import (
    load_call,
    parse_call,
)
from consortium.errors import InputError

REPO = Path(__file__).resolve().parents[2]
CALLS_DIR = REPO / "calls"
BUNDLED = sorted(p for p in CALLS_DIR.glob("*.md") if p.name != "README.md")


def test_bundled_calls_exist() -> None:
    # Every Cluster 3 topic of ../shared/data/topics, 2023-2027, whose text is filed under
    # its own id (topic_ids; calls/README.md lists the corrections).
    assert len(BUNDLED) == 109
    assert sum(p.name.startswith("HORIZON-CL3-2025-") for p in BUNDLED) == 24


def test_bundled_calls_carry_the_id_corrections() -> None:
    names = {p.stem for p in BUNDLED}
    # Texts that were another topic's, and whose own text is not in the data.
    for gone in ("2023-DRS-01-02", "2023-DRS-01-03", "2024-BM-01-02", "2024-BM-01-03",
                 "2024-DRS-01-04", "2024-FCT-01-05", "2024-FCT-01-06", "2024-INFRA-01-02"):
        assert f"HORIZON-CL3-{gone}" not in names
    # The 2023 DRS texts filed one id too low are under their CORDIS id.
    moved = load_call(CALLS_DIR / "HORIZON-CL3-2023-DRS-01-06.md")
    assert moved.title.startswith("Increased technology solutions, institutional coordination")
    assert "filed there as HORIZON-CL3-2023-DRS-01-05, relabelled" in \
        (CALLS_DIR / "HORIZON-CL3-2023-DRS-01-06.md").read_text(encoding="utf-8")
    assert load_call(CALLS_DIR / "HORIZON-CL3-2023-DRS-01-05.md").title.startswith("Robotics")
    # The search export's glued "ExpectedOutcome :" is read: these had Scope only.
    for topic in ("2024-BM-01-04", "2024-BM-01-05", "2024-DRS-01-05", "2024-FCT-01-07",
                  "2024-FCT-01-08", "2024-INFRA-01-03"):
        call = load_call(CALLS_DIR / f"HORIZON-CL3-{topic}.md")
        assert list(call.sections)[:2] == ["Expected Outcome", "Scope"], topic


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_call_loads(path: Path) -> None:
    call = load_call(path)
    assert call.id == path.stem
    assert call.title and call.title != call.id
    assert call.call and call.id.startswith(call.call)
    assert len(call.requirements) >= 3
    if "Expected Outcome" in call.sections:
        assert call.requirements[0].section == next(iter(call.sections))
    for requirement in call.requirements:
        assert "Destination -" not in requirement.text
        assert "invited against the following topic" not in requirement.text
        assert "TheThe" not in requirement.text
        # Lists of other years have one-word items ("F-gases"); 2025 prose has none.
        assert len(requirement.text.split()) >= (2 if "-2025-" in call.id else 1)


def test_list_calls_sorted_by_id_and_skips_readme() -> None:
    calls = list_calls(CALLS_DIR)
    ids = [c.id for c in calls]
    assert ids == sorted(ids)
    assert len(ids) == len(BUNDLED) and "README" not in ids


def test_list_calls_only_reads_the_topics_asked_for() -> None:
    wanted = [c.id for c in list_calls(CALLS_DIR) if "cl3-2026-01" in c.id.casefold()]
    assert wanted and len(wanted) < len(BUNDLED)
    assert [c.id for c in list_calls(CALLS_DIR, only=["CL3-2026-01"])] == wanted


def test_list_calls_only_matches_the_declared_id_not_the_file_name(tmp_path: Path) -> None:
    write(tmp_path, "zzz.md", MARKDOWN_CALL)   # its front matter names XYZ-01
    assert [c.id for c in list_calls(tmp_path, only=["xyz-01"])] == ["HORIZON-CL3-2099-01-XYZ-01"]
    assert list_calls(tmp_path, only=["zzz"]) == []


def test_list_calls_rejects_duplicate_ids(tmp_path: Path) -> None:
    write(tmp_path, "a.md", MARKDOWN_CALL)
    write(tmp_path, "b.md", MARKDOWN_CALL)
    with pytest.raises(InputError, match="HORIZON-CL3-2099-01-XYZ-01"):
        list_calls(tmp_path)


# --- errors ----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.md"
    with pytest.raises(InputError, match="not found") as caught:
        load_call(path)
    assert str(path) in str(caught.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder") as caught:
        load_call(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("## Scope\nProposals should address caf\u00e9 security.".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8") as caught:
        load_call(path)
    assert str(path) in str(caught.value)
    assert "re-save" in str(caught.value)


@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "empty.md", content)
    with pytest.raises(InputError, match="empty") as caught:
        load_call(path)
    assert str(path) in str(caught.value)


def test_empty_text() -> None:
    with pytest.raises(InputError, match="empty") as caught:
        parse_call("   ", source="pasted.txt")
    assert "pasted.txt" in str(caught.value)


def test_no_requirements(tmp_path: Path) -> None:
    path = write(tmp_path, "bare.md", "---\nid: X\n---\n# Only a title\n\n## Scope\n\n")
    with pytest.raises(InputError, match="no requirements") as caught:
        load_call(path)
    message = str(caught.value)
    assert str(path) in message
    assert "Expected Outcome" in message and "Scope" in message


def test_unclosed_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "open.md", "---\nid: X\n## Scope\nSome text about things here.\n")
    with pytest.raises(InputError, match="never closed") as caught:
        load_call(path)
    assert str(path) in str(caught.value)


def test_bad_deadline(tmp_path: Path) -> None:
    path = write(tmp_path, "late.md", MARKDOWN_CALL.replace("2099-11-12", "next spring"))
    with pytest.raises(InputError, match="field 'deadline'") as caught:
        load_call(path)
    assert str(path) in str(caught.value)


# --- resolving a reference -------------------------------------------------------------------


@pytest.fixture()
def calls_dir(tmp_path: Path) -> Path:
    write(tmp_path, "HORIZON-CL3-2025-01-FCT-01.md", MARKDOWN_CALL.replace(
        "id: HORIZON-CL3-2099-01-XYZ-01", "id: HORIZON-CL3-2025-01-FCT-01"))
    write(tmp_path, "demining.md", MARKDOWN_CALL.replace(
        "id: HORIZON-CL3-2099-01-XYZ-01", "id: HORIZON-CL3-2025-01-FCT-04"))
    write(tmp_path, "README.md", "# not a call\n")
    return tmp_path


def test_resolve_existing_path(calls_dir: Path) -> None:
    path = calls_dir / "demining.md"
    assert resolve_call(str(path), calls_dir) == path


def test_resolve_by_id_case_insensitive(calls_dir: Path) -> None:
    expected = calls_dir / "HORIZON-CL3-2025-01-FCT-01.md"
    assert resolve_call("horizon-cl3-2025-01-fct-01", calls_dir) == expected
    assert resolve_call("HORIZON-CL3-2025-01-FCT-01", calls_dir) == expected


def test_resolve_by_front_matter_id(calls_dir: Path) -> None:
    assert resolve_call("HORIZON-CL3-2025-01-fct-04", calls_dir) == calls_dir / "demining.md"


def test_resolve_did_you_mean(calls_dir: Path) -> None:
    with pytest.raises(InputError) as caught:
        resolve_call("HORIZON-CL3-2025-01-FCT-05", calls_dir)
    message = str(caught.value)
    assert message.startswith("HORIZON-CL3-2025-01-FCT-05:")
    assert "did you mean" in message
    assert "HORIZON-CL3-2025-01-FCT-04" in message


def test_resolve_bundled_calls() -> None:
    path = resolve_call("horizon-cl3-2025-02-cs-04", CALLS_DIR)
    assert path == CALLS_DIR / "HORIZON-CL3-2025-02-CS-04.md"
