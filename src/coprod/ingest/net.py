"""HTTP for `coprod add` and `coprod fetch`: one careful client, used for every request.

- public addresses only, unless the client is made with ``allow_private_addresses``:
  the host of every request and of every redirect hop is resolved, every address it
  resolves to is checked (loopback, private, link-local, multicast, unspecified,
  reserved and other non-public addresses are refused, IPv4 and IPv6, with the IPv4
  address inside an IPv4-mapped, NAT64 or 6to4 IPv6 one), and the connection goes to
  the address that was checked, with the URL's host name as Host header and TLS server
  name: a name cannot resolve to a public address for the check and to another for the
  connection;
- timeouts on connecting and on reading, and an overall deadline for one request
  (three times the read timeout: connecting, headers, body, redirects and retries
  included), so a server that trickles bytes ends too: when it passes, the socket is
  shut down under the read that waits on it;
- bounded retries with exponential backoff on connection errors, read timeouts and
  429/5xx answers (Retry-After is honoured, up to 30 s and within the deadline),
  through urllib3's ``Retry``;
- conditional requests: pass the ETag and Last-Modified of the last answer and a
  ``304 Not Modified`` comes back as ``Response.not_modified`` with no body;
- a clear User-Agent naming the tool;
- a cap on the bytes of one response (after decompression), checked against
  Content-Length first and then while streaming, so a huge answer is never held;
- at most ``per_host`` requests at once to any one host.

Every failure is a :class:`FetchError` whose message is one line: "HTTP 404",
"timed out after 10 s", "response larger than 10 MB",
"refused: 127.0.0.2 is a loopback address (…)".
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import urljoin

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (ConnectTimeoutError, HTTPError, MaxRetryError, NameResolutionError,
                                NewConnectionError, ReadTimeoutError)
from urllib3.util import Retry, Timeout
from urllib3.util import connection as urllib3_connection

from coprod import __version__
from coprod.core.urls import url_hostname, url_problem

USER_AGENT = f"coprod/{__version__} (news aggregator)"


def user_agent(site_url: str | None = None) -> str:
    """"coprod/0.1.0 (news aggregator; +https://the.site/)": names the tool and the site it feeds."""
    return f"coprod/{__version__} (news aggregator; +{site_url})" if site_url else USER_AGENT
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is not waited for in full
DEADLINE_FACTOR = 3  # one request, retries and all, ends within this many read timeouts
ALLOW_PRIVATE_HINT = "--allow-private-addresses allows it for a deliberately local source"


# ---------------------------------------------------------------- which addresses


NAT64 = ipaddress.ip_network("64:ff9b::/96")
ADDRESS_KINDS = (  # the first that applies names the refusal
    ("loopback", lambda ip: ip.is_loopback),
    ("unspecified", lambda ip: ip.is_unspecified),
    ("link-local", lambda ip: ip.is_link_local),
    ("multicast", lambda ip: ip.is_multicast),
    ("reserved", lambda ip: ip.is_reserved),
    ("private", lambda ip: ip.is_private),
    ("non-public", lambda ip: not ip.is_global),  # shared (100.64.0.0/10) and other special ranges
)


def address_refusal(address: str) -> str | None:
    """What kind of non-public address ``address`` (an IP literal) is, e.g. "loopback";
    None for a public one. An IPv6 address that carries an IPv4 one (IPv4-mapped,
    NAT64, 6to4) is judged by the IPv4 address it leads to."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # "fe80::1%eth0": the zone is no part of it
    if ip.version == 6:
        embedded = ip.ipv4_mapped or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        if embedded is not None:
            return address_refusal(str(embedded))
        if ip.sixtofour is not None and (inner := address_refusal(str(ip.sixtofour))):
            return inner
    return next((kind for kind, applies in ADDRESS_KINDS if applies(ip)), None)


def resolve_addresses(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order (an IP literal: itself)."""
    infos = socket.getaddrinfo(host, port, urllib3_connection.allowed_gai_family(), socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class AddressRefused(Exception):
    """A host that resolves to an address this client does not connect to."""

    def __init__(self, host: str, address: str, kind: str):
        said = f"{address} is" if host == address else f"{host} resolves to {address},"
        article = "an" if kind[0] in "aeiou" else "a"
        super().__init__(f"refused: {said} {article} {kind} address ({ALLOW_PRIVATE_HINT})")


# ---------------------------------------------------------------- the deadline


class _Deadline:
    """The end of one request: when it passes, every socket the request opened is shut
    down, so whatever read waits on one returns at once (a trickling server never
    lets a per-read timeout fire)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._at = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._done = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self._at - time.monotonic()

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self._done:
                return
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def finish(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._done = True
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    try:
        # The plain socket call, also for a TLS socket: ssl's own shutdown() would
        # tear down its state under the thread reading from it.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


_current = threading.local()  # the deadline of the request this thread is making


def _watch(sock) -> None:
    deadline = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(sock)


class _DeadlinePassed(Exception):
    """No time is left for the wait urllib3 is about to make before a retry or redirect."""

    def __init__(self, wait: float, status: int | None):
        super().__init__(wait, status)
        self.wait = wait
        self.status = status


def _time_left_for(seconds: float, response) -> None:
    deadline = getattr(_current, "deadline", None)
    if deadline is not None and (deadline.expired or seconds >= deadline.remaining()):
        raise _DeadlinePassed(seconds, getattr(response, "status", None))


class _Retry(Retry):
    """urllib3's Retry, honouring Retry-After only up to MAX_RETRY_AFTER seconds, and
    making no wait that the request's deadline leaves no time for."""

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)

    def sleep_for_retry(self, response) -> bool:  # a Retry-After wait, before a retry or a redirect
        seconds = self.get_retry_after(response)
        if seconds:
            _time_left_for(seconds, response)
        return super().sleep_for_retry(response)

    def sleep(self, response=None) -> None:
        if not (response is not None and self.respect_retry_after_header and self.get_retry_after(response)):
            _time_left_for(self.get_backoff_time(), response)
        super().sleep(response)


# ---------------------------------------------------------------- connections


# The mixin below is only ever combined with urllib3's HTTP(S)Connection (_pool_classes):
# type-check it as one, while at run time it adds itself in front of either.
if TYPE_CHECKING:
    _Connection = HTTPConnection
else:
    _Connection = object


class _CheckedConnection(_Connection):
    """A connection that resolves its host itself, checks every address, connects to a
    checked one (so TLS and the Host header still use the name), and puts its socket
    under the deadline of the request it serves."""

    refuse_private = True

    def _new_conn(self) -> socket.socket:
        host = self._dns_host.strip("[]")
        try:
            addresses = resolve_addresses(host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        except UnicodeError:
            raise NewConnectionError(self, f"Failed to establish a new connection: {host!r} is not a host name") \
                from None
        if self.refuse_private:
            for address in addresses:
                kind = address_refusal(address)
                if kind:
                    raise AddressRefused(host, address, kind)
        error: Exception = NewConnectionError(self, "Failed to establish a new connection: no address")
        for address in addresses:
            try:
                sock = urllib3_connection.create_connection((address, self.port), self.timeout,
                                                            source_address=self.source_address,
                                                            socket_options=self.socket_options)
            except TimeoutError:
                error = ConnectTimeoutError(self, f"Connection to {self.host} timed out. "
                                                  f"(connect timeout={self.timeout})")
                continue
            except OSError as exc:
                error = NewConnectionError(self, f"Failed to establish a new connection: {exc}")
                continue
            _watch(sock)
            return sock
        raise error

    def connect(self) -> None:
        super().connect()
        _watch(self.sock)  # the TLS socket, which took over the plain one

    def request(self, *args, **kwargs):
        _watch(self.sock)  # a kept-alive connection, already open
        return super().request(*args, **kwargs)


def _pool_classes(refuse_private: bool) -> dict:
    checked = {"refuse_private": refuse_private}
    http = type("CheckedHTTPConnection", (_CheckedConnection, HTTPConnection), checked)
    https = type("CheckedHTTPSConnection", (_CheckedConnection, HTTPSConnection), checked)
    return {"http": type("CheckedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("CheckedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https})}


POOL_CLASSES = {True: _pool_classes(True), False: _pool_classes(False)}


# ---------------------------------------------------------------- the client


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
    """A pooled, polite HTTP client; safe to share between threads.

    ``deadline``: seconds one request may take in all (default: 3 x ``timeout``);
    ``ca_certs``: a CA bundle to trust instead of the system's (a private CA)."""

    def __init__(self, *, timeout: float = 20.0, connect_timeout: float | None = None, retries: int = 2,
                 backoff: float = 0.5, max_bytes: int = DEFAULT_MAX_BYTES, per_host: int = 2,
                 user_agent: str = USER_AGENT, allow_private_addresses: bool = False,
                 deadline: float | None = None, ca_certs: str | None = None):
        self.timeout = timeout
        self.deadline = deadline or DEADLINE_FACTOR * timeout
        self.max_bytes = max_bytes
        self.per_host = max(1, per_host)
        self.user_agent = user_agent
        self._timeout = Timeout(connect=connect_timeout or min(timeout, 10.0), read=timeout)
        self._retry = _Retry(total=None, connect=retries, read=retries, status=retries, other=0,
                            redirect=5, backoff_factor=backoff, backoff_max=30,
                            status_forcelist=RETRY_STATUSES, allowed_methods={"GET", "HEAD"},
                            respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=True)
        tls: dict[str, Any] = {"ca_certs": ca_certs} if ca_certs else {}
        self._pool = urllib3.PoolManager(num_pools=32, maxsize=self.per_host, block=False, retries=self._retry,
                                         timeout=self._timeout, **tls)
        self._pool.pool_classes_by_scheme = POOL_CLASSES[not allow_private_addresses]
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
        host = url_hostname(url)
        assert host is not None, "url_problem passed"
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                   "Accept": accept or "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._slot(host):
            deadline = _current.deadline = _Deadline(self.deadline)
            try:
                return self._get(url, headers, deadline)
            finally:
                deadline.finish()
                _current.deadline = None

    def _get(self, url: str, headers: dict, deadline: _Deadline) -> Response:
        try:
            raw = self._pool.request("GET", url, headers=headers, preload_content=False, decode_content=True)
        except (MaxRetryError, HTTPError, OSError, AddressRefused, _DeadlinePassed) as exc:
            raise FetchError(url, self._reason(exc, deadline)) from None
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
            for chunk in raw.stream(64 * 1024):
                total += len(chunk)
                if total > self.max_bytes:
                    raise FetchError(url, f"response larger than {self._size(self.max_bytes)}")
                chunks.append(chunk)
            if deadline.expired:  # the socket was shut down: what came is not the whole answer
                raise FetchError(url, self._deadline_reason(deadline))
            finished = True
            return Response(final_url, status, response_headers, b"".join(chunks))
        except (HTTPError, OSError) as exc:
            raise FetchError(url, self._reason(exc, deadline)) from None
        finally:
            if finished:
                raw.release_conn()
            else:
                raw.close()  # a half-read connection is not reused

    def _reason(self, exc, deadline: _Deadline) -> str:
        if deadline.expired:
            return self._deadline_reason(deadline)
        if isinstance(exc, _DeadlinePassed):
            answer = f"HTTP {exc.status}; " if exc.status else ""
            return f"{answer}waiting {_seconds(round(exc.wait, 1))} to retry would pass the " \
                   f"{_seconds(deadline.seconds)} deadline"
        if isinstance(exc, MaxRetryError) and exc.reason is not None:
            exc = exc.reason
        if isinstance(exc, ReadTimeoutError) or "Read timed out" in str(exc):
            return f"timed out after {_seconds(self.timeout)} waiting for an answer"
        if isinstance(exc, ConnectTimeoutError) and not isinstance(exc, NewConnectionError):
            return "timed out connecting"
        if isinstance(exc, NewConnectionError):
            return "cannot connect: " + str(exc).split(": ", 1)[-1]
        if isinstance(exc, urllib3.exceptions.SSLError):
            return "TLS error: " + str(exc)
        text = str(exc) or type(exc).__name__
        return " ".join(text.split())

    @staticmethod
    def _deadline_reason(deadline: _Deadline) -> str:
        return f"timed out after {_seconds(deadline.seconds)}: no whole answer within the deadline"

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
