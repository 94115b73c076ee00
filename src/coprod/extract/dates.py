"""Finding dates in text, in the languages articles and their captions use.

Month names come from the Unicode CLDR through Babel, in both the "format"
(genitive: "31 жовтня 2022") and "stand-alone" (nominative: "листопад 2022")
forms, so a new language is one code in content/reader.yaml.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import TypeGuard

from babel.dates import get_day_names, get_month_names

from coprod.core.textfold import fold

EARLIEST = dt.date(1991, 1, 1)
DIGIT = re.compile(r"\d")  # TAXONOMY: dates before 1991 are never evidence
WORD = re.compile(r"[^\W\d_]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
DIGITS = re.compile(r"\d+")
DATE_REACH = 40  # characters a date's words reach from its digits ("September 5" ← "5")
# "11/05/2024" or "11-05-2024": day or month first, the page settles which (``numeric_order``)
SLASH_DATE = re.compile(r"(?<![\d/.-])([0-3]?\d)([/-])([0-3]?\d)\2((?:19|20)\d\d)(?!\d)")
ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|with|said)\b")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None  # None for "June 22"
    month: int
    day: int | None
    precision: str  # day / month (of the resolved date)
    weekday: int | None = None  # 0 = Monday: the weekday named beside it ("on Friday, 8 March")
    form: str = "named"  # iso, numeric, named (a month name)
    day_first: bool | None = None  # a named date written "5 March" (True) or "March 5" (False)

    def to_date(self, year: int | None = None) -> dt.date | None:
        """The date in ``year`` (by default its own); None without a year or for no such day."""
        year = year or self.year
        if year is None:
            return None
        try:
            return dt.date(year, self.month, self.day or 1)
        except ValueError:
            return None

    def years_matching_weekday(self, first: int, last: int) -> list[int]:
        """The years from ``first`` to ``last`` in which this day fell on its named weekday."""
        if self.weekday is None or self.day is None:
            return []
        return [year for year in range(first, last + 1)
                if (date := self.to_date(year)) is not None and date.weekday() == self.weekday]


def plausible(date: dt.date | None, today: dt.date) -> TypeGuard[dt.date]:
    return date is not None and EARLIEST <= date <= today


def _trie_pattern(words) -> str:
    """An alternation of ``words`` as a trie ("ma(?:rch|y)"), longest first at every branch:
    the regex engine then tries a few letters at each position, not every name."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


class DateFinder:
    def __init__(self, languages: tuple[str, ...] = ("en",), connectors: tuple[str, ...] = ("of",)):
        """``connectors`` are the words that may join a day, its month and its year
        ("5th of March", "5 de marzo de 2024"); see content/reader.yaml."""
        months: dict[str, int] = {}
        weekday_numbers: dict[str, int] = {}
        stems: dict[str, set[int]] = {}
        for lang in languages:
            for context in ("format", "stand-alone"):
                for number, name in get_month_names("wide", context, lang).items():
                    months[fold(name)] = number
                for number, name in get_day_names("wide", context, lang).items():
                    weekday_numbers[fold(name)] = number
            # Where the month declines ("лютого", "лютий"), the other cases share the stem of
            # those two CLDR forms: "у лютому 2024", "v březnu 2024", "w kwietniu 2024".
            for number, name in get_month_names("wide", "format", lang).items():
                other = fold(get_month_names("wide", "stand-alone", lang)[number])
                if fold(name) != other:
                    stem = os.path.commonprefix([fold(name), other])
                    if len(stem) >= (3 if CYRILLIC.match(stem) else 4):
                        stems.setdefault(stem, set()).add(number)
        self.month_stems = {stem: numbers.pop() for stem, numbers in stems.items() if len(numbers) == 1}
        # Weekdays are declined in many languages ("v stredu", "у середу"): a stem that drops
        # the last letter of a long name matches its case forms.
        self._weekday_stems = {name[:-1]: n for name, n in weekday_numbers.items() if len(name) >= 5}
        # English abbreviations only: short forms in other languages collide with words ("led").
        for number, name in get_month_names("abbreviated", "format", "en").items():
            months.setdefault(fold(name), number)
            months.setdefault(fold(name) + ".", number)
        months["sept"] = months["sept."] = 9
        self.months = months
        self._english_months = frozenset(fold(n) for n in get_month_names("wide", "format", "en").values()) | {
            fold(n) for n in get_month_names("abbreviated", "format", "en").values()}
        self.weekday_numbers = weekday_numbers
        self.weekdays = frozenset(weekday_numbers)
        names = _trie_pattern(months)
        declined = _trie_pattern(self.month_stems) + r"[^\W\d_]{1,4}" if self.month_stems else "(?!)"

        def month(tag):
            return rf"(?P<m{tag}>{names})(?![^\W\d_])"

        def day(tag):  # "15th", and "15." as German and Slavic languages write it
            return rf"(?P<d{tag}>[0-3]?\d)(?:st|nd|rd|th|\.)?"

        def year(tag):
            return rf"(?P<y{tag}>(?:19|20)\d\d)(?!\d)"

        joiner = rf"(?:\s+(?:{_trie_pattern(fold(c) for c in connectors)})\s+|\s+)" if connectors else r"\s+"

        patterns = [
            r"(?<!\d)(?P<yI>(?:19|20)\d\d)(?P<sep>[-/.])(?P<mI>[01]\d)(?P=sep)(?P<dI>[0-3]\d)(?!\d)",
            r"(?<![\d/.-])(?P<aU>[0-3]?\d)(?P<sU>[/-])(?P<bU>[0-3]?\d)(?P=sU)(?P<yU>(?:19|20)\d\d)(?!\d)",
            r"(?<![\d.])(?P<dE>[0-3]?\d)\.\s?(?P<mE>[01]?\d)\.\s?(?P<yE>(?:19|20)\d\d)(?!\d)",  # "30. 10. 2025"
            # "02.03.18": a two-digit year, only where nothing numeric follows (not a version number)
            r"(?<![\d.])(?P<dS>[0-3]?\d)\.(?P<mS>[01]\d)\.(?P<yS>\d\d)(?![\d.]\d)",
            rf"(?<!\w){day('A')}(?:{joiner}|-){month('A')}(?:,?{joiner}|-){year('A')}",  # "05-Mar-2024"
            rf"(?<!\w){month('B')}\s+{day('B')},?\s+{year('B')}",
            # year first: "2024 m. kovo 5 d." (Lithuanian), "2024 March 5"
            rf"(?<!\d){year('G')}(?:\s+[^\W\d_]{{1,2}}\.)?\s+{month('G')}\s+{day('G')}(?!\d)(?:\s?[^\W\d_]\.(?!\w))?",
            rf"(?<!\w){month('C')},?{joiner}{year('C')}",
            rf"(?<!\w)(?P<mL>{declined})(?![^\W\d_])\s+{year('L')}",  # a declined month and its year
            rf"(?<!\w){month('D')}\s+{day('D')}(?![\d:])",
            rf"(?<!\w){day('F')}{joiner}{month('F')}",
            # "(1. 6.)": day and month in figures without a year; kept only beside a weekday
            r"(?<![\d.])(?P<dN>[0-3]?\d)\.\s?(?P<mN>[01]?\d)\.(?!\s?\d)",
        ]
        self._regex = re.compile("|".join(f"(?:{p})" for p in patterns))

    def find(self, text: str, day_first: bool | None = None) -> list[DateMention]:
        """Every date mention in ``text``, including year-less ones ("June 22").

        ``day_first`` settles "11/05/2024" (see ``numeric_order``); None reads it in US
        order unless that is impossible, and "11-05-2024" day first.
        """
        if not DIGIT.search(text):
            return []  # every date form has digits; most sentences have none
        folded = fold(text)
        found = []
        for m in self._matches(folded):
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            tag = next(k[1:] for k in g if k[0] in "ymd" and len(k) == 2)
            form = "numeric" if tag in "UESN" else "iso" if tag == "I" else "named"
            day_number: int | None
            if tag == "U":
                a, b = int(g["aU"]), int(g["bU"])
                # Without evidence a slash date is read as the US writes it; "05-03-2024" is not a US form.
                first_is_day = day_first if day_first is not None else g["sU"] == "-"
                month_number, day_number = (b, a) if a > 12 or (first_is_day and b <= 12) else (a, b)
            else:
                raw = g.get("m" + tag)
                month_number = int(raw) if raw and raw.isdigit() else self.months.get(raw or "", 0) \
                    or self._declined_month(raw or "")
                day_number = int(g["d" + tag]) if "d" + tag in g else None
            year_number = int(g["y" + tag]) if "y" + tag in g else None
            if tag == "S" and year_number is not None:  # a two-digit year
                year_number += 2000 if 2000 + year_number <= dt.date.today().year else 1900
            if year_number is None and form == "named" and text[m.start("m" + tag)].islower() \
                    and g["m" + tag] in self._english_months:
                continue  # "may 2": a year-less date needs a capitalised English month
            if not 1 <= month_number <= 12 or (day_number is not None and not 1 <= day_number <= 31):
                continue
            weekday = self._weekday_before(folded, m.start())
            if tag == "N" and weekday is None:
                continue  # "1. 6." alone may be a list number or a section; beside a weekday it is a date
            order = True if tag in "AF" else False if tag in "BD" else None
            mention = DateMention(m.start(), m.end(), year_number, month_number, day_number,
                                  "day" if day_number else "month", weekday, form, order)
            if year_number is not None and mention.to_date() is None:
                continue
            found.append(mention)
        return found

    def _declined_month(self, word: str) -> int:
        """The month of a declined name ("лютому"), by the longest stem it starts with; 0 if none."""
        for cut in range(1, 5):
            number = self.month_stems.get(word[:-cut])
            if number:
                return number
        return 0

    def _matches(self, folded: str):
        """The date pattern's matches, searched only near digits: every date form has one,
        and most of a paragraph's text is far from any."""
        start = end = -1
        for run in DIGITS.finditer(folded):
            low, high = max(0, run.start() - DATE_REACH), run.end() + DATE_REACH
            if low > end:
                if end > start:
                    yield from self._regex.finditer(folded, start, end)
                start = low
            end = high
        if end > start:
            yield from self._regex.finditer(folded, start, end)

    def weekday_named(self, text: str) -> int | None:
        """The one weekday ``text`` names ("said on Thursday"), None if it names none or several."""
        named = {self.weekday_numbers[w] for w in WORD.findall(fold(text)) if w in self.weekday_numbers}
        return named.pop() if len(named) == 1 else None

    def _weekday_before(self, folded: str, start: int) -> int | None:
        """The weekday named just before a date: "Friday, 8 March", "v stredu (1. 6.)"."""
        for token in WORD.findall(folded[max(0, start - 24):start])[-2:]:
            number = self.weekday_numbers.get(token)
            if number is None:
                number = self._weekday_stems.get(token[:-1]) if len(token) >= 5 else None
            if number is not None:
                return number
        return None

    def numeric_order(self, text: str, known: tuple[tuple[int, int], ...] = (), named: bool = True) -> bool | None:
        """Whether this page writes numeric dates day first. The evidence, strongest first: a
        numeric date that can only be read one way ("28/04/2024"); a ``known`` year and month
        (the page's own address) that fits only one reading; if ``named``, the order the text
        writes its dates with month names in ("5 March 2024" or "March 5, 2024": the author's
        habit, not always that of the site's bylines); else a text not in English is read day first."""
        numeric = [(int(m.group(1)), int(m.group(3)), int(m.group(4)))
                   for m in SLASH_DATE.finditer(text)] if "/" in text or "-" in text else []
        for first, second, _ in numeric:
            if first > 12 >= second:
                return True
            if second > 12 >= first:
                return False
        for known_year, known_month in known:
            for first, second, year in numeric:
                if year == known_year and first != second:
                    if second == known_month:
                        return True
                    if first == known_month:
                        return False
        orders = [m.day_first for m in self.find(text) if m.day_first is not None] if named else []
        if orders and orders.count(True) != orders.count(False):
            return orders.count(True) > orders.count(False)
        english = ENGLISH_WORDS.finditer(text)
        return None if next(english, None) and next(english, None) and next(english, None) else True
