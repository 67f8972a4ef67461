"""Rebuild consortium/embed/data/e5_means.npy: e5's mean query and passage directions.

    python scripts/multilingual_means.py

``--model multilingual`` takes these off every vector before normalising
(``consortium.embed.multilingual``). They are computed from bundled text that no
evaluation set uses: 400 requirement sentences of the bundled calls and 400 passages of
the bundled CORDIS pool, drawn with a fixed seed. After rebuilding, bump ``CENTRING``
there so that vectors centred on the old means are never mixed with new ones.
"""

from __future__ import annotations

import random

import numpy as np

from consortium.calls.folder import find_call
from consortium.embed.multilingual import MEANS, E5SmallEmbedder
from consortium.embed.pool_index import cut_passages
from consortium.partners.pool import load_partners
from consortium.resources import bundled_dir, default_pool

SAMPLE = 400


def main() -> None:
    rng = random.Random(0)
    requirements = [r.text for path in sorted(bundled_dir("calls").glob("*.md"))
                    for r in find_call(str(path)).requirements]
    passages = cut_passages(load_partners(default_pool())).texts
    raw = E5SmallEmbedder(centre=False)
    queries = raw.encode_queries(rng.sample(requirements, SAMPLE))
    texts = raw.encode(rng.sample(passages, SAMPLE))
    MEANS.parent.mkdir(parents=True, exist_ok=True)
    np.save(MEANS, np.stack([queries.mean(axis=0), texts.mean(axis=0)]).astype(np.float32),
            allow_pickle=False)
    print(f"wrote {MEANS} from {len(requirements)} requirements and {len(passages)} "
          f"passages ({SAMPLE} of each)")


if __name__ == "__main__":
    main()
