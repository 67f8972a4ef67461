"""The draft from a consortium report's data, the members' records and the requirement
vectors (the report's stage calls it; nothing here reads files but the budget figures)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from consortium.draft.budget import budget_guidance
from consortium.draft.capacity import capacity, commitments, participants, prose_name
from consortium.draft.model import Capacity, Draft, Participant, WorkPackage
from consortium.draft.terms import key_terms
from consortium.draft.workpackages import Topic, participation, work_packages
from consortium.partners.countries import country_name
from consortium.partners.model import Partner
from consortium.partners.orgtypes import PROSE_LABELS
from consortium.text import count


def build_draft(r: dict[str, Any], partners: Sequence[Partner], vectors: np.ndarray,
                budget: int | None = None) -> Draft:
    """``r``: the report as data (members in Part A order, ``partners`` alike);
    ``vectors``: one unit row per requirement, in the report's order."""
    reqs, members = r["requirements"], r["members"]
    n = len(members)
    topic = Topic(ids=[q["id"] for q in reqs], texts=[q["text"] for q in reqs],
                  weights=np.array([q["weight"] for q in reqs], dtype=np.float32),
                  vectors=np.asarray(vectors, dtype=np.float32).reshape(len(reqs), -1),
                  scores=np.array([q["scores"] for q in reqs], dtype=np.float32
                                  ).reshape(len(reqs), n),
                  reached=np.array([[lv != "gap" for lv in q["levels"]] for q in reqs],
                                   dtype=bool).reshape(len(reqs), n))
    areas = {rid: ", ".join(terms[:2])
             for rid, terms in zip(topic.ids, key_terms(topic.texts))}
    rows = participants(members, partners)
    caps = [capacity(m, p, prose_name(p, row.short_name), areas,
                     [rid for rid, hit in zip(topic.ids, topic.reached[:, k]) if hit])
            for k, (m, p, row) in enumerate(zip(members, partners, rows))]
    coordinator = next((k for k, m in enumerate(members) if m["role"] == "coordinator"), 0)
    prefers = [p.org_type == "PRC" or bool(p.sme) or bool(p.practitioner
                                                          and p.practitioner != "none")
               for p in partners]
    packages = (work_packages(topic, [row.short_name for row in rows], coordinator, prefers)
                if n else [])
    guidance = budget_guidance(r["call_id"], r.get("action_type") or "", budget,
                               [(row.short_name, m["role"], row.org_type)
                                for row, m in zip(rows, members)]) if n else None
    return Draft(cordis=from_cordis(r, partners), participants=rows, capacity=caps,
                 whole=whole(r, rows, caps, packages),
                 tasks=tasks(r, rows, caps, areas), work_packages=packages,
                 participation=participation(topic, packages, n), budget=guidance,
                 commitments=commitments(rows, partners))


def from_cordis(r: dict[str, Any], partners: Sequence[Partner]) -> bool:
    """Whether the partners' records come from CORDIS (the bundled pools, or a registry
    imported from CORDIS files), so CORDIS is attributed only when its data is shown."""
    return str(r.get("pool", "")).startswith("cordis") or any(
        "cordis" in s.file.lower() for p in partners for s in p.sources)


def whole(r: dict[str, Any], rows: Sequence[Participant], caps: Sequence[Capacity],
          packages: Sequence[WorkPackage]) -> dict[str, Any]:
    """The facts "The consortium as a whole" states, counted and worded once here."""
    d = r["diversity"]
    by_id = {q["id"]: q for q in r["requirements"]}
    coverage = []
    for wp in packages:
        if wp.kind == "technical":
            levels = [by_id[rid]["level"] for rid in wp.requirements]
            coverage.append({"wp": wp.no, "title": wp.title,
                             "covered": levels.count("covered"),
                             "partial": levels.count("partial"), "gap": levels.count("gap")})
    types = [count(k, PROSE_LABELS.get(t, t)) for t, k in d["type_counts"].items()]
    # Categories are named as groups ("police", "first responders"): no plural to add.
    practitioners = [f"{c} ({k})" for c, k in d.get("practitioners", {}).items()]
    return {"members": count(len(rows), "organisation"),
            "countries": count(d["n_countries"], "country"),
            "country_names": [country_name(c) or c for c in d["countries"]],
            "types": types, "groups": list(d["groups"]),
            "smes": count(d["n_sme"], "SME"), "n_sme": d["n_sme"],
            "practitioners": practitioners,
            "widening": count(d.get("n_widening_members", 0), "partner"),
            "n_widening": d.get("n_widening_members", 0),
            "n_leaders": sum(1 for c in caps if c.leads), "n_members": len(rows),
            "coverage": coverage,
            "covered": sum(1 for q in r["requirements"] if q["level"] == "covered"),
            "partial": sum(1 for q in r["requirements"] if q["level"] == "partial"),
            "requirements": count(len(r["requirements"]), "requirement")}


def tasks(r: dict[str, Any], rows: Sequence[Participant], caps: Sequence[Capacity],
          areas: dict[str, str]) -> list[str]:
    """What the data cannot settle, as tasks for the writer."""
    by_id = {q["id"]: q for q in r["requirements"]}
    out = []
    for rid in r["gaps"]:
        out.append(f"Cover {rid} ({areas.get(rid) or by_id[rid]['text'][:60]}): no partner "
                   f"reaches it (best similarity {by_id[rid]['score']:.2f}); add a partner "
                   "or a subcontractor, or narrow the scope.")
    for rid in r.get("single_points", []):
        out.append(f"Back up {rid} ({areas.get(rid) or rid}): only {by_id[rid]['partner']} "
                   "reaches it; name a second partner who can.")
    for row, cap in zip(rows, caps):
        if not cap.leads:
            out.append(f"Say what {cap.short_name} brings (end users, validation sites, "
                       "exploitation): it leads no requirement.")
        if row.sme == "unknown":
            out.append(f"Confirm whether {cap.short_name} is an SME (the registry does not "
                       "say).")
        if not row.pic:
            out.append(f"Ask {cap.short_name} for its PIC.")
    return out
