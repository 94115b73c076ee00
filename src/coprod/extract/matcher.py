"""One-pass multi-phrase matching over folded text with an Aho-Corasick automaton.

Phrases match as whole words (no "Grad" inside "Grading"); overlapping matches
resolve leftmost-longest, so "anti-aircraft" wins over "aircraft". Phrases with
capitals are proper names and must keep their capitals in the text (see case_ok).

Scanning the text is most of the cost, so a MatcherGroup runs several matchers
in one pass (a PhraseMatcher alone is a group of one), and ``find_each`` runs one
matcher over many short texts in one pass.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Generic, Iterable, NamedTuple, Sequence, TypeVar

import ahocorasick

from coprod.core.textfold import fold

T = TypeVar("T")


class Match(NamedTuple, Generic[T]):
    """One match; a named tuple, as a text yields hundreds and a frozen dataclass costs
    four times as much to make."""

    start: int
    end: int
    text: str  # the original text matched
    values: tuple  # payloads of every phrase that folds to this key and passed the case check


def case_ok(pattern: str, span: str) -> bool:
    """Does ``span`` (original text) honour the capitals of ``pattern``?

    Lower-case patterns match any case. A one-word name keeps every capital
    ("VOP", "Patria"); a longer name keeps its first capital and any all-capital
    word ("KNDS France"), so "Ministry of Strategy and industry" still matches.
    """
    if pattern == pattern.lower():
        return True
    if span.isupper() and len(span) > 3:
        return True  # headlines in capitals
    words = pattern.split()
    if len(words) == 1:
        return all(s.isupper() for p, s in zip(pattern, span) if p.isupper())
    if pattern[0].isupper() and not span[0].isupper():
        return False
    span_words = span.split()
    capitals = [(w, g) for w, g in zip(words, span_words) if w[:1].isupper()]
    if any(len(w) > 1 and w.isupper() and not g.isupper() for w, g in capitals):
        return False
    misses = sum(1 for w, g in capitals if not g[:1].isupper())
    return misses <= max(0, len(capitals) - 2)


class _Phrases:
    """The phrases that fold to one key, each with its payload."""

    __slots__ = ("entries", "always", "_by_span")

    def __init__(self, entries: Sequence[tuple[str, object]]):
        self.entries = tuple(entries)
        # Lower-case phrases match in any case: without capitals the case check cannot fail.
        lower = all(phrase == phrase.lower() for phrase, _ in entries)
        self.always = tuple(value for _, value in entries) if lower else None
        self._by_span: dict[str, tuple] = {}  # the answer for each spelling met: names recur

    def values(self, span: str) -> tuple:
        """The payloads of the phrases whose capitals ``span`` honours."""
        if self.always is not None:
            return self.always
        values = self._by_span.get(span)
        if values is None:
            values = self._by_span[span] = tuple(value for phrase, value in self.entries if case_ok(phrase, span))
        return values


def _automaton(payloads: dict[str, object]):
    """An automaton over folded keys; each hit gives (key length - 1, payload): the hit's last
    index minus that is its start. None without keys."""
    if not payloads:
        return None
    automaton = ahocorasick.Automaton()
    for key, payload in payloads.items():
        automaton.add_word(key, (len(key) - 1, payload))
    automaton.make_automaton()
    return automaton


def _leftmost_longest(text: str, hits: list[tuple[int, int, _Phrases]]) -> list[Match]:
    """The case-checked hits, overlaps resolved leftmost-longest."""
    candidates = []
    for start, end, phrases in hits:
        values = phrases.always  # never empty
        if values is None:
            values = phrases.values(text[start:end])
            if not values:
                continue
        candidates.append((start, -end, values))
    candidates.sort(key=lambda c: c[:2])  # stable: of hits with one span, the first found wins
    chosen: list[Match] = []
    reach = 0
    for start, neg_end, values in candidates:
        if start >= reach:
            chosen.append(Match(start, -neg_end, text[start:-neg_end], values))
            reach = -neg_end
    return chosen


class PhraseMatcher(Generic[T]):
    def __init__(self, phrases: Iterable[tuple[str, T]]):
        table: dict[str, list[tuple[str, T]]] = {}
        for phrase, value in phrases:
            phrase = " ".join(phrase.split())
            if phrase:
                table.setdefault(fold(phrase), []).append((phrase, value))
        # Keys hold no line breaks (phrases are split on whitespace), so no match spans one.
        self._phrases = {key: _Phrases(entries) for key, entries in table.items()}
        self._alone = MatcherGroup([self])

    def find(self, text: str, folded: str | None = None) -> list[Match[T]]:
        """Whole-word, case-checked, leftmost-longest matches in ``text``."""
        return self._alone.scan(text, folded).find(self)

    def find_each(self, texts: list[str]) -> list[list[Match[T]]]:
        """``find`` on each of ``texts``, in one pass over them joined by line breaks.

        No match spans a line break, and a line break is a word boundary, so the
        matches of each text are exactly those ``find`` gives it alone.
        """
        joined = "\n".join(texts)
        offsets, offset = [], 0
        for text in texts:
            offsets.append(offset)
            offset += len(text) + 1
        found: list[list[Match[T]]] = [[] for _ in texts]
        for match in self.find(joined):
            index = bisect_right(offsets, match.start) - 1
            shift = offsets[index]
            found[index].append(Match(match.start - shift, match.end - shift, match.text, match.values))
        return found


class MatcherGroup:
    """Several PhraseMatchers run over one text in a single pass of one automaton.

    ``scan(text).find(matcher)`` is what ``matcher.find(text)`` gives. With ``local``
    (a language.LocalVocabulary), a text in another language also gets the hits of
    its cue phrases matched on lemmas, resolved with the rest.
    """

    def __init__(self, matchers: Iterable[PhraseMatcher], local=None):
        self._slots = {matcher: slot for slot, matcher in enumerate(matchers)}
        self._local = local
        combined: dict[str, list[tuple[int, _Phrases]]] = {}
        for matcher, slot in self._slots.items():
            for key, phrases in matcher._phrases.items():
                combined.setdefault(key, []).append((slot, phrases))
        self._automaton = _automaton({key: tuple(found) for key, found in combined.items()})

    def scan(self, text: str, folded: str | None = None, language: str | None = None) -> GroupScan:
        """Every occurrence of a key in ``text`` as whole words, filed by matcher."""
        hits: list[list[tuple[int, int, _Phrases]]] = [[] for _ in self._slots]
        if text and self._automaton is not None:
            folded = fold(text) if folded is None else folded
            last_index = len(folded) - 1
            # Half the hits are inside words and dropped: the loop does as little as it can before.
            for last, (back, found) in self._automaton.iter(folded):
                start = last - back
                if start and folded[start - 1].isalnum():
                    continue
                if last < last_index and folded[last + 1].isalnum():
                    continue
                end = last + 1
                for slot, phrases in found:
                    hits[slot].append((start, end, phrases))
        if language and self._local is not None:
            for matcher, start, end, phrases in self._local.hits(language, text):
                if matcher in self._slots:
                    hits[self._slots[matcher]].append((start, end, phrases))
        return GroupScan(self._slots, text, hits)


class GroupScan:
    """The whole-word hits of a group's matchers in one text; matches are chosen on demand."""

    def __init__(self, slots: dict[PhraseMatcher, int], text: str, hits: list[list]):
        self._slots = slots
        self._text = text
        self._hits = hits
        self._found: dict[int, list[Match]] = {}

    def find(self, matcher: PhraseMatcher[T]) -> list[Match[T]]:
        slot = self._slots[matcher]
        if slot not in self._found:
            self._found[slot] = _leftmost_longest(self._text, self._hits[slot])
        return self._found[slot]
