"""Cue phrases in the languages other than English that articles come in, matched on lemmas.

``content/taxonomy/languages/<code>.yaml`` gives, for one language, the words its
articles use for the taxonomy's countries, categories, activities and cooperation.
Slavic and Baltic words change their endings with case and number ("снаряд",
"снарядів", "снарядами"), so both the phrases and the article are reduced to lemmas
(simplemma's dictionaries) and matched on those. A phrase may open one end with
``*`` for compounds and suffixes: "*panzer" matches "Kampfpanzer", "munition*"
"Munitionsfabrik". Country names in each language come from CLDR (Babel), for the
countries the project lists names for.

An article's language is told only when it does not read as English (a cheap test of
its commonest words), by py3langid among the languages that have a file; English
articles pay for neither the detector nor the lemmatiser. A language's dictionary and
automaton are loaded the first time an article in it is met.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

import ahocorasick

from coprod.core.errors import ContentError
from coprod.core.textfold import fold
from coprod.core.digest import Digest
from coprod.core.schema import Flag, Invalid, Option, Schema, Table, Text

WORD = re.compile(r"\w+")
JOINER = re.compile(r"[ \t\u00a0\-‐‑'’]+")  # what may stand between two words of one phrase
MEMO_LIMIT = 200_000  # lemmas remembered per language
# The commonest English words, rare in every other language the articles come in.
ENGLISH_MARKERS = (" the ", " and ", " of ", " with ", " for ", " that ", " is ", " was ", " has ", " by ", " from ",
                   " its ")
ENGLISH_SHARE = 0.04  # an English text has about one in eight of its words among those
ENGLISH_SAMPLE = 1500  # characters: the title and first paragraphs tell the language
OPEN = "*"
# Keys for the cues that give a sentence, a country or a name its role (extract.py), under the
# names the English data uses; each is a list of phrases.
ROLE_KEYS = ("trade_cues", "trade_objects", "recap_cues", "aside_cues", "venue_cues", "role_cues", "role_after",
             "place_cues", "leader_cues", "recipient_cues", "war_cues", "owner_cues", "target_cues")


@dataclass(frozen=True)
class LanguageCues:
    """One language's words for the taxonomy, as written in its file (lemmas or stems)."""

    code: str  # ISO 639-1
    countries: Mapping[str, tuple[str, ...]]  # ISO 3166 code: names and demonyms
    categories: Mapping[str, tuple[str, ...]]  # category slug: cue phrases
    activities: Mapping[str, tuple[str, ...]]
    ignore: tuple[str, ...]  # phrases that contain a category cue but name no category
    hostile_modifiers: tuple[str, ...]  # a category cue right after one names the threat
    cooperation_cues: tuple[str, ...]
    roles: Mapping[str, tuple[str, ...]]  # ROLE_KEYS key: phrases
    lemmas: bool = True  # False: words match as written (folded), cues being stems


class Phrases(Option[tuple[str, ...]]):
    """Cue phrases of a language file: non-empty strings, '*' only at either end."""

    def __init__(self) -> None:
        super().__init__(())

    def check(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise Invalid("must be a list of non-empty strings (quote yes/no/on/off)")
        for phrase in value:
            inner = phrase.strip().strip(OPEN)
            if OPEN in inner:
                raise Invalid(f": {phrase!r}: '*' may only open the first or last end of a phrase")
        return tuple(" ".join(v.split()) for v in value)


# content/taxonomy/languages/<code>.yaml
SCHEMA = Schema({
    "countries": Table(Text(), Phrases()),  # ISO code -> names
    "categories": Table(Text(), Phrases()),  # slug of categories.yaml -> cues
    "activities": Table(Text(), Phrases()),  # slug of activities.yaml -> cues
    "ignore": Phrases(),
    "hostile_modifiers": Phrases(),
    "cooperation_cues": Phrases(),
    "lemmas": Flag(True),
    **{key: Phrases() for key in ROLE_KEYS},
})


def load_languages(folder: Path, digest: Digest, slugs: Mapping[str, set[str]], country_codes: set[str],
                   listed_countries: Iterable[str]) -> Mapping[str, LanguageCues]:
    """Every ``<code>.yaml`` in ``folder``, checked against the taxonomy's slugs and codes.

    ``listed_countries`` get their CLDR name in each language added to the file's own names.
    """
    import simplemma.strategies.dictionaries.dictionary_factory as factory
    from babel import Locale

    languages = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        code = path.stem
        if code not in factory.SUPPORTED_LANGUAGES or code == "en":
            raise ContentError(path, f"{code!r} is not a language the lemmatiser knows (a two-letter ISO 639-1 code)")
        digest.update(path.read_bytes())
        data = SCHEMA.load(path)
        names = {country: list(phrases) for country, phrases in data["countries"].items()}
        for country in names:
            if country not in country_codes:
                raise ContentError(path, f"countries: {country!r} is not an ISO 3166-1 alpha-2 code")
        territories = Locale.parse(code).territories
        for country in listed_countries:
            if territories.get(country):
                names.setdefault(country, []).insert(0, territories[country])
        for kind in ("categories", "activities"):
            for slug in data[kind]:
                if slug not in slugs[kind]:
                    raise ContentError(path, f"{kind}: {slug!r} is not a slug of {kind}.yaml")
        languages[code] = LanguageCues(
            code=code,
            countries=MappingProxyType({c: tuple(dict.fromkeys(v)) for c, v in sorted(names.items())}),
            categories=MappingProxyType(data["categories"]),
            activities=MappingProxyType(data["activities"]),
            ignore=data["ignore"],
            hostile_modifiers=data["hostile_modifiers"],
            cooperation_cues=data["cooperation_cues"],
            roles=MappingProxyType({key: data[key] for key in ROLE_KEYS if data[key]}),
            lemmas=data["lemmas"],
        )
    return MappingProxyType(languages)


def looks_english(text: str) -> bool:
    """Does ``text`` read as English? Counts its commonest words; no model needed."""
    sample = text[:ENGLISH_SAMPLE].lower()  # str.count is far cheaper than a regex
    words = sample.count(" ") + sample.count("\n")
    return not words or sum(sample.count(m) for m in ENGLISH_MARKERS) >= ENGLISH_SHARE * words


@dataclass(frozen=True)
class _Key:
    """What one lemma key stands for: an open or closed end each side, and the phrases."""

    open_start: bool
    open_end: bool
    slot: object  # the matcher it belongs to
    phrases: object  # matcher._Phrases


class LocalVocabulary:
    """The taxonomy's cues in every language with a file, for the matchers they extend.

    ``phrases_for`` maps a matcher to the (phrase, value) pairs of a language; the
    matcher group asks ``hits`` for the extra hits in a text of a given language.
    """

    def __init__(self, languages: Mapping[str, LanguageCues], targets: Mapping[str, object],
                 partners: Iterable[tuple[str, object]] = ()):
        self.languages = languages
        self._targets = targets  # "countries", "categories", "activities", "cooperation", "partners", ROLE_KEYS -> matcher
        self._partners = tuple(partners)
        self._compiled: dict[str, _Compiled] = {}

    @cached_property
    def _identifier(self):
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        identifier.set_languages(sorted({"en", *self.languages}))
        return identifier

    def detect(self, text: str) -> str | None:
        """The language of ``text`` when it is one with a file; None for English or unknown."""
        if not self.languages or looks_english(text):
            return None
        code = self._identifier.classify(text[:4000])[0]
        return code if code in self.languages else None

    def hits(self, language: str | None, text: str) -> list[tuple[object, int, int, object]]:
        """(matcher, start, end, phrases) for each lemma match in ``text``."""
        if language is None or language not in self.languages or not text:
            return []
        compiled = self._compiled.get(language)
        if compiled is None:
            cues = self.languages[language]
            compiled = self._compiled[language] = _Compiled(language if cues.lemmas else None, self._pairs(cues))
        return compiled.hits(text)

    def _pairs(self, cues: LanguageCues) -> list[tuple[object, str, object]]:
        """(matcher, phrase, value) for every cue of one language."""
        targets = self._targets
        pairs: list[tuple[object, str, object]] = []
        if "countries" in targets:
            pairs += [(targets["countries"], name, code) for code, names in cues.countries.items() for name in names]
        if "categories" in targets:
            matcher = targets["categories"]
            pairs += [(matcher, cue, slug) for slug, phrases in cues.categories.items() for cue in phrases]
            pairs += [(matcher, cue, None) for cue in cues.ignore]
            # "Russian missiles": the threat, not the cooperation (the longest phrase wins).
            pairs += [(matcher, f"{hostile} {cue}", None) for hostile in cues.hostile_modifiers
                      for phrases in cues.categories.values() for cue in phrases if not cue.startswith(OPEN)]
        if "activities" in targets:
            matcher = targets["activities"]
            pairs += [(matcher, cue, slug) for slug, phrases in cues.activities.items() for cue in phrases]
        if "cooperation" in targets:
            pairs += [(targets["cooperation"], cue, True) for cue in cues.cooperation_cues]
        if "partners" in targets:
            # Names decline too ("Укроборонпромом"): partners' names are lemmatised like the rest.
            pairs += [(targets["partners"], name, value) for name, value in self._partners]
        for key, phrases in cues.roles.items():
            if key in targets:
                pairs += [(targets[key], cue, True) for cue in phrases]
        return pairs


class _Compiled:
    """One language's phrases as lemma keys in one automaton (folded words without ``language``)."""

    def __init__(self, language: str | None, pairs: list[tuple[object, str, object]]):
        from coprod.extract.matcher import _Phrases

        self.language = language
        self._lemmas: dict[str, str] = {}
        grouped: dict[tuple[str, bool, bool, int], tuple[object, list]] = {}
        for matcher, phrase, value in pairs:
            open_start, open_end = phrase.startswith(OPEN), phrase.endswith(OPEN)
            words = WORD.findall(phrase.strip(OPEN))
            if not words:
                continue
            key = " ".join(fold(w) if (i == 0 and open_start) or (i == len(words) - 1 and open_end)
                           else self.lemma(w) for i, w in enumerate(words))
            entry = grouped.setdefault((key, open_start, open_end, id(matcher)), (matcher, []))
            entry[1].append((phrase.strip(OPEN), value))
        table: dict[str, list[_Key]] = {}
        for (key, open_start, open_end, _), (matcher, entries) in grouped.items():
            table.setdefault(key, []).append(_Key(open_start, open_end, matcher, _Phrases(entries)))
        self._automaton = ahocorasick.Automaton()
        for key, found in table.items():
            self._automaton.add_word(key, (len(key), tuple(found)))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def lemma(self, word: str) -> str:
        """The folded lemma of one word (memoised: words recur across articles)."""
        lemma = self._lemmas.get(word)
        if lemma is None:
            import simplemma

            if len(self._lemmas) > MEMO_LIMIT:
                self._lemmas.clear()
            base = simplemma.lemmatize(word, lang=self.language) if self.language else word
            lemma = self._lemmas[word] = "".join(fold(base).split())
        return lemma

    def hits(self, text: str) -> list[tuple[object, int, int, object]]:
        if self._empty:
            return []
        # The lemma of each word, joined by a space where only spaces or a hyphen separate the
        # words and by a line break elsewhere: no phrase matches across punctuation or sentences.
        parts, starts, ends, spans = [], [], [], []
        offset, previous_end = 0, None
        for match in WORD.finditer(text):
            if previous_end is not None:
                gap = text[previous_end:match.start()]
                parts.append(" " if JOINER.fullmatch(gap) else "\n")
                offset += 1
            lemma = self.lemma(match.group())
            parts.append(lemma)
            starts.append(offset)
            ends.append(offset + len(lemma))
            spans.append(match.span())
            offset += len(lemma)
            previous_end = match.end()
        lemmas = "".join(parts)
        found = []
        for end_index, (length, keys) in self._automaton.iter(lemmas):
            start, end = end_index - length + 1, end_index + 1
            first = bisect_right(starts, start) - 1
            last = bisect_right(starts, end - 1) - 1
            if first < 0 or ends[last] < end:
                continue  # the key ends inside a gap, not in a word
            at_start, at_end = starts[first] == start, ends[last] == end
            for key in keys:
                if (at_start or key.open_start) and (at_end or key.open_end):
                    found.append((key.slot, spans[first][0], spans[last][1], key.phrases))
        return found
