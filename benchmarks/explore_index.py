"""The explorer index's size (explore/index.json, raw and gzipped) for N generated articles.

The entries are made straight from the benchmark corpus (benchmarks/corpus.py): its
articles' titles, dates and tags, without extracting or building a site, so 20,000
entries take seconds. The figure is what a reader's browser downloads for any view of
the explorer.

    .venv/bin/python benchmarks/explore_index.py --n 20000

Measured (corpus seed 1): 20,000 entries, 2,556 kB, 494 kB gzipped (level 6). Stored row by
row with every slug the same entries took 3,901 kB, 980 kB gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from coprod.site.explore import explore_index, index_json
from coprod.core.records import Entry, PublicationDate, Source
from coprod.core.slugs import assign_slugs
from coprod.extract.taxonomy import safe_slug


@dataclass(frozen=True)
class Term:
    slug: str
    name: str


def measure(n: int, seed: int = 1) -> dict:
    articles = list(generate(n, seed))
    entries = assign_slugs([
        Entry(seed=f"{a.number:06d}.txt", title=a.title, date=PublicationDate(a.date, "day", "published"),
              countries=tuple(a.countries), partners=tuple(a.partners), categories=tuple(a.categories),
              activities=tuple(a.activities), source=Source(), summary="", body="")
        for a in articles])
    entries.sort(key=Entry.sort_key)
    names = {"countries": "countries", "partners": "partners", "categories": "categories", "activities": "activities"}
    terms = {kind: {name: Term(safe_slug(name), name) for name in sorted({v for e in entries for v in getattr(e, kind)})}
             for kind in names}
    index = explore_index(((e, {kind: [terms[kind][v] for v in getattr(e, kind)] for kind in names}) for e in entries),
                          {kind: list(table.values()) for kind, table in terms.items()})
    raw = index_json(index)
    return {"entries": len(index["entries"]), "raw_bytes": len(raw),
            "gzip_bytes": len(gzip.compress(raw, compresslevel=6, mtime=0))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    figures = measure(args.n, args.seed)
    print(f"{figures['entries']} entries: explore/index.json {figures['raw_bytes'] / 1000:.0f} kB, "
          f"{figures['gzip_bytes'] / 1000:.0f} kB gzipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
