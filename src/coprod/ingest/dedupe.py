"""Is this article already in seeds/? By URL, and by near-identical text.

The same story reaches the site from several publishers: an agency's copy
republished with a new intro, a press release printed by three outlets. Each
text becomes a MinHash signature of its word 3-grams (datasketch), and an LSH
index finds the seeds whose estimated Jaccard similarity is at least
``THRESHOLD`` without comparing every pair.

The text compared is what the reader keeps of a seed (title, body paragraphs,
captions), never page furniture, so two copies of one story with different
menus and "Read more" lists still match, and two different stories on one
site do not.
"""

from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from coprod.build.pipeline import seed_files
from coprod.read.reader import ReaderRules, SeedError, decode_seed, parse_seed, read_seed_bytes
from coprod.core.textfold import fold
from coprod.core.urls import normalise_url, url_host

THRESHOLD = 0.6  # estimated Jaccard similarity of word 3-grams
SHINGLE_WORDS = 3
NUM_PERM = 128
MIN_WORDS = 25  # shorter texts are too small to compare reliably


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """An empty signature whose permutation parameters every signature shares: made once."""
    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> MinHash | None:
    """The MinHash of a text's word 3-grams, or None for a text too short to compare."""
    tokens = words_of(text)
    if len(tokens) < MIN_WORDS:
        return None
    shingles = {" ".join(tokens[i:i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return minhash


@dataclass(frozen=True)
class SeedInfo:
    """What the index knows of one seed."""

    name: str
    urls: tuple[str, ...]  # normalised: the header's url and every also: url
    hosts: tuple[str, ...]
    publishers: tuple[str, ...]  # folded


@dataclass(frozen=True)
class Duplicate:
    seed: SeedInfo
    similarity: float  # estimated Jaccard similarity; 1.0 for the same URL
    by: str  # "url" or "text"


class SeedIndex:
    """The seeds already collected, looked up by URL and by near-identical text."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self._urls: dict[str, str] = {}
        self._seeds: dict[str, SeedInfo] = {}

    @classmethod
    def of_folder(cls, seeds_dir: Path, rules: ReaderRules, today, threshold: float = THRESHOLD,
                  cache: Path | None = None) -> "SeedIndex":
        """Every seed of ``seeds_dir``. What a seed gave is remembered in ``cache`` (a JSON file,
        by default ``.coprod-cache/seed-index.json`` beside seeds/) by its size and modification
        time, so a seed is read again only after it changed."""
        index = cls(threshold)
        if not seeds_dir.is_dir():
            return index
        cache = cache or seeds_dir.absolute().parent / ".coprod-cache" / "seed-index.json"
        known = _load_cache(cache)
        fresh: dict[str, list] = {}
        for path in seed_files(seeds_dir)[0]:
            try:
                stat = path.stat()
                stamp = [stat.st_size, stat.st_mtime_ns]
                record = known.get(path.name)
                if record is None or record[:2] != stamp:
                    text, _ = decode_seed(path.name, read_seed_bytes(path))
                    info, minhash = index.add_text(path.name, text, rules, today), index._signatures.get(path.name)
                    record = stamp + [list(info.urls), list(info.publishers),
                                      _encode(minhash.hashvalues) if minhash is not None else None]
                else:
                    index._add_known(path.name, record[2], record[3], record[4])
            except (SeedError, OSError):
                continue  # `coprod check` reports unreadable seeds
            fresh[path.name] = record
        if fresh != known:
            _save_cache(cache, fresh)
        return index

    def _add_known(self, name: str, urls: list, publishers: list, hashvalues: str | None) -> None:
        info = SeedInfo(name, tuple(urls), tuple(dict.fromkeys(h for h in map(url_host, urls) if h)),
                        tuple(publishers))
        self._seeds[name] = info
        for url in info.urls:
            self._urls.setdefault(url, name)
        if hashvalues:
            minhash = LeanMinHash(seed=1, hashvalues=_decode(hashvalues), scheme=_template().scheme)
            self._signatures[name] = minhash
            self._lsh.insert(name, minhash)

    def __len__(self) -> int:
        return len(self._seeds)

    def __contains__(self, name: str) -> bool:
        return name in self._seeds

    def add_text(self, name: str, seed_text: str, rules: ReaderRules, today) -> SeedInfo:
        """Index a seed from its full text (header block and all)."""
        article = parse_seed(name, seed_text, rules, today)
        header = dict(article.header)
        return self.add(name, article_text(article.title, article.paragraphs, article.captions),
                        urls=[header.get("url"), *(s.url for s in article.more_sources)],
                        publishers=[header.get("publisher"), *(s.name for s in article.more_sources)])

    def add(self, name: str, text: str, urls=(), publishers=()) -> SeedInfo:
        if name in self._seeds:
            self.forget(name)
        normal = tuple(dict.fromkeys(u for u in map(normalise_url, urls) if u))
        info = SeedInfo(name, normal, tuple(dict.fromkeys(h for h in map(url_host, normal) if h)),
                        tuple(dict.fromkeys(fold(p).strip() for p in publishers if p)))
        self._seeds[name] = info
        for url in normal:
            self._urls.setdefault(url, name)
        minhash = signature(text)
        if minhash is not None:
            self._signatures[name] = minhash
            self._lsh.insert(name, minhash)
        return info

    def add_source(self, name: str, url: str | None, publisher: str | None) -> None:
        """Record another publisher of a seed (after its header gained an `also:` line)."""
        info = self._seeds[name]
        normal = normalise_url(url)
        urls = info.urls + ((normal,) if normal and normal not in info.urls else ())
        hosts = tuple(dict.fromkeys(info.hosts + tuple(h for h in [url_host(normal)] if h)))
        names = tuple(dict.fromkeys(info.publishers + ((fold(publisher).strip(),) if publisher else ())))
        self._seeds[name] = SeedInfo(name, urls, hosts, names)
        if normal:
            self._urls.setdefault(normal, name)

    def forget(self, name: str) -> None:
        info = self._seeds.pop(name, None)
        if info is None:
            return
        for url in info.urls:
            if self._urls.get(url) == name:
                del self._urls[url]
        if self._signatures.pop(name, None) is not None:
            self._lsh.remove(name)

    def by_url(self, url: str | None) -> Duplicate | None:
        name = self._urls.get(normalise_url(url) or "")
        return Duplicate(self._seeds[name], 1.0, "url") if name else None

    def near_duplicate(self, text: str) -> Duplicate | None:
        """The most similar seed at or above the threshold, or None."""
        minhash = signature(text)
        if minhash is None:
            return None
        scored = sorted((-minhash.jaccard(self._signatures[name]), name) for name in self._lsh.query(minhash))
        for negative, name in scored:
            if -negative >= self.threshold:
                return Duplicate(self._seeds[name], -negative, "text")
        return None

    def find(self, url: str | None, text: str) -> Duplicate | None:
        return self.by_url(url) or self.near_duplicate(text)


def article_text(title: str, paragraphs, captions=()) -> str:
    """The words of an article that duplicate detection compares."""
    return "\n".join([title, *(p.lstrip("• ") for p in paragraphs), *captions])



# ---------------------------------------------------------------- the index cache

CACHE_VERSION = 1


def _encode(hashvalues) -> str:
    return base64.b64encode(np.asarray(hashvalues, dtype="<u8").tobytes()).decode("ascii")


def _decode(text: str):
    return np.frombuffer(base64.b64decode(text), dtype="<u8").astype(np.uint64)


def _load_cache(path: Path) -> dict:
    """The cached records, or {} if the cache is missing, stale or damaged (it is only a cache)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("num_perm") != NUM_PERM or \
                data.get("shingle_words") != SHINGLE_WORDS or data.get("scheme") != _template().scheme:
            return {}
        seeds = data["seeds"]
        ok = all(isinstance(r, list) and len(r) == 5 for r in seeds.values())
        return seeds if ok else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _save_cache(path: Path, seeds: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".seed-index.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": CACHE_VERSION, "num_perm": NUM_PERM, "shingle_words": SHINGLE_WORDS,
                       "scheme": _template().scheme, "seeds": seeds}, handle, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        pass  # no cache: the next run reads every seed again
