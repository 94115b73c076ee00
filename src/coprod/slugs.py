"""Unique, stable URL slugs for entries.

The slug comes from the title. When titles collide, the entry whose seed name
sorts first keeps the plain slug and the others add a short hash of their seed
name, so a slug never depends on which other seeds happen to exist after it.
"""

from __future__ import annotations

import dataclasses
import hashlib

from .records import Entry
from .taxonomy import safe_slug


def seed_hash(seed: str) -> str:
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:6]


def assign_slugs(entries: list[Entry]) -> list[Entry]:
    base = {e.seed: safe_slug(e.title) or f"entry-{seed_hash(e.seed)}" for e in entries}
    first_by_slug: dict[str, str] = {}
    for seed in sorted(base):
        first_by_slug.setdefault(base[seed], seed)
    taken = set(first_by_slug)
    result = []
    for entry in entries:
        slug = base[entry.seed]
        if first_by_slug[slug] != entry.seed:
            slug = f"{slug}-{seed_hash(entry.seed)}"
            while slug in taken:
                slug = f"{slug}-{seed_hash(slug)}"
            taken.add(slug)
        result.append(dataclasses.replace(entry, slug=slug))
    return result
