"""The proposal draft's tables (``consortium.draft``) for the XLSX and DOCX writers.

The Markdown and HTML templates show the same sections under the same titles
(``SECTIONS``); a test compares the section titles across the four formats.
"""

from __future__ import annotations

from typing import Any

from consortium.partners.orgtypes import PROSE_LABELS
from consortium.render.tables import Cell, Table

SECTIONS = {
    "participants": "Part A: list of participants",
    "section_3_2": "Part B 3.2 (draft): capacity of participants and consortium as a whole",
    "workpackages": "Work packages (draft)",
    "participation": "Participation (draft)",
    "person_months": "Person-months (draft of Table 3.1f)",
    "budget": "Budget guidance (to edit)",
    "budget_split": "Draft budget split (guidance)",
    "commitments": "Commitments tracker",
}


def work_packages(d: dict[str, Any]) -> Table:
    rows: list[list[Cell]] = [[f"WP{w['no']}", w["title"], w["kind"],
                               ", ".join(w["requirements"]) or "—", w["leader"], w["reason"]]
                              for w in d["work_packages"]]
    return Table("workpackages", SECTIONS["workpackages"],
                 ["WP", "Title", "Type", "Requirements", "Leader", "Why this leader"], rows,
                 "Requirements grouped by the similarity of their text; titles are the "
                 "topic's own key terms. Rename, merge or split as the work plan needs.")


def _by_partner(d: dict[str, Any], cell: Any, total: bool) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for p, row in zip(d["participants"], d["participation"]):
        out.append([p["no"], p["short_name"], *(cell(c) for c in row),
                    *([None] if total else [])])
    return out


def participation(d: dict[str, Any]) -> Table:
    wps = [f"WP{w['no']}" for w in d["work_packages"]]
    return Table("participation", SECTIONS["participation"], ["No.", "Partner", *wps],
                 _by_partner(d, lambda c: c or "—", False),
                 "lead: leads the work package; x: takes part (reaches one of its "
                 "requirements at least partially; all take part in management and "
                 "dissemination).", freeze=2)


def person_months(d: dict[str, Any]) -> Table:
    wps = [f"WP{w['no']} PM" for w in d["work_packages"]]
    return Table("person_months", SECTIONS["person_months"], ["No.", "Partner", *wps,
                                                             "Total PM"],
                 _by_partner(d, lambda c: None if c else "—", True),
                 "Write the person-months; — where the partner does not take part.", freeze=2)


def budget(d: dict[str, Any]) -> list[Table]:
    b = d.get("budget")
    if not b:
        return []
    rows: list[list[Cell]] = [
        [s["group"], PROSE_LABELS.get(s["key"], s["key"]) if s["group"] == "Organisation type"
         else s["key"], s["median"], f"{s['q1']:.1f}–{s['q3']:.1f}", s["n"]]
        for s in b["rows"]]
    basis = (f"Guidance, not a budget. Basis: {b['basis']}; {b['projects']} projects, median "
             f"EC contribution per project EUR {b['median_project_ec']:,}. {b['attribution']}.")
    shares = Table("budget", SECTIONS["budget"],
                   ["Group", "Beneficiary", "Median share (%)", "Interquartile range (%)",
                    "Beneficiaries counted"], rows, basis)
    headers = ["Partner", "Draft share (%)"] + (["Draft EC contribution (EUR)"]
                                                if b["budget"] else [])
    split: list[list[Cell]] = [[label, share] + ([round(b["budget"] * share / 100)]
                                                 if b["budget"] else [])
                               for label, share in b["split"]]
    return [shares, Table("budget_split", SECTIONS["budget_split"], headers, split,
                          "Each partner's median share for its role and type, scaled to "
                          "100 %: a starting point to edit.")]


def commitments(d: dict[str, Any]) -> Table:
    rows: list[list[Cell]] = [[c["no"], c["partner"], c["pic"] or "to ask", c["contact"] or "—",
                               c["letter"], c["mandate"], c["ethics_security"],
                               c["gender_equality_plan"], c["status"]]
                              for c in d["commitments"]]
    return Table("commitments", SECTIONS["commitments"],
                 ["No.", "Partner", "PIC", "Contact", "Letter of commitment", "Mandate",
                  "Ethics/security self-assessment", "Gender Equality Plan", "Status"], rows,
                 freeze=2)


def draft_tables(r: dict[str, Any]) -> list[Table]:
    """The draft's tables after section 3.2 (Part A stays with the report's tables)."""
    d = r.get("draft")
    if not d:
        return []
    return [work_packages(d), participation(d), person_months(d), *budget(d), commitments(d)]
