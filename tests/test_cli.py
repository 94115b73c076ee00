"""The command line: help, version, check's findings and exit codes, eval's report."""

import subprocess
import sys

import pytest

from coprod import __version__
from coprod.cli import main
from conftest import REPO, TEST_CONTENT

GOOD = ("Danish drones\n\nA Danish firm will produce drones together with Ukrainian engineers at a new "
        "plant in Denmark, the ministry said on Monday.\n")


def run(*args):
    return subprocess.run([sys.executable, "-m", "coprod.cli", *args], capture_output=True, text=True, cwd=REPO)


def test_version_is_printed():
    assert run("--version").stdout.strip() == f"coprod {__version__}"


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["eval"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage: coprod" in result.stdout


def test_check_reports_each_finding_on_one_line_and_exits_0_on_warnings(seeds_dir, capsys):
    (seeds_dir / "undated.txt").write_text(GOOD)
    (seeds_dir / "nowhere.txt").write_text("Drone news\n\nUkraine signed a contract with Nordwind Systems to "
                                           "produce drones together in a joint venture, officials in Kyiv said on Tuesday evening.\n")
    code = main(["check", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "undated.txt: warning: undated: no publication date and no evidence of one" in lines
    assert "nowhere.txt: warning: no partner country found" in lines
    assert any(line.startswith("nowhere.txt: warning: organisation in no list: 'Nordwind Systems'") for line in lines)
    assert lines[-1] == "checked 2 seeds: 0 error(s), 4 warning(s)"


def test_check_exits_1_when_a_seed_cannot_be_read(seeds_dir, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    (seeds_dir / "empty.txt").write_text("")
    assert main(["check", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)]) == 1
    assert "empty.txt: error: empty file" in capsys.readouterr().out


def test_check_writes_nothing(tmp_path, seeds_dir):
    (seeds_dir / "good.txt").write_text(GOOD)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    main(["check", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_eval_scores_each_field_and_lists_forbidden_items(tmp_path, seeds_dir, capsys):
    (seeds_dir / "a.txt").write_text(" date 2024-01-02 Poland and Ukroboronprom will produce shells together "
                                     "with partners from Germany, the concern said on Tuesday.\n")
    gold = tmp_path / "gold.yaml"
    gold.write_text("entries:\n  a.txt:\n    date: {exact: 2024-01-02, explicit: true}\n"
                    "    countries: {required: [PL], optional: [], forbidden: [DE]}\n"
                    "    partners: {required: [[Ukroboronprom, Ukrainian Defense Industry]], optional: [], forbidden: []}\n"
                    "    categories: {required: [ammunition, drones], optional: [], forbidden: []}\n"
                    "    activities: {required: [joint-production], optional: []}\n")
    main(["eval", str(gold), "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    out = capsys.readouterr().out
    assert "countries        0.500   1.000  0.667    1   1   0" in out
    assert "partners         1.000   1.000  1.000    1   0   0" in out
    assert "categories       1.000   0.500  0.667    1   0   1" in out
    assert "date score: 1.000 over 1 entries" in out
    assert "a.txt: countries: DE" in out


def test_a_missing_content_file_is_one_line_and_exit_2(tmp_path, seeds_dir):
    result = run("check", "--seeds", str(seeds_dir), "--content", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"{tmp_path}/taxonomy/countries.yaml: error: missing: the taxonomy needs this file"]


@pytest.mark.parametrize("order", [".inf", "-.inf", ".nan", "1e400", "99999999999999999999", "first", "'5'", "[1]",
                                   "true", "2.5"])
def test_a_bad_order_in_a_content_page_is_one_line_naming_the_page(seeds_dir, content_copy, capfd, order):
    (seeds_dir / "good.txt").write_text(GOOD)
    page = content_copy / "pages" / "method.md"
    page.write_text(f"---\ntitle: Method\norder: {order}\n---\nHow we work.\n")
    code = main(["check", "--seeds", str(seeds_dir), "--content", str(content_copy)])
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"{page}: error: order: must be a whole number from -1000000 to 1000000, got "
                   f"{err[0].split(', got ', 1)[1]}"] and "Traceback" not in err[0]


def test_a_missing_seeds_folder_is_named_before_anything_else(tmp_path, capfd):
    missing = tmp_path / "seeds"
    code = main(["build", "--seeds", str(missing), "--content", str(TEST_CONTENT), "--out", str(tmp_path / "site")])
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"error: {missing} does not exist: pass the folder of seeds with --seeds DIR, "
                   "or run coprod in the project folder"]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("command", ["build", "check", "eval"])
def test_an_empty_seeds_folder_is_an_error_not_an_empty_site(tmp_path, seeds_dir, capfd, command):
    gold = tmp_path / "gold.yaml"
    gold.write_text("entries: {}\n")
    args = {"build": ["build", "--out", str(tmp_path / "site")], "check": ["check"], "eval": ["eval", str(gold)]}
    (seeds_dir / ".hidden").write_text("not a seed")
    code = main([*args[command], "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith(f"error: no seeds in {seeds_dir}: ") and len(err) == 1
    assert not (tmp_path / "site").exists()


def test_outside_the_project_folder_it_says_where_it_looked_and_what_to_do(tmp_path):
    result = subprocess.run([sys.executable, "-m", "coprod.cli", "build"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: no content folder at {tmp_path / 'content'}: run coprod in the project folder or pass --content DIR"]


def test_eval_on_a_missing_answer_key_says_it_does_not_exist(tmp_path, seeds_dir, capfd):
    (seeds_dir / "good.txt").write_text(GOOD)
    code = main(["eval", str(tmp_path / "gold.yml"), "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    assert code == 2
    assert capfd.readouterr().err.strip().splitlines() == [
        f"{tmp_path / 'gold.yml'}: error: no such answer key: pass the path of a YAML file with an `entries:` mapping"]


def test_eval_verbose_prints_plain_values_and_ends_with_the_scores(tmp_path, seeds_dir, capsys):
    (seeds_dir / "a.txt").write_text(" date 2024-01-02 Poland and Ukroboronprom will produce shells together "
                                     "with partners from Germany, the concern said on Tuesday.\n")
    (seeds_dir / "b.txt").write_text(GOOD)
    gold = tmp_path / "gold.yaml"
    gold.write_text("entries:\n"
                    "  a.txt:\n    date: {exact: 2025-09-25}\n    countries: {required: [PL], forbidden: [DE]}\n"
                    "  b.txt:\n    date: {range: [2025-09-01, 2025-09-30], forbidden: [2025-09-15]}\n")
    main(["eval", str(gold), "-v", "--seeds", str(seeds_dir), "--content", str(TEST_CONTENT)])
    lines = capsys.readouterr().out.splitlines()
    assert "  a.txt: date: got 2024-01-02, want 2025-09-25" in lines
    assert "  b.txt: date: got undated, want 2025-09-01 to 2025-09-30, not 2025-09-15" in lines
    assert not any("datetime" in line or "{" in line for line in lines)
    assert lines.index("  a.txt: countries: DE") < lines.index("forbidden items extracted: 1")
    assert lines[-3].startswith("core F1 (countries, partners, categories): ")
    assert lines[-2].startswith("date score: ") and lines[-1] == "forbidden items extracted: 1"
