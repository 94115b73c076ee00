"""The one digest of the tool: SHA-256, in hex, of one or more parts.

Cache keys, fingerprints of content/ and templates, entry digests and the short hashes in
slugs and search-index file names all come from here, so one function decides how parts are
combined: each part is framed by its length, so ("ab", "c") and ("a", "bc") differ.
"""

from __future__ import annotations

import hashlib


def _data(part: str | bytes) -> bytes:
    return part.encode("utf-8") if isinstance(part, str) else part


def digest(*parts: str | bytes) -> str:
    """The digest of ``parts`` in order, each framed by its length."""
    hasher = Digest()
    for part in parts:
        hasher.update(part)
    return hasher.hexdigest()


def content_digest(data: str | bytes) -> str:
    """The plain SHA-256 of one piece of data, unframed: for hashes that are published (a slug's
    suffix, a search file's name), whose values must not change with the framing."""
    return hashlib.sha256(_data(data)).hexdigest()


class Digest:
    """A digest built part by part (e.g. from every file of a folder): ``digest(*parts)``
    gives the same value as updating one of these with each part in turn."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def update(self, part: str | bytes) -> None:
        data = _data(part)
        self._hash.update(len(data).to_bytes(8, "little"))
        self._hash.update(data)

    def hexdigest(self) -> str:
        return self._hash.hexdigest()
