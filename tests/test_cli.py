"""The command line: help, version, check's findings and exit codes, eval's report."""

import subprocess
import sys

import pytest

from coprod import __version__
from coprod.cli import main
from conftest import REPO

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
    code = main(["check", "--seeds", str(seeds_dir), "--content", str(REPO / "content")])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert "undated.txt: warning: undated: no publication date and no evidence of one" in lines
    assert "nowhere.txt: warning: no partner country found" in lines
    assert any(l.startswith("nowhere.txt: warning: organisation in no list: 'Nordwind Systems'") for l in lines)
    assert lines[-1] == "checked 2 seeds: 0 error(s), 4 warning(s)"


def test_check_exits_1_when_a_seed_cannot_be_read(seeds_dir, capsys):
    (seeds_dir / "good.txt").write_text(GOOD)
    (seeds_dir / "empty.txt").write_text("")
    assert main(["check", "--seeds", str(seeds_dir), "--content", str(REPO / "content")]) == 1
    assert "empty.txt: error: empty file" in capsys.readouterr().out


def test_check_writes_nothing(tmp_path, seeds_dir):
    (seeds_dir / "good.txt").write_text(GOOD)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    main(["check", "--seeds", str(seeds_dir), "--content", str(REPO / "content")])
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_check_passes_on_the_repository_seeds(capsys):
    assert main(["check", "--seeds", str(REPO / "seeds"), "--content", str(REPO / "content")]) == 0
    assert ": error:" not in capsys.readouterr().out


def test_eval_scores_each_field_and_lists_forbidden_items(tmp_path, seeds_dir, capsys):
    (seeds_dir / "a.txt").write_text(" date 2024-01-02 Poland and Ukroboronprom will produce shells together "
                                     "with partners from Germany, the concern said on Tuesday.\n")
    gold = tmp_path / "gold.yaml"
    gold.write_text("entries:\n  a.txt:\n    date: {exact: 2024-01-02, explicit: true}\n"
                    "    countries: {required: [PL], optional: [], forbidden: [DE]}\n"
                    "    partners: {required: [[Ukroboronprom, Ukrainian Defense Industry]], optional: [], forbidden: []}\n"
                    "    categories: {required: [ammunition, drones], optional: [], forbidden: []}\n"
                    "    activities: {required: [joint-production], optional: []}\n")
    main(["eval", str(gold), "--seeds", str(seeds_dir), "--content", str(REPO / "content")])
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
