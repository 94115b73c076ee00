"""Length-preserving text folding, so matches in folded text map back to the original.

Each character folds to exactly one character: lower case, diacritics removed,
typographic quotes and dashes made plain. "Vojenský" and "VOJENSKY" both fold to
"vojensky", at the same offsets as the original.
"""

from __future__ import annotations

import unicodedata

_PLAIN = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


class _FoldTable(dict):
    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _PLAIN:
            folded = _PLAIN[char]
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            lowered = base.lower() if base else char.lower()
            folded = lowered if len(lowered) == 1 else char.lower()[:1] or char
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip diacritics; the result has the same length as ``text``."""
    return text.translate(_TABLE)
