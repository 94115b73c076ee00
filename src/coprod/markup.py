"""Markdown to HTML: entry bodies (untrusted) and content pages (the editors').

An entry body arrives already inert (extract.to_markdown entity-escapes HTML and
backslash-escapes Markdown syntax). It is rendered with ``markdown`` and then
passed through an allow-list: only plain text-structure elements survive, with no
attributes at all, and every piece of text is escaped again on the way out. So
even a body that was not made inert cannot bring markup, links or scripts in.

Bodies are the bulk of a build's rendering, so render_body takes two shortcuts
that leave its output byte for byte as it was: one converter per thread, reset
between bodies (building one costs more than converting a body), and a fragment
made only of markdown's plain tags skips the HTML parser (tests/test_markup.py
holds both to the stock result).
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from markupsafe import Markup

from .errors import ContentError
from .site_paths import RESERVED_TOP_LEVEL
from .taxonomy import safe_slug

# Elements an entry body may contain; h1 is reserved for the page title.
BODY_TAGS = frozenset({"p", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote", "br", "hr",
                       "h2", "h3", "h4", "h5", "h6"})
VOID_TAGS = frozenset({"br", "hr"})
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript", "textarea", "title"})


class _AllowList(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_WITH_CONTENT:
            self.dropping += 1
        elif not self.dropping:
            tag = "h2" if tag == "h1" else tag
            if tag in BODY_TAGS:
                self.out.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        if not self.dropping and tag in VOID_TAGS:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in DROP_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
        elif not self.dropping:
            tag = "h2" if tag == "h1" else tag
            if tag in BODY_TAGS and tag not in VOID_TAGS:
                self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))


# The tags `markdown` writes for plain text structure, exactly as it writes them: no attributes, lower case.
# A fragment made only of these and of text without "<" reads the same to _AllowList as to
# _allow_list_simple (below); anything else (raw HTML, comments, attributes, "</br>") goes to the parser.
_SIMPLE_TAG = re.compile("<(/?)(" + "|".join(sorted(BODY_TAGS | {"h1"}, key=lambda t: (-len(t), t))) + ")>")


def _allow_list_simple(fragment: str) -> str | None:
    """allow_list() of a fragment made only of BODY_TAGS (and h1) tags and text; None for anything else.

    What _AllowList does with such a fragment: each text run (everything between two
    tags, since it holds no "<") reaches handle_data whole, with character references
    converted by html.unescape (convert_charrefs), and is escaped again; a start tag is
    kept (h1 as h2); an end tag is kept unless it closes a void element.
    """
    parts = _SIMPLE_TAG.split(fragment)  # text, slash, name, text, slash, name, ..., text
    out = []
    for i in range(0, len(parts), 3):
        text = parts[i]
        if "<" in text:
            return None
        if text:
            out.append(html.escape(html.unescape(text), quote=False))
        if i + 1 < len(parts):
            slash, tag = parts[i + 1], parts[i + 2]
            if tag == "h1":
                tag = "h2"
            if not slash:
                out.append(f"<{tag}>")
            elif tag in VOID_TAGS:
                return None  # "</br>": leave such oddities to the parser
            else:
                out.append(f"</{tag}>")
    return "".join(out)


def allow_list(fragment: str) -> str:
    """``fragment`` with every element outside BODY_TAGS removed and every attribute dropped."""
    simple = _allow_list_simple(fragment)
    if simple is not None:
        return simple
    parser = _AllowList()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


class _BodyRenderer(threading.local):
    """One Markdown converter per thread, reset before every body (building one costs more than a body).

    ``Markdown.reset()`` clears everything a conversion leaves behind (stashed HTML,
    link references, emphasis state); a conversion that raised may leave the block
    parser mid-state, so its converter is dropped and the next body gets a new one.
    """

    md: markdown.Markdown | None = None

    def convert(self, body: str) -> str:
        md = self.md
        if md is None:
            md = markdown.Markdown(output_format="html")
        self.md = None
        html_out = md.reset().convert(body)
        self.md = md
        return html_out


_body_renderer = _BodyRenderer()


def render_body(body: str) -> Markup:
    """An entry's Markdown body as safe HTML."""
    rendered = _body_renderer.convert(body)
    return Markup(allow_list(rendered).strip())


@dataclass(frozen=True)
class ContentPage:
    """A page written by the editors: content/pages/<slug>.md."""

    slug: str
    title: str
    description: str
    order: int
    html: Markup


DEFAULT_ORDER = 100
MAX_ORDER = 1_000_000  # front matter `order:` bounds; beyond them a number is a typo
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
H1_LINE = re.compile(r"\A#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def load_content_page(path: Path) -> ContentPage:
    """One Markdown page. Its title is `title:` in a leading `---` block or its first `# ` line.

    Editors are trusted: the Markdown may contain links and HTML. Headings inside
    the page start at `##`; any other `#` heading is shown as `##` so the page
    keeps a single h1 (its title).
    """
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, f"cannot be read: {exc}") from None
    meta = {}
    match = FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise ContentError(path, f"front matter is not valid YAML: {exc}") from None
        if not isinstance(meta, dict):
            raise ContentError(path, "front matter must be key: value lines")
        text = text[match.end():]
    text = text.lstrip("\n")
    title = meta.get("title")
    heading = H1_LINE.match(text)
    if heading:
        title = title or heading.group(1)
        text = text[heading.end():]
    if not title or not str(title).strip():
        raise ContentError(path, "no title: start the page with '# Title' or a 'title:' front matter line")
    order = meta.get("order", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, int) or abs(order) > MAX_ORDER:
        raise ContentError(path, f"order: must be a whole number from {-MAX_ORDER} to {MAX_ORDER}, got {order!r}")
    rendered = markdown.markdown(text, output_format="html")
    rendered = re.sub(r"<(/?)h1\b", r"<\1h2", rendered)
    return ContentPage(
        slug=path.stem,
        title=" ".join(str(title).split()),
        description=" ".join(str(meta.get("description") or "").split()),
        order=order,
        html=Markup(rendered.strip()),
    )


def load_pages(content_dir: Path) -> tuple[ContentPage, ...]:
    """content/pages/*.md, in navigation order (``order:`` in the front matter, then title)."""
    folder = content_dir / "pages"
    pages = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            if path.name.startswith("."):
                continue
            if safe_slug(path.stem) != path.stem:
                raise ContentError(path, "a page's file name is its URL: use lower-case letters, digits and '-'")
            if path.stem in RESERVED_TOP_LEVEL:
                raise ContentError(path, f"{path.stem!r} is taken by the site itself; rename the page")
            pages.append(load_content_page(path))
    return tuple(sorted(pages, key=lambda p: (p.order, p.title.casefold(), p.slug)))
