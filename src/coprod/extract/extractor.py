"""Extraction: an Article in, an Entry out, by the rules of TAXONOMY.md.

Everything is read from the article's title, body and captions, never from page
furniture. Names are found in one pass per text with Aho-Corasick matchers built
once from the taxonomy, so the cost grows with the text, not with the taxonomy.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from itertools import product

from coprod.extract.dateresolve import DateResolver
from coprod.extract.dates import DateFinder
from coprod.read.language import LocalVocabulary
from coprod.extract.matcher import MatcherGroup, PhraseMatcher
from coprod.core.records import Article, Entry, Evidence, Source
from coprod.extract.taxonomy import Media, Partner, Taxonomy
from coprod.core.textfold import fold
from coprod.core.urls import URL_IN_TEXT, host_matches, url_host, web_url

# British and American spellings of the same word; every name and cue matches in both.
SPELLINGS = (("defence", "defense"), ("armoured", "armored"), ("armour", "armor"),
             ("modernisation", "modernization"), ("modernise", "modernize"), ("localise", "localize"),
             ("localisation", "localization"), ("organisation", "organization"), ("programme", "program"),
             ("centre", "center"), ("licence", "license"))
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-ZА-ЯІЇЄҐ0-9])")
TOKEN = re.compile(r"[^\W_][\w'’.\-]*[^\W_]|[^\W_]|&")
ENUMERATION_OPENERS = {"with", "including", "include", "includes", "companies", "firms", "manufacturers", "producers",
                       "enterprises", "like", "as", "between", "partners", "are", "were"}  # the word before a list of names
ASIDE_CLAUSE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;]{0,300}|\([^)]{0,300}\)")  # a relative clause, a parenthesis
LIST_ITEM = re.compile(r"(?:(?!,|\s(?:and|&)\s).)+")  # one name of "A, B and C"
CONNECTORS = {"of", "for", "and", "&", "de", "du", "des", "la", "le", "der", "und", "von", "di"}
LEADING_NOISE = {"The", "A", "An", "In", "At", "As", "On", "With", "By", "For", "From", "Earlier", "Both",
                 "This", "That", "Its", "Their", "Our", "His", "Her", "And", "But", "Meanwhile", "While"}
ATTRIBUTION_BEFORE = re.compile(
    r"(?:according to|reported by|reports|as reported by|cited by|told|source:|write:|writes:|via|"
    r"\(menafn-|©\s*(?:\d{4})?)\s*(?:the\s+)?$", re.IGNORECASE)
ATTRIBUTION_AFTER = re.compile(r"^(?:\W{0,3}(?:reports?|reported|writes|wrote|informs|bureau)\b|\)\s*[-–—])",
                               re.IGNORECASE)  # "Ukrinform reports", a dateline's "(Reuters) -"
SITE_TITLE = re.compile(r"^\s+[-–|:]\s+\S")
POSSESSIVE = re.compile(r"['’]s$")  # "Canada's"
WORD = re.compile(r"\w+")
CLAUSE_BREAK = re.compile(r"[,.;:!?()\[\]\n\"«»“”]")
NEAR = 60  # characters: a cue qualifies a name only this close to it


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


ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Ms|Mrs|Dr|Gen|Col|Lt|Sgt|St|No|Prof|Jr|Sr|Co|Corp|Inc|Ltd|Jan|Feb|Aug|"
                              r"Sept?|Oct|Nov|Dec|vs|approx|est)\.)$")  # "U.S.", "Mr.": no sentence ends there


ABBREVIATION_REACH = 16  # characters: longer than any match of ABBREVIATION_END with the one before it


def sentences(text: str) -> list[str]:
    parts: list[str] = []
    for piece in SENTENCE_SPLIT.split(text):
        # Searched from near the end only: the pattern is anchored there, and a search of the whole
        # sentence would try it at every character.
        if parts and ABBREVIATION_END.search(parts[-1], max(0, len(parts[-1]) - ABBREVIATION_REACH)):
            parts[-1] += " " + piece
        else:
            parts.append(piece)
    return [s for s in parts if s.strip()]


SERVICES = frozenset({"repair-maintenance", "modernization", "technology-transfer", "research-development"})
ACTIVITY_WEIGHT, CUE_WEIGHT, COUNTRY_THRESHOLD = 2, 1, 2  # see Extractor._country_scores
COOPERATION, TRADE, RECAP, AGGRESSOR, OTHER = "cooperation", "trade", "recap", "aggressor", "other"


@dataclass(frozen=True)
class SentenceRole:
    """What one sentence does in its article."""

    kind: str  # COOPERATION, TRADE (deliveries, aid, sales), RECAP, AGGRESSOR (its own industry) or OTHER
    activities: frozenset[str]  # activity slugs cued in it
    ukraine: bool  # names Ukraine or a Ukrainian organisation
    countries: bool  # names a foreign state


class _Evidence:
    """The first evidence met for each (field, value); kept for the values the entry ends with."""

    def __init__(self):
        self._first: dict[tuple[str, str], Evidence] = {}

    def add(self, field: str, value: str, text: str, matched: str, rule: str) -> None:
        if (field, value) not in self._first:
            self._first[field, value] = Evidence(field, value, text, matched, rule)

    def text_of(self, field: str, value: str) -> str:
        found = self._first.get((field, value))
        return found.text if found else ""

    def kept(self, values: dict[str, Collection[str]]) -> tuple[Evidence, ...]:
        return tuple(e for (field, value), e in self._first.items()
                     if field == "on_topic" or value in values.get(field, ()))


def _inside_name(document: _Document, match, suffixes: frozenset[str]) -> bool:
    """Is a capitalised cue a word of a name ("Defence Innovation Agency")? It is when the capitalised
    words after it end in an organisation's suffix; German nouns keep their capitals and still count."""
    if not match.text[:1].isupper() or match.text.isupper():
        return False
    for word in document.text[match.end:match.end + 60].split()[:4]:
        bare = word.strip(",.;:()\"'’”")
        if not bare[:1].isupper():
            return False
        if bare in suffixes:
            return True
    return False


def _ends_with_any(phrases, gap: int = 0) -> re.Pattern:
    """Matches when folded text ends (before a name) with one of the phrases, then "the" and
    up to ``gap`` other words ("produced by the German concern")."""
    words = "|".join(re.escape(fold(p)) for p in sorted(phrases, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{words})\s+(?:the\s+)?(?:[\w\-’']+,?\s+){{0,{gap}}}$")


class _Document:
    """Sentences of an article joined into one text, so the matchers run once per
    article, all in one pass; a match is placed in its sentence by offset."""

    def __init__(self, matchers: MatcherGroup, blocks: list[str], title: str = "", language: str | None = None):
        parts, spans, offset = [], [], 0
        self.title_sentences = 0
        for index, block in enumerate(([title] if title else []) + blocks):
            for sentence in sentences(block) if index or not title else [block]:
                parts.append(sentence)
                spans.append((offset, offset + len(sentence)))
                offset += len(sentence) + 2
                if title and index == 0:
                    self.title_sentences += 1
        self.text = "\n\n".join(parts)
        self.folded = fold(self.text)
        self.spans = spans
        self._starts = [start for start, _ in spans]
        self._scan = matchers.scan(self.text, self.folded, language)
        self.pair_hits: dict[int, list[tuple[str, int, int]]] = {}  # filled by Extractor._roles
        self.asides: dict[int, list[tuple[int, int]]] = {}  # relative clauses per sentence, found once
        self._edge_cache: dict[PhraseMatcher, tuple[list[int], list[int]]] = {}

    def sentence_at(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def sentence(self, index: int) -> str:
        start, end = self.spans[index]
        return self.text[start:end]

    def folded_sentence(self, index: int) -> str:
        start, end = self.spans[index]
        return self.folded[start:end]

    def find(self, matcher: PhraseMatcher) -> list:
        """The matcher's matches in the whole text, computed once."""
        return self._scan.find(matcher)

    def sentences_hit(self, *matchers: PhraseMatcher) -> set[int]:
        return {self.sentence_at(m.start) for matcher in matchers for m in self.find(matcher)}

    def cue_before(self, matcher: PhraseMatcher, offset: int, gap: int) -> bool:
        """Does a match of ``matcher`` end at most ``gap`` words before ``offset``, in the same clause?"""
        ends = self._edges(matcher)[1]
        index = bisect_right(ends, offset) - 1
        return index >= 0 and _near(self.text[ends[index]:offset], gap)

    def cue_after(self, matcher: PhraseMatcher, offset: int, gap: int) -> bool:
        """Does a match of ``matcher`` start at most ``gap`` words after ``offset``, in the same clause?"""
        starts = self._edges(matcher)[0]
        index = bisect_left(starts, offset)
        return index < len(starts) and _near(self.text[offset:starts[index]], gap)

    def _edges(self, matcher: PhraseMatcher) -> tuple[list[int], list[int]]:
        edges = self._edge_cache.get(matcher)
        if edges is None:  # matches do not overlap: their starts and their ends are both in order
            matches = self.find(matcher)
            edges = self._edge_cache[matcher] = ([m.start for m in matches], [m.end for m in matches])
        return edges


def _near(between: str, gap: int) -> bool:
    return len(between) <= NEAR and not CLAUSE_BREAK.search(between) and len(WORD.findall(between)) <= gap


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
        self.activities = self._term_matcher(taxonomy.activities, taxonomy.activity_ignore_cues)
        self.cooperation = PhraseMatcher(
            (v, True) for cue in taxonomy.cooperation_cues for v in plural_variants(cue)
        )
        self.people = PhraseMatcher((name, term) for term in taxonomy.officeholders for name in term.names)
        self.hostile = frozenset(fold(m) for m in taxonomy.hostile_modifiers)
        self.background = PhraseMatcher((cue, True) for cue in taxonomy.background_cues)
        self.dates = DateResolver(finder, self.people, self.background)
        self.trade = PhraseMatcher((v, True) for cue in taxonomy.trade_cues for v in spelling_variants(cue))
        self.trade_objects = PhraseMatcher(
            (v, True) for cue in taxonomy.trade_objects for form in plural_variants(cue) for v in spelling_variants(form))
        self.recap = PhraseMatcher((cue, True) for cue in taxonomy.recap_cues)
        self.aside = PhraseMatcher((v, True) for cue in taxonomy.aside_cues for v in spelling_variants(cue))
        # A sentence with none of these words holds no organisation-like name: skip it cheaply
        # (found in the document's one matcher pass).
        self.org_hints = PhraseMatcher(
            (h, True) for h in (*taxonomy.org_suffixes, *taxonomy.org_nouns, *taxonomy.legal_forms, "Ministry", "group"))
        self.org_nouns = PhraseMatcher((form, True) for noun in taxonomy.org_nouns for form in plural_variants(noun))
        # A cue pair can only match where its last words are: found in the one pass, then checked.
        self.pair_ends = PhraseMatcher((fold(word), slug) for slug, _, then, _ in taxonomy.cue_pairs for word in then)
        # Cues of a role next to the name they qualify. English has them as patterns below where
        # noted; every language file's cues of the same keys are matched on lemmas into these.
        self.venue = PhraseMatcher((v, True) for cue in taxonomy.venue_cues for v in spelling_variants(cue))
        self.place = PhraseMatcher((cue, True) for cue in taxonomy.place_cues)
        self.war = PhraseMatcher((cue, True) for cue in taxonomy.war_cues)
        self.local_roles: dict[str, PhraseMatcher[bool]] = {key: PhraseMatcher(()) for key in (
            "role_cues", "role_after", "leader_cues", "recipient_cues", "owner_cues", "target_cues")}
        self.local = LocalVocabulary(taxonomy.languages, {
            "countries": self.countries, "categories": self.categories, "activities": self.activities,
            "cooperation": self.cooperation, "partners": self.partners, "trade_cues": self.trade,
            "trade_objects": self.trade_objects, "recap_cues": self.recap, "aside_cues": self.aside,
            "venue_cues": self.venue, "place_cues": self.place, "war_cues": self.war, **self.local_roles,
        }, ((name, partner) for partner in taxonomy.partners for name in (partner.name, *partner.aliases)))
        # Every matcher a _Document is searched with, scanned for in one pass.
        self._document_matchers = MatcherGroup(
            (self.countries, self.partners, self.media, self.not_partners, self.categories, self.activities,
             self.cooperation, self.people, self.background, self.trade, self.trade_objects, self.recap,
             self.aside, self.org_nouns, self.pair_ends, self.org_hints, self.venue, self.place, self.war,
             *self.local_roles.values()), self.local
        )
        joiners = "|".join(re.escape(fold(j)) for j in sorted(taxonomy.list_joiners, key=len, reverse=True))
        serve = "|".join(re.escape(fold(w)) for w in sorted(taxonomy.serve_words, key=len, reverse=True))
        self._serve = re.compile(rf"\s+(?:{serve or '(?!)'})(?!\w)")
        self._list_joint = re.compile(rf"(?:\s|,|(?<!\w)(?:{joiners or '(?!)'})(?!\w))*")  # between two names of a list
        self._country_role = _ends_with_any(taxonomy.country_role_cues)
        self._recipient_role = _ends_with_any(taxonomy.recipient_cues)
        stems = "|".join(re.escape(fold(stem)) for stem in taxonomy.ukraine_stems) or "(?!)"
        # Without a look-behind first the regex engine skips to the stems' first letters; a stem
        # inside a word is dropped in _ukraine_words.
        self._ukraine_word = re.compile(rf"(?:{stems})\w*")
        after = "|".join(re.escape(fold(c)) for c in sorted(taxonomy.country_role_after, key=len, reverse=True))
        self._country_role_after = re.compile(rf"['’]?s?\s+(?:has\s+|have\s+|had\s+|will\s+)?(?:{after or '(?!)'})(?!\w)")
        self._owner_role = _ends_with_any(taxonomy.owner_cues, gap=3)
        self._target_role = _ends_with_any(taxonomy.target_cues, gap=4)
        # "export their technologies": an activity told by two words with a few between them.
        self._pairs = tuple(
            (slug, re.compile(r"(?<!\w)(?:%s)\w*(?:\W+\w+){0,%d}?\W+(?:%s)" % (
                "|".join(re.escape(fold(w)) for w in first), gap, "|".join(re.escape(fold(w)) for w in then))))
            for slug, first, then, gap in taxonomy.cue_pairs)
        # Memos of pure functions of a name; names repeat across articles.
        self._prefix_cache: dict[str, Partner | None] = {}
        self._country_word_cache: dict[str, bool] = {}
        self.suffixes = frozenset(taxonomy.org_suffixes)
        # The tokens a name's last word can be (a suffix, or one with "'s"): a sentence with none
        # of them yields no name from its capitalised runs, which are then not looked for.
        self._suffix_tokens = frozenset(
            form for suffix in self.suffixes for form in (suffix, suffix + "'s", suffix + "’s")
            if POSSESSIVE.sub("", form) in self.suffixes)
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
            rf"{run},\s+(?:a|an|the|which is a)\s+(?:[\w\-’']+\s+){{0,4}}(?:{nouns}|manufacturer|supplier|group)\b"
        ) if nouns else None
        forms = "|".join(re.escape(f) for f in sorted(taxonomy.legal_forms, key=len, reverse=True)) or "(?!)"
        name_words = r"[A-Z0-9][\w'’.&\-]*(?:\s+(?:&\s+|and\s+|of\s+)?[A-Z0-9][\w'’.&\-]*){0,4}"
        # "Nordwind Systems GmbH", "Amentum Services, Inc", "JSC Ukrainian Armor", "LLC «Fort»"
        self._legal_after = re.compile(rf"(?P<name>{name_words}),?\s+(?:{forms})(?=[\s,;:)’'”]|\.?$|\.\s)")
        prefixes = "|".join(re.escape(f) for f in taxonomy.legal_forms if f.isupper() and len(f) >= 2) or "(?!)"
        # A name after the form in quotes may be in any script and case: "ТОВ «Небесний щит»".
        self._legal_before = re.compile(
            rf"(?<![\w.])(?:{prefixes})\s+(?:[\"«“„](?P<quoted>[^\W_][^\"«»“”„\n]{{0,58}}?)[\"»”“]|"
            rf"(?P<name>[A-Z0-9][\w'’\-]*(?:\s+[A-Z0-9][\w'’\-]*){{0,3}}))")
        self._bare_legal_forms = frozenset(f.rstrip(".") for f in taxonomy.legal_forms)
        # Words each pattern cannot match without: a sentence without one is not searched with it,
        # which is far cheaper than trying the pattern at each capital letter.
        self._required = {self._legal_after: re.compile(forms), self._legal_before: re.compile(prefixes)}
        if self._after_noun:
            self._required[self._after_noun] = re.compile(nouns)
        # "with RSI Europe, Brolis Semiconductors, DMEXS and NT Service": a list of names next to
        # a word for companies is a list of organisations.
        item = r"[A-Z0-9][\w'’.&\-]*(?:\s+[A-Z0-9][\w'’.&\-]*){0,3}"
        self._enumeration = re.compile(rf"(?P<items>{item}(?:,\s+{item}){{1,30}},?\s+(?:and|&)\s+{item})")  # bounded: linear
        self._ministry = re.compile(
            r"(?:\b(?P<pre>[A-Z][\w’'.]*(?:\s+[A-Z][\w’'.]*)?)\s+)?\bMinistry\s+(?:of|for)\s+"
            r"(?P<what>(?:the\s+)?[A-Z][\w\-]*(?:\s+(?:and|of|for|&)?\s*[A-Z][\w\-]*){0,4})"
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
        language = self.local.detect("\n".join((article.title, *article.paragraphs)))
        body = _Document(self._document_matchers, [p.lstrip("• ") for p in article.paragraphs], article.title, language)
        captions = _Document(self._document_matchers, list(article.captions), language=language)
        body_roles, caption_roles = self._roles(body), self._roles(captions)
        evidence = _Evidence()
        on_topic, reason = self._on_topic([(body, body_roles), (captions, caption_roles)], evidence)
        if on_topic:
            cooperation = {i for i, role in enumerate(body_roles) if role.kind == COOPERATION}
            relevant_captions = {i for i, role in enumerate(caption_roles) if role.kind == COOPERATION}
            # A listed name is an organisation for sure: any sentence but a recap or the aggressor's own.
            named = {i for i, role in enumerate(body_roles) if role.kind not in (RECAP, AGGRESSOR, TRADE)}
            following = {i + 1 for i in cooperation if i + 1 < len(body_roles) and body_roles[i + 1].kind == OTHER}
            partners, unlisted = self._partners(body, cooperation, named, following, evidence)
            # A sentence with no cue right after one about the cooperation that names no state
            # names its partners about Denmark and Norway").
            # ("Ukraine plans projects with partners. We are talking about Denmark and Norway").
            unnamed = {i for i in following if not body_roles[i - 1].countries}
            scores: dict[str, int] = {}
            for partner in partners:
                if partner.country:
                    scores[partner.country] = scores.get(partner.country, 0) + ACTIVITY_WEIGHT
                    evidence.add("countries", partner.country, evidence.text_of("partners", partner.name),
                                 partner.name, "country of a partner")
            self._country_scores(body, cooperation | unnamed, body_roles, scores, evidence, frozenset(unnamed))
            self._country_scores(captions, relevant_captions, caption_roles, scores, evidence, places=False)
            countries = {code for code, score in scores.items() if score >= COUNTRY_THRESHOLD}
            countries -= self.taxonomy.never_partner_countries
            categories = self._terms(body, cooperation, self.categories, self.taxonomy.categories, "categories",
                                     evidence)
            activities = self._terms(body, cooperation, self.activities, self.taxonomy.activities, "activities",
                                     evidence)
        else:
            partners, unlisted, countries, categories, activities = [], set(), set(), (), ()
        date, date_evidence = self.dates.resolve(article, body, captions, today)
        return Entry(
            seed=article.seed,
            title=article.title,
            date=date,
            countries=tuple(sorted(countries)),
            partners=tuple(sorted({p.name for p in partners} | set(unlisted), key=str.casefold)),
            categories=categories,
            activities=activities,
            source=self._source(article),
            summary=article.paragraphs[0].lstrip("• ") if article.paragraphs else "",
            body=to_markdown(article.paragraphs),
            captions=article.captions,
            more_sources=article.more_sources,
            unlisted_partners=tuple(sorted(unlisted, key=str.casefold)),
            on_topic=on_topic,
            on_topic_reason=reason,
            evidence=((date_evidence,) if date_evidence else ()) + evidence.kept(
                {"countries": countries, "partners": {p.name for p in partners} | set(unlisted),
                 "categories": categories, "activities": activities}),
            problems=article.problems,
        )

    # ------------------------------------------------------------ sentence roles

    def _roles(self, document: _Document) -> list[SentenceRole]:
        """What each sentence does: reports the cooperation, a delivery or sale, a recap, or
        the aggressor's own business (TAXONOMY.md: the role decides, not the mention)."""
        count = len(document.spans)
        activities: list[set[str]] = [set() for _ in range(count)]
        for match in document.find(self.activities):
            if match.values[0] is not None and not self._hostile_before(document, match.start) and \
                    not _inside_name(document, match, self.suffixes):
                activities[document.sentence_at(match.start)].add(match.values[0])
        document.pair_hits = {}
        for index in sorted(document.sentences_hit(self.pair_ends)):
            folded = document.folded_sentence(index)
            for slug, pattern in self._pairs:
                hit = pattern.search(folded)
                if hit:
                    activities[index].add(slug)
                    document.pair_hits.setdefault(index, []).append((slug, hit.start(), hit.end()))
        cooperation = document.sentences_hit(self.cooperation)
        # A delivery or sale is of weapons: "purchased a land plot" is no trade in arms.
        trade = document.sentences_hit(self.trade) & document.sentences_hit(self.categories, self.trade_objects)
        recap = {document.sentence_at(m.start) for m in document.find(self.recap)
                 if m.start == document.spans[document.sentence_at(m.start)][0]}
        recap |= document.sentences_hit(self.aside)
        ukraine, aggressor, foreign, elsewhere = set(), set(), set(), set()
        for match in document.find(self.countries):
            index = document.sentence_at(match.start)
            if "UA" in match.values:
                if document.cue_before(self.war, match.start, 1):
                    continue  # "the invasion of Ukraine": the war on it, not its side
                # "Shells made for Ukraine": a recipient of what others make, not a side taking part.
                # Repairs and upgrades of its equipment are a service to it, and "Ukrainian" says whose.
                recipient = not activities[index] & SERVICES and not match.text.lower().startswith("ukrainian") \
                    and self._recipient_before(document, match.start)
                if not recipient:
                    ukraine.add(index)
            elif set(match.values) & self.taxonomy.never_partner_countries:
                aggressor.add(index)
            else:
                foreign.add(index)
                if self._placed(document, match.start):
                    elsewhere.add(index)
        # Ukraine's name in any language the cue files may miss ("ukrajinský", "Україною", "Kyjev").
        for start in self._ukraine_words(document.folded):
            index = document.sentence_at(start)
            if index in ukraine or document.cue_before(self.war, start, 1) or \
                    (not activities[index] & SERVICES and self._recipient_before(document, start)):
                continue
            ukraine.add(index)
        for match in document.find(self.partners):
            if match.values[0].country == "UA":
                ukraine.add(document.sentence_at(match.start))
        roles = []
        for index in range(count):
            found = frozenset(activities[index])
            if index in recap or (found and index in elsewhere and index not in ukraine):
                kind = RECAP  # "a deal to produce missiles in Poland" without Ukraine's side: other cooperation
            elif index in aggressor and index not in ukraine:
                kind = AGGRESSOR
            elif index in trade and not found - {"financing"}:
                kind = TRADE
            elif found or index in cooperation:
                kind = COOPERATION
            else:
                kind = OTHER
            roles.append(SentenceRole(kind, found, index in ukraine, index in foreign))
        return roles

    def _ukraine_words(self, folded: str):
        """Where each word beginning with a stem of Ukraine's name starts."""
        for match in self._ukraine_word.finditer(folded):
            start = match.start()
            if not start or not (folded[start - 1].isalnum() or folded[start - 1] == "_"):  # not after a \w
                yield start

    def _recipient_before(self, document: _Document, start: int) -> bool:
        return bool(self._recipient_role.search(document.folded, max(0, start - 30), start)) or \
            document.cue_before(self.local_roles["recipient_cues"], start, 1)

    def _owner_before(self, document: _Document, start: int) -> bool:
        """"owned by X", "made by X": an organisation not doing this cooperation."""
        return bool(self._owner_role.search(document.folded, max(0, start - 40), start)) or \
            document.cue_before(self.local_roles["owner_cues"], start, 1)

    def _placed(self, document: _Document, start: int) -> bool:
        """Is the country named at ``start`` a place ("repaired in Poland")? "Firms in Poland" are partners there."""
        starts, ends = document._edges(self.place)
        index = bisect_right(ends, start) - 1
        return index >= 0 and _near(document.text[ends[index]:start], 1) and \
            not document.cue_before(self.org_nouns, starts[index], 0)

    def _serves(self, document: _Document, end: int, whole: str) -> bool:
        """Is the cue ending at ``end`` followed by a serve word and, a few words on, a cue of ``whole``?"""
        found = self._serve.match(document.folded, end)
        if not found:
            return False
        starts, _ = document._edges(self.categories)
        index = bisect_left(starts, found.end())
        if index == len(starts) or not _near(document.text[found.end():starts[index]], 2):
            return False
        return whole in document.find(self.categories)[index].values

    def _hostile_before(self, document: _Document, start: int) -> bool:
        before = document.folded[max(0, start - 40): start].split()
        return bool(before) and before[-1].strip(",.;:'\"") in self.hostile

    def _on_topic(self, documents: list[tuple[_Document, list[SentenceRole]]],
                  evidence: _Evidence) -> tuple[bool, str]:
        """On topic when a sentence or caption reports an activity of the vocabulary with Ukraine's side
        named in it or the sentence next to it, and in one about the cooperation (TAXONOMY.md: on_topic):
        "we are skilled at production" in a report of a sale concerns no cooperation with Ukraine. With no
        cue of cooperation, trade or the aggressor's industry (a language the cues do not cover) the entry
        stays on topic."""
        sentences, anchored = [], []
        for document, roles in documents:
            for i, role in enumerate(roles):
                sentences.append((document.sentence(i), role))
                anchored.append(role.ukraine or any(
                    roles[j].ukraine and roles[j].kind in (COOPERATION, OTHER) for j in (i - 1, i + 1)
                    if 0 <= j < len(roles)))
        active = [(text, role) for (text, role), near in zip(sentences, anchored)
                  if role.kind == COOPERATION and role.activities and near]
        any_activity = any(role.kind == COOPERATION and role.activities for _, role in sentences)
        ukrainian = [(text, role) for text, role in sentences if role.kind == COOPERATION and role.ukraine]
        if active and ukrainian:
            text, role = next(((t, r) for t, r in active if r.ukraine), active[0])
            words = ", ".join(sorted(role.activities))
            evidence.add("on_topic", "true", text, words, "activity with Ukraine's side")
            return True, f"cooperation reported: {words} with Ukraine's side"
        kinds = {role.kind: text for text, role in reversed(sentences)}
        if not any_activity and TRADE not in kinds and AGGRESSOR not in kinds:
            reason = "no cue of cooperation or trade recognised: kept on topic for an editor to judge"
            evidence.add("on_topic", "true", sentences[0][0] if sentences else "", "", "no cue either way")
            return True, reason
        if active or (TRADE not in kinds and AGGRESSOR not in kinds):
            text = next(t for t, r in sentences if r.kind == COOPERATION and r.activities)
            reason = "activity without Ukraine or a Ukrainian organisation taking part"
        elif AGGRESSOR in kinds:
            reason, text = "the aggressor's own industry, no cooperation with Ukraine", kinds[AGGRESSOR]
        else:
            reason, text = "deliveries, aid or sales only, no industrial cooperation", kinds[TRADE]
        evidence.add("on_topic", "false", text, "", reason)
        return False, reason

    # ------------------------------------------------------------ countries

    def _hidden_spans(self, document: _Document) -> list[tuple[int, int]]:
        """News outlets and never-partner names, whose words are not country mentions."""
        return [(m.start, m.end) for matcher in (self.media, self.not_partners) for m in document.find(matcher)]

    def _country_scores(self, document: _Document, only: set[int], roles: list[SentenceRole],
                        scores: dict[str, int], evidence: _Evidence, naming: frozenset[int] = frozenset(),
                        places: bool = True) -> None:
        """Add to each state's score for its mentions in ``only`` sentences, in a partner's role.

        A mention in a sentence reporting an activity, naming Ukraine's side ("Ukraine signed deals with
        X") or in the headline weighs ACTIVITY_WEIGHT; one in a sentence with only a cooperation cue
        ("together") CUE_WEIGHT; ``naming`` sentences name the partners the one before left unnamed
        and weigh ACTIVITY_WEIGHT too. A state is
        listed at COUNTRY_THRESHOLD, so one passing mention beside "together" is not enough. With ``places``
        a state named as where the work is done ("repaired in Poland") weighs CUE_WEIGHT; a caption
        about the cooperation may name the state it shows (TAXONOMY.md), so captions are read without.
        """
        hidden = self._hidden_spans(document)
        venues = document.sentences_hit(self.venue)
        local = self.local_roles
        for match, first, last in self._country_lists(document):
            index = document.sentence_at(match.start)
            if index not in only:
                continue
            if any(s < match.end and match.start < e for s, e in hidden):
                continue
            # A list ("in Germany, Ukraine and Poland") has one role: the words before its first
            # name and after its last one give it.
            if self._country_role.search(document.folded, max(0, first - 40), first) or \
                    document.cue_before(local["role_cues"], first, 1):
                continue  # "headquartered in X", "talks in X": a role other than partner
            if self._country_role_after.match(document.folded, last) or document.cue_after(local["role_after"], last, 1):
                continue  # "Polish airspace", "the French TV channel", "Germany donated": not a partner's role
            if not roles[index].activities and (self._leader_after(document.text, last) or
                                                document.cue_before(local["leader_cues"], first, 1) or
                                                document.cue_after(local["leader_cues"], last, 1)):
                continue  # "Canadian Prime Minister X" at a ceremony: a state taking part says what it does
            strong = bool(roles[index].activities) or roles[index].ukraine or index < document.title_sentences or \
                index in naming
            if strong and (self._in_aside_clause(document, index, match.start) or index in venues or
                           (places and self._placed(document, first))):
                # "Rheinmetall, which has plants in Hungary, ...": background about the firm; "signed in the
                # presence of": where and before whom; "repaired in Poland": a place, which a partner
                # is only when something else says so.
                strong = False
            for code in match.values:
                scores[code] = scores.get(code, 0) + (ACTIVITY_WEIGHT if strong else CUE_WEIGHT)
                evidence.add("countries", code, document.sentence(index), match.text,
                             "activity sentence" if strong else "cooperation sentence")

    def _country_lists(self, document: _Document):
        """Each country mention with the start of the first and the end of the last name of its list."""
        matches = document.find(self.countries)
        groups, first = [], 0
        for position, match in enumerate(matches):
            if position and not self._list_joint.fullmatch(document.folded, matches[position - 1].end, match.start):
                first = position
            groups.append(first)
        last, lasts = len(matches) - 1, [0] * len(matches)
        for position in range(len(matches) - 1, -1, -1):
            if position < len(matches) - 1 and groups[position + 1] != groups[position]:
                last = position
            lasts[position] = last
        return [(m, matches[groups[i]].start, matches[lasts[i]].end) for i, m in enumerate(matches)]

    @staticmethod
    def _in_aside_clause(document: _Document, index: int, offset: int) -> bool:
        clauses = document.asides.get(index)
        if clauses is None:
            start = document.spans[index][0]
            clauses = document.asides[index] = [(start + m.start(), start + m.end())
                                                 for m in ASIDE_CLAUSE.finditer(document.sentence(index))]
        return any(a <= offset < b for a, b in clauses)

    def _leader_after(self, text: str, end: int) -> bool:
        """Does a person's title follow ("British Prime Minister", "U.S. President")?"""
        following = text[end:end + 30].split()
        return bool(following) and following[0].strip(",.;:") in self.role_words

    # ------------------------------------------------------------ partners

    def _partners(self, document: _Document, cooperation: set[int], listed_in: set[int], following: set[int],
                  evidence: _Evidence) -> tuple[list[Partner], set[str]]:
        """Listed partners named in ``listed_in`` sentences, and organisation-like names in no
        list named in sentences about the cooperation; neither as an owner or a maker only."""
        known: dict[str, Partner] = {}
        for match in document.find(self.partners):
            index = document.sentence_at(match.start)
            if index not in listed_in:
                continue
            if self._owner_before(document, match.start):
                continue  # "owned by X", "made by X": not doing this cooperation
            partner = match.values[0]
            known[partner.name] = partner
            evidence.add("partners", partner.name, document.sentence(index), match.text, "listed, cooperation sentence")
        unlisted: set[str] = set()
        hidden = self._hidden_spans(document)
        company_words = document.sentences_hit(self.org_nouns)
        hinted = document.sentences_hit(self.org_hints)
        for index in sorted(cooperation | following):
            if index < document.title_sentences:
                continue  # headlines are in title case: every word looks like a name
            start, end = document.spans[index]
            excluded = [(s - start, e - start) for s, e in hidden if start <= s < end]
            enumerated = bool(company_words & {index - 1, index, index + 1})
            lists_only = index not in cooperation or index not in hinted
            if lists_only and not enumerated:
                continue
            for offset, name in self._organisation_names(document.sentence(index), excluded, enumerated, lists_only):
                if self._owner_before(document, start + offset):
                    continue
                partner = self._known_prefix(name) or self._ministry_of_country(name)
                if partner:
                    known[partner.name] = partner
                    evidence.add("partners", partner.name, document.sentence(index), name, "listed name's prefix")
                else:
                    unlisted.add(name)
                    evidence.add("partners", name, document.sentence(index), name, "organisation-like name")
        # "Escribano Mechanical" inside "Escribano Mechanical and Engineering": the longest name stands.
        unlisted = {n for n in unlisted if not any(o != n and o.startswith(n + " ") for o in unlisted)}
        return sorted(known.values(), key=lambda p: p.name), unlisted

    def _known_prefix(self, name: str) -> Partner | None:
        """The listed partner a name stands for, or begins with ("Babcock Ukraine Ltd")."""
        if name not in self._prefix_cache:
            matches = self.partners.find(name)
            self._prefix_cache[name] = matches[0].values[0] if matches and matches[0].start == 0 else None
        return self._prefix_cache[name]

    def _organisation_names(self, text: str, excluded: list[tuple[int, int]], enumerated: bool = False,
                            lists_only: bool = False) -> list[tuple[int, str]]:
        """Names that look like organisations taking part: "X Group", "firm X", "Czech Ministry of X",
        "X GmbH", "JSC X", and with ``enumerated`` (a word for companies in or beside the sentence)
        a list of names; ``lists_only`` looks for nothing else (the sentence has no word of a name's kind)."""
        names = []

        def keep(start: int, name: str) -> None:
            name = name.strip(" ,.;:’'\"")
            name = POSSESSIVE.sub("", name)
            if any(s <= start < e or s < start + len(name) <= e for s, e in excluded):
                return
            tokens = name.split()
            if start == 0 and len(tokens) > 1 and len(tokens[0]) >= 5 and tokens[0].isupper() and \
                    not tokens[1].isupper():
                tokens.pop(0)  # a dateline: "ANKARA Baykar said"
            while tokens and (tokens[0] in LEADING_NOISE or tokens[0].endswith("-based") or
                              (POSSESSIVE.search(tokens[0]) and self._is_country_word(tokens[0]))):
                tokens.pop(0)  # "The", "Canada's"
            titled = next((i for i, t in enumerate(tokens) if t in self.role_words), None)
            if titled is not None:  # "Commercial Director of X", "Director Ivan Petrenko of X": the organisation is X
                of = next((i for i in range(titled + 1, len(tokens)) if tokens[i] == "of"), None)
                if of is None:
                    return
                tokens = tokens[of + 1:]
                while tokens and tokens[0] in LEADING_NOISE:
                    tokens.pop(0)
            while len(tokens) > 1 and tokens[-1].rstrip(".") in self._bare_legal_forms:
                tokens.pop()  # "Amentum Services Inc": the name without its legal form
            while len(tokens) > 1 and tokens[0] in self._bare_legal_forms:
                tokens.pop(0)  # "firm TOV Skyforge": the name without its legal form
            if not tokens or tokens[0] in self.role_words or tokens[0].lower() in CONNECTORS:
                return
            if not any(t not in self.generic_words and t not in self.suffixes and t.lower() not in CONNECTORS
                       for t in tokens):
                return
            names.append((start, " ".join(tokens)))

        if lists_only:  # a sentence after one about the cooperation: only its list of names
            return self._listed_names(text, keep, names) if enumerated else []
        runs = () if self._suffix_tokens.isdisjoint(TOKEN.findall(text)) else self._capitalised_runs(text)
        for run_start, run_tokens in runs:
            for part in _split_names(run_tokens, self.suffixes):
                last = POSSESSIVE.sub("", part[-1])
                if last in self.suffixes and len(part) >= 2:
                    keep(run_start, " ".join(part[:-1] + [last]))
        for pattern in (self._after_noun, self._before_noun):
            for match in self._finditer(pattern, text) if pattern else ():
                keep(match.start(1), self._trim_run(match.group(1), text, match.end(1)))
        for pattern in (self._legal_after, self._legal_before):
            for match in self._finditer(pattern, text):
                if match.groupdict().get("quoted"):
                    keep(match.start("quoted"), " ".join(match.group("quoted").split()))
                    continue
                keep(match.start("name"), self._trim_run(match.group("name"), text, match.end("name")))
        if enumerated:
            self._listed_names(text, keep, names)
        for match in self._ministry.finditer(text) if "Ministry" in text else ():  # a cheap test first
            pre, post = match.group("pre"), match.group("post")
            if pre and pre.split()[0] in LEADING_NOISE:  # "The Ukrainian Ministry of X"
                pre = " ".join(pre.split()[1:]) or None
            what = match.group("what")
            if " and " in what and self._is_country_word(what.rsplit(" and ", 1)[1]):
                continue  # "the Ministry of Defence and British company X": two names
            # Whose ministry it is must be said: "Czech Ministry of X", "Ministry of X of Norway".
            qualified = (pre and self._is_country_word(pre)) or (post and self._is_country_word(post)) or \
                bool(self.countries.find(what))
            if qualified:
                start = match.end("pre") - len(pre) if pre and self._is_country_word(pre) else \
                    text.index("Ministry", match.start())
                name = text[start:match.end()]
                partner = self.taxonomy.partner_named(name) or self._ministry_of_country(name)
                names.append((start, partner.name if partner else " ".join(name.split())))
        return names

    def _finditer(self, pattern: re.Pattern, text: str):
        """``pattern.finditer(text)``, skipped when the text lacks a word the pattern requires."""
        required = self._required.get(pattern)
        return pattern.finditer(text) if required is None or required.search(text) else ()

    def _listed_names(self, text: str, keep, names: list) -> list:
        """The names of a list after "with", "including", "are" ("with A, B and C")."""
        for match in self._enumeration.finditer(text):
            before = text[max(0, match.start() - 25):match.start()].split()
            if not before or before[-1].strip(":").lower() not in ENUMERATION_OPENERS:
                continue
            for item in LIST_ITEM.finditer(match.group("items")):
                words = re.sub(r"^(?:and|&)\s+", "", item.group().strip())
                if words and not self._is_country_word(words):
                    keep(match.start() + item.start(), words)
        return names

    def _ministry_of_country(self, name: str) -> Partner | None:
        """A listed ministry named by its demonym: "Ukrainian Ministry of X" is "Ministry of X of Ukraine"."""
        first, _, rest = name.partition(" ")
        if not rest.startswith("Ministry") or not self._is_country_word(first):
            return None
        for code in self.countries.find(POSSESSIVE.sub("", first))[0].values:
            country = self.taxonomy.countries[code]
            for form in (f"{rest} of {country.name}", f"{rest} of the {country.name}"):
                partner = self.taxonomy.partner_named(form)
                if partner:
                    return partner
        return None

    def _trim_run(self, run: str, text: str, end: int) -> str:
        """A name stops before a role word ("Roshel CEO"), a country word or "and"."""
        tokens = run.split()
        kept: list[str] = []
        for token in tokens:
            if token in self.role_words or token == "and" or (kept and self._is_country_word(token)):
                break
            kept.append(token)
        return " ".join(kept)

    def _is_country_word(self, words: str) -> bool:
        """Is this a country's name or demonym ("Czech", "Canada's")?"""
        if words not in self._country_word_cache:
            bare = POSSESSIVE.sub("", words.strip())
            matches = self.countries.find(bare)
            self._country_word_cache[words] = bool(matches) and matches[0].end == len(bare)
        return self._country_word_cache[words]

    def _capitalised_runs(self, text: str):
        """Runs of capitalised words, allowing "of", "and", "&" between them."""
        run: list[str] = []
        run_start, previous_end = 0, 0
        for match in TOKEN.finditer(text):
            token = match.group()
            if not run:  # the common case, made short: only a capital starts a run
                if token[0].isupper():
                    run = [token]
                    run_start, previous_end = match.span()
                continue
            start, end = match.span()
            adjacent = run and (start == previous_end or text[previous_end:start].isspace())  # only spaces between
            capital = token[0].isupper() or token[0].isdigit() and bool(run)
            if capital and (adjacent or not run):
                if not run:
                    run_start = start
                run.append(token)
            elif token in CONNECTORS and adjacent:
                run.append(token)
            else:
                if run:
                    yield run_start, _strip_connectors(run)
                run = [token] if capital else []
                run_start = start
            previous_end = end
        if run:
            yield run_start, _strip_connectors(run)

    # ------------------------------------------------------------ categories, activities

    def _terms(self, document: _Document, only: set[int], matcher: PhraseMatcher, vocabulary, field: str,
               evidence: _Evidence) -> tuple[str, ...]:
        """The vocabulary's terms named in sentences about the cooperation."""
        found = set()
        for match in document.find(matcher):
            if match.values[0] is None:
                continue  # an ignored phrase ("think tank", "body armor")
            index = document.sentence_at(match.start)
            if index not in only or self._hostile_before(document, match.start):
                continue  # "Russian missiles": the threat, not the cooperation
            if _inside_name(document, match, self.suffixes):
                continue  # "Defence Innovation Agency": a word of a name
            slug = match.values[0]
            if field == "categories":
                before = max(document.spans[index][0], match.start - 60)
                if self._target_role.search(document.folded, before, match.start) or \
                        document.cue_before(self.local_roles["target_cues"], match.start, 2):
                    continue  # "systems that take down drones and aircraft": the target, not the product
                words = document.folded[max(0, match.start - 20):match.start].split()
                slug = self.taxonomy.retarget_modifiers.get(words[-1], slug) if words else slug  # "unmanned jet"
                whole = self.taxonomy.parts_of.get(slug)
                if whole and self._serves(document, match.end, whole):
                    slug = whole  # "missiles for the air defence system": interceptors
            found.add(slug)
            evidence.add(field, slug, document.sentence(index), match.text, "cue in a cooperation sentence")
        if field == "activities":
            for index, hits in sorted(document.pair_hits.items()):
                for slug, start, end in hits if index in only else ():
                    found.add(slug)
                    evidence.add(field, slug, document.sentence(index), document.sentence(index)[start:end],
                                 "cue words near each other")
        return tuple(t.slug for t in vocabulary if t.slug in found)

    # ------------------------------------------------------------ source

    def _source(self, article: Article) -> Source:
        header = dict(article.header)
        name = header.get("publisher")
        url = web_url(header.get("url"))
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
        texts = (*article.paragraphs, *article.furniture)
        for text, matches in zip(texts, self.media.find_each(list(texts))):
            for match in matches:
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
            for url in URL_IN_TEXT.findall(line):
                if host_matches(url_host(url.rstrip(".,;")), domains):
                    return url.rstrip(".,;")
        return None


def _split_names(tokens: list[str], suffixes: frozenset[str] = frozenset()) -> list[list[str]]:
    """A run of capitalised words may hold several names: "X Corporation and Ukraine's Y"."""
    parts: list[list[str]] = []
    current: list[str] = []
    for token in tokens:
        if token == "and":
            parts.append(current)
            current = []
        elif POSSESSIVE.search(token) and current:
            parts.append(current + [token])
            current = []
        else:
            current.append(token)
    parts.append(current)
    parts = [_strip_connectors(p) for p in parts if _strip_connectors(p)]
    merged: list[list[str]] = []
    for part in parts:
        # "Escribano Mechanical and Engineering", "Association of Defence and Security Industries":
        # a lone suffix word, or a tail ending in one after "of", belongs to the name before it.
        if merged and suffixes and part[-1] in suffixes and "of" not in part and \
                (len(part) == 1 or "of" in merged[-1]) and not POSSESSIVE.search(merged[-1][-1]):
            merged[-1] = merged[-1] + ["and"] + part
        else:
            merged.append(part)
    return merged


def _strip_connectors(tokens: list[str]) -> list[str]:
    while tokens and tokens[-1].lower() in CONNECTORS:
        tokens = tokens[:-1]
    return tokens


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")
LINE_START_MARK = re.compile(r"^(\s*)([-=]|\d+\.)")  # would start a list or a heading underline


def markdown_text(text: str) -> str:
    """Seed text made inert for Markdown: HTML escaped, Markdown syntax backslash-escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if MARKDOWN_SPECIAL.search(text):  # a substitution with a template costs more than a search
        text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return LINE_START_MARK.sub(r"\1\\\2", text) if LINE_START_MARK.match(text) else text


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
