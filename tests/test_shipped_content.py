"""The shipped content/: it loads, checks and scores the repository's seeds. The rule tests
run on the tests' own content (tests/fixtures/content); these are the few that read the
editors' files, so a change there that breaks loading or loses a value the seeds need
shows here."""

import re

from coprod.cli import main
from conftest import FIXTURES, REPO, SHIPPED_CONTENT

SEEDS_KEY = FIXTURES / "shipped" / "seeds-key.yaml"


def test_the_shipped_content_loads_with_every_part(shipped_project):
    taxonomy = shipped_project.taxonomy
    assert shipped_project.settings.title and shipped_project.quality is not None
    assert {"CZ", "PL", "DE"} <= set(taxonomy.countries) and taxonomy.partner_named("Ukroboronprom")
    assert {"uk", "de", "cs", "pl"} <= set(taxonomy.languages)
    assert taxonomy.never_partner_countries >= {"UA", "RU"}


def test_the_test_content_has_the_shipped_vocabulary(project, shipped_project):
    # Categories and activities are the fixed vocabulary of TAXONOMY.md: the tests' content
    # must name the same slugs in the same order, or the rule tests test another vocabulary.
    for kind in ("categories", "activities"):
        assert [t.slug for t in getattr(project.taxonomy, kind)] == [t.slug for t in getattr(shipped_project.taxonomy, kind)]


def test_check_passes_on_the_repository_seeds(capsys):
    assert main(["check", "--seeds", str(REPO / "seeds"), "--content", str(SHIPPED_CONTENT)]) == 0
    assert ": error:" not in capsys.readouterr().out


def test_the_shipped_content_scores_full_marks_on_the_seeds_key(capsys):
    main(["eval", str(SEEDS_KEY), "--seeds", str(REPO / "seeds"), "--content", str(SHIPPED_CONTENT), "-v"])
    out = capsys.readouterr().out
    assert "differences from the key: 0" in out, out
    scores = dict(re.findall(r"^(countries|partners|categories|activities) +1\.000 +1\.000 +(\d\.\d+)", out, re.M))
    assert scores == dict.fromkeys(("countries", "partners", "categories", "activities"), "1.000"), out
    assert "date score: 1.000 over 5 entries" in out
    assert "forbidden items extracted: 0" in out
