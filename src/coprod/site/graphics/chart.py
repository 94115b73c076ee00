"""The timeline chart: entries per month stacked by category, drawn at build time
as inline SVG (no JavaScript), with the same numbers available as a table.

An entry with several categories counts once in each of them, so a month's
stack can be taller than its number of entries; the table gives both. Only
entries dated to the month or the day are placed; entries dated only to the
year, and undated ones, are counted in ``Chart.left_out``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Literal

from babel import Locale
from babel.dates import get_month_names
from markupsafe import Markup

from coprod.core.records import Entry
from coprod.extract.taxonomy import Term

UNCATEGORISED = Term(slug="uncategorised", name="No category", description="", cues=())
PALETTE_SIZE = 12  # colours s0..s11, defined in the stylesheet (light and dark); FALLBACK_FILLS without CSS
FALLBACK_FILLS = ("#1f77b4", "#d95f02", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                  "#bcbd22", "#17becf", "#1b3a6b", "#a6761d")

WIDTH, HEIGHT = 800, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 16, 48


@cache
def _month_names(language: str, width: Literal["wide", "narrow"],
                 context: Literal["format", "stand-alone"]) -> dict[int, str]:
    return dict(get_month_names(width, context, Locale.parse(language.replace("-", "_"))))


def month_name(month: int, language: str, after_day: bool = False) -> str:
    """The name of ``month`` (1 to 12) in ``language`` (Settings.language), from Babel's CLDR
    data: as it stands alone ("March 2024"), or after a day ("5 March 2024"), which some
    languages inflect ("березень", "5 березня")."""
    return _month_names(language, "wide", "format" if after_day else "stand-alone")[month]


def month_initial(month: int, language: str) -> str:
    """The shortest name of ``month`` ("M" for March), for the chart's axis."""
    return _month_names(language, "narrow", "stand-alone")[month]


@dataclass(frozen=True)
class Series:
    slug: str
    name: str
    colour: int  # index into the palette


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    name: str  # the month's name in the site's language
    initial: str  # and its shortest form, under its bar
    entries: int  # entries dated in this month
    counts: tuple[int, ...]  # per series, in Chart.series order

    @property
    def label(self) -> str:
        return f"{self.name} {self.year}"

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def stacked(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Chart:
    series: tuple[Series, ...]  # only categories that occur, in vocabulary order
    months: tuple[Month, ...]  # every month from the first to the last, empty ones included
    left_out: int  # entries dated only to the year, or undated

    @property
    def rows(self) -> tuple[Month, ...]:
        """The months that have entries: the rows of the data table."""
        return tuple(m for m in self.months if m.entries)

    @property
    def placed(self) -> int:
        return sum(m.entries for m in self.months)


def build_chart(entries: list[Entry], categories: tuple[Term, ...], language: str = "en") -> Chart:
    vocabulary = list(categories) + [UNCATEGORISED]
    placed = [(e, value) for e in entries if (value := e.date.value) is not None and e.date.precision in ("day", "month")]
    per_month: dict[tuple[int, int], list[Entry]] = {}
    for entry, value in placed:
        per_month.setdefault((value.year, value.month), []).append(entry)

    def slugs_of(entry: Entry) -> tuple[str, ...]:
        return entry.categories or (UNCATEGORISED.slug,)

    used = {slug for e, _ in placed for slug in slugs_of(e)}
    series = tuple(Series(t.slug, t.name, i % PALETTE_SIZE) for i, t in enumerate(vocabulary) if t.slug in used)
    months = []
    if per_month:
        (year, month), last = min(per_month), max(per_month)
        while (year, month) <= last:
            group = per_month.get((year, month), [])
            counts = tuple(sum(s.slug in slugs_of(e) for e in group) for s in series)
            months.append(Month(year, month, month_name(month, language), month_initial(month, language),
                                len(group), counts))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Chart(series=series, months=tuple(months), left_out=len(entries) - len(placed))


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tick_step(top: int) -> int:
    """A step of 1, 2 or 5 times a power of ten that gives at most five ticks."""
    for magnitude in (10 ** k for k in range(0, 9)):
        for base in (1, 2, 5):
            if top / (base * magnitude) <= 5:
                return base * magnitude
    return 10 ** 9


def describe(chart: Chart) -> str:
    """The chart in one or two sentences, for its <desc> and the page."""
    if not chart.months:
        return "No entry is dated to the month yet, so the chart is empty."
    first, last = chart.months[0], chart.months[-1]
    busiest = max(chart.months, key=lambda m: (m.entries, -m.year, -m.month))
    text = (f"Stacked bar chart of entries per month from {first.label} to {last.label}, one bar per month, "
            f"one colour per category. {chart.placed} entries are placed; the busiest month is "
            f"{busiest.label} with {busiest.entries} {'entry' if busiest.entries == 1 else 'entries'}.")
    if chart.left_out:
        verb = "entry is" if chart.left_out == 1 else "entries are"
        text += f" {chart.left_out} {verb} not dated to the month and left out."
    return text + " The same numbers are in the table below the chart."


def render_svg(chart: Chart, title: str, id_prefix: str = "chart") -> Markup:
    """The chart as an accessible inline <svg> (role="img", <title> and <desc>)."""
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(chart))}</desc>',
    ]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base_y = TOP + plot_h
    top = max((m.stacked for m in chart.months), default=0)
    step = _tick_step(max(top, 1))
    axis_top = max(step, math.ceil(max(top, 1) / step) * step)

    def y_of(value: float) -> float:
        return base_y - plot_h * value / axis_top

    parts.append('<g class="chart-grid">')
    for tick in range(0, axis_top + 1, step):
        y = _num(y_of(tick))
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="currentColor"/>')
    parts.append("</g>")
    parts.append('<g class="chart-axis" fill="currentColor" font-size="12">')
    for tick in range(0, axis_top + 1, step):
        parts.append(f'<text x="{LEFT - 6}" y="{_num(y_of(tick) + 4)}" text-anchor="end">{tick}</text>')
    parts.append("</g>")

    n = len(chart.months)
    if n:
        slot = plot_w / n
        bar = min(slot * 0.72, 48)
        parts.append('<g class="chart-bars">')
        for index, month in enumerate(chart.months):
            x = LEFT + index * slot + (slot - bar) / 2
            height_so_far = 0
            for series, count in zip(chart.series, month.counts):
                if not count:
                    continue
                y_top, y_bottom = y_of(height_so_far + count), y_of(height_so_far)
                height_so_far += count
                label = f"{month.label}, {series.name}: {count}"
                parts.append(f'<rect class="s{series.colour}" x="{_num(x)}" y="{_num(y_top)}" width="{_num(bar)}" '
                             f'height="{_num(y_bottom - y_top)}" fill="{FALLBACK_FILLS[series.colour]}">'
                             f"<title>{escape(label)}</title></rect>")
        parts.append("</g>")

        # x axis: a tick under every month, the month's initial when there is room, the year under January.
        parts.append('<g class="chart-axis" fill="currentColor" font-size="12">')
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base_y}" y2="{base_y}" stroke="currentColor"/>')
        last_year_x = -1000.0
        for index, month in enumerate(chart.months):
            centre = LEFT + index * slot + slot / 2
            if slot >= 14:
                parts.append(f'<text x="{_num(centre)}" y="{base_y + 16}" text-anchor="middle" '
                             f'font-size="11">{escape(month.initial)}</text>')
            edge = LEFT + index * slot  # a year starts at the left edge of its first month
            if (month.month == 1 or index == 0) and edge - last_year_x >= 40:
                parts.append(f'<line x1="{_num(edge)}" x2="{_num(edge)}" y1="{base_y}" y2="{base_y + 38}" '
                             f'stroke="currentColor"/>')
                parts.append(f'<text x="{_num(edge + 4)}" y="{base_y + 36}">{month.year}</text>')
                last_year_x = edge
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
