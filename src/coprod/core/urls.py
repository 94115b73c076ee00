"""The one rule for web URLs, wherever one comes in: content/site.yaml's base_url and
--base-url, a seed's header, a correction, a feed list, a feed item's link, a page
trafilatura read, `coprod add URL` and --url.

A *web URL* is an absolute http or https URL with a host, and with

- no whitespace, control or format character anywhere (a newline would inject a line
  into robots.txt or a seed's header; U+2028/U+2029 end a line in JavaScript; a
  bidirectional override disguises what a reader sees);
- no user name or password (``https://good.example@evil.example/`` is at evil);
- a host that is an IPv4 or IPv6 address or a DNS name (IDNA-encodable labels);
- a port, if any, from 1 to 65535;
- at most MAX_LENGTH characters.

``url_problem`` says what is wrong with a value, or None; everything else here builds on
it. ``written_as_web_url`` tells a value meant as a web URL (to be judged by that rule)
from a file name, and ``URL_IN_TEXT`` finds URLs written in prose. The standard library's parser (``urllib.parse``) does the splitting. courlan, which
trafilatura brings, was tried and not used: it judges URLs for a crawler (courlan 1.4
refuses ``…/report.pdf`` and ``http://127.0.0.1:8000/``) and quietly deletes a newline
from a URL instead of refusing it.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from typing import TypeGuard
from urllib.parse import SplitResult, parse_qsl, quote, urlencode, urlsplit, urlunsplit

MAX_LENGTH = 4096
WEB_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
WEB_SCHEME = re.compile(r"^https?:", re.IGNORECASE)
ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]+://", re.IGNORECASE)
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')]+")  # a URL in running text, up to a space, quote or bracket
DNS_NAME = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9_-]{1,63}(?<!-))*\.?$")
URL_SAFE = "/?#[]@!$&'()*+,;=:%-._~"  # what an href keeps as it is; everything else is percent-encoded
STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid)$", re.IGNORECASE)


class UrlError(ValueError):
    """A value that is not a usable web URL; ``str()`` says why, in a few words."""


def _bad_character(text: str) -> str | None:
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            return f"U+{ord(ch):04X}"
    return None


def written_as_web_url(text: str) -> bool:
    """True if ``text`` begins "http:" or "https:" (any case): it is meant as a web URL and is
    judged as one (``url_problem``), never taken for a file name or a feed item's id."""
    return WEB_SCHEME.match(text) is not None


def written_as_url(text: str) -> bool:
    """True if ``text`` begins with a scheme and "://" ("ftp://…", "file://…"), web or not."""
    return ANY_SCHEME.match(text) is not None


def _ascii_host(parts: SplitResult) -> str | None:
    """The host in ASCII, lower case (an IPv6 address without its brackets); None if it is no host."""
    host = parts.hostname
    if not host:
        return None
    if parts.netloc.rpartition("@")[2].startswith("["):
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            return None
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return ascii_host if DNS_NAME.match(ascii_host) else None


def url_problem(value: object) -> str | None:
    """What makes ``value`` no web URL ("has a control character U+000A", "is not http(s)"…), or None."""
    if not isinstance(value, str) or not value:
        return "is empty" if value in (None, "") else "is not text"
    if len(value) > MAX_LENGTH:
        return f"is longer than {MAX_LENGTH} characters"
    bad = _bad_character(value)
    if bad:
        return f"has a space, control or invisible character ({bad})"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range 0-65535", a port that is no number
        return f"is not a valid URL ({exc})"
    if parts.scheme.lower() not in WEB_SCHEMES:
        return "is not an http(s) URL"
    if "@" in parts.netloc:
        return "must not contain a user name or password"
    if _ascii_host(parts) is None:
        return "has no valid host name"
    if port == 0:
        return "has port 0 (a port is 1 to 65535)"
    return None


def is_web_url(value: object) -> TypeGuard[str]:
    return url_problem(value) is None


def check_web_url(value: object) -> str:
    """``value`` if it is a web URL, else UrlError saying why."""
    if not is_web_url(value):
        raise UrlError(url_problem(value))
    return value


def web_url(value: object) -> str | None:
    """``value`` (stripped of surrounding spaces) if it is a web URL, else None: for untrusted
    sources (a seed's header, a page's metadata) where a bad URL is dropped, not an error."""
    text = str(value).strip() if isinstance(value, (str, int, float)) else ""
    return text if is_web_url(text) else None


def web_href(url: str | None) -> str | None:
    """``url`` made fit for an href: None unless it is a web URL, else with the host in lower-case
    ASCII and every character a URL may not contain (quotes, angle brackets, non-ASCII...)
    percent-encoded."""
    if not is_web_url(url):
        return None
    parts = urlsplit(url)
    host = _web_host(parts)
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    rest = quote(STRAY_PERCENT.sub("%25", url[len(parts.scheme) + 3 + len(parts.netloc):]), safe=URL_SAFE)
    return f"{parts.scheme.lower()}://{netloc}{rest}"


def check_base_url(value: object) -> str:
    """The URL a site is served from, normalised: a web URL with no query or fragment, its host in
    lower-case ASCII, ending with "/". UrlError if it is not one."""
    url = check_web_url(value)
    parts = urlsplit(url)
    if parts.query or url.endswith("?"):
        raise UrlError("must not have a query (?…)")
    if parts.fragment or url.endswith("#"):
        raise UrlError("must not have a fragment (#…)")
    href = check_web_url(web_href(url))
    return href if href.endswith("/") else href + "/"


def _web_host(parts: SplitResult) -> str:
    """The host of a URL that passed ``url_problem``, which checked it has one."""
    host = _ascii_host(parts)
    assert host is not None, "url_problem refuses a URL without a valid host"
    return host


def url_hostname(url: str | None) -> str | None:
    """The host as it is, in lower-case ASCII (an IPv6 address without its brackets); None
    for no web URL."""
    return _web_host(urlsplit(url)) if is_web_url(url) else None


def url_host(url: str | None) -> str | None:
    """The host (with its port, if not the default) that identifies a publisher's site:
    lower case, without "www." or a trailing dot; None for no web URL."""
    if not is_web_url(url):
        return None
    parts = urlsplit(url)
    host = _web_host(parts).rstrip(".").removeprefix("www.")
    host = f"[{host}]" if ":" in host else host
    port = parts.port
    return f"{host}:{port}" if port and port not in DEFAULT_PORTS.values() else host


def host_matches(host: str | None, domains: Iterable[object]) -> bool:
    """True if ``host`` (as ``url_host`` gives it) is one of ``domains`` or under one."""
    if not host:
        return False
    for domain in domains:
        try:
            domain = str(domain).encode("idna").decode("ascii").lower().rstrip(".").removeprefix("www.")
        except UnicodeError:
            continue
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def normalise_url(url: str | None) -> str | None:
    """One spelling per article URL, to compare them: https, lower-case host without "www.",
    no fragment, no tracking parameters, no trailing slash; None for no web URL."""
    url = url.strip() if isinstance(url, str) else url
    host = url_host(url)
    if url is None or host is None:
        return None
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("https", host, path, query, ""))
