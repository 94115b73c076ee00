"""Shared fixtures: the tests' own small content/ (tests/fixtures/content), the shipped
content/ of the repository, and helpers that run the real reader and extractor on small
seed texts.

A test picks its content by fixture: ``project``, ``read``, ``extract`` and ``content_copy``
use TEST_CONTENT, written for the tests, so an editor's change to content/ cannot break
them; ``shipped_project`` and SHIPPED_CONTENT are the shipped content/, for the few tests
that check it (test_shipped_content.py) and the site built from the repository's seeds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from coprod.build.pipeline import load_project
from coprod.read.reader import parse_seed

# The local HTTP servers' fixtures (server, server_b, loopback_is_public), for every test file.
pytest_plugins = ["netserver"]

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEST_CONTENT = FIXTURES / "content"
SHIPPED_CONTENT = REPO / "content"
TODAY = dt.date(2026, 11, 22)


def body(text: str) -> str:
    """A minimal seed: a title line and ``text`` as the article body."""
    return "Defence cooperation news\n\n" + text + "\n"


def _loaded(content_dir: Path):
    loaded, problems = load_project(content_dir)
    assert not problems
    return loaded


@pytest.fixture(scope="session")
def project():
    """The test content, loaded by the project's own loader."""
    return _loaded(TEST_CONTENT)


@pytest.fixture(scope="session")
def shipped_project():
    """The shipped content/ of the repository."""
    return _loaded(SHIPPED_CONTENT)


@pytest.fixture
def read(project):
    """Run the real reader on a seed text."""

    def run(text: str, name: str = "seed.txt"):
        return parse_seed(name, text, project.rules, TODAY)

    return run


@pytest.fixture
def extract(project, read):
    """Run the real reader and extractor on a seed text."""

    def run(text: str, name: str = "seed.txt"):
        return project.extractor.extract(read(text, name), TODAY)

    return run


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of the test content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(TEST_CONTENT, target)
    return target


@pytest.fixture
def seeds_dir(tmp_path):
    """An empty seeds folder; write files into it with (seeds_dir / name).write_text(...)."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The site built once per test session from the repository's seeds (see site_checks)."""
    from site_checks import build_site
    return build_site(tmp_path_factory, "main")


@pytest.fixture(scope="session")
def large_site(tmp_path_factory):
    """The site with generated seeds added, so term pages paginate and feeds pass 50 items."""
    from site_checks import GENERATED_COUNT, build_site
    return build_site(tmp_path_factory, "large", generated=GENERATED_COUNT)
