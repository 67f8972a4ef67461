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


# Structure bombs too big to commit, as bytes (#23).
CASES.update({
    # 100,000 levels of [ : the parser's recursion, not a registry or a topic export.
    "partners_deep.json": b"[" * 100_000 + b"]" * 100_000,
    "topics_deep.json": b'{"topicId": "X", "description": ' + b"[" * 100_000
                        + b"]" * 100_000 + b"}",
    # 1,500 distinct field names across two entries (each becomes a column of every row).
    "partners_many_fields.json": ("[" + '{"name": "Lab", "country": "DE", "type": "REC", '
                                  '"description": "x"}, {' + ", ".join(
                                      f'"k{n}": "v"' for n in range(1500)) + "}]").encode(),
})


def write_workbooks(folder: Path) -> list[Path]:
    """XLSX cases: a formula saved without its value, and a sheet inflating to 60 MiB
    (apart from ``write_corpus``: they take seconds, so only their tests make them)."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "country", "type", "description"])
    sheet.append(["Aerial Lab", "DE", "PRC", "Drones for police."])
    sheet.append(['=UPPER("lab")', "FR", "REC", "Forensics of evidence."])
    formula = folder / "partners_formula.xlsx"
    book.save(formula)
    inflating = folder / "partners_inflating.xlsx"
    with zipfile.ZipFile(inflating, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet1.xml", "w") as part:
        for _ in range(60):
            part.write(b"<row/>" * ((1 << 20) // 6))
    return [formula, inflating]


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in CASES.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for path in write_corpus(target) + write_workbooks(target):
        print(path)
