"""Terminal control characters and bidirectional overrides in user data never reach the
terminal, a report or a warning line (#23): a title's ``ESC ] 0 ; ... BEL``, a one-byte
CSI (U+009B), a name's right-to-left override (U+202E)."""

from __future__ import annotations

import re
from pathlib import Path

from badinput import invoke, refused

from consortium.text import clean

HOSTILE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_clean_drops_c0_c1_and_bidi_controls_but_keeps_letters() -> None:
    assert clean("Evil\u202eCorp\x9b31m \x1b]0;pwn\x07GmbH") == "Evil Corp 31m ]0;pwn GmbH"
    assert clean("Łódź Müller Žilina Ελλάδα") == "Łódź Müller Žilina Ελλάδα"


def test_a_topic_title_cannot_write_escape_sequences(tmp_path: Path) -> None:
    topic = tmp_path / "T.md"
    topic.write_text("---\nid: TEST-CL3-09\ntitle: Evil \x1b]0;pwn\x07 title \x9b31m "
                     "\u202eabc\n---\n## Expected Outcome\nProjects should build drones for "
                     "border police at sea.\n", encoding="utf-8")
    result = invoke("calls", "show", str(topic))
    assert result.exit_code == 0, result.output
    assert "Evil" in result.output and not HOSTILE.search(result.output)


def test_a_partner_name_keeps_no_override_in_the_store_or_the_report(tmp_path: Path) -> None:
    members = tmp_path / "m.csv"
    members.write_text("id,name,short_name,country,type,description\n"
                       "1,Evil\u202eCorp\x9b31m GmbH,EV\x1b]0;pwn\x07IL,DE,PRC,Drones.\n",
                       encoding="utf-8")
    db = str(tmp_path / "r.db")
    assert invoke("partners", "import", str(members), "--db", db).exit_code == 0
    shown = invoke("partners", "show", "1", "--db", db).output
    assert "Evil Corp" in shown and not HOSTILE.search(shown)


def test_a_file_name_with_controls_is_escaped_in_the_error(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b[31m\u202e.csv"
    line = refused("partners", "import", str(name), "--db", str(tmp_path / "r.db"))
    assert "\\x1b" in line and "\\u202e" not in line and not HOSTILE.search(line)
