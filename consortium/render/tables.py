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
from consortium.text import count

CORDIS = "Source: CORDIS, European Commission"
CALL_SOURCE = "Call text: EU Funding & Tenders portal, © European Union"
ATTRIBUTION = f"Partner data and evidence: {CORDIS}. {CALL_SOURCE}."


def attribution(r: dict[str, Any]) -> str:
    """The attribution for the data this report shows: CORDIS for CORDIS records, the
    portal for its topic texts, nothing for a user's own registry and topic."""
    shown = r.get("sources", ["cordis", "portal"])
    parts = ([f"Partner data and evidence: {CORDIS}."] if "cordis" in shown else []) + (
        [f"{CALL_SOURCE}."] if "portal" in shown else [])
    return " ".join(parts)


def cordis_note(r: dict[str, Any]) -> str:
    return CORDIS if "cordis" in r.get("sources", ["cordis"]) else ""

# The one table a CSV holds (a CSV has no room for more): documented in the README.
CSV_TABLE = "matrix"

# Columns of the matrix before the one-per-member level columns.
MATRIX_FIXED = 7

Cell = str | int | float | None
PART_A_HEADERS = ["No.", "PIC", "Legal name", "Short name", "Country", "Type", "SME", "Role"]


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
    if "specific" not in t and "partial_level" not in t:   # before the relative rule
        return (f"covered at similarity ≥ {t['covered']}, partial at ≥ {t['partial']}, "
                "gap below")
    if "partial_level" not in t:    # a report written with the thresholds rule
        return (f"covered when the evidence reaches similarity ≥ {t['covered']}, is among "
                f"the strongest the pool offers for the requirement (similarity less the "
                f"passage's genericity ≥ {t['specific']} and within {t['pool_margin']} of "
                f"the pool's best) and shares ≥ {t['shared_terms']:.0%} of the "
                f"requirement's rare words; partial at similarity ≥ {t['partial']}; gap "
                "below; administrative text and event announcements never count")
    return (f"covered when a model of judged relevance gives the evidence a chance "
            f"≥ {t['covered']:.0%} (from its similarity less the passage's genericity, its "
            f"rank among the pool's passages for the requirement and the share of the "
            f"requirement's rare words it contains); partial (related work to check) at "
            f"≥ {t['partial_level']:.0%}; gap below; administrative text and event "
            "announcements never count")


def member_label(member: dict[str, Any]) -> str:
    """A member's column header: at most 20 characters, acronym first (``labels``), so
    "NETHERLANDS ORGANISATION FORAPPLIED SCIENTIFIC RESEARCH" does not widen the matrix;
    Part A keeps the full legal name."""
    return display_label(str(member["name"] or ""), str(member["short_name"] or ""))


def participants(r: dict[str, Any]) -> Table:
    if r.get("draft"):          # the Submission System's columns, PICs included
        d = r["draft"]
        part_a: list[list[Cell]] = [
            [p["no"], p["pic"] or "to ask", p["legal_name"], p["short_name"], p["country"],
             p["org_type"], p["sme"], p["role"]] for p in d["participants"]]
        return Table("participants", "Part A: list of participants", list(PART_A_HEADERS),
                     part_a, cordis_note(r), freeze=2)
    rows: list[list[Cell]] = [
        [m["no"], m["name"], m["short_name"], m["country"], m["org_type"], yes_no(m["sme"]),
         m["role"], ", ".join(m["covers"]), ", ".join(m.get("track_record") or m["projects"])]
        for m in r["members"]]
    return Table("participants", "Part A: list of participants",
                 ["No.", "Legal name", "Short name", "Country", "Type", "SME", "Role",
                  "Covers", "Track record"], rows, cordis_note(r), freeze=3)


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
                 f"Levels: {level_legend(r['thresholds'])}." + (
                     f" {CORDIS}." if cordis_note(r) else ""), freeze=3)


def requirements(r: dict[str, Any]) -> Table:
    rows: list[list[Cell]] = [
        [q["id"], q["text"], q["level"], round(q["score"], 4), q["partner"],
         ", ".join(q["also"]), q["evidence"], q["evidence_source"]] for q in r["requirements"]]
    return Table("evidence", "Requirements and evidence",
                 ["Req.", "Requirement", "Level", "Score", "Best partner", "Also",
                  "Evidence", "Evidence source"], rows, cordis_note(r))


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
        rows.append(["coverage backed up", label,
                     "another member matches each requirement it matches as well (often "
                     "through a shared project): no score drops without it alone"])
    if not rows:
        rows.append(["none", "—", "no gaps, no single points of failure, and every member "
                     "adds coverage"])
    return Table("risks", "Gaps and single points of failure", ["Kind", "Item", "Detail"],
                 rows)


def diversity(r: dict[str, Any]) -> Table:
    """Every diversity row, with its term's value: the one list Markdown, HTML, XLSX and
    DOCX show (the HTML once dropped the last five rows)."""
    d = r["diversity"]
    terms = d.get("terms", {})
    types = ", ".join(f"{t} {n}" for t, n in d["type_counts"].items())
    practitioners = ", ".join(f"{k} {n}" for k, n in d.get("practitioners", {}).items())
    widening = count(d.get("n_widening_members", 0), "member") + (
        f" ({', '.join(d['widening'])})" if d.get("widening") else "")

    def score(name: str, fallback: float | None = None) -> Cell:
        value = terms.get(name, fallback)
        return None if value is None else round(float(value), 4)

    rows: list[list[Cell]] = [
        ["Countries", f"{d['n_countries']} ({', '.join(d['countries'])})",
         score("countries", d["country_term"])],
        ["Organisation types", types, score("types", d["type_term"])],
        ["Triple helix", ", ".join(d["groups"]), None],
        ["SMEs", f"{d['n_sme']} ({100 * d['sme_share']:.0f} %)", score("sme", d["sme_term"])],
        ["Widening countries", widening, score("widening")],
        ["Practitioners", practitioners or "none", score("practitioners")],
        ["Experience", f"{d.get('n_experienced', 0)} coordinated an EU project; "
         f"{count(d.get('n_newcomers', 0), 'newcomer')}", score("experience")],
        ["Clusters", ", ".join(d.get("clusters", [])) or "—", score("clusters")],
        ["Largest country share", f"{100 * d.get('largest_country_share', 0):.0f} %", None],
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
