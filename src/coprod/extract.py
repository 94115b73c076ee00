"""Extraction: an Article in, an Entry out, by the rules of TAXONOMY.md.

Everything is read from the article's title, body and captions, never from page
furniture. Names are found in one pass per text with Aho-Corasick matchers built
once from the taxonomy, so the cost grows with the text, not with the taxonomy.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import product

from .dates import DateFinder, plausible
from .matcher import PhraseMatcher
from .records import UNDATED, Article, Entry, PublicationDate, Source
from .taxonomy import Media, OfficeTerm, Partner, Taxonomy, fold_key
from .textfold import fold

# British and American spellings of the same word; every name and cue matches in both.
SPELLINGS = (("defence", "defense"), ("armoured", "armored"), ("armour", "armor"),
             ("modernisation", "modernization"), ("modernise", "modernize"), ("localise", "localize"),
             ("localisation", "localization"), ("organisation", "organization"), ("programme", "program"),
             ("centre", "center"), ("licence", "license"))
MAX_DATE_WINDOW_DAYS = 3 * 365  # office terms narrower than this date an article
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-ZА-ЯІЇЄҐ0-9])")
TOKEN = re.compile(r"[^\W_][\w'’.\-]*[^\W_]|[^\W_]|&")
CONNECTORS = {"of", "for", "and", "&", "de", "du", "des", "la", "le", "der", "und", "von", "di"}
LEADING_NOISE = {"The", "A", "An", "In", "At", "As", "On", "With", "By", "For", "From", "Earlier", "Both",
                 "This", "That", "Its", "Their", "Our", "His", "Her", "And", "But", "Meanwhile", "While"}
ATTRIBUTION_BEFORE = re.compile(
    r"(?:according to|reported by|reports|as reported by|cited by|told|source:|write:|writes:|via|"
    r"\(menafn-|©\s*(?:\d{4})?)\s*(?:the\s+)?$", re.IGNORECASE)
ATTRIBUTION_AFTER = re.compile(r"^\W{0,3}(?:reports?|reported|writes|wrote|informs|bureau)\b", re.IGNORECASE)
SITE_TITLE = re.compile(r"^\s+[-–|:]\s+\S")
FORMER = re.compile(r"\b(?:former|ex-|then-|late)\b", re.IGNORECASE)


def spelling_variants(phrase: str) -> set[str]:
    """The phrase in every combination of British/American spelling, '&' and 'and'."""
    tokens = phrase.split(" ")
    options = []
    for token in tokens:
        alternatives = {token}
        lower = token.lower()
        for british, american in SPELLINGS:
            for a, b in ((british, american), (american, british)):
                if lower.startswith(a):
                    alternatives.add(_same_case(token, b + lower[len(a):]))
        if token == "&":
            alternatives.add("and")
        elif token == "and":
            alternatives.add("&")
        options.append(sorted(alternatives))
    return {" ".join(combo) for combo in product(*options)}


def _same_case(model: str, word: str) -> str:
    return word.capitalize() if model[:1].isupper() else word


def plural_variants(cue: str) -> set[str]:
    """A lower-case cue phrase with its last word also in the plural."""
    if cue != cue.lower() or not cue[-1:].isalpha():
        return {cue}
    head, _, last = cue.rpartition(" ")
    prefix = head + " " if head else ""
    forms = {cue, f"{prefix}{last}s"}
    if last.endswith(("s", "x", "ch", "sh")):
        forms.add(f"{prefix}{last}es")
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        forms.add(f"{prefix}{last[:-1]}ies")
    return forms


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT.split(text) if s.strip()]


def mask(text: str, spans) -> str:
    """Blank out spans, keeping every other offset where it was."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


@dataclass(frozen=True)
class _Unit:
    """One sentence of the article, with its folded form for matching."""

    text: str
    folded: str
    in_title: bool


class Extractor:
    """Built once per build from the taxonomy; ``extract`` is then called per article."""

    def __init__(self, taxonomy: Taxonomy, finder: DateFinder):
        self.taxonomy = taxonomy
        self.finder = finder
        countries = []
        for country in taxonomy.countries.values():
            for alias in country.aliases:
                countries.append((alias, country.code))
        self.countries = PhraseMatcher(countries)
        self.partners = PhraseMatcher(
            (variant, partner)
            for partner in taxonomy.partners
            for name in (partner.name, *partner.aliases)
            for variant in spelling_variants(name)
        )
        self.media = PhraseMatcher((name, m) for m in taxonomy.media for name in (m.name, *m.aliases, *m.domains))
        self.not_partners = PhraseMatcher((name, name) for name in taxonomy.not_partners)
        self.categories = self._term_matcher(taxonomy.categories, taxonomy.ignore_cues)
        self.activities = self._term_matcher(taxonomy.activities, ())
        self.cooperation = PhraseMatcher(
            (v, True) for cue in taxonomy.cooperation_cues for v in plural_variants(cue)
        )
        self.people = PhraseMatcher((name, term) for term in taxonomy.officeholders for name in term.names)
        self.hostile = frozenset(fold(m) for m in taxonomy.hostile_modifiers)
        self.background = PhraseMatcher((cue, True) for cue in taxonomy.background_cues)
        self.suffixes = frozenset(taxonomy.org_suffixes)
        self.role_words = frozenset(taxonomy.role_words)
        self.generic_words = frozenset(
            {"Defense", "Defence", "National", "State", "Armed", "Forces", "Military", "Joint", "New", "European",
             "International", "Industrial", "Industry", "Ministry", "Government", "The", "Global", "United"}
            | {alias for c in taxonomy.countries.values() for alias in c.aliases if " " not in alias}
        )
        nouns = "|".join(re.escape(n) for n in sorted(taxonomy.org_nouns, key=len, reverse=True))
        run = r"((?:[A-Z0-9][\w'’.&\-]*)(?:\s+(?:of|for|and|&|de|du)?\s*[A-Z0-9][\w'’.&\-]*){0,4})"
        self._after_noun = re.compile(rf"\b(?:{nouns})\s+{run}") if nouns else None
        self._before_noun = re.compile(
            rf"{run},\s+(?:a|an|the|which is a)\s+(?:[\w\-]+\s+){{0,4}}(?:{nouns}|manufacturer|supplier)\b"
        ) if nouns else None
        self._ministry = re.compile(
            r"(?:\b(?P<pre>[A-Z][\w’'.]*(?:\s+[A-Z][\w’'.]*)?)\s+)?\bMinistry\s+(?:of|for)\s+"
            r"(?P<what>(?:the\s+)?[A-Z][\w\-]*(?:\s+(?:and|of|for|&)?\s*[A-Z][\w\-]*){0,4}?)"
            r"(?:\s+of\s+(?:the\s+)?(?P<post>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?))?(?=[\s,.;:)]|$)"
        )

    @staticmethod
    def _term_matcher(terms, ignore) -> PhraseMatcher:
        phrases = [(variant, t.slug) for t in terms for cue in t.cues
                   for form in plural_variants(cue) for variant in spelling_variants(form)]
        phrases += [(variant, None) for cue in ignore for form in plural_variants(cue)
                    for variant in spelling_variants(form)]
        return PhraseMatcher(phrases)

    # ------------------------------------------------------------ entry

    def extract(self, article: Article, today: dt.date) -> Entry:
        units = self._units(article)
        caption_units = [self._unit(c, False) for c in article.captions]
        relevant_captions = [u for u in caption_units if self._is_cooperation(u)]
        partners, unlisted = self._partners(units)
        countries = self._countries(units + relevant_captions, partners)
        return Entry(
            seed=article.seed,
            title=article.title,
            date=article.published if article.published.is_dated else self.estimate_date(units, caption_units, today),
            countries=countries,
            partners=tuple(sorted({p.name for p in partners} | set(unlisted), key=str.casefold)),
            categories=self._terms(units, self.categories, self.taxonomy.categories),
            activities=self._terms(units, self.activities, self.taxonomy.activities),
            source=self._source(article),
            summary=article.paragraphs[0].lstrip("• ") if article.paragraphs else "",
            body=to_markdown(article.paragraphs),
            captions=article.captions,
            unlisted_partners=tuple(sorted(unlisted, key=str.casefold)),
            problems=article.problems,
        )

    def _unit(self, text: str, in_title: bool) -> _Unit:
        return _Unit(text, fold(text), in_title)

    def _units(self, article: Article) -> list[_Unit]:
        units = [self._unit(article.title, True)] if article.title else []
        for paragraph in article.paragraphs:
            units += [self._unit(s, False) for s in sentences(paragraph.lstrip("• "))]
        return units

    def _is_cooperation(self, unit: _Unit) -> bool:
        return bool(self.cooperation.find(unit.text, unit.folded) or self.activities.find(unit.text, unit.folded))

    # ------------------------------------------------------------ countries

    def _countries(self, units: list[_Unit], partners: list[Partner]) -> tuple[str, ...]:
        codes = {p.country for p in partners if p.country}
        for unit in units:
            hidden = [(m.start, m.end) for m in self.media.find(unit.text, unit.folded)]
            hidden += [(m.start, m.end) for m in self.not_partners.find(unit.text, unit.folded)]
            text = mask(unit.text, hidden) if hidden else unit.text
            folded = mask(unit.folded, hidden) if hidden else unit.folded
            for match in self.countries.find(text, folded):
                codes.update(match.values)
        return tuple(sorted(codes - self.taxonomy.never_partner_countries))

    # ------------------------------------------------------------ partners

    def _partners(self, units: list[_Unit]) -> tuple[list[Partner], set[str]]:
        known: dict[str, Partner] = {}
        unlisted: set[str] = set()
        for unit in units:
            for match in self.partners.find(unit.text, unit.folded):
                partner = match.values[0]
                known[partner.name] = partner
            if unit.in_title or not self._is_cooperation(unit):
                continue
            for name in self._organisation_names(unit):
                partner = self._known_prefix(name)
                if partner:
                    known[partner.name] = partner
                else:
                    unlisted.add(name)
        return sorted(known.values(), key=lambda p: p.name), unlisted

    def _known_prefix(self, name: str) -> Partner | None:
        """The listed partner a name stands for, or begins with ("Babcock Ukraine Ltd")."""
        matches = self.partners.find(name)
        if matches and matches[0].start == 0:
            return matches[0].values[0]
        return None

    def _organisation_names(self, unit: _Unit) -> list[str]:
        """Names that look like organisations taking part: "X Group", "firm X", "Czech Ministry of X"."""
        text = unit.text
        excluded = [(m.start, m.end) for m in self.media.find(text, unit.folded)]
        excluded += [(m.start, m.end) for m in self.not_partners.find(text, unit.folded)]
        names = []

        def keep(start: int, name: str) -> None:
            name = name.strip(" ,.;:’'\"")
            name = re.sub(r"['’]s$", "", name)
            if any(s <= start < e or s < start + len(name) <= e for s, e in excluded):
                return
            tokens = name.split()
            while tokens and (tokens[0] in LEADING_NOISE or
                              (re.search(r"['’]s$", tokens[0]) and self._is_country_word(tokens[0]))):
                tokens.pop(0)  # "The", "Canada's"
            if not tokens or tokens[0] in self.role_words or tokens[0].lower() in CONNECTORS:
                return
            if not any(t not in self.generic_words and t not in self.suffixes and t.lower() not in CONNECTORS
                       for t in tokens):
                return
            names.append(" ".join(tokens))

        for run_start, run_tokens in self._capitalised_runs(text):
            if not run_tokens:
                continue
            last = re.sub(r"['’]s$", "", run_tokens[-1])
            if last in self.suffixes and len(run_tokens) >= 2:
                keep(run_start, " ".join(run_tokens[:-1] + [last]))
        for pattern in (self._after_noun, self._before_noun):
            for match in pattern.finditer(text) if pattern else ():
                keep(match.start(1), self._trim_run(match.group(1), text, match.end(1)))
        for match in self._ministry.finditer(text):
            pre, post = match.group("pre"), match.group("post")
            qualified = (pre and self._is_country_word(pre)) or (post and self._is_country_word(post))
            if qualified:
                start = match.start("pre") if pre and self._is_country_word(pre) else text.index("Ministry", match.start())
                name = text[start:match.end()]
                partner = self.taxonomy.partner_named(name)
                names.append(partner.name if partner else " ".join(name.split()))
        return names

    def _trim_run(self, run: str, text: str, end: int) -> str:
        """A name stops before a role word ("Roshel CEO") or a country word."""
        tokens = run.split()
        kept = []
        for token in tokens:
            if token in self.role_words or (kept and self._is_country_word(token)):
                break
            kept.append(token)
        return " ".join(kept)

    def _is_country_word(self, words: str) -> bool:
        words = re.sub(r"['’]s$", "", words.strip())
        return bool(self.countries.find(words)) and self.countries.find(words)[0].end == len(words)

    def _capitalised_runs(self, text: str):
        """Runs of capitalised words, allowing "of", "and", "&" between them."""
        run, run_start, previous_end = [], 0, 0
        for match in TOKEN.finditer(text):
            token = match.group()
            gap = text[previous_end:match.start()]
            adjacent = run and gap.strip() == ""
            capital = token[:1].isupper() or token[:1].isdigit() and bool(run)
            if capital and (adjacent or not run):
                if not run:
                    run_start = match.start()
                run.append(token)
            elif token in CONNECTORS and adjacent:
                run.append(token)
            else:
                if run:
                    yield run_start, _strip_connectors(run)
                run = [token] if capital else []
                run_start = match.start()
            previous_end = match.end()
        if run:
            yield run_start, _strip_connectors(run)

    # ------------------------------------------------------------ categories, activities

    def _terms(self, units: list[_Unit], matcher: PhraseMatcher, vocabulary) -> tuple[str, ...]:
        found = set()
        for unit in units:
            for match in matcher.find(unit.text, unit.folded):
                if match.values[0] is None:
                    continue  # an ignored phrase ("think tank", "body armor")
                before = unit.folded[: match.start].split()
                if before and before[-1].strip(",.;:'\"") in self.hostile:
                    continue  # "Russian missiles": the threat, not the cooperation
                found.add(match.values[0])
        return tuple(t.slug for t in vocabulary if t.slug in found)

    # ------------------------------------------------------------ source

    def _source(self, article: Article) -> Source:
        header = dict(article.header)
        name = header.get("publisher")
        url = header.get("url") if str(header.get("url", "")).startswith(("http://", "https://")) else None
        outlet = None
        if not name:
            outlet = self._attributed_outlet(article)
            name = outlet.name if outlet else None
        if url is None:
            url = self._outlet_url(article, outlet)
        return Source(name=name, url=url)

    def _attributed_outlet(self, article: Article) -> Media | None:
        """The outlet the text credits: "Ukrinform reports", "according to UNN", "© 2024 X",
        or a page title such as "Journal De Malte - Headline". Social platforms never count."""
        for text in (*article.paragraphs, *article.furniture):
            for match in self.media.find(text):
                outlet = match.values[0]
                if outlet.kind == "platform":
                    continue
                before, after = text[max(0, match.start - 30):match.start], text[match.end:match.end + 15]
                if ATTRIBUTION_BEFORE.search(before) or ATTRIBUTION_AFTER.match(after):
                    return outlet
                if match.start == 0 and SITE_TITLE.match(after) and text in article.furniture:
                    return outlet
        return None

    def _outlet_url(self, article: Article, outlet: Media | None) -> str | None:
        domains = outlet.domains if outlet else tuple(d for m in self.taxonomy.media for d in m.domains)
        for line in (*article.furniture, *article.paragraphs):
            for url in re.findall(r"https?://[^\s<>\"')]+", line):
                host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()
                if any(host == d or host.endswith("." + d) for d in domains):
                    return url.rstrip(".,;")
        return None

    # ------------------------------------------------------------ dates

    def office_window(self, units: list[_Unit], today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The span of time in which every office-holder named in office held it."""
        terms: set[OfficeTerm] = set()
        for unit in units:
            if FORMER.search(unit.text):
                continue
            for match in self.people.find(unit.text, unit.folded):
                for term in match.values:
                    if any(cue in unit.folded for cue in term.role_cues):
                        terms.add(term)
        if not terms:
            return None
        start = max(t.start for t in terms)
        end = min(t.end or today for t in terms)
        return (start, end) if start <= end else None

    def estimate_date(self, units: list[_Unit], captions: list[_Unit], today: dt.date) -> PublicationDate:
        """An estimate from evidence in the text (TAXONOMY.md: never from furniture).

        Office-holders named in their role bound the date; dates mentioned in captions,
        then in the body, are the latest the article can speak of.
        """
        def dated(group):
            found = []
            for unit in group:
                if self.background.find(unit.text, unit.folded):
                    continue
                for m in self.finder.find(unit.text):
                    if m.year is not None and plausible(m.to_date(), today):
                        found.append((m.to_date(), m.precision))
            return found

        caption_dates, body_dates = dated(captions), dated(units)
        evidence = caption_dates + body_dates
        window = self.office_window(units + captions, today)
        if window and (window[1] - window[0]).days <= MAX_DATE_WINDOW_DAYS:
            low, high = window
            latest = max((d for d, _ in evidence), default=None)
            if latest is None or latest <= high:
                low = max(low, latest) if latest else low
                inside = [(d, p) for d, p in evidence if low <= d <= high]
                for unit in units + captions:
                    for m in self.finder.find(unit.text):
                        if m.year is None:
                            for year in range(low.year, high.year + 1):
                                date = m.to_date(year)
                                if date and low <= date <= high:
                                    inside.append((date, "day"))
                if inside:
                    date, precision = max(inside)
                    return PublicationDate(date, precision, "estimated")
                middle = low + (high - low) / 2
                return PublicationDate(middle, "year", "estimated")
        for group in (caption_dates, body_dates):
            if group:
                date, precision = max(group)
                return PublicationDate(date, precision, "estimated")
        return UNDATED


def _strip_connectors(tokens: list[str]) -> list[str]:
    while tokens and tokens[-1].lower() in CONNECTORS:
        tokens = tokens[:-1]
    return tokens


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def markdown_text(text: str) -> str:
    """Seed text made inert for Markdown: HTML escaped, Markdown syntax backslash-escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([-=]|\d+\.)", r"\1\\\2", text)


def to_markdown(paragraphs: tuple[str, ...]) -> str:
    """Body paragraphs as Markdown; consecutive bullet items form one list."""
    blocks: list[str] = []
    for paragraph in paragraphs:
        if paragraph.startswith("• "):
            item = "- " + markdown_text(paragraph[2:])
            if blocks and blocks[-1].startswith("- "):
                blocks[-1] += "\n" + item
            else:
                blocks.append(item)
        else:
            blocks.append(markdown_text(paragraph))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
