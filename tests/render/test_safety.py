"""Spreadsheet neutralisation and control characters (consortium/render/safety.py): each
formula start, the characters Office XML cannot hold, and what must stay untouched."""

from __future__ import annotations

import pytest

from consortium.render.safety import neutralise, neutralise_row, printable


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_quoted(start: str) -> None:
    assert neutralise(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize("value", ["plain", "a=b", " =1", "'=1", "", "é=", "1+1", "\n=1"])
def test_other_text_is_kept(value: str) -> None:
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [3, -2.5, 0, None, True])
def test_non_text_is_kept_as_it_is(value: object) -> None:
    assert neutralise(value) is value


def test_control_characters_are_dropped_but_tab_lf_cr_stay() -> None:
    every = "".join(chr(c) for c in range(32))
    assert printable(f"a{every}b") == "a\t\n\rb"
    assert printable("\x0b\x0c\x7f") == "\x7f"
    # a control character hiding a formula start is dropped first, then the cell quoted
    assert neutralise("\x00\x1f=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("x\x08y") == "xy"


def test_rows_are_neutralised_cell_by_cell() -> None:
    assert neutralise_row(["=1", 2, "ok", "-x", None]) == ["'=1", 2, "ok", "'-x", None]
    assert neutralise_row(()) == []
