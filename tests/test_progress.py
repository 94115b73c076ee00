"""Progress of long work: a bar on a terminal, plain lines elsewhere (CI), nothing for small work."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from coprod.build.progress import PLAIN_LINES_FROM, Progress, Stages
from conftest import REPO, TEST_CONTENT


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_off_a_terminal_large_work_prints_a_plain_line_every_tenth():
    stream = io.StringIO()
    total = PLAIN_LINES_FROM * 5
    with Progress(0, "reading seeds", stream=stream) as progress:
        for done in range(1, total + 1):
            progress.callback(done, total)  # as pipeline.collect_entries calls it
    lines = stream.getvalue().splitlines()
    assert lines[0] == f"reading seeds: {total // 10}/{total}" and lines[-1] == f"reading seeds: {total}/{total}"
    assert len(lines) == 10 and "\r" not in stream.getvalue()


def test_off_a_terminal_small_work_prints_nothing():
    stream = io.StringIO()
    with Progress(0, "reading seeds", stream=stream) as progress:
        for done in range(1, 6):
            progress.callback(done, 5)
    assert stream.getvalue() == ""


def test_off_a_terminal_steps_with_a_message_are_plain_lines():
    stream = io.StringIO()
    with Progress(2, "feeds", stream=stream) as progress:
        progress.advance(1, "feed A: not modified")
        progress.write("added seeds/x.txt")
        progress.advance(1, "feed B: 3 item(s), 1 new, 1 on topic")
    assert stream.getvalue().splitlines() == ["feed A: not modified", "added seeds/x.txt",
                                              "feed B: 3 item(s), 1 new, 1 on topic"]


def test_on_a_terminal_a_bar_is_drawn_and_messages_go_above_it():
    stream = Terminal()
    with Progress(3, "feeds", stream=stream, unit="feed") as progress:
        assert progress.is_bar
        progress.advance(1, "feed A: not modified")
        progress.write("added seeds/x.txt")
        progress.advance(2)
    output = stream.getvalue()
    assert "\r" in output and "feeds" in output and "/3" in output
    assert "added seeds/x.txt\n" in output


@pytest.mark.parametrize("command", ["add", "fetch", "serve"])
def test_new_commands_have_help(command):
    done = subprocess.run([sys.executable, "-m", "coprod.cli", command, "--help"], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0 and done.stdout.startswith(f"usage: coprod {command}")


def test_off_a_terminal_a_large_builds_stages_are_plain_lines():
    stream = io.StringIO()
    with Stages(large=True, stream=stream) as stages:
        for done in range(1, 51):
            stages("rendering", done, 50)  # as build.write_site calls it
        stages("indexing for search", 0, 0)
    lines = stream.getvalue().splitlines()
    assert lines == [f"rendering: {n}/50" for n in range(5, 51, 5)] + ["indexing for search…"]


def test_off_a_terminal_a_small_builds_stages_print_nothing():
    stream = io.StringIO()
    with Stages(large=False, stream=stream) as stages:
        for done in range(1, 6):
            stages("rendering", done, 5)
        stages("indexing for search", 0, 0)
    assert stream.getvalue() == ""


def test_on_a_terminal_each_stage_has_a_bar_or_a_note_then_clears():
    stream = Terminal()
    with Stages(large=False, stream=stream) as stages:
        for done in range(1, 4):
            stages("rendering", done, 3)
        stages("indexing for search", 0, 0)
    output = stream.getvalue()
    assert "rendering" in output and "/3 " in output
    assert output.endswith("indexing for search…\r\x1b[K")


def test_a_large_build_shows_rendering_and_indexing_progress(tmp_path):
    from coprod.build.builder import write_site
    from coprod.build.pipeline import collect_entries, load_project
    from conftest import TODAY

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(3):
        (seeds / f"s{n}.txt").write_text(f"Danish drones {n}\n\nA Danish firm will produce drones together with "
                                         "Ukrainian engineers at a new plant in Denmark.\n")
    project, _ = load_project(TEST_CONTENT)
    entries, _ = collect_entries(seeds, project, TODAY)
    seen = []
    write_site(entries, project, REPO / "templates", tmp_path / "site", search=False,
               progress=lambda stage, done, total: seen.append((stage, done, total)))
    tasks = seen[-1][2]
    assert seen == [("rendering", n, tasks) for n in range(1, tasks + 1)]
