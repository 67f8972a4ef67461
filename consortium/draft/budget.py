"""Budget guidance: how the EC contribution was shared in funded projects, and a draft
split for the proposed consortium that the writer is to edit.

The figures come from ``consortium/data/budget_shares.json``, computed from the CORDIS
files by ``scripts/budget_shares.py`` (pandas). The stratum is the closest one to the
topic: funded projects of its type of action (H2020 Secure Societies, the CORDIS files
that record it), else those under its topic family (``HORIZON-CL3``), else all of
Horizon Europe. The draft split gives each partner the median share of a beneficiary of
its organisation type (the coordinator's median share for the coordinator) and scales
the shares to 100 %: guidance, never a budget.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from consortium.draft.model import Budget, ShareRow

DATA = Path(__file__).resolve().parents[1] / "data" / "budget_shares.json"
GROUPS = {"role": "Role", "type": "Organisation type", "sme": "SME"}
ORDER = ("role:coordinator", "role:participant", "type:HES", "type:REC", "type:PRC",
         "type:PUB", "type:OTH", "sme:yes", "sme:no")


@lru_cache(maxsize=1)
def shares_file() -> dict[str, Any]:
    return dict(json.loads(DATA.read_text(encoding="utf-8")))


def stratum_key(call_id: str, action_type: str, strata: Sequence[str]) -> str:
    """The closest stratum the data has for the topic."""
    action = action_type.strip().upper()
    family = "-".join(call_id.split("-")[:2])
    for key in (f"H2020-SEC:{action}", f"HE:{family}", "HE"):
        if key in strata:
            return key
    return "HE"


def share_rows(stratum: dict[str, Any]) -> list[ShareRow]:
    rows = []
    for key in ORDER:
        if key in stratum["shares"]:
            s = stratum["shares"][key]
            group, name = key.split(":", 1)
            rows.append(ShareRow(GROUPS[group], name, s["median"], s["q1"], s["q3"], s["n"]))
    return rows


def draft_split(stratum: dict[str, Any], members: Sequence[tuple[str, str, str]]
                ) -> list[tuple[str, float]]:
    """(label, per cent) for members given as (label, role, org type)."""
    shares = stratum["shares"]
    fallback = shares.get("role:participant", {"median": 1.0})["median"]
    raw = []
    for label, role, kind in members:
        key = "role:coordinator" if role == "coordinator" else f"type:{kind}"
        raw.append((label, float(shares.get(key, {"median": fallback})["median"])))
    total = sum(v for _, v in raw) or 1.0
    return [(label, round(100 * v / total, 1)) for label, v in raw]


def budget_guidance(call_id: str, action_type: str, budget: int | None,
                    members: Sequence[tuple[str, str, str]]) -> Budget:
    data = shares_file()
    key = stratum_key(call_id, action_type, list(data["strata"]))
    stratum = data["strata"][key]
    return Budget(basis=stratum["basis"], projects=stratum["projects"],
                  median_project_ec=stratum["median_project_ec"], rows=share_rows(stratum),
                  split=draft_split(stratum, members), budget=budget,
                  attribution=data["attribution"])
