"""Progress of long work (`build` of many seeds, `fetch`): a bar on a terminal, plain lines elsewhere.

On a terminal (standard output is a TTY) a tqdm bar is drawn there and cleared
when the work is done; messages are printed above it. Anywhere else
(CI, a pipe, a file) there is no bar: ``step`` messages are printed as plain
lines, and a count-only task prints a line every tenth of the way when it is
large enough to be worth it.

``Stages`` follows work done in stages (rendering, then indexing for search): a
bar (or plain lines) per stage with a count, and the name of a stage without one.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tqdm import tqdm

PLAIN_LINES_FROM = 200  # a count-only task this large prints "… n/total" lines off a terminal


class Progress:
    def __init__(self, total: int, label: str, *, stream: TextIO | None = None, bar: bool | None = None,
                 unit: str = "it", plain_lines: bool | None = None):
        self.total = total
        self.plain_lines = plain_lines  # off a terminal, a line every tenth; None: if total >= PLAIN_LINES_FROM
        self.label = label
        self.stream = stream if stream is not None else sys.stdout
        self.done = 0
        self.unit = unit
        self._want_bar = _is_terminal(self.stream) if bar is None else bar
        self._bar: tqdm | None = None
        self._next_line = max(1, total // 10)
        self._start_bar()

    def _start_bar(self) -> None:
        if self._want_bar and self._bar is None and self.total > 0:
            from tqdm import tqdm

            bar = tqdm(total=self.total, desc=self.label, unit=self.unit, leave=False, file=self.stream,
                       dynamic_ncols=True, mininterval=0.2)
            bar.update(self.done)
            self._bar = bar

    @property
    def is_bar(self) -> bool:
        return self._bar is not None

    def advance(self, n: int = 1, message: str | None = None) -> None:
        """``n`` more done; ``message`` is a plain line off a terminal, the bar's note on one."""
        self.done += n
        if self._bar is not None:
            if message:
                self._bar.set_postfix_str(message[:60], refresh=False)
            self._bar.update(n)
        elif message:
            self._print(message)
        elif (self.total >= PLAIN_LINES_FROM if self.plain_lines is None else self.plain_lines) and self.total > 0 \
                and (self.done >= self._next_line or self.done == self.total):
            self._print(f"{self.label}: {self.done}/{self.total}")
            while self._next_line <= self.done:
                self._next_line += max(1, self.total // 10)

    def callback(self, done: int, total: int) -> None:
        """For ``pipeline.collect_entries(progress=...)``: called with (done, total)."""
        if total != self.total:
            self.total = total
            self._next_line = max(1, total // 10)
            if self._bar is not None:
                self._bar.total = total
            self._start_bar()
        self.advance(done - self.done)

    def write(self, line: str, stream: TextIO | None = None) -> None:
        """A line that is always printed, on ``stream`` (default: the progress stream),
        above the bar on a terminal."""
        if self._bar is not None:
            self._bar.write(line, file=stream or self.stream)
        else:
            self._print(line, stream)

    def _print(self, line: str, stream: TextIO | None = None) -> None:
        print(line, file=stream or self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Stages:
    """A callable ``(stage, done, total)`` for work in stages (``build.write_site(progress=...)``).

    A stage with a count (``total`` > 0) gets a Progress of its own: a bar on a terminal,
    and off one a plain line every tenth of the way if the work is ``large``. A stage with
    no count (``total`` 0: Pagefind indexing, one program run) is named when it starts:
    a line off a terminal if the work is ``large``, a note on one that the next stage clears.
    """

    def __init__(self, *, large: bool, stream: TextIO | None = None, bar: bool | None = None):
        self.large = large
        self.stream = stream if stream is not None else sys.stdout
        self._terminal = _is_terminal(self.stream) if bar is None else bar
        self._stage: str | None = None
        self._progress: Progress | None = None
        self._note = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._end_stage()
            self._stage = stage
            if total > 0:
                self._progress = Progress(total, stage, stream=self.stream, bar=self._terminal, unit="task",
                                          plain_lines=self.large)
            elif self._terminal:
                self.stream.write(f"{stage}…")
                self.stream.flush()
                self._note = True
            elif self.large:
                print(f"{stage}…", file=self.stream, flush=True)
        if self._progress is not None:
            self._progress.callback(done, total)

    def _end_stage(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress = None
        if self._note:
            self.stream.write("\r\x1b[K")  # clear the note: the line is the next output's
            self.stream.flush()
            self._note = False

    def close(self) -> None:
        self._end_stage()
        self._stage = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
