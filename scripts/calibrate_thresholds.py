"""Choose the covered/partial similarity thresholds on the development split only.

What a level should mean: a requirement is *covered* when its best similarity is at a
level typical of the real funded consortium of a project rather than of a random team
of the same size, and a *gap* when it is below what even real consortia usually reach.

For each H2020 Secure Societies project whose topic is in the dev split
(``splits/h2020_security_dev_topics.txt``), its objective's sentences stand in for
requirements; the real consortium is its participants; their profiles are the bundled
pool's passages with the project's own passages removed (no leakage). The best
similarity per sentence is collected for the real consortium and for random consortia
of the same size. Then

- covered = the threshold that best separates real from random (Youden's J),
- partial = the 10th percentile of the real consortia's values.

    .venv/bin/python scripts/calibrate_thresholds.py [--data ../shared/data] [--random 20]

Held-out topics are never read.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from consortium.embed.embedder import default_embedder
from consortium.embed.pool_index import partner_similarity
from consortium.partners.pool import load_partners
from consortium.resources import default_pool
from consortium.text import split_sentences


def youden(real: np.ndarray, rand: np.ndarray) -> tuple[float, float]:
    """The threshold maximising TPR - FPR between the two samples, and J there."""
    grid = np.unique(np.concatenate([real, rand]))
    tpr = (real[None, :] >= grid[:, None]).mean(axis=1)
    fpr = (rand[None, :] >= grid[:, None]).mean(axis=1)
    j = tpr - fpr
    k = int(j.argmax())
    return float(grid[k]), float(j[k])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared"
                                              / "data"))
    parser.add_argument("--random", type=int, default=20, help="random teams per project")
    parser.add_argument("--max-sentences", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    dev = set((Path(args.data) / "splits" / "h2020_security_dev_topics.txt").read_text()
              .split())
    partners = load_partners(default_pool())
    projects = {pr.id: pr for p in partners for pr in p.projects}
    chosen = sorted(pid for pid, pr in projects.items()
                    if pr.programme == "H2020" and set(pr.topic.replace(";", " ").split()) & dev)
    print(f"dev topics: {len(dev)}; their H2020 projects in the pool: {len(chosen)}")

    texts: dict[str, int] = {}
    slot_partner, slot_passage, slot_project = [], [], []
    for i, p in enumerate(partners):
        project_of = {pr.citation: pr.id for pr in p.projects}
        for text, source in p.sourced_passages():
            slot_partner.append(i)
            slot_passage.append(texts.setdefault(text, len(texts)))
            slot_project.append(project_of.get(source, ""))
    embedder = default_embedder()
    start = time.perf_counter()
    passage_vecs = embedder.embed(list(texts))
    rng = np.random.default_rng(args.seed)
    real_all, rand_all = [], []
    slot_partner_a, slot_passage_a = np.array(slot_partner), np.array(slot_passage)
    slot_project_a = np.array(slot_project)
    for pid in chosen:
        pr = projects[pid]
        sentences = [s for s in split_sentences(pr.objective) if len(s.split()) >= 6]
        sentences = sentences[: args.max_sentences]
        team = [i for i, p in enumerate(partners) if any(x.id == pid for x in p.projects)]
        if len(sentences) < 3 or len(team) < 3:
            continue
        keep = slot_project_a != pid           # the project's own text is not evidence
        owners = np.unique(slot_partner_a[keep])
        index = {int(o): k for k, o in enumerate(owners)}
        S, _ = partner_similarity(embedder.embed(sentences), passage_vecs,
                                  np.array([index[int(o)] for o in slot_partner_a[keep]]),
                                  slot_passage_a[keep], owners.size)
        members = [index[i] for i in team if i in index]
        if len(members) < 3:
            continue
        real_all.append(S[:, members].max(axis=1))
        for _ in range(args.random):
            pick = rng.choice(owners.size, size=len(members), replace=False)
            rand_all.append(S[:, pick].max(axis=1))
    real, rand = np.concatenate(real_all), np.concatenate(rand_all)
    covered, j = youden(real, rand)
    partial = float(np.percentile(real, 10))
    print(f"projects used: {len(real_all)}; sentences: {real.size}; "
          f"embedding took {time.perf_counter() - start:.0f} s "
          f"({embedder.stats.embedded} new texts)")
    print(f"real consortia: median {np.median(real):.3f}, p10 {partial:.3f}, "
          f"p90 {np.percentile(real, 90):.3f}")
    print(f"random teams:   median {np.median(rand):.3f}, p10 {np.percentile(rand, 10):.3f}, "
          f"p90 {np.percentile(rand, 90):.3f}")
    print(f"covered threshold (Youden J = {j:.3f}): {covered:.3f}")
    print(f"partial threshold (real p10): {partial:.3f}")
    print(f"share of real sentences covered: {(real >= covered).mean():.2f}, "
          f"random: {(rand >= covered).mean():.2f}")


if __name__ == "__main__":
    main()
