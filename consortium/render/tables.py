"""The report as plain tables: one view shared by the CSV, XLSX and DOCX writers.

Spreadsheets and Word documents want rows and columns, not templates; building the rows
once keeps the three formats showing the same numbers under the same headers. Input is
the JSON-ready dict of a ``ConsortiumReport`` (``dataclasses.asdict``), the same data the
templates see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from consortium.partners.labels import display_label

CORDIS = "Source: CORDIS, European Commission"
CALL_SOURCE = "Call text: EU Funding & Tenders portal, © European Union"
ATTRIBUTION = f"Partner data and evidence: {CORDIS}. {CALL_SOURCE}."

# The one table a CSV holds (a CSV has no room for more): documented in the README.
CSV_TABLE = "matrix"

# Columns of the matrix before the one-per-member level columns.
MATRIX_FIXED = 7

Cell = str | int | float | None


@dataclass
class Table:
    """A titled table; ``key`` names it (sheet name in XLSX, ``CSV_TABLE``)."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    freeze: int = 1           # leading columns kept in view when scrolling sideways


def yes_no(value: bool | None) -> str:
    return "?" if value is None else "yes" if value else "no"


def level_legend(thresholds: dict[str, float]) -> str:
    """What the levels mean, from the report's own numbers (consortium.score.levels)."""
    t = thresholds
    if "specific" not in t:    # a report written before the relative rule
        return (f"covered at similarity ≥ {t['covered']}, partial at ≥ {t['partial']}, "
                "gap below")
    return (f"covered when the evidence reaches similarity ≥ {t['covered']}, is among the "
            f"strongest the pool offers for the requirement (similarity less the "
            f"passage's genericity ≥ {t['specific']} and within {t['pool_margin']} of the "
            f"pool's best) and shares ≥ {t['shared_terms']:.0%} of the requirement's rare "
            f"words; partial at similarity ≥ {t['partial']}; gap below; administrative "
            "text and event announcements never count")


def member_label(member: dict[str, Any]) -> str:
    """A member's column header: at most 20 characters, acronym first (``labels``), so
    "NETHERLANDS ORGANISATION FORAPPLIED SCIENTIFIC RESEARCH" does not widen the matrix;
    Part A keeps the full legal name."""
    return display_label(str(member["name"] or ""), str(member["short_name"] or ""))


def participants(r: dict[str, Any]) -> Table:
    rows: list[list[Cell]] = [
        [m["no"], m["name"], m["short_name"], m["country"], m["org_type"], yes_no(m["sme"]),
         m["role"], ", ".join(m["covers"]), ", ".join(m.get("track_record") or m["projects"])]
        for m in r["members"]]
    return Table("participants", "Part A: list of participants",
                 ["No.", "Legal name", "Short name", "Country", "Type", "SME", "Role",
                  "Covers", "Track record"], rows, CORDIS, freeze=3)


def matrix(r: dict[str, Any]) -> Table:
    """Requirements × members; each cell is the member's level and similarity."""
    labels = [member_label(m) for m in r["members"]]
    rows: list[list[Cell]] = []
    for q in r["requirements"]:
        cells = [f"{lv} {s:.2f}" for s, lv in zip(q.get("scores", []), q.get("levels", []))]
        rows.append([q["id"], q["section"], q["text"], q["level"], round(q["score"], 4),
                     q["partner"], q["evidence_source"], *cells])
    return Table("matrix", "Coverage matrix: requirements × partners",
                 ["Req.", "Section", "Requirement", "Level", "Best score", "Best partner",
                  "Evidence source", *labels], rows,
                 f"Levels: {level_legend(r['thresholds'])}. {CORDIS}.", freeze=3)


def requirements(r: dict[str, Any]) -> Table:
    rows: list[list[Cell]] = [
        [q["id"], q["text"], q["level"], round(q["score"], 4), q["partner"],
         ", ".join(q["also"]), q["evidence"], q["evidence_source"]] for q in r["requirements"]]
    return Table("evidence", "Requirements and evidence",
                 ["Req.", "Requirement", "Level", "Score", "Best partner", "Also",
                  "Evidence", "Evidence source"], rows, CORDIS)


def risks(r: dict[str, Any]) -> Table:
    """Gaps, single points of failure and members who add nothing, in one list."""
    by_id = {q["id"]: q for q in r["requirements"]}
    rows: list[list[Cell]] = []
    for rid in r["gaps"]:
        rows.append(["gap", rid, f"best similarity {by_id[rid]['score']:.2f}: "
                     f"{by_id[rid]['text']}"])
    for rid in r.get("single_points", []):
        rows.append(["single point of failure", rid,
                     f"only {by_id[rid]['partner']} reaches it: {by_id[rid]['text']}"])
    for label in r.get("redundant", []):
        rows.append(["adds no coverage", label,
                     "no requirement's best similarity drops without this member"])
    if not rows:
        rows.append(["none", "—", "no gaps, no single points of failure, and every member "
                     "adds coverage"])
    return Table("risks", "Gaps and single points of failure", ["Kind", "Item", "Detail"],
                 rows)


def diversity(r: dict[str, Any]) -> Table:
    d = r["diversity"]
    types = ", ".join(f"{t} {n}" for t, n in d["type_counts"].items())
    rows: list[list[Cell]] = [
        ["Countries", f"{d['n_countries']} ({', '.join(d['countries'])})",
         round(d["country_term"], 4)],
        ["Organisation types", types, round(d["type_term"], 4)],
        ["Triple helix", ", ".join(d["groups"]), None],
        ["SMEs", f"{d['n_sme']} ({100 * d['sme_share']:.0f} %)", round(d["sme_term"], 4)],
        ["Diversity score", "", round(d["score"], 4)],
    ]
    return Table("diversity", "Diversity", ["Term", "Value", "Score"], rows)


def eligibility(r: dict[str, Any]) -> Table:
    e = r["eligibility"]
    rows: list[list[Cell]] = [["Verdict", "eligible" if e["eligible"] else "NOT eligible"],
                              ["Rule", e["rule"]]]
    rows += [["Reason", reason] for reason in e["reasons"]]
    rows += [["Note", note] for note in r["notes"]]
    return Table("eligibility", "Eligibility", ["Check", "Result"], rows)


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


def tables(r: dict[str, Any]) -> list[Table]:
    where = facilities(r)
    return [participants(r), matrix(r), requirements(r), *([where] if where else []),
            risks(r), diversity(r), eligibility(r)]


def table(r: dict[str, Any], key: str) -> Table:
    return next(t for t in tables(r) if t.key == key)
