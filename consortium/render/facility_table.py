"""The "Where we test and demonstrate" table for the Word and Excel reports.

Kept apart from ``tables`` so the shared list of tables gains one entry, not a function
among many: the table is there only when the pool lists facilities (``score.facilities``).
"""

from __future__ import annotations

from typing import Any

from consortium.render.tables import Cell, Table


def facilities(r: dict[str, Any]) -> Table | None:
    """Facility, owner, country and requirements served, then one row per facility gap;
    None when the report has neither (a pool without facilities)."""
    uses, gaps = r.get("facilities") or [], r.get("facility_gaps") or []
    if not uses and not gaps:
        return None
    rows: list[list[Cell]] = []
    for u in uses:
        served = ", ".join(f"{rid} (validation)" if rid in u["validation"] else rid
                           for rid in u["requirements"])
        where = f"{u['country']} ({u['city']})" if u["city"] else u["country"]
        rows.append([u["facility"], u["owner"], where, served])
    rows.extend(["—", "—", "—", gap] for gap in gaps)
    return Table("facilities", "Where we test and demonstrate",
                 ["Facility", "Owner", "Country", "Requirements it serves"], rows,
                 "Facilities as the partners' registry lists them; a row of dashes names "
                 "a validation requirement that no member's facility serves.")
