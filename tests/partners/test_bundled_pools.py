"""Every bundled pool obeys the SME rule: no university, RTO or public body is an SME.

The rule is applied where the pools are built (``scripts/build_pool.py``), not when they
are loaded, because a user's registry may say what it says; so this test reads the
bundled files themselves, every ``partners.csv`` under the bundled ``partners`` folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consortium.partners.pool import load_partners
from consortium.partners.sme import NEVER_SME, NEVER_SME_TYPES
from consortium.resources import bundled_dir

POOLS = sorted(bundled_dir("partners").glob("*/partners.csv"))


def test_every_bundled_pool_is_found() -> None:
    assert {p.parent.name for p in POOLS} >= {"cordis-security", "clusters"}


@pytest.mark.parametrize("path", POOLS, ids=lambda p: p.parent.name)
def test_no_university_rto_or_public_body_is_sme(path: Path) -> None:
    pool = load_partners(path)
    wrong = [f"{p.id} {p.name} ({p.org_type}, {p.kind})" for p in pool
             if p.sme and (p.org_type in NEVER_SME_TYPES or p.kind in NEVER_SME)]
    assert wrong == []
    assert any(p.sme for p in pool)  # the flag is still there for companies
