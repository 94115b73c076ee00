"""The site's own words, from content/editorial.yaml: the headings and introductions of the
taxonomy indexes, the headings and descriptions of the other pages, the wording of a term
page that has no description of its own, the parts and orders of the partners index, the
titles of the drawings and the menu. (The words inside a page's layout are in its template.)

Loaded once per command (pipeline.load_project) and checked in full: a missing or unknown
key, or a value that is not text, is a ContentError naming the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coprod.core.errors import ContentError
from coprod.core.yamlfile import expect_mapping, load_yaml
from coprod.site import site_paths as paths

EDITORIAL_FILE = "editorial.yaml"
PAGE_KEYS = ("timeline", "network", "search", "explore", "data", "not_found")
PARTNER_GROUPS = ("ukrainian", "foreign", "unreviewed")
NAVIGATION = ("home", "timeline", "network", "explore", "data")
PARTNER_ORDERS = ("name", "entries", "entries_heading")
GRAPHICS = ("country_map", "network", "chart")
SECTIONS = ("kinds", "pages", "terms", "partner_groups", "partner_orders", "graphics", "navigation")
TERM_WORDING = ("page_description", "feed_description")


@dataclass(frozen=True)
class TaxonomyKind:
    """One of the four taxonomy indexes as the pages name it."""

    key: str  # "countries"
    title: str  # "Countries"
    singular: str  # "country"
    intro: str

    @property
    def path(self) -> str:
        return paths.taxonomy_path(self.key)


@dataclass(frozen=True)
class PageWords:
    heading: str
    description: str  # "" for the site's own description


@dataclass(frozen=True)
class Editorial:
    kinds: dict[str, TaxonomyKind]  # in site_paths.TAXONOMY_KINDS order
    pages: dict[str, PageWords]  # PAGE_KEYS -> words
    term_page_description: str  # with "{name}" for the term's name
    term_feed_description: str
    partner_groups: dict[str, str]  # PARTNER_GROUPS -> title
    partner_orders: dict[str, str]  # PARTNER_ORDERS -> the label of the order, and the heading of its page
    graphics: dict[str, str]  # GRAPHICS -> the title of the drawing
    navigation: dict[str, str]  # NAVIGATION -> label

    def term_page(self, name: str) -> str:
        return self.term_page_description.replace("{name}", name)

    def term_feed(self, name: str) -> str:
        return self.term_feed_description.replace("{name}", name)


def _keys(path: Path, data: dict, keys: tuple[str, ...], where: str, optional: tuple[str, ...] = ()) -> None:
    """``data`` has every key of ``keys`` but ``optional`` ones, and no other."""
    unknown = sorted(set(data) - set(keys), key=str)
    if unknown:
        raise ContentError(path, f"{where}: unknown key {unknown[0]!r} (known: {', '.join(keys)})")
    missing = [key for key in keys if key not in data and key not in optional]
    if missing:
        raise ContentError(path, f"{where}: {missing[0]} is missing")


def _words(path: Path, data: dict, keys: tuple[str, ...], where: str, optional: tuple[str, ...] = ()) -> dict[str, str]:
    """The text values of ``keys`` in ``data``, each folded to single spaces."""
    _keys(path, data, keys, where, optional)
    found: dict[str, str] = {}
    for key in keys:
        value = data.get(key, "")
        if not isinstance(value, str) or not (value.strip() or key in optional):
            raise ContentError(path, f"{where}: {key} must be some text")
        found[key] = " ".join(value.split())
    return found


def _mapping(path: Path, data: dict, key: str, where: str) -> dict:
    return expect_mapping(path, data[key], f"{where}: {key}" if where else key)


def load_editorial(content_dir: Path) -> Editorial:
    """content/editorial.yaml, checked; ContentError if it is missing or anything in it is wrong."""
    path = content_dir / EDITORIAL_FILE
    if not path.is_file():
        raise ContentError(path, "file missing (the headings and descriptions of the site's pages)")
    data = expect_mapping(path, load_yaml(path, {}))
    _keys(path, data, SECTIONS, "the file")
    kinds_data = _mapping(path, data, "kinds", "")
    _keys(path, kinds_data, paths.TAXONOMY_KINDS, "kinds")
    kinds = {}
    for key in paths.TAXONOMY_KINDS:
        words = _words(path, _mapping(path, kinds_data, key, "kinds"), ("title", "singular", "intro"), f"kinds: {key}")
        kinds[key] = TaxonomyKind(key, words["title"], words["singular"], words["intro"])
    pages_data = _mapping(path, data, "pages", "")
    _keys(path, pages_data, PAGE_KEYS, "pages")
    pages = {}
    for key in PAGE_KEYS:
        words = _words(path, _mapping(path, pages_data, key, "pages"), ("heading", "description"), f"pages: {key}",
                       optional=("description",))
        pages[key] = PageWords(words["heading"], words["description"])
    terms = _words(path, _mapping(path, data, "terms", ""), TERM_WORDING, "terms")
    return Editorial(kinds=kinds, pages=pages, term_page_description=terms["page_description"],
                     term_feed_description=terms["feed_description"],
                     partner_groups=_words(path, _mapping(path, data, "partner_groups", ""), PARTNER_GROUPS,
                                           "partner_groups"),
                     partner_orders=_words(path, _mapping(path, data, "partner_orders", ""), PARTNER_ORDERS,
                                           "partner_orders"),
                     graphics=_words(path, _mapping(path, data, "graphics", ""), GRAPHICS, "graphics"),
                     navigation=_words(path, _mapping(path, data, "navigation", ""), NAVIGATION, "navigation"))
