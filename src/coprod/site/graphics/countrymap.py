"""The country grid: partner countries at a glance, drawn at build time as inline
SVG. Europe is a tile grid (one square per country, placed roughly where the
country lies); partner countries outside it follow in a row of their own. A
tile's colour says how many entries name the country (``Scale``); every
partner country's tile is a link to its page. Ukraine is marked; countries with
no entry are drawn blank for orientation and link nowhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Callable

from markupsafe import Markup

# (column, row) of each tile: Europe as a grid, north at the top.
EUROPE: dict[str, tuple[int, int]] = {
    "IS": (0, 0), "NO": (4, 0), "SE": (5, 0), "FI": (6, 0),
    "IE": (1, 1), "GB": (2, 1), "DK": (4, 1), "EE": (6, 1),
    "NL": (3, 2), "DE": (4, 2), "PL": (5, 2), "LV": (6, 2), "RU": (7, 2),
    "BE": (2, 3), "LU": (3, 3), "CZ": (4, 3), "SK": (5, 3), "LT": (6, 3), "BY": (7, 3),
    "FR": (2, 4), "CH": (3, 4), "AT": (4, 4), "HU": (5, 4), "RO": (6, 4), "UA": (7, 4),
    "PT": (0, 5), "ES": (1, 5), "IT": (3, 5), "SI": (4, 5), "HR": (5, 5), "RS": (6, 5), "MD": (7, 5),
    "GE": (8, 5),
    "MT": (3, 6), "BA": (4, 6), "ME": (5, 6), "MK": (6, 6), "BG": (7, 6), "AM": (8, 6), "AZ": (9, 6),
    "AL": (5, 7), "GR": (6, 7), "TR": (7, 7), "CY": (8, 7),
}
HOME = "UA"
TILE, GAP, MARGIN = 46, 4, 2
COLUMNS = 10
BEYOND_LABEL_HEIGHT = 30
NICE = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
LEVELS = 5
# fills without the stylesheet (the stylesheet sets them per colour scheme): blank, then light to dark
FALLBACK_FILLS = ("#f6f7f9", "#c4daf2", "#92bbe7", "#5d9ad8", "#2a6cb8", "#0d3f7f")
HOME_FILL, HOME_STROKE = "#ffd700", "#0057b7"
DARK_FROM = 4  # from this level on, a tile's text is light (the stylesheet decides per colour scheme)


@dataclass(frozen=True)
class Tile:
    code: str  # ISO 3166-1 alpha-2
    name: str
    count: int  # entries naming the country
    path: str | None  # site path of its page; None for a country with no entry
    column: int
    row: int
    level: int  # colour class 0 (no entry) .. LEVELS


@dataclass(frozen=True)
class Band:
    """One colour of the scale: counts from ``low`` to ``high``."""

    level: int
    low: int
    high: int

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Grid:
    tiles: tuple[Tile, ...]  # Europe's, then those beyond it
    scale: tuple[Band, ...]  # the colours in use, fewest entries first
    beyond_row: int | None  # the row of the countries outside Europe, if any

    @property
    def rows(self) -> int:
        return max((t.row for t in self.tiles), default=-1) + 1

    @property
    def partner_tiles(self) -> tuple[Tile, ...]:
        return tuple(t for t in self.tiles if t.path)


def scale_for(largest: int) -> tuple[Band, ...]:
    """At most LEVELS bands from 1 to ``largest``, with round lower bounds spaced evenly on a log scale."""
    if largest < 1:
        return ()
    lows = [1]
    for k in range(1, LEVELS):
        target = largest ** (k / LEVELS)
        nearest = min((n for n in NICE if n <= largest), key=lambda n: (abs(math.log(n / target)), n))
        if nearest > lows[-1]:
            lows.append(nearest)
    # fewer bands than colours: spread them over the colours, so that few entries still show a difference
    n = len(lows)
    levels = [1 + round(i * (LEVELS - 1) / (n - 1)) for i in range(n)] if n > 1 else [(LEVELS + 1) // 2]
    return tuple(Band(levels[i], low, lows[i + 1] - 1 if i + 1 < n else largest) for i, low in enumerate(lows))


def level_of(count: int, scale: tuple[Band, ...]) -> int:
    """The colour of a count: the level of the last band it reaches, 0 for none."""
    level = 0
    for band in scale:
        if count >= band.low:
            level = band.level
    return level


def build_grid(countries: list[tuple[str, str, int, str]], names: dict[str, str]) -> Grid:
    """``countries``: (code, name, entries, page path) of every partner country with entries;
    ``names``: the names of Europe's countries by code (for the blank tiles)."""
    largest = max((count for _, _, count, _ in countries), default=0)
    scale = scale_for(largest)
    by_code = {code: (name, count, path) for code, name, count, path in countries}
    tiles = []
    for code, (column, row) in EUROPE.items():
        name, count, path = by_code.get(code, (names.get(code, code), 0, None))
        tiles.append(Tile(code, name, count, path, column, row, level_of(count, scale)))
    beyond = sorted((c for c in countries if c[0] not in EUROPE), key=lambda c: (c[1].casefold(), c[0]))
    europe_rows = max(row for _, row in EUROPE.values()) + 1
    beyond_row = europe_rows if beyond else None
    for index, (code, name, count, path) in enumerate(beyond):
        row, column = divmod(index, COLUMNS)
        tiles.append(Tile(code, name, count, path, column, europe_rows + row, level_of(count, scale)))
    tiles.sort(key=lambda t: (t.row, t.column))
    return Grid(tiles=tuple(tiles), scale=scale, beyond_row=beyond_row)


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def describe(grid: Grid) -> str:
    partners = grid.partner_tiles
    if not partners:
        return "No partner country is named in the entries yet."
    busiest = max(partners, key=lambda t: (t.count, -ord(t.code[0]), -ord(t.code[1])))
    outside = sum(1 for t in partners if t.code not in EUROPE)
    text = (f"Tile map of Europe, one square per country, coloured by the number of entries naming it: "
            f"{len(partners)} partner {'country' if len(partners) == 1 else 'countries'}, the most often named "
            f"{busiest.name} ({_entries(busiest.count)}).")
    if outside:
        text += f" {outside} partner {'country lies' if outside == 1 else 'countries lie'} beyond Europe, in the " \
                "row below the map."
    return text + " The same numbers are in the table below."


def _y(grid: Grid, row: int) -> int:
    extra = BEYOND_LABEL_HEIGHT if grid.beyond_row is not None and row >= grid.beyond_row else 0
    return MARGIN + row * (TILE + GAP) + extra


def render_svg(grid: Grid, title: str, url: Callable[[str], str], id_prefix: str = "country-grid") -> Markup:
    """The grid as inline <svg> (a group labelled by <title> and <desc>; partner tiles are links)."""
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    width = MARGIN * 2 + COLUMNS * (TILE + GAP) - GAP
    height = _y(grid, grid.rows) - GAP + MARGIN if grid.rows else 2 * MARGIN
    parts = [
        f'<svg class="country-grid" viewBox="0 0 {width} {height}" role="group" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(grid))}</desc>',
    ]
    if grid.beyond_row is not None:
        y = _y(grid, grid.beyond_row) - 10
        parts.append(f'<text class="grid-caption" x="{MARGIN}" y="{y}" font-size="13" fill="currentColor">'
                     "Beyond Europe</text>")
    for tile in grid.tiles:
        x, y = MARGIN + tile.column * (TILE + GAP), _y(grid, tile.row)
        home = tile.code == HOME
        if home:
            rect = f'class="tile home" fill="{HOME_FILL}" stroke="{HOME_STROKE}" stroke-width="2"'
            ink = "tile-text"
        else:
            rect = f'class="tile q{tile.level}" fill="{FALLBACK_FILLS[tile.level]}"'
            ink = "tile-text light" if tile.level >= DARK_FROM else "tile-text"
        colour = "#ffffff" if ink.endswith("light") else "#1a1d21"
        shape = (f'<rect {rect} x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="4"/>'
                 f'<text class="{ink}" x="{x + TILE / 2:g}" y="{y + (20 if tile.path else 28)}" fill="{colour}" '
                 f'text-anchor="middle" font-size="14" font-weight="600">{escape(tile.code)}</text>')
        if tile.path:
            label = f"{tile.name}: {_entries(tile.count)}"
            shape += (f'<text class="{ink}" x="{x + TILE / 2:g}" y="{y + 37}" fill="{colour}" text-anchor="middle" '
                      f'font-size="12">{tile.count}</text>')
            parts.append(f'<a class="tile-link" href="{escape(url(tile.path))}" aria-label="{escape(label)}">'
                         f"<title>{escape(label)}</title>{shape}</a>")
        else:
            note = "Ukraine" if home else f"{tile.name}: no entry"
            parts.append(f'<g class="tile-blank" aria-hidden="true"><title>{escape(note)}</title>{shape}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
