"""Where every page lives. Paths are relative to the site root and end in "/"
for pages served as folder/index.html, so links work under any base path."""

from __future__ import annotations

from .settings import Settings

TAXONOMY_KINDS = ("countries", "partners", "categories", "activities")


def entry_path(slug: str) -> str:
    return f"entries/{slug}/"


def term_path(kind: str, slug: str, page: int = 1) -> str:
    assert kind in TAXONOMY_KINDS
    return f"{kind}/{slug}/" if page == 1 else f"{kind}/{slug}/page/{page}/"


def absolute_url(settings: Settings, path: str) -> str:
    """The absolute URL of a site path ("" is the home page)."""
    return settings.base_url + path.lstrip("/")
