"""Site settings: loaded once from content/site.yaml and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from coprod.core.errors import ContentError
from coprod.core.schema import Anything, Choice, Invalid, Schema, Text, Whole
from coprod.core.urls import UrlError, check_base_url, url_problem


@dataclass(frozen=True)
class Settings:
    title: str = "Coprod"
    description: str = "Ukraine's defence-industrial cooperation with partner countries"
    base_url: str = "http://localhost:8000/"  # always ends with "/"
    language: str = "en"
    author: str = "Coprod editors"
    feed_size: int = 50
    page_size: int = 20
    republish: str = "excerpt"  # or "full": pages and feeds show whole articles (the editors hold the rights)
    locale: str = "en_GB"  # og:locale, language_TERRITORY
    licence: "Licence | None" = None  # of the data set, shown on the data page

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/tracker/" (always starts and ends with "/")."""
        return urlsplit(self.base_url).path or "/"


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


REPUBLISH = ("excerpt", "full")


def load_licence(data: object, origin: str) -> Licence:
    """``licence: {name: CC BY 4.0, url: https://...}`` (``license`` is read the same)."""
    if not isinstance(data, dict) or set(data) != {"name", "url"} or not all(isinstance(v, str) for v in data.values()):
        raise ContentError(origin, "licence must be a mapping with a name and a url")
    problem = url_problem(data["url"])
    if problem:
        raise ContentError(origin, f"licence url {data['url']!r} {problem}: give an http(s) URL")
    return Licence(data["name"], data["url"])


def normalise_base_url(url: object, origin: str) -> str:
    """``url`` as urls.check_base_url gives it; ContentError naming ``origin`` if it is not one."""
    try:
        return check_base_url(url)
    except UrlError as exc:
        raise ContentError(origin, f"base_url {url!r} {exc}: give an http(s) URL such as "
                                   "https://example.org/tracker/") from None


class LanguageCode(Text):
    """A language code Babel knows: month names and dates come from Babel in this language."""

    def check(self, value: object) -> str:
        code = super().check(value)
        try:
            Locale.parse(code.replace("-", "_"))
        except (ValueError, TypeError, UnknownLocaleError):
            raise Invalid(f"{value!r} is not a language code Babel knows, such as en or uk") from None
        return code


# content/site.yaml; ``licence`` may be spelt ``license``.
SCHEMA = Schema({
    "title": Text(Settings.title),
    "description": Text(Settings.description),
    "base_url": Anything(),  # normalised by urls.check_base_url, and --base-url overrides it
    "language": LanguageCode(Settings.language),
    "author": Text(Settings.author),
    "feed_size": Whole(Settings.feed_size, 1),
    "page_size": Whole(Settings.page_size, 1),
    "republish": Choice(REPUBLISH),
    "locale": Text(Settings.locale),
    "licence": Anything(),
    "license": Anything(),
}, noun="setting")


def load_settings(content_dir: Path, base_url: str | None = None) -> Settings:
    path = content_dir / "site.yaml"
    values = SCHEMA.load(path)
    spellings = [values.pop("licence"), values.pop("license")]
    if None not in spellings:
        raise ContentError(path, "give licence or license, not both")
    licence = spellings[0] if spellings[0] is not None else spellings[1]
    if base_url is not None:
        values["base_url"] = normalise_base_url(base_url, "--base-url")
    elif values["base_url"] is not None:
        values["base_url"] = normalise_base_url(values["base_url"], str(path))
    else:
        values["base_url"] = Settings.base_url
    return Settings(**values, licence=None if licence is None else load_licence(licence, str(path)))
