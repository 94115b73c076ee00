"""Length-preserving text folding, so matches in folded text map back to the original.

Each character folds to exactly one character: lower case, diacritics removed,
typographic quotes and dashes made plain. "Vojenský" and "VOJENSKY" both fold to
"vojensky", at the same offsets as the original.
"""

from __future__ import annotations

import re
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
_ASCII_BYTES = bytes(range(128))


def _non_ascii(text: str) -> str:
    """The non-ASCII characters of ``text``: its UTF-8 with every ASCII byte dropped."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def fold(text: str) -> str:
    """Lower-case, strip diacritics; the result has the same length as ``text``."""
    if text.isascii():
        return text.lower()  # what the table gives every ASCII character
    # str.translate looks every character up in the table one by one, which is slow. Text
    # holds few distinct non-ASCII characters (quotes, dashes, accented letters): replace
    # each throughout, then lower-case the ASCII ones (folded characters are lower case).
    changes = {char: _TABLE[ord(char)] for char in set(_non_ascii(text))}
    changes = {char: folded for char, folded in changes.items() if folded != char}
    if len(changes) > 64 or any(folded in changes for folded in changes.values()):
        # Many scripts, or a folded character that folds again ("︱" to "—" to "-"), which
        # replacing one character at a time could fold twice.
        return text.translate(_TABLE)
    for char, folded in changes.items():
        text = text.replace(char, folded)
    return text.lower()


def name_key(name: str) -> str:
    """The comparison key for names: case and diacritics folded, '&' read as 'and',
    everything but letters and digits dropped (the answer keys' rule too)."""
    folded = fold(name).replace("&", "and")
    return "".join(ch for ch in folded if ch.isalnum())


_NOT_WORD = re.compile(r"[^\w\s]")
# _NOT_WORD.sub(" ", ...) as a byte table, for ASCII lines: bytes.translate is far faster.
_ASCII_NOT_WORD_TO_SPACE = bytes(32 if _NOT_WORD.match(chr(b)) else b for b in range(128)) + bytes(range(128, 256))


def line_key(folded: str) -> str:
    """A line already folded reduced to its letters, digits and single spaces, for
    comparing lines whatever their punctuation."""
    if folded.isascii():
        spaced = folded.encode("ascii").translate(_ASCII_NOT_WORD_TO_SPACE).decode("ascii")
    else:
        spaced = _NOT_WORD.sub(" ", folded)
    return " ".join(spaced.split())
