"""The partner network: which partner organisations work with Ukraine in which
categories, and which countries they belong to, drawn at build time as inline
SVG (no JavaScript), with the same data as a table.

Three columns: categories on the left, partners in the middle, countries on the
right. A line joins a partner to each category of its entries (the thicker, the
more entries) and to its country. Circles are sized by number of entries, each
column on its own scale. Every circle is a link to its term page.

The layout is deterministic: partners are grouped by country (countries by
name; Ukraine and partners of no known country last) and ordered by number of
entries, then name; a category sits at the weighted mean height of its
partners, a country at the mean height of its own, pushed apart where they
would overlap. Same data, same drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Callable

from markupsafe import Markup

from coprod.site.graphics.chart import FALLBACK_FILLS, PALETTE_SIZE

WIDTH = 1000
TOP, BOTTOM = 48, 20
CATEGORY_X, PARTNER_X, LEADER_END_X, COUNTRY_X = 210, 470, 720, 800
ROW = 30  # height of one partner row
CATEGORY_GAP, COUNTRY_GAP = 44, 40  # least distance between two circles of a side column
PARTNER_RADIUS = (4.0, 11.0)  # smallest and largest circle of a column
SIDE_RADIUS = (5.0, 17.0)
PARTNER_LABEL_CHARS, COUNTRY_LABEL_CHARS, CATEGORY_LABEL_CHARS = 32, 22, 24


@dataclass(frozen=True)
class Node:
    """Something with a term page: a partner, a country or a category."""

    key: str  # its slug
    name: str
    path: str  # site path of its term page
    count: int  # its entries
    colour: int = 0  # categories: index into the chart palette


@dataclass(frozen=True)
class Group:
    """The country a set of partners belongs to: ``node`` when it has a page (a partner
    country), else only a ``label`` ("Ukraine", "Country not known")."""

    label: str
    node: Node | None


@dataclass(frozen=True)
class PartnerLinks:
    """One partner with its country group and its categories: (category node, entries) pairs."""

    partner: Node
    group: Group
    categories: tuple[tuple[Node, int], ...]

@dataclass(frozen=True)
class Network:
    partners: tuple[PartnerLinks, ...]  # in drawing order: by group, then most entries, then name
    groups: tuple[Group, ...]  # in drawing order
    categories: tuple[Node, ...]  # the categories with at least one partner, in drawing order

    @property
    def countries(self) -> tuple[Node, ...]:
        return tuple(g.node for g in self.groups if g.node is not None)


NO_COUNTRY = "Country not known"


def build_network(partners: list[PartnerLinks], home_country: str = "Ukraine") -> Network:
    """Order the partners, groups and categories for drawing (see the module docstring)."""

    def group_key(group: Group) -> tuple:
        rank = 2 if group.label == NO_COUNTRY else 1 if group.node is None and group.label == home_country else 0
        return (rank, group.node is None, group.label.casefold(), group.label)

    groups = sorted({p.group for p in partners}, key=group_key)
    order = {g: i for i, g in enumerate(groups)}
    ordered = tuple(sorted(partners, key=lambda p: (order[p.group], -p.partner.count, p.partner.name.casefold(),
                                                    p.partner.name)))
    # a category's place: the weighted mean row of its partners (ties: vocabulary order, its palette index)
    rows: dict[Node, list[float]] = {}
    for row, links in enumerate(ordered):
        for category, count in links.categories:
            rows.setdefault(category, [0.0, 0.0])
            rows[category][0] += row * count
            rows[category][1] += count
    categories = tuple(sorted(rows, key=lambda c: (rows[c][0] / rows[c][1], c.colour, c.key)))
    return Network(partners=ordered, groups=tuple(groups), categories=categories)


# ---------------------------------------------------------------- drawing


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _radius(count: int, largest: int, bounds: tuple[float, float]) -> float:
    low, high = bounds
    return low + (high - low) * math.sqrt(count / largest) if largest > 0 else low


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near ``wanted`` (ascending) as possible, at least ``gap`` apart, within [low, high]."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, low, placed[-1] + gap if placed else low))
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:  # pushed past the bottom: pull back up, keeping the gaps
        placed[-1] -= overflow
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    return placed


def entries_word(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def describe(network: Network) -> str:
    if not network.partners:
        return "No partner organisation is named in the entries yet, so the network is empty."
    n_partners, n_categories, n_countries = len(network.partners), len(network.categories), len(network.countries)
    return (f"Network diagram of {n_partners} partner {'organisation' if n_partners == 1 else 'organisations'} "
            f"(middle column, grouped by country), linked on the left to the {n_categories} "
            f"{'category' if n_categories == 1 else 'categories'} of their entries and on the right to the "
            f"{n_countries} partner {'country' if n_countries == 1 else 'countries'} they belong to. Circles are "
            "sized by number of entries; thicker lines mean more entries. The same data is in the table below.")


def layout_height(network: Network) -> float:
    rows = len(network.partners) * ROW
    sides = max(len(network.categories) * CATEGORY_GAP, len(network.groups) * COUNTRY_GAP)
    return TOP + max(rows, sides, ROW) + BOTTOM


def render_svg(network: Network, title: str, url: Callable[[str], str], id_prefix: str = "network") -> Markup:
    """The network as inline <svg>: labelled by its <title> and <desc>, every circle a link.

    The <svg> is a group (role="group"), not an image, so that its links stay reachable
    by keyboard and screen reader; the table beside it carries the same data.
    """
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    height = layout_height(network)
    inner_top, inner_bottom = TOP, height - BOTTOM
    parts = [
        f'<svg class="network" viewBox="0 0 {WIDTH} {_num(height)}" role="group" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(network))}</desc>',
    ]
    if not network.partners:
        parts.append("</svg>")
        return Markup("".join(parts))

    # partners: evenly spread rows
    step = (inner_bottom - inner_top) / len(network.partners)
    partner_y = {links.partner: inner_top + (i + 0.5) * step for i, links in enumerate(network.partners)}
    largest_partner = max(p.partner.count for p in network.partners)
    partner_r = {p.partner: _radius(p.partner.count, largest_partner, PARTNER_RADIUS) for p in network.partners}

    # categories: at the weighted mean height of their partners, pushed apart
    weights: dict[Node, list[float]] = {}
    for links in network.partners:
        for category, count in links.categories:
            total = weights.setdefault(category, [0.0, 0.0])
            total[0] += partner_y[links.partner] * count
            total[1] += count
    wanted = [weights[c][0] / weights[c][1] for c in network.categories]
    category_y = dict(zip(network.categories, _spread(wanted, CATEGORY_GAP, inner_top + SIDE_RADIUS[1],
                                                      inner_bottom - SIDE_RADIUS[1])))
    largest_category = max(c.count for c in network.categories) if network.categories else 0
    category_r = {c: _radius(c.count, largest_category, SIDE_RADIUS) for c in network.categories}

    # country groups: at the mean height of their partners, pushed apart
    members: dict[Group, list[float]] = {}
    for links in network.partners:
        members.setdefault(links.group, []).append(partner_y[links.partner])
    group_y = dict(zip(network.groups, _spread([sum(v) / len(v) for v in (members[g] for g in network.groups)],
                                               COUNTRY_GAP, inner_top + SIDE_RADIUS[1],
                                               inner_bottom - SIDE_RADIUS[1])))
    largest_country = max((c.count for c in network.countries), default=0)
    country_r = {g: _radius(g.node.count, largest_country, SIDE_RADIUS) for g in network.groups if g.node}

    parts.append(f'<g class="network-heads" font-size="13" font-weight="600" fill="currentColor">'
                 f'<text x="{CATEGORY_X}" y="22" text-anchor="middle">Categories</text>'
                 f'<text x="{PARTNER_X}" y="22" text-anchor="start">Partners</text>'
                 f'<text x="{COUNTRY_X}" y="22" text-anchor="start">Countries</text></g>')

    # lines first, so that circles and labels sit on top
    parts.append('<g class="network-edges" fill="none">')
    for links in network.partners:
        y, r = partner_y[links.partner], partner_r[links.partner]
        for category, count in links.categories:
            cy = category_y[category]
            x0, x1 = CATEGORY_X + category_r[category], PARTNER_X - r
            middle = (x0 + x1) / 2
            width = min(1.5 + 1.5 * (count - 1), 8)
            parts.append(f'<path class="e{category.colour % PALETTE_SIZE}" d="M{_num(x0)} {_num(cy)} '
                         f'C{_num(middle)} {_num(cy)} {_num(middle)} {_num(y)} {_num(x1)} {_num(y)}" '
                         f'stroke="{FALLBACK_FILLS[category.colour % PALETTE_SIZE]}" stroke-width="{_num(width)}">'
                         f"<title>{escape(f'{links.partner.name}, {category.name}: {entries_word(count)}')}</title>"
                         "</path>")
    for links in network.partners:
        y, group = partner_y[links.partner], links.group
        gy = group_y[group]
        x1 = COUNTRY_X - (country_r[group] if group in country_r else 4)
        middle = (LEADER_END_X + x1) / 2
        dashed = "" if group.node else ' stroke-dasharray="3 3"'
        parts.append(f'<path class="network-leader" d="M{_num(PARTNER_X + partner_r[links.partner])} {_num(y)} '
                     f'H{LEADER_END_X} C{_num(middle)} {_num(y)} {_num(middle)} {_num(gy)} {_num(x1)} {_num(gy)}" '
                     f'stroke="currentColor" stroke-width="1"{dashed}/>')
    parts.append("</g>")

    def node(item: Node, x: float, y: float, r: float, css: str, label: str, anchor: str, tooltip: str,
             fill: str, circle: str) -> str:
        lx = x - r - 7 if anchor == "end" else x + r + 7
        return (f'<a class="network-node {css}" href="{escape(url(item.path))}" aria-label="{escape(tooltip)}">'
                f"<title>{escape(tooltip)}</title>"
                f'<circle class="{circle}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{fill}"/>'
                f'<text x="{_num(lx)}" y="{_num(y + 4.5)}" text-anchor="{anchor}">{escape(label)}</text></a>')

    parts.append('<g class="network-nodes" font-size="13" fill="currentColor">')
    for category in network.categories:
        colour = category.colour % PALETTE_SIZE
        parts.append(node(category, CATEGORY_X, category_y[category], category_r[category], "category",
                          _short(category.name, CATEGORY_LABEL_CHARS), "end",
                          f"{category.name} (category): {entries_word(category.count)}", FALLBACK_FILLS[colour],
                          f"s{colour}"))
    for links in network.partners:
        partner = links.partner
        tooltip = f"{partner.name} ({links.group.label}): {entries_word(partner.count)}"
        parts.append(node(partner, PARTNER_X, partner_y[partner], partner_r[partner], "partner",
                          _short(partner.name, PARTNER_LABEL_CHARS), "start", tooltip, "#4a5360", "n-partner"))
    for group in network.groups:
        gy = group_y[group]
        if group.node is None:
            parts.append(f'<text class="network-group" x="{COUNTRY_X}" y="{_num(gy + 4.5)}" font-style="italic">'
                         f"{escape(_short(group.label, COUNTRY_LABEL_CHARS))}</text>")
            continue
        country = group.node
        parts.append(node(country, COUNTRY_X, gy, country_r[group], "country",
                          _short(country.name, COUNTRY_LABEL_CHARS), "start",
                          f"{country.name} (country): {entries_word(country.count)}", "#0b57a4", "n-country"))
    parts.append("</g></svg>")
    return Markup("".join(parts))
