"""Embedding throughput: the tool's cached embedder against SentenceTransformer.encode.

Prints passages/s for direct encode, for the tool on a cold cache, the ratio of the two
(target <= 1.05), and the warm run (target: 0 texts embedded). Texts are distinct
passages of the bundled pool, so the numbers are those of a real first run.

    .venv/bin/python benchmarks/embed.py [--n 512] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=512, help="number of passages")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    import torch

    from consortium.embed.embedder import (
        CachedEmbedder,
        EmbeddingCache,
        SentenceTransformerEmbedder,
    )
    from consortium.partners.pool import load_partners
    from consortium.resources import default_pool

    partners = load_partners(default_pool())
    texts = list(dict.fromkeys(t for p in partners for t in p.passages()))[: args.n]
    words = sum(len(t.split()) for t in texts) / len(texts)
    model = SentenceTransformerEmbedder()
    st = model._load()
    st.encode(["warm up"] * 8)

    direct, tool, warm = [], [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        st.encode(texts, batch_size=model.batch_size, normalize_embeddings=True,
                  convert_to_numpy=True, show_progress_bar=False)
        direct.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as tmp:
            cache = EmbeddingCache(Path(tmp) / "e.sqlite3")
            start = time.perf_counter()
            CachedEmbedder(model, cache).embed(texts)
            tool.append(time.perf_counter() - start)
            again = CachedEmbedder(model, cache)
            start = time.perf_counter()
            again.embed(texts)
            warm.append(time.perf_counter() - start)
            assert again.stats.embedded == 0
    d, t, w = min(direct), min(tool), min(warm)
    print(f"# embedding benchmark, {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
          f"{os.cpu_count()} cores (shared with other jobs), torch {torch.__version__} "
          f"({torch.get_num_threads()} threads); min of {args.repeats} interleaved repeats")
    print(f"passages: {len(texts)} (mean {words:.0f} words), model {model.model_id}")
    print("| run | seconds | passages/s |")
    print("|---|---|---|")
    print(f"| SentenceTransformer.encode | {d:.2f} | {len(texts) / d:.1f} |")
    print(f"| consortium, cold cache | {t:.2f} | {len(texts) / t:.1f} |")
    print(f"| consortium, warm cache (0 embedded) | {w:.3f} | {len(texts) / w:.0f} |")
    print(f"ratio tool/direct: {t / d:.3f} (target <= 1.05)")


if __name__ == "__main__":
    main()
