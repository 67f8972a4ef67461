"""Check that a topic text is filed under its own topic id, and say why where it is not.

``topic_texts.csv.gz`` combines several copies of the portal's topic texts. One of them,
``mjarmak/data.csv`` (texts taken from the work programmes), files some texts under another
topic's id: its ``HORIZON-CL3-2023-DRS-01-03`` .. ``-05`` hold the texts (and titles) of
CORDIS's ``-04`` .. ``-06``; its ``-02`` repeats ``-01``'s text under ``-03``'s title; and
several of its 2024 rows repeat, under their own id, a text that the portal's search export
gives under another id (its ``FCT-01-05`` is the export's ``FCT-01-07``, CBRN-E detection).
A wrong id pairs a text with the wrong funded consortium in the evaluation, and ships a
topic under a number it does not have.

Three steps over plain ``TopicRow(id, title, text, source)`` records, shared by
``scripts/build_calls.py`` (what ships in ``calls/``) and the evaluation's task builder
(``eval_data``). Ids are compared in ``topic_key`` form; "of one year" means the year in
the id; a row "agrees with CORDIS" when CORDIS ``topics.csv`` (the authoritative title of
every topic with a funded project) has a title for its id and the row's title is that
title (``same_title``: case, punctuation, white space, a cut-short title, junk appended
and a typo are forgiven).

1. **Copies inside the unreliable source.** Two ``data.csv`` rows of one year, under
   different ids, with one text (``COPY_SHARE``) but different titles: the source failed
   to move on to the next topic's text, so the text is at most one id's. It stays with
   the row that agrees with CORDIS when exactly one does; else with the row whose title's
   words the text contains clearly more of (``TITLE_SUPPORT_MARGIN``); else neither. The
   other row (or both) is dropped.
2. **CORDIS title.** A row that does not agree with CORDIS is *relabelled* to the one
   other id of the same call (the id without its topic number, ``call_group``) whose
   CORDIS title it has, unless that id already has a row that agrees with CORDIS (then
   which of text and title is wrong cannot be told: ``HORIZON-CL4-2023-DIGITAL-EMERGING-
   01-01`` carries ``-02``'s title over ``-01``'s text, and ``-02`` has its own row);
   otherwise it is *dropped*: its text belongs to no id we can name.
3. **Repeat of a reliable row.** A ``data.csv`` row whose text (``TEXT_SHARE``; a copy,
   ``COPY_SHARE``, when the titles differ) or normalised title repeats a row from another
   source under a different id of one year is dropped: the reliable source has that text
   under its own id, and the real text of the row's id is not in the data. Not when the
   titles are one and CORDIS confirms the row's id with it: then one topic was published
   under two ids, and both are real.

Every relabel and drop is returned as a ``Correction`` with its reason and the evidence;
nothing is changed silently. Thresholds were read off the data (comments below, and in
``similarity``, which holds the comparisons of ids, titles and texts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from consortium.calls.similarity import (
    COPY_SHARE,
    MIN_SHINGLES,
    TEXT_SHARE,
    call_group,
    same_title,
    shingle_share,
    shingles,
    title_form,
    title_support,
    topic_key,
    year_of,
)

# Sources whose ids are not trusted where another source disagrees (README of the data).
UNRELIABLE_SOURCES = ("mjarmak/data.csv",)
# A 5-gram held by more rows than this (boilerplate) is not used to find candidates; the
# share itself is then computed on all 5-grams.
_COMMON = 25
# Step 1: the share of a title's words found in the text must be this much higher for
# one row than the other to give it the text (measured pairs: 1.00 vs 0.44, 0.88 vs 0.33;
# 0.75 vs 0.60 is left undecided).
TITLE_SUPPORT_MARGIN = 0.25


class TopicRow(NamedTuple):
    """One topic text as a source files it."""

    id: str
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class Correction:
    """A row filed under the wrong id: relabelled to ``new_id``, or dropped (``""``)."""

    index: int  # position of the row in the rows checked
    id: str  # the id the row was filed under (``topic_key`` form)
    new_id: str  # the id it belongs to; "" when the row is dropped
    title: str
    source: str
    reason: str

    @property
    def dropped(self) -> bool:
        return not self.new_id

    def line(self) -> str:
        action = f"relabelled to {self.new_id}" if self.new_id else "dropped"
        return f"{self.id} ({self.source}): {action}: {self.reason}"


def unreliable(source: str) -> bool:
    return any(name in source for name in UNRELIABLE_SOURCES)


def read_cordis_titles(path: Path) -> dict[str, str]:
    """Topic id (``topic_key`` form) -> title, from a CORDIS ``topics.csv`` (projectID;
    topic;title), gzipped or not; the first title of a topic wins."""
    from consortium.files import read_rows  # the CORDIS reader, quoting and all

    titles: dict[str, str] = {}
    for _, row in read_rows(path):
        topic, title = row.get("topic", "").strip(), " ".join(row.get("title", "").split())
        if topic and title:
            titles.setdefault(topic_key(topic), title)
    return titles


def _quote(title: str, limit: int = 90) -> str:
    title = " ".join(title.split())
    return f"'{title if len(title) <= limit else title[:limit - 3] + '...'}'"


class _Check:
    """The rows, their current ids and what is known about each, across the steps."""

    def __init__(self, rows: Sequence[TopicRow], titles: Mapping[str, str]) -> None:
        self.rows, self.titles = rows, titles
        self.keys = [topic_key(row.id) for row in rows]
        self.forms = [title_form(row.title) for row in rows]
        self.agrees = [key in titles and same_title(row.title, titles[key])
                       for row, key in zip(rows, self.keys)]
        self.corrections: dict[int, Correction] = {}
        years = {year_of(k) for row, k in zip(rows, self.keys) if unreliable(row.source)}
        # Only years with unreliable rows are ever compared.
        self.shingles = [shingles(row.text) if year_of(key) in years else frozenset()
                         for row, key in zip(rows, self.keys)]

    def gone(self, index: int) -> bool:
        found = self.corrections.get(index)
        return found is not None and found.dropped

    def drop(self, index: int, reason: str) -> None:
        row = self.rows[index]
        earlier = self.corrections.get(index)
        if earlier is not None:  # relabelled first, then found to repeat another row
            reason = f"{earlier.reason}; then, as {earlier.new_id}: {reason}"
        original = topic_key(row.id)
        self.corrections[index] = Correction(index, original, "", row.title, row.source,
                                             reason)

    def inverted(self, pool: list[int]) -> tuple[dict[int, list[int]], dict[str, list[int]]]:
        """For the rows of ``pool``: 5-gram -> rows that hold it, title -> rows."""
        by_shingle: dict[int, list[int]] = {}
        by_title: dict[str, list[int]] = {}
        for other in pool:
            for shingle in self.shingles[other]:
                by_shingle.setdefault(shingle, []).append(other)
            if self.forms[other]:
                by_title.setdefault(self.forms[other], []).append(other)
        return by_shingle, by_title

    def candidates(self, index: int,
                   inverted: tuple[dict[int, list[int]], dict[str, list[int]]]) \
            -> list[tuple[int, float, bool]]:
        """Rows of the inverted pool, under another id, sharing text or title with
        ``index``: (row, share of 5-grams, same title), in row order."""
        by_shingle, by_title = inverted
        hits: dict[int, int] = {}
        for shingle in self.shingles[index]:
            holders = by_shingle.get(shingle, ())
            if len(holders) <= _COMMON:  # boilerplate 5-grams say nothing
                for other in holders:
                    hits[other] = hits.get(other, 0) + 1
        titled = set(by_title.get(self.forms[index], ())) if self.forms[index] else set()
        found = []
        for other in sorted(titled | {o for o, count in hits.items() if count >= MIN_SHINGLES}):
            if other == index or self.keys[other] == self.keys[index] or self.gone(other):
                continue
            found.append((other, shingle_share(self.shingles[index], self.shingles[other]),
                          other in titled))
        return found


def _by_year(check: _Check, reliable: bool) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(check.rows):
        if unreliable(row.source) != reliable and year_of(check.keys[index]):
            groups.setdefault(year_of(check.keys[index]), []).append(index)
    return groups


def _copies(check: _Check) -> None:
    """Step 1: one text under two ids of the unreliable source, with different titles."""
    for members in _by_year(check, reliable=False).values():
        inverted = check.inverted(members)
        for index in members:
            if check.gone(index):
                continue
            for other, share, same_titles in check.candidates(index, inverted):
                if other < index or same_titles or share < COPY_SHARE:
                    continue
                pair = (index, other)
                agreeing = [n for n in pair if check.agrees[n]]
                support = {n: title_support(check.rows[n].title, check.rows[n].text)
                           for n in pair}
                keep: int | None = None
                if len(agreeing) == 1:
                    keep, why = agreeing[0], "only its title is CORDIS's title of its id"
                elif abs(support[index] - support[other]) >= TITLE_SUPPORT_MARGIN:
                    keep = max(pair, key=lambda n: support[n])
                    why = (f"the text holds {support[keep]:.0%} of its title's words, "
                           f"{support[pair[0] + pair[1] - keep]:.0%} of the other's")
                else:
                    why = (f"neither title is supported clearly better by the text "
                           f"({support[index]:.0%} / {support[other]:.0%} of their words)")
                for n in pair:
                    if n == keep:
                        continue
                    partner = pair[0] + pair[1] - n
                    owner = (f"it stays with {check.keys[keep]} ({why})" if keep is not None
                             else f"it stays with neither: {why}")
                    check.drop(n, f"its text is a copy of {check.keys[partner]}'s "
                               f"({_quote(check.rows[partner].title)}) in the same source, "
                               f"under the title {_quote(check.rows[n].title)}; {owner}")
                if keep is None or keep != index:
                    break


def _by_cordis(check: _Check) -> None:
    """Step 2: rows whose title is not CORDIS's title of their id."""
    titles = check.titles
    groups: dict[str, list[str]] = {}
    for key in titles:
        groups.setdefault(call_group(key), []).append(key)
    claimed: dict[str, int] = {}
    for index, (row, key) in enumerate(zip(check.rows, check.keys)):
        if key not in titles or check.agrees[index] or not row.title.strip() \
                or check.gone(index):
            continue
        own = f"CORDIS's title of {key} is {_quote(titles[key])}"
        matches = sorted(other for other in groups.get(call_group(key), [])
                         if other != key and same_title(row.title, titles[other]))
        if len(matches) == 1:
            target = matches[0]
            holder = next((n for n, k in enumerate(check.keys) if k == target
                           and check.agrees[n] and not check.gone(n)), None)
            if holder is not None:
                check.drop(index, f"its title {_quote(row.title)} is CORDIS's title of "
                           f"{target}, which has its own row ({check.rows[holder].source}); "
                           f"{own}; which of text and title is wrong cannot be told")
            elif target in claimed:
                check.drop(index, f"its title is CORDIS's title of {target}, which row "
                           f"{claimed[target]} was already relabelled to; {own}")
            else:
                claimed[target] = index
                check.corrections[index] = Correction(
                    index, key, target, row.title, row.source,
                    f"its title {_quote(row.title)} is CORDIS's title of {target}; {own}")
        elif matches:
            check.drop(index, f"its title {_quote(row.title)} is CORDIS's title of several "
                       f"topics ({', '.join(matches)}); {own}")
        else:
            check.drop(index, f"its title {_quote(row.title)} is no CORDIS title of "
                       f"{call_group(key)}-*; {own}")
    for index, correction in check.corrections.items():
        if correction.new_id:
            check.keys[index] = correction.new_id


def _repeats(check: _Check) -> None:
    """Step 3: unreliable rows repeating a reliable row filed under another id."""
    reliable = _by_year(check, reliable=True)
    for year, members in _by_year(check, reliable=False).items():
        pool = reliable.get(year, [])
        inverted = check.inverted(pool)
        for index in members:
            if check.gone(index) or not pool:
                continue
            row, key = check.rows[index], check.keys[index]
            confirmed = key in check.titles and same_title(row.title, check.titles[key])
            for other, share, same_titles in check.candidates(index, inverted):
                if not same_titles and share < COPY_SHARE:
                    continue
                if confirmed and same_titles:
                    continue  # one topic under two ids, and CORDIS funded it under this one
                what = (f"text ({share:.0%} of its 5-word sequences)"
                        if share >= TEXT_SHARE else "title")
                check.drop(index, f"its {what} repeats {check.keys[other]} "
                           f"{_quote(check.rows[other].title)} of {check.rows[other].source}; "
                           f"the text of {key} is not in the data")
                break


def check_topic_ids(rows: Sequence[TopicRow], cordis_titles: Mapping[str, str]) \
        -> list[Correction]:
    """The rows filed under the wrong id, relabelled or dropped, in row order.

    ``cordis_titles`` maps ``topic_key`` ids to CORDIS titles (``read_cordis_titles``);
    when it is empty, steps 1 and 3 still apply.
    """
    check = _Check(rows, cordis_titles)
    _copies(check)
    if cordis_titles:
        _by_cordis(check)
    _repeats(check)
    return [check.corrections[index] for index in sorted(check.corrections)]
