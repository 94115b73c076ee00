"""Entry bodies (untrusted) and content pages (the editors') as HTML.

An entry body is plain text in the shape extract.to_markdown writes: paragraphs
separated by blank lines, runs of "- " items, every HTML character entity-escaped
and every Markdown character backslash-escaped. render_body reads exactly that
shape back, block by block, and escapes every piece of text on the way out; nothing
in a body can become markup, a link or a script, and the cost is linear in its
length. (Python-Markdown took quadratic time on crafted text: runs of "&#x", "_a_",
"\\" or "[a](" in one paragraph cost minutes.)

Content pages are the editors' own Markdown, rendered with ``markdown``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from markupsafe import Markup

from coprod.core.errors import ContentError
from coprod.site.site_paths import RESERVED_TOP_LEVEL
from coprod.extract.taxonomy import safe_slug
from coprod.core.userfiles import folder_files
from coprod.core.frontmatter import Unusable, split_front_matter
from coprod.core.schema import Anything, Schema, Text
from coprod.core.yamlfile import yaml_problem

_BACKSLASH_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ENTITY = re.compile("&(amp|lt|gt);")
_ENTITY_CHARS = {"amp": "&", "lt": "<", "gt": ">"}
LIST_ITEM = "- "


def _body_text(escaped: str) -> str:
    """A piece of body text as HTML: to_markdown's escapes undone, then HTML-escaped again."""
    text = _BACKSLASH_ESCAPE.sub(r"\1", escaped)
    text = _ENTITY.sub(lambda m: _ENTITY_CHARS[m.group(1)], text)
    return html.escape(text, quote=False)


def render_body(body: str) -> Markup:
    """An entry's body as safe HTML: a <p> per paragraph, a <ul> per run of "- " lines."""
    blocks = []
    for block in body.split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(LIST_ITEM) for line in lines):
            items = "\n".join(f"<li>{_body_text(line[len(LIST_ITEM):].strip())}</li>" for line in lines)
            blocks.append(f"<ul>\n{items}\n</ul>")
        else:
            paragraph = "\n".join(lines)
            blocks.append(f"<p>{_body_text(paragraph)}</p>")
    return Markup("\n".join(blocks))


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
# A page's front matter; `order` places it in the navigation, lowest first.
FRONT_MATTER = Schema({"title": Text(), "description": Text(), "order": Anything(DEFAULT_ORDER)})
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
    lines = text.split("\n")
    block = split_front_matter(lines, max_bytes=len(text))
    if block.unusable is Unusable.NOT_YAML:
        raise ContentError(path, f"front matter: {yaml_problem(block.yaml_error)}")
    if block.unusable is Unusable.NOT_MAPPING:
        raise ContentError(path, "front matter must be key: value lines")
    meta = FRONT_MATTER.check(path, dict(block.data), "front matter: ")
    text = "\n".join(lines[block.lines_used:]).lstrip("\n")
    title = meta["title"]
    heading = H1_LINE.match(text)
    if heading:
        title = title or heading.group(1)
        text = text[heading.end():]
    if not title or not str(title).strip():
        raise ContentError(path, "no title: start the page with '# Title' or a 'title:' front matter line")
    order = meta["order"]
    if isinstance(order, bool) or not isinstance(order, int) or abs(order) > MAX_ORDER:
        raise ContentError(path, f"order: must be a whole number from {-MAX_ORDER} to {MAX_ORDER}, got {order!r}")
    rendered = markdown.markdown(text, output_format="html")
    rendered = re.sub(r"<(/?)h1\b", r"<\1h2", rendered)
    return ContentPage(
        slug=path.stem,
        title=" ".join(str(title).split()),
        description=" ".join(meta["description"].split()),
        order=order,
        html=Markup(rendered.strip()),
    )


def load_pages(content_dir: Path) -> tuple[ContentPage, ...]:
    """content/pages/*.md, in navigation order (``order:`` in the front matter, then title)."""
    paths, problems = folder_files(content_dir / "pages", (".md",))
    if problems:  # a link could publish any file of the machine as a page
        raise ContentError(problems[0].file, problems[0].message)
    pages = []
    for path in paths:
        if safe_slug(path.stem) != path.stem:
            raise ContentError(path, "a page's file name is its URL: use lower-case letters, digits and '-'")
        if path.stem in RESERVED_TOP_LEVEL:
            raise ContentError(path, f"{path.stem!r} is taken by the site itself; rename the page")
        pages.append(load_content_page(path))
    return tuple(sorted(pages, key=lambda p: (p.order, p.title.casefold(), p.slug)))
