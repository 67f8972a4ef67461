"""A call text and a file writer the call tests share (``tests`` is on the path)."""

from __future__ import annotations

from pathlib import Path

MARKDOWN_CALL = """\
---
id: HORIZON-CL3-2099-01-XYZ-01
title: Better sensors for border checks
call: HORIZON-CL3-2099-01
type_of_action: RIA
deadline: 2099-11-12
budget: 3000000
---
# A heading title that front matter overrides

## Expected Outcome

Project results are expected to contribute to some or all of the following outcomes:

- Validated sensors that detect concealed goods in cargo containers
- Shared training curricula for border guards on the new sensors
* Evidence-based support to policy-makers on customs regulation

## Scope

Proposals should build on previous EU-funded research on cargo screening. They should
involve at least two border authorities as end users of the developed tools.
"""

# The portal export squashes bullets into "...outcomes: A; B; C." in one paragraph.

def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- parsing ---------------------------------------------------------------------------------
