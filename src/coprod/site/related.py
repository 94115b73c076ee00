"""Related entries: for each entry, the few others that share the most with it.

Two entries are related by the partners, countries and categories they share.
Each shared term scores its kind's weight (``WEIGHTS``: a shared partner says
more than a shared country, a shared country more than a shared category), and
an entry's related entries are the ``count`` others with the highest score;
equal scores go to the newer entry, then to the seed name (``Entry.sort_key``),
so the result is the same on every build. Entries sharing nothing are never
related, so an entry may have fewer than ``count``.

Cost
----
No entry is compared with every other. An inverted index maps each term to the
entries that carry it (its *postings*, newest first), and an entry's candidates
are only the entries found in the postings of its own terms, each visit adding
the term's weight to the candidate's score. Building the index is
O(entries × t), t being the terms of one entry (a handful). Scoring one entry
reads at most ``max_postings`` postings per term (see ``scores``), so the whole
computation is O(entries × t × min(postings, max_postings)): it grows with the
number of entries times their terms, never with entries². Most postings
(partners, most countries) are short and are read in full.

The result is exact whenever no term is carried by more than ``max_postings``
entries. Past that, the long terms are read only down to a horizon in time below
which each has at most ``max_postings`` entries; candidates are still scored on
every term they share, so what can be missed is only an entry older than that
horizon that shares nothing but very common terms with this one, while newer
entries sharing as much are found.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from coprod.core.records import Entry

WEIGHTS: Mapping[str, int] = {"partners": 3, "countries": 2, "categories": 1}
RELATED_COUNT = 5
MAX_POSTINGS = 100

TermKey = tuple[str, str]  # (kind, value): ("partners", "KNDS"), ("countries", "CZ")


def entry_terms(entry: Entry, weights: Mapping[str, int] = WEIGHTS) -> frozenset[TermKey]:
    """The weighted terms of an entry: every partner, country and category it names."""
    return frozenset((kind, value) for kind in weights for value in getattr(entry, kind))


def build_index(entries: Sequence[Entry], weights: Mapping[str, int] = WEIGHTS) -> dict[TermKey, list[int]]:
    """Term key -> positions in ``entries`` of the entries carrying it, in the order of ``entries``."""
    index: dict[TermKey, list[int]] = {}
    for position, entry in enumerate(entries):
        for term in sorted(entry_terms(entry, weights)):
            index.setdefault(term, []).append(position)
    return index


def scores(position: int, terms: Iterable[TermKey], index: Mapping[TermKey, list[int]],
           weights: Mapping[str, int] = WEIGHTS, max_postings: int = MAX_POSTINGS,
           members: dict[TermKey, frozenset[int]] | None = None) -> dict[int, int]:
    """Candidate position -> weighted score, for the entry at ``position`` with ``terms``.

    A term's postings are read in full when there are at most ``max_postings`` of them
    (a *short* term), else only up to a horizon: the position of the first entry past the
    ``max_postings`` newest of the long term whose entries are densest. Below the horizon
    every long term is read in full, so every candidate there has its exact score; a
    candidate found through a short term beyond the horizon is scored on the long terms
    by looking it up in their postings (``members``: each long term's postings as a set,
    made on first use and kept by the caller for the next entry). At most terms ×
    max_postings postings are read, plus one set intersection per long term.
    """
    members = {} if members is None else members
    own = list(terms)
    short = [t for t in own if len(index.get(t, ())) <= max_postings]
    long = [t for t in own if len(index.get(t, ())) > max_postings]
    horizon = min((index[t][max_postings] for t in long), default=None)
    found: Counter[int] = Counter()
    for term in short:
        for _ in range(weights[term[0]]):  # Counter.update counts in C: a weight w is w updates
            found.update(index.get(term, ()))
    if horizon is not None:  # some terms are long
        beyond = {other for other in found if other >= horizon}  # met through short terms only
        for term in long:
            postings = index[term]
            if term not in members:
                members[term] = frozenset(postings)
            carrying = beyond & members[term]
            below = postings[:bisect.bisect_left(postings, horizon)]
            for _ in range(weights[term[0]]):
                found.update(below)
                found.update(carrying)
    found.pop(position, None)
    return dict(found)


class RelatedIndex:
    """The inverted index of a set of entries, asked for one entry's related entries at a
    time: a build hands out the questions to several processes, each asking for its share.

    ``known`` (seed -> related seeds, as an earlier build found them for entries with
    the same dates and terms: incremental.structure_key) answers without scoring anything."""

    def __init__(self, entries: Iterable[Entry], count: int = RELATED_COUNT, weights: Mapping[str, int] = WEIGHTS,
                 max_postings: int = MAX_POSTINGS, known: Mapping[str, Sequence[str]] | None = None):
        self.count, self.weights, self.max_postings = count, weights, max_postings
        self.ordered = sorted(entries, key=Entry.sort_key)  # newest first: postings come out newest first
        self.position = {entry.seed: position for position, entry in enumerate(self.ordered)}
        seeds = set(self.position)
        fits = known is not None and set(known) == seeds and all(set(v) <= seeds for v in known.values())
        self.known = known if fits else None  # a list for other entries is not used at all
        if self.known is None:
            self.terms = [entry_terms(entry, weights) for entry in self.ordered]
            self.index = build_index(self.ordered, weights)
            self.members: dict[TermKey, frozenset[int]] = {}

    def of(self, seed: str) -> tuple[Entry, ...]:
        """The ``count`` entries most related to the entry ``seed``, best first."""
        if self.known is not None:
            return tuple(self.ordered[self.position[other]] for other in self.known[seed])
        position = self.position[seed]
        found = scores(position, self.terms[position], self.index, self.weights, self.max_postings, self.members)
        # The best scores first; equal scores by position, i.e. by Entry.sort_key: sorting the
        # positions first and then (stably) by score keeps that order among equals.
        best = sorted(sorted(found), key=found.__getitem__, reverse=True)[:self.count]
        return tuple(self.ordered[other] for other in best)

