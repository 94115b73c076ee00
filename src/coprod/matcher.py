"""One-pass multi-phrase matching over folded text with an Aho-Corasick automaton.

Phrases match as whole words (no "Grad" inside "Grading"); overlapping matches
resolve leftmost-longest, so "anti-aircraft" wins over "aircraft". Phrases with
capitals are proper names and must keep their capitals in the text (see case_ok).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

import ahocorasick

from .textfold import fold

T = TypeVar("T")


@dataclass(frozen=True)
class Match(Generic[T]):
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


class PhraseMatcher(Generic[T]):
    def __init__(self, phrases: Iterable[tuple[str, T]]):
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, T]]] = {}
        for phrase, value in phrases:
            phrase = " ".join(phrase.split())
            if phrase:
                table.setdefault(fold(phrase), []).append((phrase, value))
        for key, entries in table.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str, folded: str | None = None) -> list[Match[T]]:
        """Whole-word, case-checked, leftmost-longest matches in ``text``."""
        if self._empty or not text:
            return []
        folded = fold(text) if folded is None else folded
        candidates = []
        for end_index, (length, entries) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end < len(folded) and folded[end].isalnum():
                continue
            span = text[start:end]
            values = tuple(value for phrase, value in entries if case_ok(phrase, span))
            if values:
                candidates.append((start, -end, values))
        candidates.sort()
        chosen, reach = [], 0
        for start, neg_end, values in candidates:
            if start >= reach:
                chosen.append(Match(start, -neg_end, text[start:-neg_end], values))
                reach = -neg_end
        return chosen
