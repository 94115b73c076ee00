"""Cost of crafted seed bodies: reading, extracting and rendering one paragraph of a repeated
pattern, at growing sizes. Linear cost shows as a constant time per KB down each column.

    .venv/bin/python benchmarks/hostile_bodies.py            # 50, 100, 200 and 400 KB
    .venv/bin/python benchmarks/hostile_bodies.py --sizes 25,50
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from coprod.site.markup import render_body
from coprod.build.pipeline import load_project, reference_date
from coprod.read.reader import parse_seed

# Each with a word, so that the reader keeps the paragraph as body text.
PATTERNS = {"entities": "&#x word ", "emphasis": "_a_ word ", "backslashes": "\\\\ word ", "links": "[a]( word ",
            "quotes": "> word ", "code": "`a word ", "plain": "word "}
TITLE = "Joint production of shells in Czechia\n\n"


def cpu(work, *args):
    """``work(*args)`` and the CPU seconds it took."""
    start = time.process_time()
    result = work(*args)
    return result, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200,400", help="paragraph sizes in KB (default: 50,100,200,400)")
    parser.add_argument("--content", type=Path, default=Path("content"))
    args = parser.parse_args()
    project, _ = load_project(args.content)
    today = reference_date()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'pattern':<12}{'KB':>6}{'read s':>9}{'extract s':>11}{'render s':>10}{'render ms/KB':>14}")
    for name, unit in PATTERNS.items():
        for kb in sizes:
            text = TITLE + unit * (kb * 1024 // len(unit)) + "\n"
            article, read_s = cpu(parse_seed, "s.txt", text, project.rules, today)
            entry, extract_s = cpu(project.extractor.extract, article, today)
            _, render_s = cpu(render_body, entry.body)
            print(f"{name:<12}{kb:>6}{read_s:>9.3f}{extract_s:>11.3f}{render_s:>10.3f}{render_s * 1000 / kb:>14.2f}")


if __name__ == "__main__":
    main()
