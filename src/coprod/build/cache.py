"""The build cache: what an earlier build already did, keyed by content hashes.

One SQLite file (``.coprod-cache/cache.sqlite`` by default) remembers

- each seed file's content hash, by name, size and modification time, so an
  unchanged seed is not even read again;
- each extracted entry (as JSON, before corrections), by a key that hashes the
  seed's bytes, the taxonomy, the reader rules, the package version and the
  reference date, so an unchanged article is not re-read or re-extracted;
- for each output file, the key of everything its content was made from, and the
  size and time of the file written, so an unchanged page is neither rendered nor
  rewritten (the build keeps the previous file instead);
- which entries each output showed, a digest of every entry and the build key, so
  that a rebuild finds the pages an edit can have changed without working out the
  key of every other page (incremental.py);
- every entry's related entries, under the structure key (every entry's seed, slug,
  date and terms, incremental.structure_key), for builds that change none of them.

Values are JSON, never pickles: a damaged or stale cache is detected (SQLite
errors, a schema or version mismatch, values that do not parse) and ignored, and
deleting the folder gives the same site, only slower.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from coprod import __version__
from coprod.build.incremental import BuildRecord, OutputRecord, PreviousBuild
from coprod.core.records import Entry, Problem, from_data, to_data

SEP = "\x00"  # between the seeds of an output: a file name cannot hold it

SCHEMA = 4  # 4: entries stored as records.to_data writes them


def entry_to_json(entry: Entry) -> str:
    """The entry as canonical JSON, every field (problems included, so check still reports them)."""
    return json.dumps(to_data(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_from_json(text: str) -> Entry:
    """The inverse of entry_to_json; raises ValueError/KeyError/TypeError on anything malformed,
    down to the type of every value (a damaged cache must not reach the pages)."""
    return from_data(Entry, json.loads(text))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


# Every table and its columns. A file with the right stamp but other tables or columns (made
# by hand, or by a version that forgot to change SCHEMA) is started afresh.
TABLES = {
    "seeds": "name TEXT PRIMARY KEY, size INT, mtime INT, digest TEXT",
    "entries": "key TEXT PRIMARY KEY, value TEXT",
    "outputs": "path TEXT PRIMARY KEY, key TEXT, size INT, mtime INT, seeds TEXT",
    "digests": "seed TEXT PRIMARY KEY, digest TEXT",
    "build": "key TEXT PRIMARY KEY, value TEXT",
    "related": "signature TEXT PRIMARY KEY, value TEXT",
}


def _columns(definition: str) -> list[str]:
    return [column.split()[0] for column in definition.split(", ")]


class BuildCache:
    """A cache that never fails a build: on any database error it turns itself off."""

    def __init__(self, folder: Path | None):
        self.problems: list[Problem] = []
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        path = folder / "cache.sqlite"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open(path)
        except (sqlite3.DatabaseError, OSError) as exc:
            self.problems.append(Problem(str(path), "warning", f"build cache unusable, starting afresh ({exc})"))
            try:
                path.unlink(missing_ok=True)
                self._db = self._open(path)
            except (sqlite3.DatabaseError, OSError):
                self._db = None

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        stamp = f"{SCHEMA}:{__version__}"
        row = db.execute("SELECT value FROM meta WHERE key='stamp'").fetchone()
        layout = {table: [r[1] for r in db.execute(f"PRAGMA table_info({table})")] for table in TABLES}
        if row is None or row[0] != stamp or any(found and found != _columns(TABLES[table])
                                                  for table, found in layout.items()):
            BuildCache._empty(db)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        for table, definition in TABLES.items():
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({definition})")
        db.execute("PRAGMA quick_check").fetchone()
        return db

    @staticmethod
    def _empty(db: sqlite3.Connection) -> None:
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")

    def _damaged(self, what: str) -> None:
        """A value of the wrong shape or type: reported once, and the cache emptied, so this
        build and the next start afresh rather than trust any of it."""
        if self._db is None:
            return
        self.problems.append(Problem("build cache", "warning", f"damaged ({what}); ignored and started afresh"))
        try:
            self._empty(self._db)
            for table, definition in TABLES.items():
                self._db.execute(f"CREATE TABLE {table} ({definition})")
        except sqlite3.DatabaseError:
            self._db = None

    def _query(self, sql: str, args=()) -> list:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            self.problems.append(Problem("build cache", "warning", f"ignored after an error: {exc}"))
            self._db = None
            return []

    def _write_many(self, sql: str, rows: list) -> None:
        if self._db is None or not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            self.problems.append(Problem("build cache", "warning", f"not updated after an error: {exc}"))
            self._db = None

    # -------------------------------------------------------------- seeds and entries

    def seed_digests(self) -> dict[str, tuple[int, int, str]]:
        rows = self._query("SELECT name, size, mtime, digest FROM seeds")
        if not all(isinstance(n, str) and isinstance(s, int) and isinstance(m, int) and isinstance(d, str)
                   for n, s, m, d in rows):
            self._damaged("a seed's digest")
            return {}
        return {name: (size, mtime, d) for name, size, mtime, d in rows}

    def store_seed_digests(self, rows: list[tuple[str, int, int, str]]) -> None:
        self._write_many("INSERT OR REPLACE INTO seeds VALUES (?, ?, ?, ?)", rows)

    def entries(self, keys: list[str]) -> dict[str, Entry]:
        found = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in self._query(f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk):
                try:
                    found[key] = entry_from_json(_text(value))
                except (ValueError, KeyError, TypeError):
                    self._damaged("an entry")
                    return {}
        return found

    def store_entries(self, rows: list[tuple[str, Entry]]) -> None:
        self._write_many("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                         [(key, entry_to_json(entry)) for key, entry in rows])

    def prune_entries(self, keep: set[str]) -> None:
        """Forget entries no seed produces any more, so the cache does not grow without end."""
        stale = [(k,) for (k,) in self._query("SELECT key FROM entries") if k not in keep]
        self._write_many("DELETE FROM entries WHERE key = ?", stale)

    # -------------------------------------------------------------- outputs

    def previous_build(self) -> PreviousBuild:
        """What the last build recorded: its outputs, build key and entry digests (incremental.py)."""
        outputs = {}
        rows = self._query("SELECT path, key, size, mtime, seeds FROM outputs")
        keys = dict(self._query("SELECT key, value FROM build"))
        digests = dict(self._query("SELECT seed, digest FROM digests"))
        if not (all(isinstance(p, str) and isinstance(k, str) and isinstance(size, int) and isinstance(mtime, int)
                    and isinstance(seeds, (str, type(None))) for p, k, size, mtime, seeds in rows)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in (*keys.items(), *digests.items()))):
            self._damaged("the record of the last build")
            return PreviousBuild()
        for path, key, size, mtime, seeds in rows:
            outputs[path] = OutputRecord(path, key, tuple(seeds.split(SEP)) if seeds else (), size, mtime)
        structure = keys.get("structure")
        related = self.related(structure) if structure else None
        return PreviousBuild(outputs, keys.get("build_key"), digests, structure, related or {})

    def record_build(self, previous: PreviousBuild, build: BuildRecord) -> None:
        """Record this build's outputs (each stamped with its size and time), build key, entry
        digests, structure key and related entries, writing only what differs from ``previous``
        (what previous_build() returned)."""
        if self._db is None:
            return
        current = {output.path: output for output in build.outputs}
        self._write_many("DELETE FROM outputs WHERE path = ?", [(p,) for p in previous.outputs if p not in current])
        self._write_many("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
                         [(p, o.key, o.size, o.mtime, SEP.join(o.seeds)) for p, o in current.items()
                          if previous.outputs.get(p) != o])
        digests = build.digests
        self._write_many("DELETE FROM digests WHERE seed = ?", [(s,) for s in previous.digests if s not in digests])
        self._write_many("INSERT OR REPLACE INTO digests VALUES (?, ?)",
                         [(s, d) for s, d in digests.items() if previous.digests.get(s) != d])
        self._write_many("INSERT OR REPLACE INTO build VALUES (?, ?)", [("build_key", build.build_key),
                                                                        ("structure", build.structure)])
        if (build.structure, build.related) != (previous.structure, previous.related):
            self.store_related(build.structure, build.related)

    # -------------------------------------------------------------- related entries

    def related(self, signature: str) -> dict[str, tuple[str, ...]] | None:
        """Seed -> related seeds, as the last build found them, if it had this structure key."""
        rows = self._query("SELECT value FROM related WHERE signature = ?", (signature,))
        if not rows:
            return None
        try:
            found = json.loads(_text(rows[0][0]))
            if isinstance(found, dict) and all(isinstance(v, list) and all(isinstance(s, str) for s in v)
                                               for v in found.values()):
                return {str(seed): tuple(others) for seed, others in found.items()}
        except (ValueError, TypeError):
            pass
        self._damaged("related entries")
        return None  # found again

    def store_related(self, signature: str, related: dict[str, tuple[str, ...]]) -> None:
        if self._db is None:
            return
        self._query("DELETE FROM related")
        self._write_many("INSERT INTO related VALUES (?, ?)",
                         [(signature, json.dumps(related, sort_keys=True, separators=(",", ":")))])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class MemoryCache:
    """The build cache of a process that builds again and again (``coprod serve``): the same
    answers as BuildCache, kept as objects in memory, so a rebuild neither reads, parses nor
    writes a database of every entry and output. Nothing to damage, so no problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._seeds: dict[str, tuple[int, int, str]] = {}
        self._entries: dict[str, Entry] = {}
        self._build = PreviousBuild()

    def seed_digests(self) -> dict[str, tuple[int, int, str]]:
        return self._seeds

    def store_seed_digests(self, rows: list[tuple[str, int, int, str]]) -> None:
        self._seeds.update((name, (size, mtime, d)) for name, size, mtime, d in rows)

    def entries(self, keys: list[str]) -> dict[str, Entry]:
        found = self._entries
        return {key: found[key] for key in keys if key in found}

    def store_entries(self, rows: list[tuple[str, Entry]]) -> None:
        self._entries.update(rows)

    def prune_entries(self, keep: set[str]) -> None:
        for key in [k for k in self._entries if k not in keep]:
            del self._entries[key]

    def previous_build(self) -> PreviousBuild:
        return self._build

    def record_build(self, previous: PreviousBuild, build: BuildRecord) -> None:
        self._build = PreviousBuild({output.path: output for output in build.outputs}, build.build_key,
                                    build.digests, build.structure, build.related)

    def indexed_pages(self) -> dict[str, tuple[int, int]]:
        """The size and time of every entry page the last build recorded: what the search index reads."""
        return {path: (o.size, o.mtime) for path, o in self._build.outputs.items()
                if path.startswith("entries/") and path.endswith(".html")
                and o.size is not None and o.mtime is not None}

    def close(self) -> None:
        pass


Cache = BuildCache | MemoryCache  # what a build reads and records its previous state through
