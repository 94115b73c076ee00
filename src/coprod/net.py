"""HTTP for `coprod add` and `coprod fetch`: one careful client, used for every request.

- timeouts on connecting and on reading, and an overall deadline for reading one
  response (three times the read timeout), so a server that trickles bytes ends too;
- bounded retries with exponential backoff on connection errors, read timeouts and
  429/5xx answers (Retry-After is honoured, up to 30 s), through urllib3's ``Retry``;
- conditional requests: pass the ETag and Last-Modified of the last answer and a
  ``304 Not Modified`` comes back as ``Response.not_modified`` with no body;
- a clear User-Agent naming the tool;
- a cap on the bytes of one response (after decompression), checked against
  Content-Length first and then while streaming, so a huge answer is never held;
- at most ``per_host`` requests at once to any one host.

Every failure is a :class:`FetchError` whose message is one line: "HTTP 404",
"timed out after 10 s", "response larger than 10 MB".
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import ConnectTimeoutError, HTTPError, MaxRetryError, ReadTimeoutError
from urllib3.util import Retry, Timeout

from . import __version__
from .urls import url_problem

USER_AGENT = f"coprod/{__version__} (news aggregator)"


def user_agent(site_url: str | None = None) -> str:
    """"coprod/0.1.0 (news aggregator; +https://the.site/)": names the tool and the site it feeds."""
    return f"coprod/{__version__} (news aggregator; +{site_url})" if site_url else USER_AGENT
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is not waited for in full


class _Retry(Retry):
    """urllib3's Retry, honouring Retry-After only up to MAX_RETRY_AFTER seconds."""

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)


class FetchError(Exception):
    """A request that gave no usable answer; ``str()`` is a one-line reason."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(reason)
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type") or "", re.IGNORECASE)
        return match.group(1) if match else None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def _seconds(value: float) -> str:
    return f"{value:g} s"


class HttpClient:
    """A pooled, polite HTTP client; safe to share between threads."""

    def __init__(self, *, timeout: float = 20.0, connect_timeout: float | None = None, retries: int = 2,
                 backoff: float = 0.5, max_bytes: int = DEFAULT_MAX_BYTES, per_host: int = 2,
                 user_agent: str = USER_AGENT):
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.per_host = max(1, per_host)
        self.user_agent = user_agent
        self._timeout = Timeout(connect=connect_timeout or min(timeout, 10.0), read=timeout)
        self._retry = _Retry(total=retries, connect=retries, read=retries, status=retries, other=0,
                            redirect=5, backoff_factor=backoff, backoff_max=30,
                            status_forcelist=RETRY_STATUSES, allowed_methods={"GET", "HEAD"},
                            respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=True)
        self._pool = urllib3.PoolManager(num_pools=32, maxsize=self.per_host, block=False, retries=self._retry,
                                         timeout=self._timeout)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.BoundedSemaphore(self.per_host)
            return self._hosts[host]

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> Response:
        """GET ``url``; a 304 comes back as a Response, any other non-2xx as a FetchError."""
        problem = url_problem(url)
        if problem:
            raise FetchError(url, f"URL {problem}")
        host = urlsplit(url).hostname
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                   "Accept": accept or "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._slot(host.lower()):
            return self._get(url, headers)

    def _get(self, url: str, headers: dict) -> Response:
        started = time.monotonic()
        try:
            raw = self._pool.request("GET", url, headers=headers, preload_content=False, decode_content=True)
        except MaxRetryError as exc:
            raise FetchError(url, self._reason(exc.reason)) from None
        except (HTTPError, OSError) as exc:
            raise FetchError(url, self._reason(exc)) from None
        finished = False
        try:
            final_url = urljoin(url, raw.geturl() or url)  # urllib3 may give only the path
            status = raw.status
            response_headers = {k.lower(): v for k, v in raw.headers.items()}
            if status == 304:
                finished = True
                return Response(final_url, status, response_headers)
            if not 200 <= status < 300:
                raise FetchError(url, f"HTTP {status}" + (f" {raw.reason}" if raw.reason else ""), status)
            length = response_headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes and "content-encoding" not in response_headers:
                raise FetchError(url, f"response larger than {self._size(self.max_bytes)} "
                                      f"(Content-Length {self._size(int(length))})")
            chunks, total = [], 0
            deadline = started + self.timeout * 3
            for chunk in raw.stream(64 * 1024):
                total += len(chunk)
                if total > self.max_bytes:
                    raise FetchError(url, f"response larger than {self._size(self.max_bytes)}")
                if time.monotonic() > deadline:
                    raise FetchError(url, f"timed out after {_seconds(round(time.monotonic() - started, 1))} "
                                          "reading the response")
                chunks.append(chunk)
            finished = True
            return Response(final_url, status, response_headers, b"".join(chunks))
        except (HTTPError, OSError) as exc:
            raise FetchError(url, self._reason(exc)) from None
        finally:
            if finished:
                raw.release_conn()
            else:
                raw.close()  # a half-read connection is not reused

    def _reason(self, exc) -> str:
        if isinstance(exc, ReadTimeoutError) or "Read timed out" in str(exc):
            return f"timed out after {_seconds(self.timeout)} waiting for an answer"
        if isinstance(exc, ConnectTimeoutError):
            return "timed out connecting"
        if isinstance(exc, urllib3.exceptions.NewConnectionError):
            return "cannot connect: " + str(exc).split(": ", 1)[-1]
        if isinstance(exc, urllib3.exceptions.SSLError):
            return "TLS error: " + str(exc)
        text = str(exc) or type(exc).__name__
        return " ".join(text.split())

    @staticmethod
    def _size(n: int) -> str:
        return f"{n / MB:g} MB" if n >= MB else f"{n:,} bytes"

    def close(self) -> None:
        self._pool.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---------------------------------------------------------------- decoding

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    import codecs

    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def decode_body(body: bytes, charset: str | None = None) -> str:
    """The text of an HTML or plain-text answer: the declared charset (HTTP header, then
    byte-order mark, then <meta charset> or the XML declaration), else UTF-8, else the
    encoding the extractor's detector guesses."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace")
    head = body[:4096]
    declared = _codec(charset)
    if declared is None:
        match = META_CHARSET.search(head) or XML_ENCODING.search(head)
        declared = _codec(match.group(1).decode("ascii", "ignore")) if match else None
    if declared:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        from trafilatura.utils import decode_file  # charset detection, as trafilatura does for bytes

        return decode_file(body)
