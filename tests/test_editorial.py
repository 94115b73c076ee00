"""content/editorial.yaml: the site's own words, loaded once and checked (editorial.py)."""

import pytest
import yaml

from coprod.build.pipeline import load_project
from coprod.core.errors import ContentError
from coprod.site.editorial import load_editorial
from coprod.site.site_paths import TAXONOMY_KINDS


def edit(content, change):
    path = content / "editorial.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def test_the_shipped_file_names_every_kind_and_page(project):
    editorial = project.editorial
    assert list(editorial.kinds) == list(TAXONOMY_KINDS)
    assert all(kind.title and kind.intro for kind in editorial.kinds.values())
    assert "{name}" not in editorial.term_page("Acme") and "Acme" in editorial.term_page("Acme")


def test_text_is_folded_to_single_spaces(content_copy):
    edit(content_copy, lambda d: d["pages"]["timeline"].update(description="Every  entry\n by   month."))
    assert load_editorial(content_copy).pages["timeline"].description == "Every entry by month."


@pytest.mark.parametrize("change, message", [
    (lambda d: d["kinds"].pop("partners"), "kinds: partners is missing"),
    (lambda d: d["kinds"].update(weapons={"title": "Weapons"}), "kinds: unknown key 'weapons'"),
    (lambda d: d["pages"]["network"].update(heading=""), "pages: network: heading must be some text"),
    (lambda d: d["pages"]["network"].update(heading=["Network"]), "pages: network: heading must be some text"),
    (lambda d: d.update(colours={}), "the file: unknown key 'colours'"),
    (lambda d: d.pop("terms"), "the file: terms is missing"),
    (lambda d: d["partner_groups"].pop("foreign"), "partner_groups: foreign is missing"),
])
def test_a_wrong_file_is_one_error_naming_the_file_and_the_key(content_copy, change, message):
    edit(content_copy, change)
    with pytest.raises(ContentError) as caught:
        load_editorial(content_copy)
    assert str(caught.value).startswith(f"{content_copy / 'editorial.yaml'}: error: {message}")
    assert "\n" not in str(caught.value)


def test_a_project_without_the_file_is_refused(content_copy):
    (content_copy / "editorial.yaml").unlink()
    with pytest.raises(ContentError, match="editorial.yaml: error: file missing"):
        load_project(content_copy)
