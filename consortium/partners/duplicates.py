"""Near-duplicate organisations: the same body under two ids or two spellings.

CORDIS gives some organisations a new id over the years, and members' spreadsheets
spell names their own way, so "FRAUNHOFER GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN
FORSCHUNG E.V." and "Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung eV"
end up as two partners. Merging them on a similarity score would sometimes merge two
real organisations ("Ministry of Interior" exists in many countries; "University of
Patras" is not "University of Padua"), so pairs are only reported for a person to decide.

Names are compared within one country (different countries are different legal
entities) after folding case, accents, script (Greek and Cyrillic are transliterated),
punctuation and legal forms (GmbH, S.p.A., Ltd). ``identity_key`` is that folded name
with the country: two ids with one key (VTT twice) are almost surely one legal entity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anyascii import anyascii

from consortium.partners.model import Partner

if TYPE_CHECKING:
    from consortium.partners.store import Registry

THRESHOLD = 93        # rapidfuzz ratio on folded names; 90 already pairs Patras with Padua
WORDS_THRESHOLD = 85  # ratio of the words that differ (see _same_words)
# All pairs within a country up to this many distinct names (the largest country of the
# 23,270 Horizon Europe organisations has fewer), or up to this squared of new names
# times stored ones; beyond it, 30,000 names of one country would be 900 million
# comparisons and a 900 MB score matrix, so each name is compared
# with its neighbours in three sort orders instead (the sorted-neighbourhood method of
# record linkage): a typo late in a name keeps it beside its twin in name order, one
# early in it in reversed order, a word moved in sorted-words order.
ALL_PAIRS_LIMIT = 8_000
WINDOW = 40
CHUNK = 1_000         # rows of the score matrix at a time (1,000 x 8,000 bytes)

_LEGAL_FORMS = {
    "gmbh", "ag", "ev", "kg", "mbh", "ggmbh", "sa", "sas", "sarl", "sl", "slu", "srl", "spa",
    "scarl", "bv", "nv", "vzw", "asbl", "ltd", "limited", "plc", "llp", "inc", "corp", "oy",
    "oyj", "ab", "as", "asa", "aps", "sro", "spzoo", "zoo", "kft", "zrt", "doo", "ad", "ee",
    "ike", "ae", "co", "company", "the", "and", "und", "et", "y",
}


@dataclass(frozen=True)
class NearDuplicate:
    """Two partners that may be one organisation, and how alike their names are."""

    first: Partner
    second: Partner
    score: float

    def line(self) -> str:
        a, b = self.first, self.second
        return (f"{a.id} '{a.name}' ~ {b.id} '{b.name}' ({a.country}, similarity "
                f"{self.score:.0f})")


_INITIAL_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold_name(name: str) -> str:
    """Case, accents, script, punctuation and legal forms away."""
    text = anyascii(name).lower()
    if "." in text:
        text = _INITIAL_DOT.sub("", text)  # e.V. -> ev, S.p.A. -> spa
    words = _NOT_ALNUM.split(text)
    words = [w for w in words if w]
    kept = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(kept or words)


def identity_key(name: str, country: str) -> str:
    """The key of a legal entity: folded, transliterated name and country, so
    "Teknologian tutkimuskeskus VTT Oy" under two ids, or a Greek name in both scripts,
    give one key; the same name in two countries gives two."""
    return f"{fold_name(name)}|{country.strip().upper()}"


def same_entities(partners: Sequence[Partner]) -> list[list[Partner]]:
    """Groups of partners with different ids and one ``identity_key``, largest first."""
    groups: dict[str, dict[str, Partner]] = defaultdict(dict)
    for partner in partners:
        groups[identity_key(partner.name, partner.country)].setdefault(partner.id, partner)
    found = [list(g.values()) for g in groups.values() if len(g) > 1]
    found.sort(key=lambda g: (-len(g), g[0].country, g[0].name))
    return found


def _same_words(a: str, b: str, ratio: Callable[[str, str], float]) -> bool:
    """The words that differ must look alike too: long shared boilerplate ("Universita
    degli studi di", "spolka z ograniczona odpowiedzialnoscia") makes Pavia look like
    Parma and "Lhyfe Production 2" like "... 3" on the whole-name score."""
    only_a = [w for w in a.split() if w not in b.split()]
    only_b = [w for w in b.split() if w not in a.split()]
    if not only_a or not only_b:
        return True
    return ratio(" ".join(only_a), " ".join(only_b)) >= WORDS_THRESHOLD


def store_duplicates(store: Registry, among: Collection[str] | None = None
                     ) -> tuple[list[NearDuplicate], int]:
    """``near_duplicates`` of a registry store's partners, read from its summary rows
    (no track records), and how many partners it holds."""
    pool = [Partner(str(r[0]), str(r[1]), "", str(r[3] or ""), "", None, "")
            for r in store.summary()]
    return near_duplicates(pool, among=among), len(pool)


def near_duplicates(partners: Sequence[Partner], threshold: float = THRESHOLD,
                    among: Collection[str] | None = None) -> list[NearDuplicate]:
    """Pairs of partners with different ids whose folded names are alike, best first.

    ``among``: ``identity_key``s of the partners an import just brought; only pairs with
    one of them are looked for, so importing 8 rows into a store of 30,000 compares 8
    names with the store's, not the store with itself again."""
    from rapidfuzz import fuzz  # lazy: brings numpy in

    by_country: dict[str, list[Partner]] = defaultdict(list)
    for partner in partners:
        by_country[partner.country].append(partner)
    found: list[NearDuplicate] = []
    for country, group in by_country.items():
        folded: dict[str, list[Partner]] = defaultdict(list)
        for partner in group:
            folded[fold_name(partner.name)].append(partner)
        names = list(folded)
        new = None if among is None else [
            i for i, n in enumerate(names) if f"{n}|{country.strip().upper()}" in among]
        if new == []:
            continue
        for k, same in enumerate(folded.values()):  # identical after folding: worth a look
            if new is None or k in new:
                found.extend(NearDuplicate(same[0], other, 100.0) for other in same[1:])
        if len(names) < 2:
            continue
        for i, j, score in _alike(names, threshold, new):
            if _same_words(names[i], names[j], fuzz.ratio):
                found.append(NearDuplicate(folded[names[i]][0], folded[names[j]][0], score))
    found.sort(key=lambda d: (-d.score, d.first.country, d.first.name, d.second.name))
    return found


def _alike(names: list[str], threshold: float,
           rows: list[int] | None = None) -> list[tuple[int, int, float]]:
    """(i, j, score) with i < j of the names whose ratio reaches ``threshold``; with
    ``rows``, only the pairs that hold one of those names."""
    from rapidfuzz import fuzz, process

    picked = rows if rows is not None else range(len(names))
    if len(picked) * len(names) > ALL_PAIRS_LIMIT ** 2:
        mine = set(picked)
        return [(i, j, score) for i, j, score in _neighbours(names, threshold)
                if rows is None or i in mine or j in mine]
    found: dict[tuple[int, int], float] = {}
    for start in range(0, len(picked), CHUNK):
        chunk = list(picked[start:start + CHUNK])
        scores = process.cdist([names[i] for i in chunk], names, scorer=fuzz.ratio,
                               score_cutoff=threshold, dtype="uint8", workers=-1)
        hit_rows, cols = scores.nonzero()
        for r, j in zip(hit_rows.tolist(), cols.tolist()):
            i = chunk[r]
            if i != j:  # a pair seen from both its rows is kept once
                found[(min(i, j), max(i, j))] = float(scores[r, j])
    return [(i, j, score) for (i, j), score in found.items()]


def _neighbours(names: list[str], threshold: float) -> list[tuple[int, int, float]]:
    import numpy as np
    from rapidfuzz import fuzz, process

    keyed = [names, [n[::-1] for n in names], [" ".join(sorted(n.split())) for n in names]]
    found: dict[tuple[int, int], float] = {}
    for keys in keyed:
        order = np.array(sorted(range(len(names)), key=keys.__getitem__), dtype=np.int64)
        for d in range(1, WINDOW + 1):  # each name against the one d places further
            a, b = order[:-d], order[d:]
            scores = process.cpdist([names[i] for i in a], [names[j] for j in b],
                                    scorer=fuzz.ratio, score_cutoff=threshold,
                                    dtype="uint8", workers=-1)
            for k in np.flatnonzero(scores).tolist():
                i, j = int(a[k]), int(b[k])
                found[(min(i, j), max(i, j))] = float(scores[k])
    return [(i, j, score) for (i, j), score in found.items()]
