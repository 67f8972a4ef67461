"""Sample (requirement, evidence) pairs for judging, and measure how levels agree.

    .venv/bin/python scripts/eval_levels.py sample [--topics 24] [--seed 17]
    .venv/bin/python scripts/eval_levels.py sample --seed 20261203 --held-out \
        --exclude tests/data/evidence_pairs/split.csv --out tests/data/evidence_pairs_fresh
    .venv/bin/python scripts/eval_levels.py sample --seed 20261205 --held-out --extra-best 2 \
        --exclude tests/data/evidence_pairs/split.csv \
        --exclude tests/data/evidence_pairs_fresh/split.csv --out tests/data/evidence_pairs_fresh2
    .venv/bin/python scripts/eval_levels.py eval --half build     # while designing
    .venv/bin/python scripts/eval_levels.py eval --half report    # once, at the end
    .venv/bin/python scripts/eval_levels.py eval --half all --pairs DIR  # another judged set

``sample`` writes ``pairs.csv`` (label column empty), ``scores.csv`` and
``split.csv``: topics are drawn from the bundled calls (the demo topic always among them)
and split by topic into build and report halves before any judging. For each sampled
requirement the pool's partners are ranked by their best passage similarity (the real
model, all-MiniLM-L6-v2) and the passages at several ranks are kept, so the set spans
the similarity range: the pool's best, a close runner-up, a middling and a weak one.
For the demo topic the evidence of its ``suggest`` report is added too. ``--exclude``
draws no topic of an earlier set's split.csv, so a fresh set shares no topic with one
already tuned on (give it once per earlier set); ``--held-out`` puts every topic in the report
half (a set nobody tunes on). ``--extra-best N`` also keeps, for every sampled requirement,
the best passage of each of the next N partners (picks ``best2``, ``best3``...): what the
report would quote for those partners' columns, so top-ranked pairs, where a level says
*covered*, are no longer one per requirement.

``eval`` recomputes the similarities (from the embedding cache), assigns each pair the
level the rule gives it and prints how often each level agrees with the judgement.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "evidence_pairs"
DEMO = "HORIZON-CL3-2025-01-DRS-04"
FIELDS = ["pair", "topic", "split", "req_id", "requirement", "partner_id", "partner",
          "source", "passage", "pick", "label", "note"]


def _setup():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from consortium.calls.folder import list_calls
    from consortium.embed.embedder import default_embedder
    from consortium.embed.pool_index import PoolIndex
    from consortium.partners.pool import load_partners
    from consortium.resources import bundled_dir, default_pool

    calls = {c.id: c for c in list_calls(bundled_dir("calls"))}
    partners = load_partners(default_pool())
    index = PoolIndex(partners, default_embedder(progress=False))
    return calls, partners, index


def _order(topic: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{topic}".encode()).hexdigest()


def excluded_topics(splits: list[str]) -> set[str]:
    """The topics of earlier sets (their split.csv files): a new set must not draw them,
    or it would not be held out from what was tuned on."""
    topics: set[str] = set()
    for path in splits:
        with open(path, encoding="utf-8") as fh:
            topics.update(row["topic"] for row in csv.DictReader(fh))
    return topics


def next_partners_best(order: list[int], holders: dict[int, list[int]],
                       n: int) -> list[tuple[int, int]]:
    """(passage, partner) for the best passage of each of the n partners ranked after
    the holders of the pool's best passage, partners ranked by their best passage.

    A passage is often held by several partners (one project text, all its partners), so
    the next partner's best is the first passage with a holder not seen yet, not simply
    the next passage."""
    seen = set(holders[order[0]])
    out: list[tuple[int, int]] = []
    for k in order[1:]:
        if len(out) == n:
            break
        new = [j for j in holders[k] if j not in seen]
        if new:
            out.append((k, new[0]))
            seen.update(holders[k])
    return out


def sample(n_topics: int, seed: int, demo_report: str | None, out: Path = OUT,
           exclude: list[str] | None = None, held_out: bool = False,
           extra_best: int = 0) -> None:
    calls, partners, index = _setup()
    for topic in excluded_topics(exclude or []):  # topics of earlier sets: never again
        calls.pop(topic, None)
    if len(calls) < n_topics:
        print(f"only {len(calls)} topics left after --exclude; drawing all of them")
    shown: dict[str, tuple[str, str]] = {}
    if demo_report:  # the evidence the demo's suggest report quotes, per requirement
        import json
        report = json.loads(Path(demo_report).read_text(encoding="utf-8"))
        shown = {q["id"]: (q["partner_id"], q["evidence"]) for q in report["requirements"]}
    rng = np.random.default_rng(seed)
    ids = sorted(calls, key=lambda t: _order(t, seed))
    first = [DEMO] if DEMO in calls else []
    chosen = [*first, *[t for t in ids if t != DEMO][: n_topics - len(first)]]
    # Split by topic before anything is judged: alternate over the shuffled order; the
    # demo topic goes to the report half (what the report must be believed on).
    split = {t: ("report" if k % 2 == 0 or held_out else "build")
             for k, t in enumerate(chosen)}
    rows: list[dict[str, str]] = []
    scores: list[tuple[float, float, int]] = []
    for topic in chosen:
        call = calls[topic]
        asks = [r for r in call.requirements if r.weight > 0]
        if topic == DEMO:
            picked = list(range(len(asks)))
        else:
            picked = sorted(rng.choice(len(asks), size=min(3, len(asks)), replace=False))
        vecs = index.embedder.embed([q.text for q in asks])
        sims = vecs @ index.vectors.T                     # asks x distinct passages
        owner = {int(k): int(i) for i, k in
                 reversed(list(zip(index.slot_partner, index.slot_passage)))}
        holders: dict[int, list[int]] = {}
        for i, k in zip(index.slot_partner, index.slot_passage):
            if int(i) not in holders.setdefault(int(k), []):
                holders[int(k)].append(int(i))
        by_id = {p.id: k for k, p in enumerate(partners)}
        text_no = {t: k for k, t in enumerate(index.passages)}
        for a in picked:
            req = asks[a]
            order = np.argsort(-sims[a], kind="stable")   # distinct passages, best first
            ranked = [("best", int(order[0])), ("second", int(order[1 + rng.integers(0, 3)])),
                      ("middle", int(order[5 + rng.integers(0, 25)])),
                      ("weak", int(order[60 + rng.integers(0, 400)]))]
            # Consumes no random numbers: a seed draws the same other picks with or without.
            extra = next_partners_best([int(k) for k in order], holders, extra_best)
            chosen_partner = {k: j for k, j in extra}
            ranked[1:1] = [(f"best{n}", k) for n, (k, _) in enumerate(extra, 2)]
            if topic == DEMO and req.id in shown and shown[req.id][1] in text_no:
                ranked.insert(0, ("report", text_no[shown[req.id][1]]))
            seen: set[int] = set()
            for pick, k in ranked:
                if k in seen:
                    continue
                seen.add(k)
                j = (by_id[shown[req.id][0]] if pick == "report"
                     else chosen_partner.get(k, owner[k]) if pick.startswith("best")
                     else owner[k])
                rows.append({"pair": "", "topic": topic, "split": split[topic],
                             "req_id": req.id, "requirement": req.text,
                             "partner_id": partners[j].id, "partner": partners[j].label,
                             "source": index.sources[k], "passage": index.passages[k],
                             "pick": pick, "label": "", "note": ""})
                scores.append((float(sims[a, k]), float(sims[a, order[0]]),
                               int(np.flatnonzero(order == k)[0]) + 1))
    for k, row in enumerate(rows, 1):
        row["pair"] = f"P{k:03d}"
    OUT = out
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "pairs.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    # Kept apart from pairs.csv so the judge reads the texts without the scores.
    with open(OUT / "scores.csv", "w", newline="", encoding="utf-8") as fh:
        fh.write("pair,similarity,pool_best,pool_rank\n" + "".join(
            f"{row['pair']},{sim:.4f},{top:.4f},{rank}\n"
            for row, (sim, top, rank) in zip(rows, scores)))
    with open(OUT / "split.csv", "w", newline="", encoding="utf-8") as fh:
        fh.write("topic,split\n" + "".join(f"{t},{split[t]}\n" for t in sorted(split)))
    print(f"{len(rows)} pairs from {len(chosen)} topics: "
          f"{dict(Counter(row['split'] for row in rows))}")


AGREES = {"covered": "relevant", "partial": "partial", "gap": "unrelated"}


def evaluate(half: str, pairs: Path = OUT) -> None:
    """Level every pair of ``half`` of the judged set in ``pairs`` with the one rule
    (``consortium.score.levels``) and print, per level, how often the judgement agrees,
    and the confusion table."""
    import html

    from consortium.embed.pool_index import Match, specific_top
    from consortium.score.coverage import ScoreWeights
    from consortium.score.levels import cell_levels, names

    _, _, index = _setup()
    with open(pairs / "pairs.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows = [r for r in rows if half == "all" or r["split"] == half]
    text_no = {t: k for k, t in enumerate(index.passages)}
    central = index.centrality()
    assert index.vectors is not None
    reqs = sorted({r["requirement"] for r in rows})
    vecs = dict(zip(reqs, index.embedder.embed(reqs)))
    weights = ScoreWeights()
    table: dict[str, Counter[str]] = {name: Counter() for name in AGREES}
    for row in rows:
        # A passage judged before the pool's text was unescaped ("R&amp;T") is the same.
        k = text_no.get(row["passage"], text_no.get(html.unescape(row["passage"]), -1))
        if k < 0:
            sys.exit(f"{pairs / 'pairs.csv'}: pair {row['pair']}: passage not in the pool; "
                     "sample the pairs from the pool the rule is measured on")
        sims = index.vectors @ vecs[row["requirement"]]
        top = specific_top((sims - central)[None, :])
        match = Match(S=np.array([[max(float(sims[k]), 0.0)]], np.float32),
                      evidence=np.array([[k]]), passages=index.passages,
                      sources=index.sources, centrality=central,
                      specific_best=top[:, 0], specific_top=top)
        level = names(cell_levels(match, [row["requirement"]], weights)[0])[0]
        table[level][row["label"]] += 1
    print(f"half: {half}, {len(rows)} pairs")
    for level, judged in AGREES.items():
        n = sum(table[level].values())
        k = table[level][judged]
        share = f"{k / n:.0%}" if n else "-"
        print(f"  {level:8} {n:4} pairs; judged {judged}: {k} ({share}); "
              f"all: {dict(table[level])}")
    relevant = sum(table[lv]["relevant"] for lv in AGREES)
    print(f"  relevant pairs levelled covered: {table['covered']['relevant']} of {relevant}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--topics", type=int, default=24)
    s.add_argument("--seed", type=int, default=17)
    s.add_argument("--demo-report", help="JSON report of `suggest` on the demo topic")
    s.add_argument("--out", type=Path, default=Path("."), help="folder for the CSVs")
    s.add_argument("--exclude", action="append", metavar="SPLIT_CSV",
                   help="split.csv of an earlier set: its topics are not drawn (repeatable)")
    s.add_argument("--extra-best", type=int, default=0, metavar="N",
                   help="also keep the best passage of the next N partners per requirement")
    s.add_argument("--held-out", action="store_true", help="every topic in the report half")
    e = sub.add_parser("eval")
    e.add_argument("--half", choices=("build", "report", "all"), default="build")
    e.add_argument("--pairs", type=Path, default=OUT,
                   help="folder of the judged pairs.csv (default tests/data/evidence_pairs)")
    args = parser.parse_args()
    if args.cmd == "sample":
        sample(args.topics, args.seed, args.demo_report, args.out, args.exclude,
               args.held_out, args.extra_best)
    else:
        evaluate(args.half, args.pairs)


if __name__ == "__main__":
    main()
