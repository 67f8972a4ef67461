"""Write the bad-input cases that cannot live in the repository as plain text files.

Non-UTF-8 encodings and control characters are bytes an editor, ``git`` attribute or
formatter may silently rewrite, so they are generated here rather than committed.
``tests/test_bad_input.py`` calls ``write_corpus`` into its temporary folder; running
this file writes them beside it for looking at by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = "name,short_name,country,type,sme,description"
ROWS = ("Université de Liège,ULG,BE,HES,no,Recherche sur les drones et la criminalistique.\n"
        "Aerial Robotics GmbH,AERO,DE,PRC,yes,Unmanned aerial drones for border police.\n"
        "Institut Médico-Légal,IML,FR,REC,no,Forensic analysis of digital evidence.\n")
SCOPE = "## Scope\nProposals should validate café-grade drones with police practitioners.\n"

CASES: dict[str, bytes] = {
    # Excel's "CSV" on Windows: cp1252/Latin-1, read as Windows-1252 with a notice.
    "partners_latin1.csv": f"{HEADER}\n{ROWS}".encode("latin-1"),
    # Windows-1250 that Windows-1252 reads as letters too (ř as ø), with no country of
    # either side to decide: refused with the line and byte.
    "partners_cp1250_ambiguous.csv": (f"{HEADER}\nDvořák Systems,DVS,EL,PRC,yes,Drones.\n"
                                      ).encode("cp1250"),
    # Excel's "Unicode Text": UTF-16 LE with a BOM, tab-separated; read.
    "partners_utf16.txt": f"{HEADER}\n{ROWS}".replace(",", "\t").encode("utf-16"),
    # NUL, BEL and an ANSI escape inside names and descriptions; read, characters dropped.
    "partners_control_chars.csv": (f"{HEADER}\nAerial\x00 Robotics\x07 GmbH,AERO,DE,PRC,yes,"
                                   "Drones\x1b[31m for border police.\n"
                                   "Institut Medico-Legal,IML,FR,REC,no,Forensics\x0c.\n"
                                   "Police Academy,ISPC,ES,PUB,no,Training\x1f police.\n"
                                   ).encode(),
    # Classic Mac line endings (a bare CR) in a portal search export; read.
    "topics_cr_newlines.csv": (b"identifier,title,description\rHORIZON-CL3-2099-01-BAD-05,"
                               b"CR only,\"Expected Outcome: Drones for police forces. Scope:"
                               b" Validate them in field trials.\"\r"),
    "call_latin1.md": SCOPE.encode("latin-1"),
    "call_utf16.md": SCOPE.encode("utf-16"),
    "call_control_chars.md": (b"## Scope\nDrones\x00 for\x07 police\x1b[2J forces and "
                              b"border guards.\n"),
}


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in CASES.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent):
        print(path)
