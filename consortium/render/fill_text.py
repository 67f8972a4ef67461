"""The terminal view of a gap-filling ranking: candidates, what each improves, and the
best fits for every unmet topic condition."""

from __future__ import annotations

from typing import Any


def _candidate(c: Any, extra: str) -> str:
    return (f"{c.rank:2d}. weak +{c.gain:.4f}, all +{c.gain_all:.4f} {c.label} "
            f"({c.id}, {c.country} {c.org_type}{extra})")


def fill_summary(report: Any) -> str:
    lines = [f"{report.call_id}: consortium of {len(report.consortium)}, coverage "
             f"{report.coverage:.3f}; below 'covered': {', '.join(report.weak) or 'none'}"]
    for c in report.candidates:
        helps = f"; counts for {', '.join(c.conditions)}" if c.conditions else ""
        lines.append(_candidate(c, "") + helps)
        if c.why or c.fit:
            lines.append(f"    track record (learned fit {c.fit:.2f}): "
                         f"{'; '.join(c.why) or 'none on record'}")
        lines += [f"    {imp.requirement} {imp.before:.2f}→{imp.after:.2f} "
                  f"({imp.evidence_source}): {imp.evidence[:120]}" for imp in c.improves[:3]]
    for condition, fits in report.for_conditions.items():
        lines.append(f"Unmet condition {condition}: best partners that would count for it")
        lines += [_candidate(c, f", {c.practitioner}") for c in fits[:5]]
    return "\n".join(lines)
