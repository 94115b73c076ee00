"""Site settings: loaded once from content/site.yaml and passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ContentError
from .urls import UrlError, check_base_url
from .yamlfile import expect_mapping, load_yaml


@dataclass(frozen=True)
class Settings:
    title: str = "Coprod"
    description: str = "Ukraine's defence-industrial cooperation with partner countries"
    base_url: str = "http://localhost:8000/"  # always ends with "/"
    language: str = "en"
    author: str = "Coprod editors"
    feed_size: int = 50
    page_size: int = 20

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/tracker/" (always starts and ends with "/")."""
        return urlsplit(self.base_url).path or "/"


def normalise_base_url(url, origin: str) -> str:
    """``url`` as urls.check_base_url gives it; ContentError naming ``origin`` if it is not one."""
    try:
        return check_base_url(url)
    except UrlError as exc:
        raise ContentError(origin, f"base_url {url!r} {exc}: give an http(s) URL such as "
                                   "https://example.org/tracker/") from None


def load_settings(content_dir: Path, base_url: str | None = None) -> Settings:
    path = content_dir / "site.yaml"
    data = expect_mapping(path, load_yaml(path, {}))
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
    return Settings(**{k: (str(v) if k not in ("feed_size", "page_size") else v) for k, v in values.items()})
