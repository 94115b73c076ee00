"""Markdown to HTML: entry bodies (untrusted) and content pages (the editors').

An entry body arrives already inert (extract.to_markdown entity-escapes HTML and
backslash-escapes Markdown syntax). It is rendered with ``markdown`` and then
passed through an allow-list: only plain text-structure elements survive, with no
attributes at all, and every piece of text is escaped again on the way out. So
even a body that was not made inert cannot bring markup, links or scripts in.
"""

from __future__ import annotations

import html
import re
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


def allow_list(fragment: str) -> str:
    """``fragment`` with every element outside BODY_TAGS removed and every attribute dropped."""
    parser = _AllowList()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def render_body(body: str) -> Markup:
    """An entry's Markdown body as safe HTML."""
    rendered = markdown.markdown(body, output_format="html")
    return Markup(allow_list(rendered).strip())


@dataclass(frozen=True)
class ContentPage:
    """A page written by the editors: content/pages/<slug>.md."""

    slug: str
    title: str
    description: str
    order: int
    html: Markup


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
    try:
        order = int(meta.get("order", 100))
    except (TypeError, ValueError):
        raise ContentError(path, "order must be a whole number") from None
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
