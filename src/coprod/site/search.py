"""The search index: Pagefind (https://pagefind.app), run as a build step over the
staged site before it is swapped in, so a failed index leaves the previous site as
it was.

Pagefind reads the built HTML and writes ``pagefind/``: the index split into small
chunks (a query downloads only the chunks for its words, so what a reader fetches
stays small as the site grows), the filter data, and the scripts of its search UI.
Only the entry pages are read (``INDEXED_GLOB``) and indexed (they alone are
marked ``data-pagefind-body``, in case the index is built by hand); their
``data-pagefind-filter`` elements become the facets (country, partner, category,
activity, year) and ``data-pagefind-meta`` the date and countries shown with each
result. The binary comes from the ``pagefind_bin`` package (``pagefind[bin]`` on
PyPI).

Same site, same bytes
---------------------
Pagefind 1.5 writes its word index and page fragments the same on every run, but
not its filter files: each lists its values in the order of a Rust hash map, which
changes from run to run, and so do the files' names (hashes of their bytes), the
list of filters in the metadata file, its name, and the name in
``pagefind-entry.json``. ``canonicalise`` puts them in order: values sorted, the
filter list sorted, every name a hash of the new bytes. The files are gzipped CBOR
behind a ``pagefind_dcd`` signature; a small CBOR codec (just what Pagefind
writes) reads and rewrites them. If a later Pagefind writes something this does
not understand, the build fails saying so rather than publishing a different
index each time.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Callable

from coprod.core.digest import content_digest
from coprod.core.errors import CoprodError
from coprod.site.site_paths import SEARCH_INDEX

TIMEOUT = 600  # seconds
INDEXED_GLOB = "entries/**/*.html"  # only entry pages are marked data-pagefind-body: Pagefind reads no other
SIGNATURE = b"pagefind_dcd"


class SearchIndexError(CoprodError):
    """The search index could not be built."""


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError:
        raise SearchIndexError("search index: Pagefind is not installed (pip install 'pagefind[bin]'); "
                               "build with --no-search to leave the search out") from None
    try:
        return Path(pagefind_bin.get_executable())
    except (FileNotFoundError, OSError) as exc:
        raise SearchIndexError(f"search index: the Pagefind binary is missing ({exc}); "
                               "build with --no-search to leave the search out") from None


def index_site(site: Path, write: Callable[[str, bytes], None]) -> int:
    """Index the entry pages under ``site`` and hand every file of the index to ``write(relpath, bytes)``
    (the build's SiteWriter.write, so that unchanged files are kept as they are); return their number."""
    files = make_index(site)
    for relpath, data in files.items():
        write(relpath, data)
    return len(files)


def make_index(site: Path) -> dict[str, bytes]:
    """The search index of the entry pages under ``site``: site path -> bytes, in path order.

    Pagefind runs in an empty folder of its own with only explicit options, so no PAGEFIND_*
    variable of the environment and no configuration file changes what it writes.
    """
    site = Path(site).resolve()
    prefix = SEARCH_INDEX.rstrip("/")
    pages = indexed_pages(site)
    with tempfile.TemporaryDirectory(prefix="coprod-search-") as scratch:
        output = Path(scratch) / prefix
        run_pagefind(site, pages, output, cwd=Path(scratch))
        try:
            canonicalise(output)
        except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
            raise SearchIndexError(f"search index: cannot put Pagefind's output in a stable order ({exc}); "
                                   "is this the Pagefind version the project expects (1.5)?") from None
        files = sorted(path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file())
        return {f"{prefix}/{relpath}": (output / relpath).read_bytes() for relpath in files}


def indexed_pages(site: Path) -> list[str]:
    """The pages Pagefind reads (``INDEXED_GLOB``), as sorted site-relative paths: Pagefind numbers
    pages in the order it is given them, and every index file depends on those numbers."""
    return sorted(path.relative_to(site).as_posix() for path in site.glob(INDEXED_GLOB) if path.is_file())


def page_url(relpath: str) -> str:
    """The URL Pagefind gives a page it finds itself: site-absolute, without "index.html"."""
    return "/" + (relpath[:-len("index.html")] if relpath.endswith("index.html") else relpath)


def run_pagefind(site: Path, pages: list[str], output: Path, cwd: Path) -> None:
    """Index ``pages`` (relative to ``site``), in that order, into ``output``.

    Pagefind's command line walks the folder in the order the filesystem lists it, which differs
    between filesystems and with the order files were created in, so the same site gave a
    differently numbered index. Its service mode (``pagefind --service``: base64 JSON messages,
    each ended by a comma, answered in order, which its Python and Node wrappers use) takes the
    pages one by one, in our order. The messages are sent from a thread while the answers are
    read here, so neither pipe can fill up and stall the other side."""
    command = [str(pagefind_executable()), "--service"]
    env = {key: value for key, value in os.environ.items() if not key.upper().startswith("PAGEFIND")}
    with tempfile.TemporaryFile() as said:
        try:
            process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=said)
        except OSError as exc:
            raise SearchIndexError(f"search index: Pagefind could not run: {exc}") from None
        assert process.stdin is not None and process.stdout is not None  # both are pipes
        timer = threading.Timer(TIMEOUT, process.kill)
        unreadable: list[str] = []
        sender = threading.Thread(target=_send, args=(process.stdin, site, pages, unreadable), daemon=True)
        timer.start()
        sender.start()
        try:
            failure, answer = _read_answers(process.stdout, len(pages) + 2)
        except BaseException:
            process.kill()
            raise
        finally:
            sender.join()
            _close(process.stdin)  # only now: at the end of its input Pagefind exits, done or not
            returncode = _wait(process)
            process.stdout.close()
            timer.cancel()
        if unreadable:
            raise SearchIndexError(f"search index: cannot read {unreadable[0]}")
        if failure is None and answer is not None:  # _read_answers gives one or the other
            try:
                failure = _unpack(answer, output)
            except (ValueError, KeyError, TypeError) as exc:
                failure = f"its files could not be read ({exc})"
        if failure is not None:
            said.seek(0)
            detail = " ".join(said.read().decode("utf-8", "replace").split())[:500]
            if timer.finished.is_set() and returncode == -signal.SIGKILL:
                detail = f"no answer within {TIMEOUT} s"
            raise SearchIndexError(f"search index: Pagefind failed (exit {returncode}): {detail or failure}")


def _send(pipe, site: Path, pages: list[str], unreadable: list[str]) -> None:
    """A new index, each page (read as it is sent), then "build it and send the files": ``len(pages) + 2``
    messages."""
    def payloads():
        yield {"type": "NewIndex", "config": None}
        for relpath in pages:
            yield {"type": "AddFile", "index_id": 0, "url": page_url(relpath), "file_path": None,
                   "file_contents": (site / relpath).read_text(encoding="utf-8")}
        yield {"type": "GetFiles", "index_id": 0}

    try:
        for number, payload in enumerate(payloads()):
            pipe.write(base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b",")
        pipe.flush()
    except BrokenPipeError:
        pass  # Pagefind has gone: the reader says why
    except (OSError, ValueError) as exc:  # a page could not be read: Pagefind is told to stop
        unreadable.append(f"{getattr(exc, 'filename', None) or 'a page'}: {getattr(exc, 'strerror', None) or exc}")
        _close(pipe)


def _close(pipe) -> None:
    try:
        pipe.close()
    except OSError:
        pass  # what was left to send cannot be: Pagefind has gone


def _read_answers(pipe, count: int) -> tuple[str | None, dict | None]:
    """Read Pagefind's answers to ``count`` messages: (what went wrong or None, the last answer)."""
    partial: list[bytes] = []  # of the answer being read; an index of many pages comes in many chunks
    answered, payload = 0, None
    while answered < count:
        chunk = pipe.read1(1 << 20)
        if not chunk:
            return "it stopped before answering", None
        *ends, rest = chunk.split(b",")
        for end in ends:
            raw, partial = b"".join(partial) + end, []
            try:
                payload = json.loads(base64.b64decode(raw))["payload"]
            except (ValueError, KeyError, TypeError):
                return f"it answered something unreadable: {raw[:80]!r}", None
            if payload.get("type") == "Error":
                return str(payload.get("message")), None
            answered += 1
        partial.append(rest)
    return None, payload


def _unpack(answer: dict, output: Path) -> str | None:
    """Write the files of Pagefind's last answer into ``output``; what is wrong with them, or None.

    The files come back in the answer rather than written by Pagefind itself: in service mode it
    exits as soon as its input ends, and may not have finished writing them by then."""
    files = {}
    for item in answer.get("files") or ():
        relpath = str(item["path"]).replace(os.sep, "/")
        if not relpath or relpath.startswith("/") or ".." in relpath.split("/"):
            return f"it named a file {relpath!r}"
        files[relpath] = base64.b64decode(item["content"])
    if "pagefind.js" not in files:
        return "it sent no pagefind.js"
    for relpath, data in files.items():
        (output / relpath).parent.mkdir(parents=True, exist_ok=True)
        (output / relpath).write_bytes(data)
    return None


def _wait(process: subprocess.Popen) -> int | None:
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


# ---------------------------------------------------------------- stable output


def canonicalise(bundle: Path) -> None:
    """Rewrite Pagefind's filter files, metadata file and entry file in ``bundle`` so that
    their bytes and names depend only on what they hold (see the module docstring)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pf(meta_path)
        filters = meta[3]  # [[filter name, file hash], ...]
        renamed = []
        for name, old_hash in filters:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            data = read_pf(old_path)  # [filter name, [[value, [page numbers]], ...]]
            data[1] = sorted(data[1], key=lambda item: item[0].encode("utf-8"))
            payload = write_pf_bytes(data)
            new_hash = _hash_name(old_hash, payload, 7)
            old_path.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(payload)
            renamed.append([name, new_hash])
        meta[3] = sorted(renamed, key=lambda item: item[0].encode("utf-8"))
        payload = write_pf_bytes(meta)
        new_meta_hash = _hash_name(info["hash"], payload, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta_hash}.pf_meta").write_bytes(payload)
        entry["languages"][language]["hash"] = new_meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _hash_name(old: str, payload: bytes, length: int) -> str:
    """Pagefind's naming: the language prefix of the old name, then a hash of the bytes."""
    language = old.rsplit("_", 1)[0]
    return f"{language}_{content_digest(payload)[:length]}"


def read_pf(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} has no Pagefind signature")
    value, end = cbor_decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError(f"{path.name} has bytes after its data")
    return value


def write_pf_bytes(value) -> bytes:
    """Gzipped like Pagefind's own files: no name, no time stamp."""
    return gzip.compress(SIGNATURE + cbor_encode(value), compresslevel=9, mtime=0)


def cbor_decode(data: bytes, start: int = 0):
    """One CBOR item from ``data`` at ``start``: (value, end). Unsigned and negative integers,
    byte and text strings, arrays, maps (as lists of pairs), true, false, null."""
    initial = data[start]
    major, info = initial >> 5, initial & 31
    position = start + 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[position:position + size], "big")
        position += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{initial:02x}")
    if major == 0:
        return argument, position
    if major == 1:
        return -1 - argument, position
    if major in (2, 3):
        chunk = data[position:position + argument]
        if len(chunk) != argument:
            raise ValueError("truncated CBOR string")
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), position + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, position = cbor_decode(data, position)
            items.append(item)
        return items, position
    if major == 5:
        pairs = []
        for _ in range(argument):
            key, position = cbor_decode(data, position)
            value, position = cbor_decode(data, position)
            pairs.append((key, value))
        return CborMap(pairs), position
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], position
    raise ValueError(f"unsupported CBOR item 0x{initial:02x}")


class CborMap(list):
    """A CBOR map read as its (key, value) pairs, in order."""


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def cbor_encode(value) -> bytes:
    """The shortest CBOR encoding of what ``cbor_decode`` reads (as Pagefind writes it)."""
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, CborMap):
        return _head(5, len(value)) + b"".join(cbor_encode(k) + cbor_encode(v) for k, v in value)
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_encode(item) for item in value)
    raise TypeError(f"cannot write {type(value).__name__} as CBOR")

