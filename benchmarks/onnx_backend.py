"""ONNX Runtime (fp32 and int8) against torch for the shipped model: speed and agreement.

Run with a Python that has ``sentence-transformers[onnx]`` (the project's own venv does
not need it): ``/tmp/onnxvenv/bin/python benchmarks/onnx_backend.py --pool pool.db``. Prints
passages/s of each backend on the same texts (interleaved repeats, min kept), the cosine
between each backend's vectors and torch's, and how many of the top-50 partners of a few
development topics stay the same. The ONNX files are exported locally from the shipped
weights into ``--onnx-dir``; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def _sample(pool: str | None, n_projects: int, seed: int) -> tuple[list[str], list[list[int]]]:
    """Passages of a random sample of projects, and for each partner touching them the
    indices of its passages: a smaller pool whose ranking still depends on every vector."""
    from consortium.partners.model import project_passages
    from consortium.partners.pool import load_partners
    from consortium.resources import default_pool

    partners = load_partners(pool or default_pool())
    projects = sorted({p.id: p for q in partners for p in q.projects}.values(),
                      key=lambda p: p.id)
    chosen = {p.id for p in random.Random(seed).sample(projects, min(n_projects,
                                                                     len(projects)))}
    index: dict[str, int] = {}
    owned: list[list[int]] = []
    for partner in partners:
        mine = [index.setdefault(text, len(index)) for project in partner.projects
                if project.id in chosen for text, _ in project_passages(project)]
        if mine:
            owned.append(sorted(set(mine)))
    return list(index), owned


def _topics(ids: list[str]) -> list[tuple[str, list[str], np.ndarray]]:
    from consortium.calls.formats import read_topics

    result = read_topics([DATA / "topics" / "topic_texts.csv.gz"], only=tuple(ids))
    found = {c.id: c for c in result.calls}
    return [(i, [r.text for r in found[i].requirements],
             np.array([r.weight for r in found[i].requirements], dtype=np.float32))
            for i in ids if i in found and found[i].requirements]


def _ranking(req: np.ndarray, weights: np.ndarray, passages: np.ndarray,
             owned: list[list[int]], k: int = 50) -> set[int]:
    """Top-k partners by weighted mean over requirements of their best passage."""
    sims = req @ passages.T
    scores = np.array([float(np.clip(sims[:, o].max(axis=1), 0, None) @ weights)
                       for o in owned])
    return set(np.argsort(-scores, kind="stable")[:k].tolist())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", help="registry (.db/.csv); default: the bundled pool")
    parser.add_argument("--n", type=int, default=512, help="passages timed per backend")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--projects", type=int, default=1500,
                        help="projects sampled for the ranking comparison")
    parser.add_argument("--topics", type=int, default=4, help="dev topics compared")
    parser.add_argument("--onnx-dir", default="/tmp/consortium-onnx")
    args = parser.parse_args()

    import torch

    from consortium.embed.embedder import BACKENDS, SentenceTransformerEmbedder

    passages, owned = _sample(args.pool, args.projects, seed=0)
    timed = sorted(passages, key=len)[:: max(1, len(passages) // args.n)][: args.n]
    models = {b: SentenceTransformerEmbedder(backend=b, onnx_dir=Path(args.onnx_dir))
              for b in BACKENDS}
    for model in models.values():
        model.encode(["warm up"] * 8)  # exports the ONNX files on the first run
    seconds: dict[str, list[float]] = {b: [] for b in BACKENDS}
    for _ in range(args.repeats):
        for backend, model in models.items():
            start = time.perf_counter()
            model.encode(timed)
            seconds[backend].append(time.perf_counter() - start)
    dev = (DATA / "splits" / "he_dev_topics.txt").read_text().split()
    topics = _topics(dev[:: max(1, len(dev) // args.topics)][: args.topics])
    vectors = {b: m.encode(passages) for b, m in models.items()}
    print(f"# ONNX benchmark, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
          f"{os.cpu_count()} cores (shared with other jobs), torch {torch.__version__} "
          f"({torch.get_num_threads()} threads)")
    print(f"timed: {len(timed)} passages, min of {args.repeats} interleaved repeats; "
          f"agreement: {len(passages)} passages of {args.projects} sampled projects, "
          f"{len(owned)} partners, {len(topics)} dev topics")
    print("| backend | seconds | passages/s | speed-up | cosine to torch mean / min "
          "| top-50 overlap mean / min |")
    print("|---|---|---|---|---|---|")
    base = min(seconds["torch"])
    for backend in BACKENDS:
        s = min(seconds[backend])
        cos = np.sum(vectors[backend] * vectors["torch"], axis=1)
        overlaps = []
        for _, reqs, weights in topics:
            ref = _ranking(models["torch"].encode(reqs), weights, vectors["torch"], owned)
            got = _ranking(models[backend].encode(reqs), weights, vectors[backend], owned)
            overlaps.append(len(ref & got) / max(1, len(ref)))
        print(f"| {backend} | {s:.2f} | {len(timed) / s:.1f} | {base / s:.2f}x "
              f"| {cos.mean():.4f} / {cos.min():.4f} "
              f"| {np.mean(overlaps):.2f} / {min(overlaps):.2f} |")


if __name__ == "__main__":
    main()
