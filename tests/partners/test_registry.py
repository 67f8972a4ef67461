"""The registry store and the ``partners`` commands, on a store in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from consortium.cli.main import cli
from consortium.partners.pool import load_partners
from consortium.partners.store import Registry

DATA = Path(__file__).parents[1] / "data" / "partners"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_import_reports_skipped_rows_and_reimport_updates_in_place(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    code, out = run("partners", "import", str(DATA / "members.csv"), "--cluster", "HSD",
                    "--db", db)
    assert code == 0
    assert "7 rows, 4 imported (4 new, 0 updated), 3 skipped:" in out
    for row in (5, 6, 7):
        assert f"members.csv:{row}: field" in out
    code, out = run("partners", "import", str(DATA / "members.csv"), "--db", db)
    assert "(0 new, 4 updated)" in out
    with Registry(Path(db)) as store:
        assert store.count() == 4


def test_strict_import_fails_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["partners", "import", str(DATA / "members.csv"),
                                      "--strict", "--db", str(tmp_path / "r.db")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {DATA / 'members.csv'}:5: field 'Country': unknown country 'Atlantis' "
        "(use an ISO 3166 two-letter code such as DE)"]


def test_cordis_and_members_merge_by_id(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    run("partners", "import", str(DATA / "members.csv"), "--cluster", "HSD", "--db", db)
    code, out = run("partners", "import", str(DATA / "he" / "organization.csv"),
                    str(DATA / "h2020" / "organization.csv"), "--no-progress", "--db", db)
    assert code == 0 and "with topics.csv, euroSciVoc.csv" in out and "with project.csv" in out
    with Registry(Path(db)) as store:
        pool = {p.id: p for p in store.partners()}
    fraunhofer = pool["999984059"]
    assert fraunhofer.cluster == "HSD"  # the member's tag survives the CORDIS import
    assert fraunhofer.description.startswith("Sensors, drones")
    assert {p.programme for p in fraunhofer.projects} == {"HORIZON", "H2020"}
    assert len(fraunhofer.projects) == 3
    assert {s.file.rsplit("/", 2)[-2] for s in fraunhofer.sources} >= {"he", "h2020"}
    assert len(pool) == 4 + 7 + 6 - 2  # Fraunhofer is in all three files, once in the store


def test_list_show_export_and_pool_from_store(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    run("partners", "import", str(DATA / "members.csv"), "--cluster", "HSD", "--db", db)
    run("partners", "import", str(DATA / "he" / "organization.csv"), "--no-progress",
        "--db", db)
    code, out = run("partners", "list", "--practitioner", "police", "--db", db)
    assert code == 0 and "HP" in out and out.strip().endswith("1 partner")
    code, out = run("partners", "list", "--cluster", "HSD", "--country", "Spain", "--sme",
                    "--db", db)
    assert "ACME" in out and "1 partner" in out
    code, out = run("partners", "show", "Fraunhofer", "--db", db)
    assert "coordinator of 0" in out and "LignoSilva" in out and "EUR 1,583,889" in out
    assert "members.csv:2" in out
    export = tmp_path / "out" / "pool.json"
    code, out = run("partners", "export", str(export), "--db", db)
    assert code == 0 and (tmp_path / "out" / "projects.csv").is_file()
    entries = json.loads(export.read_text(encoding="utf-8"))["partners"]
    assert len(entries) == 10
    again = load_partners(export)
    assert {p.id for p in again} == {e["id"] for e in entries}
    assert {p.id for p in load_partners(db)} == {e["id"] for e in entries}


def test_companion_file_alone_is_refused(tmp_path: Path) -> None:
    code, out = run("partners", "import", str(DATA / "he" / "topics.csv"),
                    "--db", str(tmp_path / "r.db"))
    assert code == 1 and "CORDIS topics file on its own" in out


def test_an_empty_store_says_where_it_is_and_how_to_fill_it(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    for command in (["partners", "list"], ["partners", "duplicates"]):
        code, out = run(*command, "--db", str(db))
        assert code == 0
        assert f"The registry store {db} holds no partner yet" in out
        assert "consortium partners import partners/cordis-security/partners.csv" in out
        assert "0 partners" not in out


def test_duplicates_lists_every_pair_without_pointing_at_itself(tmp_path: Path) -> None:
    members = tmp_path / "members.csv"
    members.write_text("id,name,country,type,description\n"
                       "1,Institut Medico-Legal,FR,REC,Forensics.\n"
                       "2,Institut Médico-Légal,FR,REC,Forensic science.\n"
                       "3,Aerial Robotics GmbH,DE,PRC,Drones.\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    run("partners", "import", str(members), "--db", db)
    code, out = run("partners", "duplicates", "--db", db)
    assert code == 0
    assert out.startswith("1 pair of near-duplicate names in the store (not merged; refer "
                          "to each by its id")
    assert "'Institut Medico-Legal' ~" in out and "consortium partners duplicates" not in out
    (tmp_path / "one.csv").write_text("id,name,country,type,description\n"
                                      "3,Aerial Robotics GmbH,DE,PRC,Drones.\n")
    run("partners", "import", str(tmp_path / "one.csv"), "--db", str(tmp_path / "one.db"))
    code, out = run("partners", "duplicates", "--db", str(tmp_path / "one.db"))
    assert out.startswith("No near-duplicate names among the 1 partner")


def test_an_import_checks_its_own_rows_against_the_store_not_the_store_again(
        tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    (tmp_path / "first.csv").write_text(
        "id,name,country,type,description\n1,Institut Medico-Legal,FR,REC,Forensics.\n"
        "2,Institut Médico-Légal,FR,REC,Forensic science.\n", encoding="utf-8")
    code, out = run("partners", "import", str(tmp_path / "first.csv"), "--db", db)
    assert "1 pair of near-duplicate names with the imported partners" in out
    # 8 new unrelated rows: the old pair is not reported again (nor compared again) ...
    (tmp_path / "later.csv").write_text("id,name,country,type,description\n" + "".join(
        f"{10 + i},Drone Works {i} GmbH,DE,PRC,Drones.\n" for i in range(8)))
    code, out = run("partners", "import", str(tmp_path / "later.csv"), "--db", db)
    assert code == 0 and "Institut" not in out, out
    assert "No near-duplicate names among the imported partners and the 10 partners" in out
    # ... but a new row like a stored one is, and 'partners duplicates' still lists all.
    (tmp_path / "twin.csv").write_text("id,name,country,type,description\n"
                                       "30,INSTITUT MEDICO LEGAL,FR,REC,Forensics.\n")
    code, out = run("partners", "import", str(tmp_path / "twin.csv"), "--db", db)
    assert "INSTITUT MEDICO LEGAL" in out or "Institut Medico-Legal" in out, out
    code, out = run("partners", "duplicates", "--db", db)
    assert out.count("Institut") >= 2 and "in the store" in out
