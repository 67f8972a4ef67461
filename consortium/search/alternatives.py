"""Alternative consortia: as good as possible, yet genuinely different from the best."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from consortium.errors import SearchError
from consortium.search.greedy import search
from consortium.search.problem import Problem, SearchConfig, penalised


def alternatives(p: Problem, best: list[int], count: int, include: Sequence[int] = (),
                 exclude: Sequence[int] = (), cfg: SearchConfig = SearchConfig(),
                 min_difference: int = 2) -> list[list[int]]:
    """Up to ``count`` more consortia, each differing from every other by at least
    ``min_difference`` members, best first.

    Each is searched with ``min_difference`` members of an earlier consortium excluded,
    trying the pairs whose loss costs least first, so the alternatives stay close to
    the best in quality while being genuinely different.
    """
    found = [best]
    tried: set[frozenset[int]] = set()
    fixed = set(include)
    while len(found) <= count:
        options: list[tuple[float, list[int]]] = []
        for base in found:
            free = [m for m in base if m not in fixed]
            value = penalised(p, base, cfg)
            pairs = sorted(combinations(free, min_difference), key=lambda out: value - penalised(
                p, [m for m in base if m not in out], cfg))
            for out in pairs:
                if frozenset(out) in tried:
                    continue
                tried.add(frozenset(out))
                try:
                    members = search(p, include, [*exclude, *out], cfg)
                except SearchError:
                    continue
                if all(len(set(members) - set(f)) >= min_difference for f in found):
                    options.append((penalised(p, members, cfg), members))
                if len(options) >= 3:
                    break
            if len(options) >= 3:
                break
        if not options:
            break
        options.sort(key=lambda item: -item[0])
        found.append(options[0][1])
    return sorted(found[1:], key=lambda members: -penalised(p, members, cfg))
