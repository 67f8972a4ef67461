"""Issue #24's "done when": a topic asking for at-sea demonstrations proposes the partner
with the maritime test range and cites the range as evidence; without the range in the
registry, the report names the gap. On the invented example registry, fake embedder."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from consortium.calls.kinds import VALIDATION
from consortium.calls.topic import load_call
from consortium.embed.embedder import CachedEmbedder, EmbeddingCache
from consortium.partners.pool import load_partners
from consortium.pipeline import ConsortiumBuilder
from consortium.report import ConsortiumReport
from consortium.search.problem import SearchConfig

EXAMPLES = Path(__file__).resolve().parents[2] / "partners" / "examples"
REGISTRY = EXAMPLES / "facilities.csv"
TOPIC = EXAMPLES / "maritime-demo-topic.md"
RANGE = "Maritime test range off Den Helder"


def suggest(fake_embedder, tmp_path: Path, registry: Path) -> ConsortiumReport:
    embedder = CachedEmbedder(fake_embedder, EmbeddingCache(tmp_path / "e.sqlite3"))
    builder = ConsortiumBuilder(embedder, config=SearchConfig(min_size=3, max_size=5))
    return builder.fit(load_call(TOPIC), load_partners(registry)).suggest()


def without_range(tmp_path: Path) -> Path:
    """The example registry with the test range taken out of NMTR's facilities."""
    rows = list(csv.DictReader(io.StringIO(REGISTRY.read_text(encoding="utf-8"))))
    for row in rows:
        kept = [f for f in row["facilities"].split(";") if RANGE not in f]
        row["facilities"] = ";".join(kept)
    out = tmp_path / "no-range.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


def at_sea(report: ConsortiumReport):
    (req,) = [q for q in report.requirements if "at-sea demonstrations" in q.text]
    return req


def test_the_topic_asks_for_validation() -> None:
    kinds = {r.id: (r.kind, r.aspect) for r in load_call(TOPIC).requirements}
    assert kinds["R4"] == (VALIDATION, "at-sea demonstrations")
    assert kinds["R5"] == (VALIDATION, "pilots with practitioners")


def test_the_range_owner_is_proposed_and_its_range_is_the_evidence(fake_embedder,
                                                                    tmp_path: Path) -> None:
    report = suggest(fake_embedder, tmp_path, REGISTRY)
    assert "NMTR" in [m.short_name for m in report.members]
    req = at_sea(report)
    assert req.partner == "NMTR"
    assert req.evidence.startswith(RANGE)
    assert req.evidence_source == "facility (Den Helder, NL)"
    (use,) = [u for u in report.facilities if u.facility.startswith(RANGE)]
    assert (use.owner, use.country, use.city) == ("NMTR", "NL", "Den Helder")
    assert req.id in use.validation
    nmtr = next(m for m in report.members if m.short_name == "NMTR")
    assert any(f.startswith(RANGE) for f in nmtr.facilities)
    assert all("at-sea" not in gap for gap in report.facility_gaps)


def test_without_the_range_the_report_names_the_gap(fake_embedder, tmp_path: Path) -> None:
    report = suggest(fake_embedder, tmp_path, without_range(tmp_path))
    req = at_sea(report)
    assert not req.evidence.startswith(RANGE)
    assert f"no partner lists a facility for the at-sea demonstrations {req.id}" \
        in report.facility_gaps
    assert all(not u.facility.startswith(RANGE) for u in report.facilities)


def readable(data: str | bytes, fmt: str) -> str:
    """A report's text, whatever its format (Word and Excel read back cell by cell)."""
    if isinstance(data, str):
        return data
    if fmt == "docx":
        from docx import Document

        doc = Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return "\n".join([s.title for s in book.worksheets] + [
        str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row
        if c.value is not None])


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx", "xlsx"])
def test_reports_show_the_table_and_the_gap(fake_embedder, tmp_path: Path, fmt: str) -> None:
    from consortium.render.templates import to_text

    report = suggest(fake_embedder, tmp_path, REGISTRY)
    with_range = readable(to_text(report, fmt), fmt)
    assert "Where we test and demonstrate" in with_range or "facilities" in with_range
    assert RANGE in with_range and "R4 (validation)" in with_range
    gap = readable(to_text(suggest(fake_embedder, tmp_path, without_range(tmp_path)), fmt),
                   fmt)
    assert "no partner lists a facility for the at-sea demonstrations R4" in gap


def test_a_pool_without_facilities_says_so_once(fake_embedder, tmp_path: Path) -> None:
    """No table and no gap per requirement, one note naming the validation asks."""
    rows = REGISTRY.read_text(encoding="utf-8").replace(",facilities,", ",unused,", 1)
    assert ",unused," in rows
    bare = tmp_path / "bare.csv"
    bare.write_text(rows, encoding="utf-8")
    report = suggest(fake_embedder, tmp_path, bare)
    assert report.facilities == [] and report.facility_gaps == []
    (note,) = [n for n in report.notes if "lists facilities" in n]
    assert "R4" in note and "R5" in note
