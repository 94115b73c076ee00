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
from typing import Mapping

import pycountry
from slugify import slugify

from coprod.core.digest import Digest
from coprod.core.errors import ContentError
from coprod.read.language import LanguageCues, load_languages
from coprod.core.yamlfile import expect_mapping, load_yaml

TAXONOMY_FILES = ("countries", "organisations", "categories", "activities", "dating")


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
class OfficeTerm:
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
    skip_country_names: tuple[str, ...]
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
    owner_cues: tuple[str, ...]  # words just before an organisation that make it no partner ("owned by")
    legal_forms: tuple[str, ...]  # "GmbH", "JSC": a capitalised name next to one is an organisation
    officeholders: tuple[OfficeTerm, ...]
    background_cues: tuple[str, ...]  # a date in a sentence with one is no evidence of publication
    fingerprint: str  # hash of the files it was loaded from
    languages: Mapping[str, LanguageCues] = field(default_factory=dict)  # cues in other languages, by ISO 639-1 code

    def __post_init__(self):
        index = {fold_key(alias): p for p in self.partners for alias in (p.name, *p.aliases)}
        object.__setattr__(self, "_partner_index", MappingProxyType(index))

    def partner_named(self, name: str) -> Partner | None:
        """The partner whose canonical name or alias folds to ``name``'s folding."""
        return self._partner_index.get(fold_key(name))


WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def safe_slug(text: str, max_length: int = 80) -> str:
    """A slug made only of a-z, 0-9 and '-', never empty, never a reserved device name."""
    slug = slugify(text, max_length=max_length, word_boundary=True, save_order=True)
    if not slug:
        return ""
    if slug in WINDOWS_RESERVED:
        slug += "-x"
    return slug


def fold_key(name: str) -> str:
    """The comparison key for names: case and diacritics folded, '&' read as 'and',
    everything but letters and digits dropped (the answer keys' rule too)."""
    from coprod.core.textfold import fold

    folded = fold(name).replace("&", "and")
    return "".join(ch for ch in folded if ch.isalnum())


def _strings(path: Path, value, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ContentError(path, f"{what} must be a list of strings")
    if any(isinstance(v, bool) for v in value):
        raise ContentError(path, f"{what}: a bare yes/no/on/off is read as true/false by YAML; quote it")
    return tuple(str(v) for v in value)


def _date(path: Path, value, what: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(path, f"{what}: {value!r} is not a YYYY-MM-DD date") from None


def _load_countries(path: Path, data: dict) -> tuple[dict, frozenset, tuple]:
    extra_names = expect_mapping(path, data.get("names") or {}, "names")
    display = expect_mapping(path, data.get("display") or {}, "display")
    never = frozenset(_strings(path, data.get("never_partners"), "never_partners"))
    skip = _strings(path, data.get("skip_names"), "skip_names")
    codes = {c.alpha_2 for c in pycountry.countries}
    for code in list(extra_names) + list(display) + sorted(never):
        if str(code) not in codes:
            raise ContentError(path, f"{code!r} is not an ISO 3166-1 alpha-2 code")
    countries = {}
    for record in pycountry.countries:
        code = record.alpha_2
        official = [getattr(record, attr, None) for attr in ("name", "common_name", "official_name")]
        names = [n.removeprefix("the ") for n in official if n and "," not in n and "(" not in n]
        names += _strings(path, extra_names.get(code), f"names of {code}")
        display_name = display.get(code) or getattr(record, "common_name", None) or record.name
        unique = tuple(dict.fromkeys(n for n in names if n not in skip))
        countries[code] = Country(code=code, name=str(display_name), aliases=unique)
    return countries, never, skip


def _cue_pairs(path: Path, items) -> tuple:
    pairs = []
    for item in items or []:
        item = expect_mapping(path, item, "each of cue_pairs")
        gap = item.get("gap", 3)
        if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= 6:
            raise ContentError(path, f"cue_pairs: gap must be a whole number from 0 to 6, not {gap!r}")
        pairs.append((str(item.get("activity")), _strings(path, item.get("first"), "cue_pairs first"),
                      _strings(path, item.get("then"), "cue_pairs then"), gap))
    return tuple(pairs)


def _retargets(path: Path, value) -> Mapping[str, str]:
    mapping = expect_mapping(path, value or {}, "retarget_modifiers")
    return MappingProxyType({str(word).lower(): str(slug) for word, slug in mapping.items()})


def _load_terms(path: Path, items, what: str) -> tuple[Term, ...]:
    if not isinstance(items, list) or not items:
        raise ContentError(path, f"{what} must be a non-empty list")
    terms = []
    for item in items:
        item = expect_mapping(path, item, f"each of {what}")
        slug = str(item.get("slug", ""))
        if not slug or safe_slug(slug) != slug:
            raise ContentError(path, f"{what}: {slug!r} is not a valid slug")
        terms.append(
            Term(
                slug=slug,
                name=str(item.get("name") or slug),
                description=str(item.get("description") or ""),
                cues=_strings(path, item.get("cues"), f"cues of {slug}"),
            )
        )
    return tuple(terms)


def load_taxonomy(content_dir: Path) -> Taxonomy:
    folder = content_dir / "taxonomy"
    data = {}
    digest = Digest()
    for name in TAXONOMY_FILES:
        path = folder / f"{name}.yaml"
        if not path.exists():
            raise ContentError(path, "missing: the taxonomy needs this file")
        digest.update(path.read_bytes())
        data[name] = (path, expect_mapping(path, load_yaml(path, {})))

    path_countries, countries_data = data["countries"]
    countries, never, skip = _load_countries(path_countries, countries_data)

    path, orgs = data["organisations"]
    partners = []
    for item in orgs.get("partners") or []:
        item = expect_mapping(path, item, "each partner")
        if not item.get("name"):
            raise ContentError(path, f"a partner has no name: {item!r}")
        country = item.get("country")
        if country is not None and str(country) not in countries:
            raise ContentError(path, f"partner {item['name']!r}: unknown country code {country!r}")
        partners.append(
            Partner(
                name=str(item["name"]),
                aliases=_strings(path, item.get("aliases"), f"aliases of {item['name']}"),
                country=str(country) if country else None,
                kind=str(item.get("kind") or "company"),
            )
        )
    seen = {}
    for partner in partners:
        for alias in (partner.name, *partner.aliases):
            other = seen.setdefault(fold_key(alias), partner.name)
            if other != partner.name:
                raise ContentError(path, f"{alias!r} names both {other!r} and {partner.name!r}")
    media = []
    for item in orgs.get("media") or []:
        item = expect_mapping(path, item, "each media outlet")
        media.append(
            Media(
                name=str(item["name"]),
                aliases=_strings(path, item.get("aliases"), "media aliases"),
                domains=_strings(path, item.get("domains"), "media domains"),
                kind=str(item.get("kind") or "outlet"),
            )
        )

    cat_path, cats = data["categories"]
    act_path, acts = data["activities"]
    off_path, offices = data["dating"]
    terms = []
    for item in offices.get("terms") or []:
        item = expect_mapping(off_path, item, "each office term")
        start = _date(off_path, item.get("start"), f"start of {item.get('person')}")
        if start is None:
            raise ContentError(off_path, f"office term of {item.get('person')!r} has no start")
        terms.append(
            OfficeTerm(
                person=str(item.get("person")),
                names=_strings(off_path, item.get("names"), "names"),
                role_cues=tuple(c.lower() for c in _strings(off_path, item.get("roles"), "roles")),
                start=start,
                end=_date(off_path, item.get("end"), f"end of {item.get('person')}"),
            )
        )

    categories = _load_terms(cat_path, cats.get("categories"), "categories")
    activities = _load_terms(act_path, acts.get("activities"), "activities")
    languages = load_languages(folder / "languages", digest,
                               {"categories": {t.slug for t in categories}, "activities": {t.slug for t in activities}},
                               set(countries), [str(c) for c in (countries_data.get("names") or {})])
    return Taxonomy(
        countries=MappingProxyType(countries),
        never_partner_countries=never,
        skip_country_names=skip,
        partners=tuple(partners),
        media=tuple(media),
        not_partners=_strings(path, orgs.get("not_partners"), "not_partners"),
        org_suffixes=_strings(path, orgs.get("org_suffixes"), "org_suffixes"),
        org_nouns=_strings(path, orgs.get("org_nouns"), "org_nouns"),
        role_words=_strings(path, orgs.get("role_words"), "role_words"),
        categories=categories,
        activities=activities,
        ignore_cues=_strings(cat_path, cats.get("ignore"), "ignore"),
        hostile_modifiers=_strings(cat_path, cats.get("hostile_modifiers"), "hostile_modifiers"),
        target_cues=_strings(cat_path, cats.get("target_cues"), "target_cues"),
        retarget_modifiers=_retargets(cat_path, cats.get("retarget_modifiers")),
        cooperation_cues=_strings(act_path, acts.get("cooperation_cues"), "cooperation_cues"),
        activity_ignore_cues=_strings(act_path, acts.get("ignore"), "ignore"),
        cue_pairs=_cue_pairs(act_path, acts.get("cue_pairs")),
        trade_cues=_strings(act_path, acts.get("trade_cues"), "trade_cues"),
        trade_objects=_strings(act_path, acts.get("trade_objects"), "trade_objects"),
        recap_cues=_strings(act_path, acts.get("recap_cues"), "recap_cues"),
        aside_cues=_strings(act_path, acts.get("aside_cues"), "aside_cues"),
        country_role_cues=_strings(path_countries, countries_data.get("role_cues"), "role_cues"),
        ukraine_stems=_strings(path_countries, countries_data.get("ukraine_stems"), "ukraine_stems"),
        recipient_cues=_strings(path_countries, countries_data.get("recipient_cues"), "recipient_cues"),
        country_role_after=_strings(path_countries, countries_data.get("role_after"), "role_after"),
        owner_cues=_strings(path, orgs.get("owner_cues"), "owner_cues"),
        legal_forms=_strings(path, orgs.get("legal_forms"), "legal_forms"),
        officeholders=tuple(terms),
        background_cues=tuple(c.lower() for c in _strings(off_path, offices.get("background_cues"), "background_cues")),
        fingerprint=digest.hexdigest(),
        languages=languages,
    )
