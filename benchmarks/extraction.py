"""Extraction cost: CPU milliseconds per article of ``pipeline.extract_seed`` (read + extract).

The benchmark corpus (benchmarks/corpus.py, seeded) is generated once into a temporary
folder; then, for every run, the project is loaded afresh from content/ (not timed, so
every run starts with the memos empty, as a build does) and every seed is read and
extracted in this one process, timed with ``time.process_time``. The figure printed is
the median over the runs of CPU ms per article, with min and max.

    .venv/bin/python benchmarks/extraction.py                     # 1,000 articles, 5 runs
    .venv/bin/python benchmarks/extraction.py --n 200 --runs 3
    .venv/bin/python benchmarks/extraction.py --profile 25        # and cProfile's top 25 (one more run)
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO_ROOT / "src"))  # the coprod of this checkout, installed or not

import corpus  # noqa: E402  (benchmarks/corpus.py, next to this file)

from coprod.build.pipeline import extract_seed, load_project  # noqa: E402

TODAY = dt.date(2026, 12, 31)  # after the corpus' last date, so no date is rejected as future


def extract_all(paths: list[Path], content: Path) -> float:
    """CPU seconds to read and extract every seed, with a freshly loaded project."""
    project, _problems = load_project(content)
    start = time.process_time()
    for path in paths:
        extract_seed(path, project, TODAY)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--content", type=Path, default=REPO_ROOT / "content", help="content folder (default: the repo's)")
    parser.add_argument("--profile", type=int, metavar="TOP", default=0,
                        help="after the timed runs, profile one more run and print its TOP functions by own time")
    args = parser.parse_args(argv)
    if args.n < 1 or args.runs < 1:
        parser.error("--n and --runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="coprod-extraction-") as workdir:
        corpus.write_corpus(Path(workdir), args.n, args.seed)
        paths = sorted((Path(workdir) / "seeds").glob("*.txt"))
        extract_all(paths[:20], args.content)  # imports and one-off loads, outside the figures
        per_article = []
        for run in range(args.runs):
            per_article.append(extract_all(paths, args.content) * 1000 / len(paths))
            print(f"run {run + 1}/{args.runs}: {per_article[-1]:.2f} ms/article", file=sys.stderr, flush=True)
        print(f"extraction: {statistics.median(per_article):.2f} ms CPU/article "
              f"(median of {args.runs} runs, {min(per_article):.2f}–{max(per_article):.2f}; "
              f"{len(paths)} articles, corpus seed {args.seed})")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(extract_all, paths, args.content)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
