"""After an import, near duplicates are looked for between what the import brought and
the store: the keys of the imported partners, and the store's pairs among them."""

from __future__ import annotations

from pathlib import Path

from consortium.partners.duplicates import identity_key, store_duplicates
from consortium.partners.importing import CordisStarted, import_files, imported_keys
from consortium.partners.store import Registry

HEAD = "id,name,country,type,description\n"


def test_an_import_names_its_partners_and_their_near_duplicates(tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text(HEAD + "A1,Maritime Research Institute,NL,REC,Maritime sensors\n"
                     "A2,Urban Safety Lab,ES,PUB,Urban safety pilots\n", encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text(HEAD + "B1,Maritime Research Institut,NL,REC,Maritime sensors\n",
                      encoding="utf-8")
    with Registry(tmp_path / "pool.db") as store:
        list(import_files(store, [first]))
        steps = list(import_files(store, [second]))
        brought = set().union(*(imported_keys(s) for s in steps))
        assert brought == {identity_key("Maritime Research Institut", "NL")}
        found, size = store_duplicates(store, among=brought)
        everything, _ = store_duplicates(store)
    assert size == 3
    assert [(d.first.id, d.second.id) for d in found] in ([("A1", "B1")], [("B1", "A1")])
    assert len(everything) == 1
    assert imported_keys(CordisStarted(first, {})) == set()
