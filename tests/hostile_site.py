"""The hostile build: seeds and corrections that put markup, script, formula and
path-traversal text into every field that reaches a page, an attribute, a URL, a
feed or the CSV. Not a test module; shared by test_hostile.py and the real-client
tests (browser, Nu HTML checker, linkchecker, feed validation).

The committed fixtures are tests/fixtures/hostile/{seeds,corrections}. Seed *file
names* that cannot be committed safely (a Windows device name, a leading "=",
markup and right-to-left text) are written into the temporary seeds folder at build
time, from HOSTILE_FILE_NAMES.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from coprod.cli import main as coprod_main
from site_checks import BASE_URL, CONTENT, TEMPLATES, Built

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
HOSTILE_SEEDS = HOSTILE / "seeds"
HOSTILE_CORRECTIONS = HOSTILE / "corrections"

# Seed file names made at build time: each becomes an entry whose seed name reaches
# the JSON and the CSV export.
HOSTILE_FILE_NAMES = (
    "CON.txt",
    "aux",
    "=HYPERLINK(\"https---evil.example\",\"seed\").txt",
    "-rf --no-preserve-root.txt",
    "<b onmouseover=alert('seed-name')>bold<b> & co.txt",
    "\u202ertl \u05e2\u05d1\u05e8\u05d9\u05ea 🚀.txt",
    "x" * 240 + ".txt",
)

NAMED_SEED_TEXT = ("---\npublished: 2024-03-{day:02d}\n---\nCzech shells, part {n}\n\n"
                   "The Czech Republic and Ukraine will produce artillery ammunition together at a plant "
                   "in the Czech Republic, part {n} of the programme, officials said.\n")

# What must never be found active in any output: the markers of the payloads above.
ALERT_MARKERS = ("alert(",)


def hostile_content(dest: Path) -> Path:
    """A copy of content/ with the hostile corrections added."""
    shutil.copytree(CONTENT, dest)
    for path in sorted(HOSTILE_CORRECTIONS.iterdir()):
        shutil.copyfile(path, dest / "corrections" / path.name)
    return dest


def hostile_seeds(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for path in sorted(HOSTILE_SEEDS.iterdir()):
        shutil.copyfile(path, dest / path.name)
    for n, name in enumerate(HOSTILE_FILE_NAMES, start=1):
        (dest / name).write_text(NAMED_SEED_TEXT.format(day=n, n=n), encoding="utf-8")
    return dest


_BUILD: dict[str, object] = {}


def hostile_build(tmp_path_factory) -> tuple[Built, str]:
    """The hostile site, built once per session into <tmp>/out/site: (Built, stderr of the build).

    The build's own folder (<tmp>/out) holds nothing else before it runs, so a test can
    see every file the build wrote outside --out.
    """
    if "built" not in _BUILD:
        import contextlib
        import io

        folder = tmp_path_factory.mktemp("build-hostile")
        seeds = hostile_seeds(folder / "seeds")
        content = hostile_content(folder / "content")
        out = folder / "out" / "site"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = coprod_main(["build", "--seeds", str(seeds), "--content", str(content), "--templates",
                                str(TEMPLATES), "--out", str(out), "--base-url", BASE_URL])
        _BUILD["built"] = Built(out=out, seeds=seeds, base_url=BASE_URL, exit_code=code)
        _BUILD["stderr"] = err.getvalue()
        _BUILD["content"] = content
    return _BUILD["built"], _BUILD["stderr"]


def hostile_content_dir() -> Path:
    """The content folder of the hostile build (after hostile_build ran)."""
    return _BUILD["content"]
