"""Unique, stable URL slugs for entries.

The slug comes from the title. When titles collide, the entry whose seed name
sorts first keeps the plain slug and the others add a short hash of their seed
name, so a slug never depends on which other seeds happen to exist after it.
"""

from __future__ import annotations

import dataclasses

from coprod.core.digest import content_digest
from coprod.core.records import Entry
from coprod.extract.taxonomy import safe_slug


def seed_hash(seed: str) -> str:
    return content_digest(seed)[:6]


def unique_slugs(base: dict[str, str]) -> dict[str, str]:
    """Make the slugs of ``base`` (key -> wanted slug) unique: of keys wanting the same
    slug, the first in sorted order keeps it and the others add a short hash of the key."""
    owner: dict[str, str] = {}
    for key in sorted(base):
        owner.setdefault(base[key], key)
    taken = set(owner)
    result = {}
    for key in sorted(base):
        slug = base[key]
        if owner[slug] != key:
            slug = f"{slug}-{seed_hash(key)}"
            while slug in taken:
                slug = f"{slug}-{seed_hash(slug)}"
            taken.add(slug)
        result[key] = slug
    return result


def assign_slugs(entries: list[Entry]) -> list[Entry]:
    """Each entry with its unique slug. An entry's ``slug`` on the way in is its title's slug
    if extraction set it (pipeline.extract_seed), else it is made from the title here."""
    slugs = unique_slugs({e.seed: (e.slug or safe_slug(e.title)) or f"entry-{seed_hash(e.seed)}" for e in entries})
    return [entry if entry.slug == slugs[entry.seed] else dataclasses.replace(entry, slug=slugs[entry.seed])
            for entry in entries]
