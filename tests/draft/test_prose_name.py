"""The name 3.2's sentences use for a member whose table label had to be cut."""

from __future__ import annotations

import pytest

from consortium.draft.capacity import prose_name
from consortium.partners.labels import display_label, readable
from consortium.partners.model import Partner


@pytest.mark.parametrize(("name", "short", "label", "prose"), [
    ("MINISTERE DE L'INTERIEUR", "", "Ministere de…", "Ministere de l'Interieur"),
    ("OPENBAAR LICHAAM GEZAMENLIJKE BRANDWEER", "Gezamenlijke Brandweer", "Gezamenlijke…",
     "Gezamenlijke Brandweer"),
    ("ELLINIKI OMADA DIASOSIS ATTIKIS", "HELLENIC RESCUE TEAM OF ATTICA", "Hellenic Rescue…",
     "Hellenic Rescue Team of Attica"),
])
def test_a_cut_label_gives_way_to_the_whole_name(name, short, label, prose):
    assert display_label(name, short) == label
    partner = Partner("1", name, short, "FR", "PUB", None, "")
    assert prose_name(partner, label) == prose
    assert "…" not in prose


def test_an_uncut_label_is_kept():
    partner = Partner("1", "FORSVARETS FORSKNINGINSTITUTT", "FFI", "NO", "REC", None, "")
    assert prose_name(partner, "FFI") == "FFI"
    # its legal form written out dropped, the label fits uncut, and prose says the same
    exus = Partner("2", "EXUS SOFTWARE MONOPROSOPI",
                   "EXUS SOFTWARESINGLE MEMBER LIMITED LIABILITY COMPANY", "EL", "PRC", True, "")
    label = display_label(exus.name, exus.short_name)
    assert label == "Exus Software" and prose_name(exus, label) == "Exus Software"


def test_readable_keeps_every_character_of_a_mixed_case_name():
    assert readable('Evil "=cmd",x GmbH') == 'Evil "=cmd",x GmbH'
    assert readable("TNO") == "TNO" and readable("FOI AB") == "FOI AB"


def test_readable_title_cases_elisions_and_starts_with_a_capital():
    assert readable("DE L'AQUILA") == "De l'Aquila"
    assert readable("UNIVERSITA DEGLI STUDI DELL'AQUILA") == "Universita Degli Studi dell'Aquila"
