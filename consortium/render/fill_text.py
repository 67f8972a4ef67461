"""The terminal view of a gap-filling ranking: what the numbers mean, the candidates,
the evidence behind each, and the best fits for every unmet topic condition."""

from __future__ import annotations

from typing import Any

from consortium.partners.orgtypes import PROSE_LABELS

LEGEND = ("Ranked by the weighted coverage a candidate adds on the requirements the "
          "consortium does not yet cover (\"on weak\") plus 0.05 times its learned fit "
          "given the consortium (0-1: its track record, and who in it it has worked "
          "with), ties broken by what it adds over all requirements (\"on all\"); under "
          "each, its track record, the requirements it raises (the consortium's best "
          "similarity → with it) and the passage that earns it.")


def _candidate(c: Any, extra: str) -> str:
    kind = PROSE_LABELS.get(c.org_type, c.org_type)
    return (f"{c.rank:2d}. {c.label} ({c.id}, {c.country}, {kind}{extra}): adds "
            f"{c.gain:.4f} on weak, {c.gain_all:.4f} on all")


def _evidence(c: Any) -> list[str]:
    lines = []
    for imp in c.improves[:3]:
        change = (f"{imp.before:.2f}→{imp.after:.2f}" if imp.after > imp.before
                  else f"{imp.after:.2f}, no higher than the consortium's {imp.before:.2f}")
        lines.append(f"    {imp.requirement} {change}; evidence ({imp.evidence_source}): "
                     f"{imp.evidence[:120]}")
    return lines


def fill_summary(report: Any) -> str:
    lines = [f"{report.call_id}: consortium of {len(report.consortium)}, coverage "
             f"{report.coverage:.3f}; below 'covered': {', '.join(report.weak) or 'none'}",
             LEGEND]
    for c in report.candidates:
        helps = f"; counts for {', '.join(c.conditions)}" if c.conditions else ""
        lines.append(_candidate(c, "") + helps)
        if c.why or c.fit:
            lines.append(f"    track record (learned fit {c.fit:.2f}): "
                         f"{'; '.join(c.why) or 'none on record'}")
        lines += _evidence(c)
    for condition, fits in report.for_conditions.items():
        lines.append(f"Unmet condition {condition}: best partners that would count for it")
        for c in fits[:5]:
            lines += [_candidate(c, f", {c.practitioner}"), *_evidence(c)[:1]]
    return "\n".join(lines)
