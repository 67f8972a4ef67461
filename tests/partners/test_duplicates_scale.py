"""Near duplicates in a country too large for all pairs: the sorted-neighbourhood check
finds the twins the all-pairs check finds, and neither builds a whole score matrix."""

from __future__ import annotations

import random

import consortium.partners.duplicates as dup
from consortium.partners.model import Partner

WORDS = ["centre", "research", "security", "institute", "maritime", "applied", "systems",
         "digital", "forensic", "national", "technology", "analysis", "border", "urban"]


def names(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = {" ".join(rng.sample(WORDS, 4)) + f" {rng.randrange(10**6)}" for _ in range(n)}
    return sorted(out)


def twins(base: list[str]) -> list[str]:
    """Misspellings of three names: early in the name, in its middle, near its end."""
    def respell(name: str, word: int, change) -> str:  # type: ignore[no-untyped-def]
        words = name.split()
        words[word] = change(words[word])
        return " ".join(words)

    return [respell(base[3], 0, lambda w: "q" + w[1:]),        # first letter wrong
            respell(base[10], 1, lambda w: w[:2] + w[2] + w[2:]),  # a letter doubled
            respell(base[20], 3, lambda w: w[:-2] + w[-1])]     # a letter dropped


def pairs(partners: list[Partner]) -> set[tuple[str, str]]:
    return {tuple(sorted((d.first.name, d.second.name))) for d in dup.near_duplicates(
        partners, threshold=90)}  # type: ignore[misc]


def test_the_neighbourhood_check_finds_what_all_pairs_find(monkeypatch) -> None:
    base = names(400)
    pool = [Partner(str(i), name, "", "DE", "REC", None, "")
            for i, name in enumerate(base + twins(base))]
    exact = pairs(pool)
    assert len(exact) >= 3                       # the planted twins at least
    monkeypatch.setattr(dup, "ALL_PAIRS_LIMIT", 50)
    monkeypatch.setattr(dup, "CHUNK", 7)
    assert pairs(pool) == exact


def test_the_all_pairs_check_reads_the_matrix_in_chunks(monkeypatch) -> None:
    base = names(60)
    pool = [Partner(str(i), name, "", "DE", "REC", None, "")
            for i, name in enumerate(base + twins(base))]
    whole = pairs(pool)
    monkeypatch.setattr(dup, "CHUNK", 7)          # 9 chunks, the last one short
    assert pairs(pool) == whole and len(whole) >= 3
