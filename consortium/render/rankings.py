"""Scout, radar and cluster-map reports as tables, in every output format.

The three reports are rankings, not consortia, so they do not fit the consortium report's
templates. Each is turned once into a ``Document`` (facts plus titled tables); the
Markdown and HTML templates (``tables.md.j2``, ``tables.html.j2``, overridable with
``--template-dir``), the CSV and XLSX writers and the terminal table all read that, so
every format shows the same numbers under the same headers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from consortium.render.safety import neutralise_row, printable
from consortium.render.tables import ATTRIBUTION, Cell, Table, yes_no
from consortium.render.templates import render


@dataclass
class Document:
    title: str
    facts: list[tuple[str, str]]
    tables: list[Table]
    main: str                      # key of the table a CSV holds and the terminal shows
    terminal: list[str]            # headers of the main table the terminal shows
    notes: list[str] = field(default_factory=list)
    attribution: str = ATTRIBUTION


def _join(values: list[str], limit: int = 0) -> str:
    shown = values[:limit] if limit else values
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" +{more}" if more > 0 else "")


def scout_document(r: dict[str, Any]) -> Document:
    rows: list[list[Cell]] = []
    evidence: list[list[Cell]] = []
    for p in r["partners"]:
        ids = ", ".join([p["id"], *p.get("also_ids", [])])
        rows.append([p["rank"], p["short_name"] or p["name"], p["name"], ids,
                     p["country"], p["org_type"], yes_no(p["sme"]), p["cluster"],
                     p["practitioner"], p.get("score", 0.0), p["fit"], len(p["covered"]),
                     _join(p["covered"]), _join(p["partial"]), "; ".join(p.get("why", []))])
        evidence += [[p["rank"], p["short_name"] or p["name"], e["requirement"], e["score"],
                      e["level"], e["source"], e["text"]] for e in p["evidence"]]
    requirements: list[list[Cell]] = [[q["id"], q["section"], q["weight"], q["text"]]
                                      for q in r["requirements"]]
    return Document(
        title=f"Partners for {r['call_id']}",
        facts=[("Topic", f"{r['call_id']} {r['call_title']}"),
               ("Type, deadline", f"{r['action_type'] or '?'}, {r['deadline'] or '?'}"),
               ("Pool", f"{r['pool']} ({r['pool_size']} organisations, "
                        f"{r['considered']} considered)"),
               ("Filters", "; ".join(r["filters"]) or "none"),
               ("Ranked by", "the learned ranker's score (track record in relevant EU "
                             "projects, text and keyword fit; 'Why' says what it read)"),
               ("Fit", "the partner's own coverage of the topic (mean best similarity "
                       "over the weighted requirements)"),
               ("Model", r["model"])],
        tables=[
            Table("partners", "Partners ranked by learned relevance",
                  ["Rank", "Partner", "Name", "ID", "Country", "Type", "SME", "Cluster",
                   "Practitioner", "Score", "Fit", "Covered", "Covers", "Partially", "Why"],
                  rows, freeze=2),
            Table("evidence", "Evidence: each partner's best matches",
                  ["Rank", "Partner", "Requirement", "Score", "Level", "Source", "Evidence"],
                  evidence, freeze=2),
            Table("requirements", "Requirements",
                  ["ID", "Section", "Weight", "Text"], requirements)],
        main="partners",
        terminal=["Rank", "Partner", "Country", "Type", "Cluster", "Score", "Fit", "Covered",
                  "Covers"])


def radar_document(r: dict[str, Any]) -> Document:
    member = any(x.get("pool_rank") for x in r["rows"])
    rows: list[list[Cell]] = [
        [x["rank"], x["call_id"], x["title"], x["action_type"], x["deadline"], x["budget"],
         x["fit"], x["core_coverage"], _join(x["core"]),
         f"{len(x['uncovered'])}/{x['n_requirements']}", _join(x["uncovered"]),
         x.get("facility_fit", 0.0), _facility_cell(x)]
        + ([x.get("pool_rank", 0)] if member else [])
        for x in r["rows"]]
    return Document(
        title=f"Call radar for {r['subject']}",
        facts=[("Ranked for", r["subject"]), ("Fit", r["fit_means"]),
               ("Pool", f"{r['pool']} ({r['pool_size']} organisations)"),
               ("Topics", str(len(r["rows"]))),
               *([("Rank in pool", "where the learned ranker (trained on funded "
                   "consortia) puts the member among the pool for the topic; 1 = first")]
                 if member else []),
               ("Model", r["model"])],
        tables=[Table("topics", "Topics ranked by fit",
                      ["Rank", "Topic", "Title", "Type", "Deadline", "Budget (EUR)", "Fit",
                       "Core coverage", "Core members", "Not covered", "Uncovered",
                       "Facility fit", "Validation served by facilities"]
                      + (["Rank in pool (learned)"] if member else []),
                      rows, freeze=2)],
        main="topics",
        terminal=["Rank", "Topic", "Deadline", "Budget (EUR)", "Fit", "Core members",
                  "Not covered"] + (["Facility fit", "Validation served by facilities"]
                                    if "facilities" in r["fit_means"] else [])
        + (["Rank in pool (learned)"] if member else []),
        notes=[f"left out: {s}" for s in r["skipped"]])


def _facility_cell(x: dict[str, Any]) -> str:
    """"R4 (NMTR), R5 (HCG) of 2": the validation asks the facilities serve."""
    n = x.get("n_validation", 0)
    if not n:
        return "no validation ask"
    return f"{_join(x.get('facilities', [])) or 'none'} of {n}"


def map_document(r: dict[str, Any]) -> Document:
    summary: list[list[Cell]] = []
    cover: list[list[Cell]] = []
    combos: list[list[Cell]] = []
    for t in r["topics"]:
        summary += [[t["call_id"], c["cluster"], c["members"], c["coverage"], c["covered"],
                     len(c["leads"]), _join(c["leads"]), _join(c["unique"]),
                     _join(c["top_members"]), _join(c.get("facilities", [])) or "—"]
                    for c in t["clusters"]]
        for q in t["requirements"]:
            cover.append([t["call_id"], q["id"], q["text"], q["best_cluster"],
                          _join(q["reached_by"])]
                         + [f"{c['level']} {c['score']:.2f} {c['member']}" for c in q["cells"]])
        combos += [[t["call_id"], " + ".join(x["clusters"]), x["coverage"], x["gain"]]
                   for x in t["combinations"]]
    return Document(
        title="Cross-cluster map",
        facts=[("Clusters", ", ".join(r["clusters"])),
               ("Pool", f"{r['pool']} ({r['pool_size']} organisations, "
                        f"{r['untagged']} without a cluster tag)"),
               ("Topics", str(len(r["topics"]))),
               ("Reading", "a cluster scores what its best member scores; it 'leads' on "
                           "the requirements where it scores best of all clusters; 'unique' "
                           "are requirements no other cluster reaches even partially"),
               ("Model", r["model"])],
        tables=[
            Table("clusters", "Clusters per topic",
                  ["Topic", "Cluster", "Members", "Coverage", "Covered", "Leads",
                   "Leads on", "Unique", "Strongest members",
                   "Facilities for validation"], summary, freeze=2),
            Table("who-covers-what", "Who covers what",
                  ["Topic", "Requirement", "Text", "Best cluster", "Reached by",
                   *r["clusters"]], cover, freeze=2),
            Table("combinations", "Clusters that complement each other",
                  ["Topic", "Clusters", "Coverage together", "Gain over the best alone"],
                  combos)],
        main="who-covers-what",
        terminal=["Topic", "Cluster", "Coverage", "Covered", "Leads", "Unique",
                  "Strongest members", "Facilities for validation"],
        notes=[f"left out: {s}" for s in r.get("skipped", [])])


def terminal_table(doc: Document, width: int = 30) -> str:
    """The main table's key columns, aligned, cells cut to ``width`` characters."""
    table = next(t for t in doc.tables if t.key == doc.main)
    if doc.main == "who-covers-what":   # a map reads best as the per-cluster summary
        table = doc.tables[0]
    cols = [table.headers.index(h) for h in doc.terminal if h in table.headers]
    cells = [[_cut(table.headers[c], width) for c in cols]]
    cells += [[_cut(row[c], width) for c in cols] for row in table.rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(cols))]
    lines = ["  ".join(v.ljust(widths[k]) for k, v in enumerate(row)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cut(value: Cell, width: int) -> str:
    text = "" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def to_csv(doc: Document) -> str:
    """The main table, UTF-8 with a byte-order mark for Excel, attribution last."""
    table = next(t for t in doc.tables if t.key == doc.main)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(neutralise_row(table.headers))
    for row in table.rows:
        writer.writerow(neutralise_row(row))
    writer.writerow(neutralise_row([doc.attribution] + [""] * (len(table.headers) - 1)))
    return "\ufeff" + buffer.getvalue()


def to_xlsx(doc: Document) -> bytes:
    """An ``about`` sheet with the facts, then one sheet per table, header frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "about"
    facts = [("Field", "Value"), ("Report", doc.title), *doc.facts,
             *(("Note", n) for n in doc.notes), ("Attribution", doc.attribution)]
    for key, value in facts:
        about.append(neutralise_row([key, value]))
    about.column_dimensions["B"].width = 100
    for t in doc.tables:
        sheet = book.create_sheet(t.key[:31])
        sheet.append(neutralise_row(t.headers))
        for row in t.rows:
            sheet.append(neutralise_row(row))
        sheet.freeze_panes = sheet.cell(row=2, column=t.freeze + 1).coordinate
        for col, header in enumerate(t.headers, 1):
            width = max([len(header)] + [len(str(row[col - 1] or "")) for row in t.rows])
            sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, 60)
    for sheet in book.worksheets:
        for c in sheet[1]:
            c.font = Font(bold=True)
            if isinstance(c.value, str):
                c.value = printable(c.value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def content(report: Any, doc: Document, fmt: str,
            template_dir: Path | None = None) -> str | bytes:
    """``report`` (shown as ``doc``) as the whole file in ``fmt``."""
    if fmt == "json":
        return json.dumps({**asdict(report), "attribution": doc.attribution}, indent=2,
                          ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render(doc, "tables.md.j2", template_dir)
    if fmt == "html":
        return render(doc, "tables.html.j2", template_dir)
    if fmt == "csv":
        return to_csv(doc)
    return to_xlsx(doc)
