"""Site settings: loaded once from content/site.yaml and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from coprod.core.errors import ContentError
from coprod.core.urls import UrlError, check_base_url, url_problem
from coprod.core.yamlfile import expect_mapping, load_yaml


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


def load_licence(data, origin: str) -> Licence:
    """``licence: {name: CC BY 4.0, url: https://...}`` (``license`` is read the same)."""
    if not isinstance(data, dict) or set(data) != {"name", "url"} or not all(isinstance(v, str) for v in data.values()):
        raise ContentError(origin, "licence must be a mapping with a name and a url")
    problem = url_problem(data["url"])
    if problem:
        raise ContentError(origin, f"licence url {data['url']!r} {problem}: give an http(s) URL")
    return Licence(data["name"], data["url"])


def normalise_base_url(url, origin: str) -> str:
    """``url`` as urls.check_base_url gives it; ContentError naming ``origin`` if it is not one."""
    try:
        return check_base_url(url)
    except UrlError as exc:
        raise ContentError(origin, f"base_url {url!r} {exc}: give an http(s) URL such as "
                                   "https://example.org/tracker/") from None


def load_settings(content_dir: Path, base_url: str | None = None) -> Settings:
    path = content_dir / "site.yaml"
    data = dict(expect_mapping(path, load_yaml(path, {})))
    if "licence" in data and "license" in data:
        raise ContentError(path, "give licence or license, not both")
    licence = data.pop("licence", data.pop("license", None))
    known = set(Settings.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ContentError(path, f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    values = {key: data[key] for key in known if key in data}
    for key in ("feed_size", "page_size"):
        if key in values and (not isinstance(values[key], int) or values[key] < 1):
            raise ContentError(path, f"{key} must be a positive whole number")
    if base_url is not None:
        values["base_url"] = normalise_base_url(base_url, "--base-url")
    elif "base_url" in values:
        values["base_url"] = normalise_base_url(values["base_url"], str(path))
    if "language" in values:
        try:  # month names and dates come from Babel in this language
            Locale.parse(str(values["language"]).replace("-", "_"))
        except (ValueError, TypeError, UnknownLocaleError):
            raise ContentError(path, f"language {values['language']!r} is not a language code Babel knows, "
                                     "such as en or uk") from None
    if values.get("republish", "excerpt") not in REPUBLISH:
        raise ContentError(path, f"republish must be one of {', '.join(REPUBLISH)}")
    if licence is not None:
        values["licence"] = load_licence(licence, str(path))
    checked: dict[str, Any] = {k: (str(v) if k not in ("feed_size", "page_size", "licence") else v)
                               for k, v in values.items()}
    return Settings(**checked)
