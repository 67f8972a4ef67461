"""The registry store against concurrent writers and files it did not create (#23)."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from consortium.errors import InputError
from consortium.partners.importing import import_files
from consortium.partners.store import Registry

HEADER = "id,name,short_name,country,type,sme,description\n"


def _registry(path: Path, rows: int = 300) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(rows):
            handle.write(f"{1000 + i},Organisation {i:04d} Lab {i * 7919 % 10007},O{i},"
                         f"{('DE', 'FR', 'IT', 'ES')[i % 4]},REC,no,Drones for police {i}.\n")
    return path


def _import(db: str, csv_path: str, tag: str, start: multiprocessing.synchronize.Barrier) \
        -> None:
    start.wait()
    with Registry(Path(db)) as store:
        for _ in import_files(store, [Path(csv_path)], cluster=tag, strict=False):
            pass


def test_concurrent_imports_lose_nothing_in_ten_rounds(tmp_path: Path) -> None:
    csv_path = _registry(tmp_path / "members.csv")
    context = multiprocessing.get_context("fork")
    for round_ in range(10):
        db = tmp_path / f"round{round_}.db"
        with Registry(db) as store:
            for _ in import_files(store, [csv_path], strict=False):
                pass
        start = context.Barrier(2)
        children = [context.Process(target=_import, args=(str(db), str(csv_path), tag, start))
                    for tag in ("A", "B")]
        for child in children:
            child.start()
        for child in children:
            child.join(timeout=300)
        assert [child.exitcode for child in children] == [0, 0], round_
        with Registry.existing(db) as store:
            tags = {row[0]: set(row[6].split(",")) for row in store.summary()}
        assert len(tags) == 300
        assert all(value == {"A", "B"} for value in tags.values()), (round_, tags)


def test_a_second_writer_waits_and_says_so(tmp_path: Path) -> None:
    csv_path = _registry(tmp_path / "members.csv", 5)
    db = tmp_path / "store.db"
    Registry(db).db.close()
    holder = sqlite3.connect(db)
    holder.execute("BEGIN IMMEDIATE")
    heard: list[str] = []
    waiting = threading.Event()
    failure: list[BaseException] = []

    def write() -> None:
        try:
            with Registry(db, on_wait=lambda m: (heard.append(m), waiting.set())) as store:
                for _ in import_files(store, [csv_path], cluster="late"):
                    pass
        except BaseException as exc:  # reported below
            failure.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    assert waiting.wait(timeout=60), "the writer never said it was waiting"
    holder.rollback()
    holder.close()
    writer.join(timeout=120)
    assert failure == [] and len(heard) == 1
    assert "another process is writing to this store; waiting" in heard[0]
    with Registry.existing(db) as store:
        assert store.count() == 5


def test_ids_differing_only_in_case_are_one_partner(tmp_path: Path) -> None:
    path = tmp_path / "case.csv"
    path.write_text(HEADER + "ORG-a,Aerial Lab,AL,DE,REC,no,Drones.\n"
                    "org-A,Aerial Lab,AL,DE,REC,no,Drones and sensors.\n")
    again = tmp_path / "again.csv"
    again.write_text(HEADER + "Org-a,Aerial Lab,AL,DE,REC,no,Drones for police.\n")
    with Registry(tmp_path / "r.db") as store:
        for _ in import_files(store, [path, again], strict=False):
            pass
        assert [row[0] for row in store.summary()] == ["ORG-a"]


def test_another_programs_database_is_left_as_it_was(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    before = other.read_bytes()
    with pytest.raises(InputError, match=r"another program's SQLite database \(tables: "
                       r"notes\); left as it is"):
        Registry(other)
    assert other.read_bytes() == before
    text = tmp_path / "text.db"
    text.write_text("not a database")
    with pytest.raises(InputError, match="not an SQLite file"):
        Registry(text)
    assert text.read_text() == "not a database"


def test_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        Registry(tmp_path / "typo" / "sub" / "registry.db")
    assert not (tmp_path / "typo").exists()
