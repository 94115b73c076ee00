"""Finding dates in text, in the languages articles and their captions use.

Month names come from the Unicode CLDR through Babel, in both the "format"
(genitive: "31 жовтня 2022") and "stand-alone" (nominative: "листопад 2022")
forms, so a new language is one code in content/reader.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import get_day_names, get_month_names

from .textfold import fold

EARLIEST = dt.date(1991, 1, 1)
DIGIT = re.compile(r"\d")  # TAXONOMY: dates before 1991 are never evidence


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None  # None for "June 22"
    month: int
    day: int | None
    precision: str  # day / month (of the resolved date)

    def to_date(self, year: int | None = None) -> dt.date | None:
        try:
            return dt.date(year or self.year, self.month, self.day or 1)
        except (TypeError, ValueError):
            return None


def plausible(date: dt.date | None, today: dt.date) -> bool:
    return date is not None and EARLIEST <= date <= today


class DateFinder:
    def __init__(self, languages: tuple[str, ...] = ("en",)):
        months: dict[str, int] = {}
        weekdays: set[str] = set()
        for lang in languages:
            for context in ("format", "stand-alone"):
                for number, name in get_month_names("wide", context, lang).items():
                    months[fold(name)] = number
                for name in get_day_names("wide", context, lang).values():
                    weekdays.add(fold(name))
        # English abbreviations only: short forms in other languages collide with words ("led").
        for number, name in get_month_names("abbreviated", "format", "en").items():
            months.setdefault(fold(name), number)
            months.setdefault(fold(name) + ".", number)
        months["sept"] = months["sept."] = 9
        self.months = months
        self.weekdays = frozenset(weekdays)
        names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))

        def month(tag):
            return rf"(?P<m{tag}>{names})(?![^\W\d_])"

        def day(tag):
            return rf"(?P<d{tag}>[0-3]?\d)(?:st|nd|rd|th)?"

        def year(tag):
            return rf"(?P<y{tag}>(?:19|20)\d\d)(?!\d)"

        patterns = [
            r"(?<!\d)(?P<yI>(?:19|20)\d\d)-(?P<mI>[01]\d)-(?P<dI>[0-3]\d)(?!\d)",
            r"(?<![\d/.])(?P<aU>[01]?\d)/(?P<bU>[0-3]?\d)/(?P<yU>(?:19|20)\d\d)(?!\d)",
            r"(?<![\d.])(?P<dE>[0-3]?\d)\.(?P<mE>[01]?\d)\.(?P<yE>(?:19|20)\d\d)(?!\d)",
            rf"(?<!\w){day('A')}\s+(?:of\s+)?{month('A')},?\s+{year('A')}",
            rf"(?<!\w){month('B')}\s+{day('B')},?\s+{year('B')}",
            rf"(?<!\w){month('C')},?\s+{year('C')}",
            rf"(?<!\w){month('D')}\s+{day('D')}(?![\d:])",
            rf"(?<!\w){day('F')}\s+(?:of\s+)?{month('F')}",
        ]
        self._regex = re.compile("|".join(f"(?:{p})" for p in patterns))

    def find(self, text: str) -> list[DateMention]:
        """Every date mention in ``text``, including year-less ones ("June 22")."""
        if not DIGIT.search(text):
            return []  # every date form has digits; most sentences have none
        folded = fold(text)
        found = []
        for m in self._regex.finditer(folded):
            g = {k: v for k, v in m.groupdict().items() if v is not None}
            tag = next(k[1:] for k in g if k[0] in "ymd" and len(k) == 2)
            if tag == "U":
                a, b = int(g["aU"]), int(g["bU"])
                month_number, day_number = (b, a) if a > 12 else (a, b)  # US order unless impossible
            else:
                raw = g.get("m" + tag)
                month_number = int(raw) if raw and raw.isdigit() else self.months.get(raw or "", 0)
                day_number = int(g["d" + tag]) if "d" + tag in g else None
            year_number = int(g["y" + tag]) if "y" + tag in g else None
            if year_number is None and text[m.start("m" + tag)].islower() and text[m.start("m" + tag)].isascii():
                continue  # "may 2": a year-less date needs a capitalised English month
            if not 1 <= month_number <= 12 or (day_number is not None and not 1 <= day_number <= 31):
                continue
            mention = DateMention(
                m.start(), m.end(), year_number, month_number, day_number, "day" if day_number else "month"
            )
            if year_number is not None and mention.to_date() is None:
                continue
            found.append(mention)
        return found

