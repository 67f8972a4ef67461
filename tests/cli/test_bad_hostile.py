"""The hostile corpus of #23 through the CLI: quoting, structure bombs, odd values, topic
exports that try to write their own front matter or file names.

Every registry case is refused by ``partners import`` in one line naming the file (and
row and field where there is one), and the store is left without any of its rows.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from badinput import BAD, invoke, refused


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed and generated cases, with the workbooks, made once for this module."""
    folder = tmp_path_factory.mktemp("hostile") / "bad"
    shutil.copytree(BAD, folder)
    spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_corpus(folder)
    module.write_workbooks(folder)
    return folder

REGISTRIES = [
    ("partners_unclosed_quote.csv", ":4: a quote opened in this row is never closed, so the "
                                    "2 line(s) after it"),
    ("partners_unclosed_quote_last_row.csv", ":3: a quote opened in this row is never closed"),
    ("partners_unclosed_quote_tsv.tsv", ":2: a quote opened in this row is never closed"),
    ("partners_alias_bomb.yaml", ": YAML aliases expand its"),
    ("partners_self_alias.yaml", ":1: a YAML alias refers to a node that contains it"),
    ("partners_duplicate_key.yaml", ":2: key 'name' appears twice in one mapping"),
    ("partners_duplicate_key.json", ":2: field 'name': key given twice in one entry"),
    ("partners_name_object.json", ":2: field 'name': holds an object"),
    ("partners_deep.json", ": nested too deeply to read"),
    ("partners_many_fields.json", ":2: the entries name more than 1,000 different fields"),
    ("partners_formula.xlsx", ":3: field 'name': formula without a saved value"),
    ("partners_inflating.xlsx", ": the workbook's parts decompress to 62.9 MB, more than"),
]


@pytest.mark.parametrize("name,expected", REGISTRIES)
def test_hostile_registry_is_one_line_and_imports_nothing(corpus: Path, tmp_path: Path,
                                                          name: str, expected: str) -> None:
    db = tmp_path / "store.db"
    line = refused("partners", "import", str(corpus / name), "--db", str(db))
    assert f"{corpus / name}{expected}" in line, line
    if db.exists():
        listed = invoke("partners", "list", "--db", str(db))
        assert "Lab" not in listed.output and "Police" not in listed.output


def test_deep_topic_export_is_one_line(corpus: Path, tmp_path: Path) -> None:
    line = refused("calls", "import", str(corpus / "topics_deep.json"), "--to",
                   str(tmp_path / "out"))
    assert "topics_deep.json:1: nested too deeply" in line


def test_topic_title_injection_writes_only_its_own_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "calls"
    result = invoke("calls", "import", str(corpus / "topics_title_injection.json"),
                    "--to", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["HORIZON-CL3-2099-01-BAD-20.md",
                                                     "HORIZON-CL3-2099-01-BAD-21.md"]
    victim = (out / "HORIZON-CL3-2099-01-BAD-21.md").read_text(encoding="utf-8")
    assert "title: 'The victim'" in victim and "deadline: 2099-10-01" in victim


def test_path_like_topic_ids_write_nothing_outside(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "a" / "calls"
    result = invoke("calls", "import", str(corpus / "topics_path_ids.json"), "--to", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["HORIZON-CL3-2099-01-BAD-22.md"]
    assert result.stderr.count("cannot name a file") == 3, result.stderr
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["calls"]
