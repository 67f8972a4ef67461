"""Registries saved by Excel on Windows (Windows-1252/1250) are read when that is safe,
and no name is ever stored garbled (#21)."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from consortium.cli.main import cli
from consortium.errors import InputError
from consortium.partners.legacy_encoding import LegacyEncodingNotice, decode_legacy
from consortium.partners.pool import read_registry

HEADER = "name,short_name,country,type,description"
WESTERN = [("Müller Sicherheit GmbH", "DE"), ("Université de Liège", "BE"),
           ("Institut Médico-Légal", "FR"), ("Guardia Civil Española", "ES"),
           ("Ærø Kommune", "DK"), ("Instituto Superior Técnico", "PT")]
CENTRAL = [("Politechnika Łódzka", "PL"), ("Žilinská univerzita v Žiline", "SK"),
           ("Vysoké učení technické v Brně", "CZ"), ("Uniwersytet Wrocławski", "PL"),
           ("Szegedi Tudományegyetem", "HU"), ("Müller Ostrava s.r.o.", "CZ")]


def registry(tmp_path: Path, rows: list[tuple[str, str]], codec: str) -> Path:
    lines = [HEADER] + [f"{name},P{i},{country},REC,Research on drones and forensics."
                        for i, (name, country) in enumerate(rows)]
    path = tmp_path / f"members-{codec}.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(codec))
    return path


def names_read(path: Path) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LegacyEncodingNotice)
        return [p.name for p in read_registry(path, strict=False).partners]


def test_the_issues_names_are_read_from_windows_1250(tmp_path: Path) -> None:
    rows = [("Müller GmbH", "DE"), ("Politechnika Łódzka", "PL"), ("Žilinská univerzita", "SK")]
    path = registry(tmp_path, rows, "cp1250")
    with pytest.warns(LegacyEncodingNotice, match="read as Windows-1250"):
        partners = read_registry(path, strict=False).partners
    assert [p.name for p in partners] == [name for name, _ in rows]


def test_a_western_excel_file_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = registry(tmp_path, WESTERN, "cp1252")
    assert names_read(path) == [name for name, _ in WESTERN]
    result = CliRunner().invoke(cli, ["partners", "import", str(path), "--db",
                                      str(tmp_path / "r.db")])
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stderr.splitlines() if "Windows-1252" in line]
    assert notices == [f"warning: {path}: not UTF-8; read as Windows-1252 (Excel's 'CSV' on "
                       "Windows); re-save it as 'CSV UTF-8' to be sure"]
    assert f"{len(WESTERN)} imported" in result.output


@pytest.mark.parametrize("codec,pool", [("cp1252", WESTERN), ("cp1250", CENTRAL)])
def test_no_name_is_ever_stored_garbled(codec: str, pool: list) -> None:
    """Every one, pair and trio of names, with and without the country column that helps
    decide: each file's text is read exactly or refused, never read wrong."""
    read = 0
    for size in (1, 2, 3):
        for rows in itertools.combinations(pool, size):
            for with_country in (True, False):
                text = "".join(f"{name},{country if with_country else 'x'},REC\r\n"
                               for name, country in rows)
                got = decode_legacy(f"name,country,type\r\n{text}".encode(codec))
                assert got is None or got[0] == f"name,country,type\r\n{text}", (rows, got)
                read += got is not None
    assert read >= 45  # most are read, not refused


def test_a_guess_that_is_not_safe_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "czech.csv"
    path.write_bytes("name,country,type\nDvořák a syn,x,PRC\n".encode("cp1250"))
    with pytest.raises(InputError, match=r"czech.csv:2: not UTF-8 text .*CSV UTF-8"):
        read_registry(path, strict=False)
    # Czech without a country to tell: č/ř read as è/ø are letters too, so it could be either
    assert decode_legacy("name\nDvořák a syn\n".encode("cp1250")) is None
    # a country on each differing line decides
    text, name = decode_legacy("name,country\nDvořák a syn,CZ\n".encode("cp1250")) or ("", "")
    assert text == "name,country\nDvořák a syn,CZ\n" and name == "Windows-1250"
    # countries of both sides on the differing lines: refused
    assert decode_legacy(b"name,country\nLi\xe8ge Airport,BE\nBrn\xecnsk\xe1 a.s.,CZ\n") is None
