"""Where every page lives. Paths are relative to the site root and end in "/"
for pages served as folder/index.html, so links work under any base path.

A *site path* is what these helpers return: "" for the home page, "entries/x/"
for a page, "feed.xml" for a file. Pages link to each other with
``relative_linker(from_page)(to_path)`` ("../../countries/cz/"), so the site works
whether it is served at a domain root or under a path prefix; only the feeds,
the sitemap and ``<link rel="canonical">`` use absolute URLs (``absolute_url``).
"""

from __future__ import annotations

from typing import Callable

from coprod.core.settings import Settings

TAXONOMY_KINDS = ("countries", "partners", "categories", "activities")

HOME = ""
TIMELINE = "timeline/"
NETWORK = "network/"
SEARCH = "search/"
EXPLORE = "explore/"
EXPLORE_INDEX = "explore/index.json"
SEARCH_INDEX = "pagefind/"  # the search index and its scripts, written by Pagefind
STATIC = "static/"
RSS_FEED = "feed.xml"
ATOM_FEED = "atom.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
DATA_PAGE = "data/"  # licence, citation, data dictionary and every download
DATA_JSON = "data/entries.json"
DATA_CSV = "data/entries.csv"

# First path segments a content page (content/pages/<name>.md) may not take.
RESERVED_TOP_LEVEL = frozenset({*TAXONOMY_KINDS, "entries", "timeline", "static", "data", "page",
                                "feed", "atom", "sitemap", "robots", "404", "index", "network", "search",
                                "pagefind", "explore"})


def entry_path(slug: str) -> str:
    return f"entries/{slug}/"


def taxonomy_path(kind: str) -> str:
    assert kind in TAXONOMY_KINDS
    return f"{kind}/"


def term_path(kind: str, slug: str, page: int = 1) -> str:
    assert kind in TAXONOMY_KINDS
    return f"{kind}/{slug}/" if page == 1 else f"{kind}/{slug}/page/{page}/"


def term_feed_path(kind: str, slug: str) -> str:
    return term_path(kind, slug) + RSS_FEED


def term_data_path(kind: str, slug: str, extension: str) -> str:
    """The export of one term's entries: "data/countries/cz.csv"."""
    assert kind in TAXONOMY_KINDS and extension in ("csv", "json")
    return f"data/{kind}/{slug}.{extension}"


def content_page_path(slug: str) -> str:
    return f"{slug}/"


def static_path(name: str) -> str:
    return STATIC + name


def output_file(path: str) -> str:
    """The file a site path is written to: folders get their index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def absolute_url(settings: Settings, path: str) -> str:
    """The absolute URL of a site path ("" is the home page)."""
    return settings.base_url + path.lstrip("/")


def root_relative_url(settings: Settings, path: str) -> str:
    """"/tracker/timeline/" for "timeline/": for pages served at any depth (404.html)."""
    return settings.base_path + path.lstrip("/")


def relative_linker(from_path: str) -> Callable[[str], str]:
    """The link from the page at ``from_path`` to any target site path; a page links to
    hundreds, so its own folder is split only once.

    ``from_path`` is a page's own path; its folder is everything up to the last "/"
    ("" and "404.html" are at the root, "countries/cz/page/2/" is four folders deep).
    The link climbs only as far as the two paths differ: "../3/", "../../", "feed.xml".
    """
    if from_path.startswith("/"):
        raise ValueError(f"site paths are relative: {from_path!r}")
    from_dir = from_path.split("/")[:-1]
    depth = len(from_dir)

    def link(to_path: str) -> str:
        if to_path.startswith("/"):
            raise ValueError(f"site paths are relative: {from_path!r} -> {to_path!r}")
        *to_dir, to_name = to_path.split("/")
        common, limit = 0, min(depth, len(to_dir))
        while common < limit and from_dir[common] == to_dir[common]:
            common += 1
        return ("../" * (depth - common) + "".join(part + "/" for part in to_dir[common:]) + to_name) or "./"

    return link
