"""One date resolver: every date an article shows becomes a candidate, one scorer picks.

The reader hands over the dates it found where publishers put them (a header, a
`date` line, a byline, a dateline, a timestamp), as ``DateCandidate``s. Here they
are weighed with the dates the text mentions (body, captions) and the terms of the
office-holders it names: the publication date when one is shown, else an estimate
with its precision (TAXONOMY.md: ``date_source: estimated``), else undated. The
winner comes with an ``Evidence`` saying which line and which rule decided.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from coprod.extract.dates import DateFinder, DateMention, plausible
from coprod.extract.matcher import PhraseMatcher
from coprod.core.records import UNDATED, Evidence, PublicationDate
from coprod.extract.taxonomy import Tenure
from coprod.core.textfold import fold

MAX_DATE_WINDOW_DAYS = 3 * 365  # office terms narrower than this date an article
# "former defence minister", in the languages of content/reader.yaml (folded: no accents)
FORMER = re.compile(r"\b(?:former|ex-|then-|late|ehemalig\w*|fruher\w*|byl[aey]\w*|byval\w*|"
                    r"колишн\w*|бывш\w*|ancien\w*|l'ex|eski)\b", re.IGNORECASE)
SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)]*\s+(?=[\"'“‘«(]?[^\W\d_])")  # not before a digit: "(2. 6.)"


def _sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts."""
    return [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]

# Where a publisher puts the publication date, strongest first; then the date it was updated,
# and a date the text itself calls today or yesterday (an estimate: no publisher shows it).
PLACE_RANK = {"header": 0, "date line": 1, "byline": 2, "dateline": 3, "timestamp": 4, "url": 5, "update": 6,
              "relative": 7}


@dataclass(frozen=True)
class DateCandidate:
    """A date where publishers put the publication date, as the reader found it.

    ``place`` is one of PLACE_RANK, or "archive photo" (a stock photo's caption: its date
    is evidence, never the publication date); ``mention`` is the date as read (its year may be
    missing: "KYIV, April 5 (Agency) –"); ``text`` the line and ``matched`` the date words;
    ``days_before`` how many days before the publication the text puts it ("yesterday": 1).
    """

    place: str
    mention: DateMention
    text: str
    matched: str
    rule: str
    days_before: int = 0

    def date(self, year: int | None = None) -> dt.date | None:
        """The publication date it shows, in ``year`` if the mention has none."""
        date = self.mention.to_date(year) if year is not None or self.mention.year is not None else None
        return date + dt.timedelta(days=self.days_before) if date else None

    @property
    def source(self) -> str:
        return "estimated" if self.place == "relative" else "published"


def pick_published(candidates, today: dt.date) -> tuple[PublicationDate, DateCandidate | None]:
    """The publication date among the reader's candidates that carry their year."""
    dated = [c for c in candidates if c.place in PLACE_RANK and plausible(c.date(), today)]
    if not dated:
        return UNDATED, None
    best = min(dated, key=lambda c: PLACE_RANK[c.place])
    return PublicationDate(best.date(), best.mention.precision, best.source), best


def _evidence(date: PublicationDate, text: str, matched: str, rule: str) -> Evidence:
    return Evidence(field="date", value=date.iso() or "", text=" ".join(text.split())[:300],
                    matched=matched, rule=rule)


@dataclass(frozen=True)
class _Found:
    """A date mentioned in the text, with the sentence it is in."""

    mention: DateMention
    sentence: str
    place: str  # body / caption
    archive: bool = False  # a stock or file photo's caption: the photo may be years old
    news_day: bool = False  # its weekday is the one the lead names, not one beside it
    text_index: int = 0  # which of the texts read it is in

    @property
    def matched(self) -> str:
        return self.sentence[self.mention.start:self.mention.end]

    @property
    def date(self) -> dt.date:
        """The date of a mention that carries its year (the ``dated`` ones)."""
        date = self.mention.to_date()
        if date is None:
            raise ValueError(f"{self.matched!r} has no year")
        return date


class DateResolver:
    """Built once per build; ``resolve`` is then called per article."""

    def __init__(self, finder: DateFinder, people: PhraseMatcher, background: PhraseMatcher):
        self.finder = finder
        self.people = people
        self.background = background
        self._cues: dict[Tenure, tuple[str, ...]] = {}

    # ------------------------------------------------------------ evidence in the text

    def _folded_cues(self, term: Tenure) -> tuple[str, ...]:
        """A term's role cues folded as sentences are ("ministre des armées" → "ministre des armees")."""
        if term not in self._cues:
            self._cues[term] = tuple(fold(c) for c in term.role_cues)
        return self._cues[term]

    def office_window(self, documents, today: dt.date) -> tuple[tuple[dt.date, dt.date], list[Tenure]] | None:
        """The span of time in which every office-holder named in office held it, and the terms."""
        terms: set[Tenure] = set()
        for document in documents:
            for match in document.find(self.people):
                index = document.sentence_at(match.start)
                folded = document.folded_sentence(index)
                if FORMER.search(folded):
                    continue
                terms.update(t for t in match.values if any(cue in folded for cue in self._folded_cues(t)))
        if not terms:
            return None
        start = max(t.start for t in terms)
        end = min(t.end or today for t in terms)
        return ((start, end), sorted(terms, key=lambda t: (t.start, t.person))) if start <= end else None

    def date_mentions(self, texts, place: str, day_first: bool | None,
                      archive: frozenset[str] = frozenset()) -> list[_Found]:
        """Date mentions outside background sentences; ``archive`` holds stock photos' captions.

        Each paragraph is read whole: a sentence splitter would cut "(2. 6.)" in two."""
        found = []
        for text_index, text in enumerate(texts):
            mentions = self.finder.find(text, day_first)
            if not mentions:
                continue
            starts = _sentence_starts(text)
            background: dict[int, bool] = {}  # per sentence, looked up once
            for mention in mentions:
                index = bisect_right(starts, mention.start) - 1
                after = bisect_right(starts, mention.end - 1)  # "am 15. Februar" spans a false break
                first, last = starts[index], starts[after] if after < len(starts) else len(text)
                sentence = text[first:last].rstrip()
                if index not in background:
                    background[index] = bool(self.background.find(sentence))
                if background[index]:
                    continue
                moved = replace(mention, start=mention.start - first, end=mention.end - first)
                found.append(_Found(moved, sentence, place, text in archive, text_index=text_index))
        return found

    # ------------------------------------------------------------ the scorer

    def resolve(self, article, body, captions, today: dt.date) -> tuple[PublicationDate, Evidence | None]:
        """The article's date and the evidence for it (None when undated)."""
        published, winner = pick_published(article.date_candidates, today)
        if winner is not None and published.precision == "day":  # a dated candidate is the winner
            return published, _evidence(published, winner.text, winner.matched, winner.rule)
        if article.published.is_dated and winner is None:  # set by a caller without candidates
            return article.published, None
        day_first = self.finder.numeric_order("\n".join((*article.paragraphs, *article.captions)))
        archive = frozenset(c.text for c in article.date_candidates if c.place == "archive photo")
        found = self.date_mentions((article.title, *article.paragraphs), "body", day_first) + \
            self.date_mentions(article.captions, "caption", day_first, archive)
        dated = [f for f in found if f.mention.year is not None and plausible(f.mention.to_date(), today)]
        window = self.office_window([body, captions], today)

        if winner is not None and (month := published.value) is not None:
            # A month only ("date 2024-06"): a day of that month in the text.
            days = [(d, f) for f in found if f.mention.day is not None and f.mention.month == month.month
                    and f.mention.year in (None, month.year)
                    and plausible(d := f.mention.to_date(month.year), today)]
            if days:
                date, f = max(days, key=lambda x: x[0])
                refined = PublicationDate(date, "day", "estimated")
                return refined, _evidence(refined, f.sentence, f.matched, "estimated: text date in the published month")
            return published, _evidence(published, winner.text, winner.matched, winner.rule)

        latest = max((f.date for f in dated), default=None)
        low_limit, high_limit = (window[0] if window else (latest or dt.date(1991, 1, 1), today))
        low_limit = max(low_limit, latest) if latest and latest <= high_limit else low_limit

        # The news day: the one weekday the lead names ("Baykar said on Thursday"). A year-less
        # date in the lead without a weekday beside it is taken to be that day, if a year fits.
        news_day = self.finder.weekday_named(article.paragraphs[0]) if article.paragraphs else None

        def on_news_day(mention: DateMention) -> DateMention:
            return replace(mention, weekday=news_day) if mention.weekday is None and news_day is not None else mention

        # A dateline or byline without its year: the year comes from the weekday, the
        # office-holders' terms, or the latest dated mention.
        for candidate in sorted(article.date_candidates, key=lambda c: PLACE_RANK.get(c.place, 99)):
            if candidate.mention.year is None and candidate.place in PLACE_RANK:
                bounds = "office-holders' terms" if window else "the dates the text mentions"
                year, how = self._year_of(on_news_day(candidate.mention), low_limit, high_limit, latest, today, bounds)
                if year is None:
                    year, how = self._year_of(candidate.mention, low_limit, high_limit, latest, today, bounds)
                elif how == "weekday" and candidate.mention.weekday is None:
                    how = "the weekday the lead names"
                if year is not None and plausible(candidate.date(year), today):
                    resolved = PublicationDate(candidate.date(year), candidate.mention.precision, candidate.source)
                    return resolved, _evidence(resolved, candidate.text, candidate.matched, f"{candidate.rule}, year from {how}")

        found = [replace(f, mention=on_news_day(f.mention), news_day=f.mention.weekday is None)
                 if f.place == "body" and f.mention.year is None and f.text_index in (1, 2)  # text 0 is the title
                 else f for f in found]
        return self._estimate(found, dated, window, today)

    def _year_of(self, mention: DateMention, low: dt.date, high: dt.date, latest: dt.date | None,
                 today: dt.date, bounds: str = "office-holders' terms") -> tuple[int | None, str]:
        """The year of a year-less date between ``low`` and ``high`` (which ``bounds`` names),
        and what settled it."""
        in_range = [y for y in range(low.year, high.year + 1)
                    if (d := mention.to_date(y)) is not None and low <= d <= high and plausible(d, today)]
        by_weekday = [y for y in mention.years_matching_weekday(low.year, high.year) if y in in_range]
        if by_weekday:
            return by_weekday[-1], "weekday"
        if mention.weekday is not None and mention.day is not None:
            return None, ""  # a weekday that fits no year in range: the range is wrong, not the text
        if len(in_range) == 1 and (high - low).days <= 366:
            return in_range[0], bounds
        if latest is not None and in_range and (first := mention.to_date(in_range[0])) and first >= latest:
            return in_range[0], "the latest date the text mentions"  # the first such day after it
        return None, ""

    def _estimate(self, found: list[_Found], dated: list[_Found], window, today: dt.date):
        """An estimate from evidence in the text (TAXONOMY.md: never from furniture).

        Office-holders named in their role bound the date; dates mentioned in the body,
        then in captions, are the latest the article can speak of. A stock photo's
        caption date only bounds the estimate from below: the photo may be years old.
        """
        latest = max(dated, key=lambda f: f.date, default=None)
        if window and (window[0][1] - window[0][0]).days <= MAX_DATE_WINDOW_DAYS:
            (low, high), terms = window
            if latest is None or latest.date <= high:
                if latest:
                    low = max(low, latest.date)
                inside = [(f.date, f.mention.precision, f) for f in dated if not f.archive and low <= f.date <= high]
                closed = any(t.end and t.end == high for t in terms)
                for f in found:
                    if f.mention.year is None:
                        # The latest fitting year of a closed term; in a term still running only
                        # a year the weekday or the window settles (its end is the build date).
                        year, _ = self._year_of(f.mention, low, high, None, today)
                        years = [year] if year else [] if f.mention.weekday is not None or not closed \
                            else range(low.year, high.year + 1)
                        for y in years:
                            date = f.mention.to_date(y)
                            if date and low <= date <= high:
                                inside.append((date, "day" if f.mention.day else "month", f))
                office = ", ".join(t.person for t in terms)
                if inside:
                    date, precision, f = max(inside, key=lambda x: (x[0], x[1]))
                    estimate = PublicationDate(date, precision, "estimated")
                    return estimate, _evidence(estimate, f.sentence, f.matched,
                                               f"estimated: latest date within the term of {office}")
                if closed:  # a running term ends "today", which says nothing about the article
                    middle = low + (high - low) / 2
                    estimate = PublicationDate(middle, "year", "estimated")
                    return estimate, _evidence(estimate, "", office, f"estimated: middle of the term of {office}")
        for place in ("body", "caption"):
            group = [f for f in dated if f.place == place and not f.archive]
            if group:
                f = max(group, key=lambda f: (f.date, f.mention.precision))
                estimate = PublicationDate(f.date, f.mention.precision, "estimated")
                return estimate, _evidence(estimate, f.sentence, f.matched, f"estimated: latest {place} date")
        # Year-less body dates beside their weekday ("on Friday, 8 March"): the latest such day.
        by_weekday = []
        for f in found:
            if f.mention.year is None and f.place == "body":
                years = f.mention.years_matching_weekday(latest.date.year if latest else 1991, today.year)
                by_weekday += [(date, f) for y in years if plausible(date := f.mention.to_date(y), today)
                               and (latest is None or date >= latest.date)][-1:]
        if by_weekday:
            date, f = max(by_weekday, key=lambda x: x[0])
            estimate = PublicationDate(date, "day", "estimated")
            rule = "estimated: the weekday the lead names and date" if f.news_day else "estimated: weekday and date"
            return estimate, _evidence(estimate, f.sentence, f.matched, rule)
        return UNDATED, None
