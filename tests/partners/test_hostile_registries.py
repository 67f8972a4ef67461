"""Registries built to break the readers (#23): quoting, structure bombs, odd values.

Each case failed on the main of 2026-12-03 (rows silently lost, a value stored as a
Python repr, minutes of work before an error); each must now be read right or refused
in one line naming the file and the row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from badinput import BAD, HEADER, refused

from consortium.errors import InputError
from consortium.partners.pool import read_registry


def test_unclosed_quote_names_the_row_it_opened_and_loses_nothing(tmp_path: Path) -> None:
    path = BAD / "partners_unclosed_quote.csv"
    with pytest.raises(InputError, match=r"unclosed_quote.csv:4: a quote opened in this row "
                       r"is never closed, so the 2 line\(s\) after it"):
        read_registry(path, strict=False)
    line = refused("partners", "import", str(path), "--db", str(tmp_path / "r.db"))
    assert "partners_unclosed_quote.csv:4" in line


def test_balanced_multiline_fields_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(f'{HEADER}\nA Lab,AL,DE,REC,no,"Drones for police,\nand ""border"" '
                    'guards."\nB Lab,BL,FR,REC,no,Forensics of 12" disks.\n'
                    'C Lab,CL,ES,REC,no,"Trailing line\n"\n')
    result = read_registry(path, strict=True)
    assert [p.name for p in result.partners] == ["A Lab", "B Lab", "C Lab"]
    assert 'and "border" guards.' in result.partners[0].description
