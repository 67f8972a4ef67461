"""Topic ids named inside a topic text: the earlier or parallel topics it builds on.

A sentence such as "proposals should build on ... projects from topic HORIZON-CL3-2021-BM-01-
01" asks for links to named projects, which no partner capability covers, so the sentence
is not scored; the ids themselves are kept on the Call (``Call.predecessors``) because a
consortium with partners from those projects has a real argument to make. The lossy
exports split ids at hyphens ("HORIZON-CL3- 2023-BM-01-04", "HORIZON-CL3-2021-BM-01- 01"),
so white space around hyphens is allowed and removed (``similarity.topic_key``).
"""

from __future__ import annotations

import re

from consortium.calls.similarity import topic_key

_SEP = r"\s?-\s?"
# HORIZON-CL3-2023-BM-01-04, HORIZON-CL3-2025-01-FCT-01, HORIZON-MISS-2023-SOIL-01-02,
# HORIZON-CL3-2026-02-CS-ECCC-01; H2020 ids: SU-BES02-2018-2019-2020, SU-DRS01-2018.
_HORIZON = re.compile(r"\bHORIZON" + _SEP + r"[A-Z][A-Z0-9]*" + _SEP + r"20\d\d"
                      r"(?:" + _SEP + r"(?:\d{2}|[A-Z][A-Z0-9]*)){3,}(?<=\d)")
_H2020 = re.compile(r"\b(?:SU|SEC|DRS|FCT|BES|INFRA|DS)" + _SEP + r"[A-Z]{2,5}\d{2}"
                    r"(?:" + _SEP + r"20\d\d)+\b")


def topic_ids_in(text: str) -> list[str]:
    """The topic ids a text names, normalised, once each, in order of first mention."""
    found: list[str] = []
    for match in sorted([*_HORIZON.finditer(text), *_H2020.finditer(text)],
                        key=lambda m: m.start()):
        key = topic_key(match.group(0))
        if key not in found:
            found.append(key)
    return found
