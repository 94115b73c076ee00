"""The domain knowledge an editor curates under content/taxonomy/, loaded into records.

Countries and their ISO codes come from pycountry; the YAML files only add the
names articles use (short forms, demonyms) and everything pycountry cannot know:
partner organisations, news outlets, the category and activity vocabularies with
their cue phrases, and office-holders whose terms date an article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

import pycountry
from slugify import slugify

from coprod.core.digest import Digest
from coprod.core.errors import ContentError
from coprod.core.textfold import name_key
from coprod.read.language import LanguageCues, load_languages
from coprod.core.schema import Date, Records, Schema, Strings, Table, Text, Whole


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    aliases: tuple[str, ...]  # every name, short form and demonym an article may use

    @property
    def flag(self) -> str:
        """The flag emoji, made of two regional-indicator letters."""
        return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in self.code)

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass(frozen=True)
class Partner:
    name: str  # canonical name
    aliases: tuple[str, ...]
    country: str | None  # ISO code, None when unknown or international
    kind: str

    @property
    def slug(self) -> str:
        return safe_slug(self.name)


@dataclass(frozen=True)
class Term:
    """A category or activity of the fixed vocabulary."""

    slug: str
    name: str
    description: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Media:
    """A news outlet or agency: a possible source, never a partner."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    kind: str = "outlet"  # "platform" (a social network) is never a source


@dataclass(frozen=True)
class Tenure:
    """One person's term in one office: an article naming them in that role dates itself."""

    person: str
    names: tuple[str, ...]  # how articles refer to them (surname, transliterations)
    role_cues: tuple[str, ...]  # phrases naming the office, lower case
    start: dt.date
    end: dt.date | None  # None while in office


@dataclass(frozen=True)
class Taxonomy:
    countries: Mapping[str, Country]
    never_partner_countries: frozenset[str]
    partners: tuple[Partner, ...]
    media: tuple[Media, ...]
    not_partners: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    org_nouns: tuple[str, ...]
    role_words: tuple[str, ...]
    categories: tuple[Term, ...]
    activities: tuple[Term, ...]
    ignore_cues: tuple[str, ...]
    hostile_modifiers: tuple[str, ...]
    target_cues: tuple[str, ...]  # words before a weapon that make it the target ("shoot down")
    retarget_modifiers: Mapping[str, str]  # a word before a cue that changes its category ("unmanned" jet)
    parts_of: Mapping[str, str]  # category slug: the category whose part it is after a serve word
    serve_words: tuple[str, ...]  # "missiles for the air defence system"
    cooperation_cues: tuple[str, ...]
    activity_ignore_cues: tuple[str, ...]  # phrases holding an activity cue that name no activity
    cue_pairs: tuple[tuple[str, tuple[str, ...], tuple[str, ...], int], ...]  # (slug, first words, then, gap)
    trade_cues: tuple[str, ...]  # deliveries, aid and sales: no cooperation by themselves
    trade_objects: tuple[str, ...]  # what is traded besides the categories' cues ("weapons", "aid")
    recap_cues: tuple[str, ...]  # a sentence opening with one recalls earlier news
    aside_cues: tuple[str, ...]  # a sentence with one compares with other cooperation ("a similar model to")
    country_role_cues: tuple[str, ...]  # words just before a country that make it no partner ("based in")
    ukraine_stems: tuple[str, ...]  # how Ukraine's and Kyiv's names begin in every language
    recipient_cues: tuple[str, ...]  # words before "Ukraine" that make it a recipient ("supply Ukraine")
    country_role_after: tuple[str, ...]  # words just after a country that make it no partner ("airspace")
    place_cues: tuple[str, ...]  # words just before a country that make it only a place ("in")
    venue_cues: tuple[str, ...]  # a sentence with one tells where and before whom ("took place")
    war_cues: tuple[str, ...]  # words before "Ukraine" that name the war on it, not its side ("invasion of")
    list_joiners: tuple[str, ...]  # words that join the names of a list ("and"): one role for all of them
    owner_cues: tuple[str, ...]  # words just before an organisation that make it no partner ("owned by")
    legal_forms: tuple[str, ...]  # "GmbH", "JSC": a capitalised name next to one is an organisation
    officeholders: tuple[Tenure, ...]
    background_cues: tuple[str, ...]  # a date in a sentence with one is no evidence of publication
    fingerprint: str  # hash of the files it was loaded from
    languages: Mapping[str, LanguageCues] = field(default_factory=dict)  # cues in other languages, by ISO 639-1 code
    _partner_index: Mapping[str, Partner] = field(init=False, repr=False, compare=False)  # by name_key of each name

    def __post_init__(self):
        index = {name_key(alias): p for p in self.partners for alias in (p.name, *p.aliases)}
        object.__setattr__(self, "_partner_index", MappingProxyType(index))

    def partner_named(self, name: str) -> Partner | None:
        """The partner whose canonical name or alias folds to ``name``'s folding."""
        return self._partner_index.get(name_key(name))


WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def safe_slug(text: str, max_length: int = 80) -> str:
    """A slug made only of a-z, 0-9 and '-', never empty, never a reserved device name."""
    slug = slugify(text, max_length=max_length, word_boundary=True, save_order=True)
    if not slug:
        return ""
    if slug in WINDOWS_RESERVED:
        slug += "-x"
    return slug


def _named(what: str) -> Callable[[int, Mapping[str, Any]], str]:
    """How an item of a list is named in a message: "partner 3 (Rheinmetall)"."""
    def label(number: int, item: Mapping[str, Any]) -> str:
        name = item.get("name") or item.get("slug") or item.get("person") or item.get("activity")
        return f"{what} {number} ({name})" if name else f"{what} {number}"
    return label


# The five files of content/taxonomy/, one schema each: a new key is one line here and one
# field of Taxonomy (see load_taxonomy). Lists of cue phrases are Strings.
TERM = Schema({"slug": Text(non_empty=True), "name": Text(), "description": Text(), "cues": Strings()},
              required=("slug",))
SCHEMAS: Mapping[str, Schema] = {
    "countries": Schema({
        "names": Table(Text(), Strings()),  # ISO code -> more names
        "display": Table(Text(), Text()),  # ISO code -> the name pages show
        "never_partners": Strings(),
        "skip_names": Strings(),
        "role_cues": Strings(),
        "role_after": Strings(),
        "ukraine_stems": Strings(),
        "recipient_cues": Strings(),
        "place_cues": Strings(),
        "venue_cues": Strings(),
        "war_cues": Strings(),
        "list_joiners": Strings(),
    }),
    "organisations": Schema({
        "partners": Records(Schema({"name": Text(non_empty=True), "aliases": Strings(), "country": Text(),
                                    "kind": Text("company")}, required=("name",)), label=_named("partner")),
        "media": Records(Schema({"name": Text(non_empty=True), "aliases": Strings(), "domains": Strings(),
                                 "kind": Text("outlet")}, required=("name",)), label=_named("media outlet")),
        "not_partners": Strings(),
        "org_suffixes": Strings(),
        "org_nouns": Strings(),
        "role_words": Strings(),
        "owner_cues": Strings(),
        "legal_forms": Strings(),
    }),
    "categories": Schema({
        "categories": Records(TERM, label=_named("category"), non_empty=True),
        "ignore": Strings(),
        "hostile_modifiers": Strings(),
        "target_cues": Strings(),
        "retarget_modifiers": Table(Text(), Text()),  # word -> category slug
        "parts_of": Table(Text(), Text()),  # category slug -> the category it is part of
        "serve_words": Strings(),
    }, required=("categories",)),
    "activities": Schema({
        "activities": Records(TERM, label=_named("activity"), non_empty=True),
        "cooperation_cues": Strings(),
        "ignore": Strings(),
        "cue_pairs": Records(Schema({"activity": Text(non_empty=True), "first": Strings(), "then": Strings(),
                                     "gap": Whole(3, 0, 6)}, required=("activity",)), label=_named("cue pair")),
        "trade_cues": Strings(),
        "trade_objects": Strings(),
        "recap_cues": Strings(),
        "aside_cues": Strings(),
    }, required=("activities",)),
    "dating": Schema({
        "terms": Records(Schema({"person": Text(non_empty=True), "names": Strings(), "roles": Strings(),
                                 "start": Date(), "end": Date()}, required=("person", "start")),
                         label=_named("office term")),
        "background_cues": Strings(),
    }),
}
TAXONOMY_FILES = tuple(SCHEMAS)


def _lower(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p.lower() for p in phrases)


def _lowered_keys(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({word.lower(): value for word, value in mapping.items()})


def _load_countries(path: Path, data: dict[str, Any]) -> dict[str, Country]:
    skip = data["skip_names"]
    codes = {c.alpha_2 for c in pycountry.countries}
    for code in [*data["names"], *data["display"], *sorted(data["never_partners"])]:
        if code not in codes:
            raise ContentError(path, f"{code!r} is not an ISO 3166-1 alpha-2 code")
    countries = {}
    for record in pycountry.countries:
        code = record.alpha_2
        official = [getattr(record, attr, None) for attr in ("name", "common_name", "official_name")]
        names = [n.removeprefix("the ") for n in official if n and "," not in n and "(" not in n]
        names += data["names"].get(code, ())
        display_name = data["display"].get(code) or getattr(record, "common_name", None) or record.name
        unique = tuple(dict.fromkeys(n for n in names if n not in skip))
        countries[code] = Country(code=code, name=str(display_name), aliases=unique)
    return countries


def _partners(path: Path, items: tuple[dict[str, Any], ...], countries: Mapping[str, Country]) -> tuple[Partner, ...]:
    partners = []
    for item in items:
        country = item["country"] or None
        if country is not None and country not in countries:
            raise ContentError(path, f"partner {item['name']!r}: unknown country code {country!r}")
        partners.append(Partner(name=item["name"], aliases=item["aliases"], country=country, kind=item["kind"]))
    seen: dict[str, str] = {}
    for partner in partners:
        for alias in (partner.name, *partner.aliases):
            other = seen.setdefault(name_key(alias), partner.name)
            if other != partner.name:
                raise ContentError(path, f"{alias!r} names both {other!r} and {partner.name!r}")
    return tuple(partners)


def _terms(path: Path, items: tuple[dict[str, Any], ...], what: str) -> tuple[Term, ...]:
    for item in items:
        if safe_slug(item["slug"]) != item["slug"]:
            raise ContentError(path, f"{what}: {item['slug']!r} is not a valid slug")
    return tuple(Term(slug=item["slug"], name=item["name"] or item["slug"], description=item["description"],
                      cues=item["cues"]) for item in items)


def load_taxonomy(content_dir: Path) -> Taxonomy:
    folder = content_dir / "taxonomy"
    paths = {name: folder / f"{name}.yaml" for name in TAXONOMY_FILES}
    data = {}
    digest = Digest()
    for name, path in paths.items():
        data[name] = SCHEMAS[name].load(path, missing="missing: the taxonomy needs this file")
        digest.update(path.read_bytes())
    countries_data, orgs, cats, acts, dating = (data[name] for name in TAXONOMY_FILES)
    countries = _load_countries(paths["countries"], countries_data)
    categories = _terms(paths["categories"], cats["categories"], "categories")
    activities = _terms(paths["activities"], acts["activities"], "activities")
    languages = load_languages(folder / "languages", digest,
                               {"categories": {t.slug for t in categories}, "activities": {t.slug for t in activities}},
                               set(countries), list(countries_data["names"]))
    return Taxonomy(
        countries=MappingProxyType(countries),
        never_partner_countries=frozenset(countries_data["never_partners"]),
        partners=_partners(paths["organisations"], orgs["partners"], countries),
        media=tuple(Media(name=m["name"], aliases=m["aliases"], domains=m["domains"], kind=m["kind"])
                    for m in orgs["media"]),
        not_partners=orgs["not_partners"],
        org_suffixes=orgs["org_suffixes"],
        org_nouns=orgs["org_nouns"],
        role_words=orgs["role_words"],
        categories=categories,
        activities=activities,
        ignore_cues=cats["ignore"],
        hostile_modifiers=cats["hostile_modifiers"],
        target_cues=cats["target_cues"],
        retarget_modifiers=_lowered_keys(cats["retarget_modifiers"]),
        parts_of=_lowered_keys(cats["parts_of"]),
        serve_words=cats["serve_words"],
        cooperation_cues=acts["cooperation_cues"],
        activity_ignore_cues=acts["ignore"],
        cue_pairs=tuple((pair["activity"], pair["first"], pair["then"], pair["gap"]) for pair in acts["cue_pairs"]),
        trade_cues=acts["trade_cues"],
        trade_objects=acts["trade_objects"],
        recap_cues=acts["recap_cues"],
        aside_cues=acts["aside_cues"],
        country_role_cues=countries_data["role_cues"],
        ukraine_stems=countries_data["ukraine_stems"],
        recipient_cues=countries_data["recipient_cues"],
        country_role_after=countries_data["role_after"],
        place_cues=countries_data["place_cues"],
        venue_cues=countries_data["venue_cues"],
        war_cues=countries_data["war_cues"],
        list_joiners=countries_data["list_joiners"],
        owner_cues=orgs["owner_cues"],
        legal_forms=orgs["legal_forms"],
        officeholders=tuple(Tenure(person=term["person"], names=term["names"], role_cues=_lower(term["roles"]),
                                   start=term["start"], end=term["end"]) for term in dating["terms"]),
        background_cues=_lower(dating["background_cues"]),
        fingerprint=digest.hexdigest(),
        languages=languages,
    )
