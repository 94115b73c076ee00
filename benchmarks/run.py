"""Build benchmark: coprod (and Hugo, if installed) on generated corpora of N articles.

For every N the corpus is generated once (benchmarks/corpus.py, cached in --workdir by N,
seed and a hash of the taxonomy the generator reads) and then built:

  full       a cold ``coprod build`` into an empty output folder, --runs times
  edit-one   one seed gets a sentence added to its first paragraph, rebuilt into the same --out
  no-change  the same build again with nothing changed
  serve      ``coprod serve`` (with search and with --no-search): after its first build, one seed is
             edited --runs times (a sentence added, as edit-one does); the latency is from writing
             the seed to the entry page, polled over HTTP every 20 ms, showing the sentence; the
             search column is from the same write to the server saying its search index is current
             again (it indexes after the page is served); cpu is the server's CPU time in between

Every build is a child process; its wall time and CPU time (user+sys) come from os.wait4,
its peak memory is that of its whole process tree (workers included: summed PSS sampled
every 200 ms, or the largest process's ru_maxrss if that is higher). Pages are the .html
files in the output, bytes all of its files. The figures are medians over the runs, with
min and max.

If ``hugo`` is on PATH, the same corpus (as a Hugo site with the same page kinds) is built
with ``hugo --quiet -s SITE -d OUT`` the same way, and the coprod/hugo ratios are printed.

    .venv/bin/python benchmarks/run.py                       # N = 1000, 5000, 20000; 3 runs
    .venv/bin/python benchmarks/run.py --sizes 1000 --runs 3 --json bench.json
    .venv/bin/python benchmarks/run.py --quick               # N = 200, one run: a smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py, next to this file)
import re  # noqa: E402
import urllib.request  # noqa: E402

# Builds see a fixed "today" after the corpus' last date, so no date is rejected as future
# whatever the machine's clock says, and the output does not depend on the day of the run.
SOURCE_DATE_EPOCH = str(int(dt.datetime(2026, 12, 31, tzinfo=dt.timezone.utc).timestamp()))
EDIT_SENTENCE = "The partners said on Friday that further details of the project would follow (edit {run})."


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the child (and anything it waited for)
    maxrss_mib: float  # peak memory of the child and its worker processes (see run_child)
    pages: int  # .html files in the output
    files: int
    bytes: int
    other_cpu: float = 0.0  # CPU seconds the rest of the machine used meanwhile (/proc/stat): contention


    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall if self.wall > 0 else 0.0


class BuildFailed(RuntimeError):
    pass


# ---------------------------------------------------------------- measuring one build

def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used so far (Linux /proc/stat; 0 elsewhere)."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def tree_stats(folder: Path) -> tuple[int, int, int]:
    """(.html files, all files, bytes) under folder."""
    pages = files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            if name.endswith(".html"):
                pages += 1
            try:
                size += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return pages, files, size


def _tree_pss_kib(root: int) -> int:
    """The summed proportional set size (KiB) of process ``root`` and its descendants (Linux
    /proc; 0 elsewhere). PSS shares each page among the processes mapping it, so pages that
    forked workers share with their parent are counted once in all, not once per process."""
    children: dict[int, list[int]] = {}
    try:
        pids = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as handle:
                ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError, IndexError):
            pass
    return total


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a build's process tree every 200 ms (reading it walks the
    page tables, so not more often) and keeps the peak: ru_maxrss alone is the peak of the
    largest single process, which under-counts a build that runs worker processes."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.peak_kib = max(self.peak_kib, _tree_pss_kib(self.pid))


def run_child(cmd: list[str], cwd: Path, out: Path, log: Path, timeout: float) -> Measure:
    """Run one build as a child process and measure it: time and CPU with os.wait4, memory as
    the larger of the process tree's sampled peak PSS and the largest process's ru_maxrss."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    # The coprod measured is the one in this checkout (src/ next to benchmarks/), installed or not.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH")]))
    busy_before = machine_busy_seconds()
    with open(log, "wb") as log_file:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log_file, stderr=subprocess.STDOUT, env=env)
        timer = threading.Timer(timeout, proc.kill)  # only this child, by its own handle
        timer.start()
        memory = TreeMemory(proc.pid)
        memory.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            memory.done.set()
            memory.join()
        wall = time.perf_counter() - start
    busy = machine_busy_seconds() - busy_before
    cpu = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        reason = f"killed after {timeout:.0f} s" if proc.returncode == -9 else f"exit {proc.returncode}"
        raise BuildFailed(f"{' '.join(cmd[:2])} … failed ({reason}); last output:\n{tail}")
    pages, files, size = tree_stats(out) if out.exists() else (0, 0, 0)
    return Measure(wall=wall, cpu=cpu, maxrss_mib=max(usage.ru_maxrss, memory.peak_kib) / 1024,
                   pages=pages, files=files, bytes=size, other_cpu=max(0.0, busy - cpu))


def summarise(measures: list[Measure]) -> dict:
    def stat(values):
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    return {
        "runs": len(measures),
        "wall_s": stat([m.wall for m in measures]),
        "cpu_s": stat([m.cpu for m in measures]),
        "maxrss_mib": stat([m.maxrss_mib for m in measures]),
        "pages": stat([m.pages for m in measures]),
        "files": stat([m.files for m in measures]),
        "bytes": stat([m.bytes for m in measures]),
        "pages_per_s": stat([m.pages_per_s for m in measures]),
        "other_cpu_s": stat([m.other_cpu for m in measures]),
        "each": [asdict(m) for m in measures],
    }


# ---------------------------------------------------------------- the tools

def coprod_command() -> list[str]:
    """The coprod console script next to this Python, else on PATH, else ``python -m coprod.cli``."""
    beside = Path(sys.executable).parent / "coprod"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("coprod")
    return [found] if found else [sys.executable, "-m", "coprod.cli"]


class Tool:
    name = ""

    def __init__(self, corpus_dir: Path, build_dir: Path):
        self.corpus_dir = corpus_dir
        self.build_dir = build_dir
        self.out = build_dir / f"{self.name}-out"
        self.log = build_dir / f"{self.name}.log"

    def command(self) -> list[str]:
        raise NotImplementedError

    def clean(self) -> None:
        """Remove the output and anything a previous build may have cached."""
        if self.build_dir.exists():
            shutil.rmtree(self.build_dir)
        self.build_dir.mkdir(parents=True)

    def edit_target(self) -> Path:
        raise NotImplementedError

    def edit(self, text: str, sentence: str) -> str:
        raise NotImplementedError

    def build(self, timeout: float) -> Measure:
        return run_child(self.command(), self.build_dir, self.out, self.log, timeout)


class Coprod(Tool):
    name = "coprod"

    def command(self) -> list[str]:
        # --no-search: the Hugo site built beside it has no search index, so neither does this build.
        return coprod_command() + ["build", "--seeds", str(self.corpus_dir / "seeds"),
                                   "--content", str(REPO_ROOT / "content"),
                                   "--templates", str(REPO_ROOT / "templates"), "--out", str(self.out),
                                   "--no-search"]

    def clean(self) -> None:
        super().clean()
        # The generator writes no hidden files: any there are a tool's caches.
        for path in (self.corpus_dir / "seeds").glob(".*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()

    def edit_target(self) -> Path:
        seeds = sorted((self.corpus_dir / "seeds").glob("*.txt"))
        return seeds[len(seeds) // 2]

    def edit(self, text: str, sentence: str) -> str:
        """Add the sentence to the first body paragraph (the first line of 20 words or more)."""
        lines = text.split("\n")
        index = next((i for i, line in enumerate(lines) if len(line.split()) >= 20), len(lines) - 1)
        lines[index] = lines[index].rstrip() + " " + sentence
        return "\n".join(lines)


class Hugo(Tool):
    name = "hugo"

    def command(self) -> list[str]:
        return ["hugo", "--quiet", "-s", str(self.corpus_dir / "hugo"), "-d", str(self.out)]

    def clean(self) -> None:
        super().clean()
        for leftover in ("resources", ".hugo_build.lock"):
            path = self.corpus_dir / "hugo" / leftover
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def edit_target(self) -> Path:
        posts = sorted((self.corpus_dir / "hugo" / "content" / "posts").glob("*.md"))
        return posts[len(posts) // 2]

    def edit(self, text: str, sentence: str) -> str:
        """Add the sentence to the last paragraph of the post (the body is all article text)."""
        return text.rstrip("\n") + " " + sentence + "\n"


def hugo_version() -> str | None:
    if not shutil.which("hugo"):
        return None
    try:
        return subprocess.run(["hugo", "version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


# ---------------------------------------------------------------- corpus cache

def ensure_corpus(workdir: Path, n: int, seed: int) -> tuple[Path, dict]:
    """The corpus of n articles for this seed and taxonomy, generated once into workdir."""
    digest = corpus.corpus_digest()
    folder = workdir / f"corpus-n{n}-s{seed}-{digest}"
    marker = folder / "corpus.json"
    if marker.exists():
        info = json.loads(marker.read_text(encoding="utf-8"))
        info["cached"] = True
        return folder, info
    staging = workdir / f".{folder.name}.tmp"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    start = time.perf_counter()
    summary = corpus.write_corpus(staging, n, seed, hugo=True)
    info = {"articles": n, "seed": seed, "corpus_digest": digest, "words": summary["words"],
            "generated_in_s": round(time.perf_counter() - start, 2)}
    (staging / "corpus.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)
    info["cached"] = False
    return folder, info


# ---------------------------------------------------------------- one size

def bench_tool(tool: Tool, runs: int, timeout: float, say) -> dict:
    full = []
    for run in range(runs):
        tool.clean()
        full.append(tool.build(timeout))
        say(f"  {tool.name} full build {run + 1}/{runs}: {full[-1].wall:.2f} s")
    edits, unchanged = [], []
    target = tool.edit_target()
    original = target.read_bytes()
    try:
        for run in range(runs):
            edited = tool.edit(original.decode("utf-8"), EDIT_SENTENCE.format(run=run + 1))
            target.write_bytes(edited.encode("utf-8"))
            edits.append(tool.build(timeout))
            unchanged.append(tool.build(timeout))
            say(f"  {tool.name} edit-one {edits[-1].wall:.2f} s, no-change {unchanged[-1].wall:.2f} s")
    finally:
        target.write_bytes(original)
    return {"command": " ".join(tool.command()), "edited_file": target.name,
            "full": summarise(full), "edit_one": summarise(edits), "no_change": summarise(unchanged)}


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def bench_serve(corpus_dir: Path, build_dir: Path, runs: int, search: bool, timeout: float, say) -> dict:
    """Edit latency of ``coprod serve`` (see the top of this file)."""
    build_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH")]))
    seeds = corpus_dir / "seeds"
    command = coprod_command() + ["serve", "--port", "0", "--seeds", str(seeds), "--content",
                                  str(REPO_ROOT / "content"), "--templates", str(REPO_ROOT / "templates"),
                                  *(() if search else ("--no-search",))]
    tool = Coprod(corpus_dir, build_dir)
    target = tool.edit_target()
    original = target.read_bytes()
    log = open(build_dir / f"serve-{'search' if search else 'no-search'}.log", "w+", encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=build_dir, stdout=subprocess.PIPE, stderr=log, text=True, env=env)
    latencies, indexed, cpus = [], [], []
    try:
        url = None
        for line in proc.stdout:
            log.write(line)
            found = re.match(r"serving (http://127\.0\.0\.1:\d+/)", line)
            if found:
                url = found.group(1)
                break
        if url is None:
            raise BuildFailed(f"coprod serve did not start; see {log.name}")
        threading.Thread(target=lambda: [log.write(line) for line in proc.stdout], daemon=True).start()
        first = time.perf_counter() - started
        say(f"  coprod serve{'' if search else ' --no-search'}: first build and serving after {first:.1f} s")
        status = lambda: json.loads(_get(url + "__coprod__/status"))  # noqa: E731
        deadline = time.perf_counter() + timeout
        while search and status()["search"] != "current" and time.perf_counter() < deadline:
            time.sleep(0.1)
        entries = json.loads(_get(url + "data/entries.json"))["entries"]
        slug = next(e["slug"] for e in entries if e["seed"] == target.name)
        page = f"{url}entries/{slug}/"
        for run in range(runs):
            sentence = EDIT_SENTENCE.format(run=f"serve {run + 1}")
            edited = tool.edit(original.decode("utf-8"), sentence).encode("utf-8")
            cpu_before = _process_cpu(proc.pid)
            written = time.perf_counter()
            target.write_bytes(edited)
            while sentence.encode() not in _get(page):
                if time.perf_counter() - written > timeout:
                    raise BuildFailed(f"coprod serve: the edit did not show within {timeout:.0f} s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - written)
            cpus.append(_process_cpu(proc.pid) - cpu_before)
            if search:
                while status()["search"] != "current":
                    time.sleep(0.05)
                indexed.append(time.perf_counter() - written)
            say(f"  coprod serve{'' if search else ' --no-search'} edit {run + 1}: page {latencies[-1]:.2f} s"
                + (f", search index {indexed[-1]:.1f} s" if search else ""))
            time.sleep(0.5)  # the watcher's debounce: the next edit is a change of its own
    finally:
        target.write_bytes(original)
        proc.send_signal(__import__("signal").SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()

    def stat(values):
        return {"median": statistics.median(values), "min": min(values), "max": max(values)} if values else None

    return {"command": " ".join(command), "edited_file": target.name, "first_build_s": first,
            "page_s": stat(latencies), "search_s": stat(indexed), "cpu_s": stat(cpus),
            "each_page_s": latencies, "each_search_s": indexed}


def bench_size(n: int, args, hugo_ok: bool, say) -> dict:
    corpus_dir, info = ensure_corpus(args.workdir, n, args.seed)
    say(f"N={n}: corpus {corpus_dir.name} ({'cached' if info['cached'] else 'generated in %.1f s' % info['generated_in_s']})")
    result = {"n": n, "corpus": info, "corpus_dir": str(corpus_dir)}
    build_root = args.workdir / f"build-n{n}"
    tools = [Coprod(corpus_dir, build_root / "coprod")]
    if hugo_ok:
        tools.append(Hugo(corpus_dir, build_root / "hugo"))
    for tool in tools:
        if args.serve_only:
            break
        try:
            result[tool.name] = bench_tool(tool, args.runs, args.timeout, say)
        except BuildFailed as exc:
            result[tool.name] = {"error": str(exc)}
            say(f"  {tool.name}: {exc}")
    if not args.no_serve:
        for search in (True, False):
            key = "serve" if search else "serve_no_search"
            try:
                result[key] = bench_serve(corpus_dir, build_root / key, args.runs, search, args.timeout, say)
            except BuildFailed as exc:
                result[key] = {"error": str(exc)}
                say(f"  coprod serve: {exc}")
    if not args.keep:
        shutil.rmtree(build_root, ignore_errors=True)
    if "full" in result.get("coprod", {}) and "full" in result.get("hugo", {}):
        result["ratio_coprod_over_hugo"] = {
            phase: {
                "wall": result["coprod"][phase]["wall_s"]["median"] / result["hugo"][phase]["wall_s"]["median"],
                "cpu": result["coprod"][phase]["cpu_s"]["median"] / result["hugo"][phase]["cpu_s"]["median"],
                "maxrss": result["coprod"][phase]["maxrss_mib"]["median"] / result["hugo"][phase]["maxrss_mib"]["median"],
            }
            for phase in ("full", "edit_one", "no_change")
        }
    return result


# ---------------------------------------------------------------- reporting

def machine_info(hugo: str | None) -> dict:
    mem_total = None
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    mem_total = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    commit = None
    try:
        head = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=30)
        dirty = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--", "src", "templates", "content"],
                               capture_output=True, text=True, timeout=30)
        if head.returncode == 0:
            commit = head.stdout.strip() + ("+uncommitted changes" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return {"nproc": os.cpu_count(), "mem_total": mem_total, "python": platform.python_version(),
            "platform": platform.platform(), "hugo": hugo, "coprod_commit": commit,
            "coprod_source_digest": source_digest(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def source_digest() -> str:
    """A short hash of src/, templates/ and content/: which code and site were measured."""
    digest = hashlib.sha256()
    for folder in ("src", "templates", "content"):
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path):
                digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def fmt_range(stat: dict, digits: int = 2) -> str:
    return f"{stat['median']:.{digits}f} ({stat['min']:.{digits}f}–{stat['max']:.{digits}f})"


def table(results: list[dict], machine: dict, runs: int) -> str:
    lines = [f"machine: {machine['nproc']} cores, {machine['mem_total']}, Python {machine['python']}, "
             f"{machine['hugo'] or 'no hugo'}; coprod {machine['coprod_commit']} (source {machine['coprod_source_digest']})",
             f"medians over {runs} run(s), (min–max); peak = the build's process tree (summed PSS, sampled); "
             f"other = CPU seconds used by other processes during the build (>0: the 2 cores were shared)",
             ""]
    header = (f"{'N':>6}  {'tool':<6} {'build':<10} {'wall s':>22} {'cpu s':>22} {'peak MiB':>22} "
              f"{'pages':>7} {'files':>7} {'MB':>8} {'pages/s':>9} {'other':>6}")
    lines += [header, "-" * len(header)]
    for result in results:
        n = result["n"]
        for tool in ("coprod", "hugo"):
            data = result.get(tool)
            if data is None:
                continue
            if "error" in data:
                lines.append(f"{n:>6}  {tool:<6} FAILED: {data['error'].splitlines()[0]}")
                continue
            for phase, label in (("full", "full"), ("edit_one", "edit-one"), ("no_change", "no-change")):
                s = data[phase]
                lines.append(
                    f"{n:>6}  {tool:<6} {label:<10} {fmt_range(s['wall_s']):>22} {fmt_range(s['cpu_s']):>22} "
                    f"{fmt_range(s['maxrss_mib'], 1):>22} {s['pages']['median']:>7.0f} {s['files']['median']:>7.0f} "
                    f"{s['bytes']['median'] / 1e6:>8.1f} {s['pages_per_s']['median']:>9.0f} "
                    f"{s['other_cpu_s']['median']:>6.1f}")
        ratio = result.get("ratio_coprod_over_hugo")
        if ratio:
            lines.append(f"{n:>6}  coprod/hugo  full: wall ×{ratio['full']['wall']:.1f}, cpu ×{ratio['full']['cpu']:.1f}, "
                         f"peak memory ×{ratio['full']['maxrss']:.1f};  edit-one: wall ×{ratio['edit_one']['wall']:.1f}; "
                         f"no-change: wall ×{ratio['no_change']['wall']:.1f}")
        for key, label in (("serve", "serve"), ("serve_no_search", "serve --no-search")):
            data = result.get(key)
            if data is None:
                continue
            if "error" in data:
                lines.append(f"{n:>6}  coprod {label}: FAILED: {data['error'].splitlines()[0]}")
                continue
            search = f", search index current after {fmt_range(data['search_s'], 1)} s" if data["search_s"] else ""
            lines.append(f"{n:>6}  coprod {label}: edit → page shows it {fmt_range(data['page_s'])} s "
                         f"(server cpu {fmt_range(data['cpu_s'])} s){search}; first build {data['first_build_s']:.1f} s; "
                         "hugo server: not measured")
        info = result["corpus"]
        lines.append(f"{'':>6}  corpus: {info['articles']} articles, {info['words']:,} words "
                     f"(seed {info['seed']}, digest {info['corpus_digest']})")
        lines.append("")
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive whole numbers, e.g. 1000,5000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="See the top of benchmarks/run.py for what is measured.")
    parser.add_argument("--sizes", type=parse_sizes, default=[1000, 5000, 20000],
                        help="comma-separated corpus sizes (default 1000,5000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "coprod-bench",
                        help="where corpora are cached and sites built (default: TMPDIR/coprod-bench)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="N=200, one run (a smoke test)")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo even if it is installed")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before one build is killed (default 3600)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites in the workdir")
    parser.add_argument("--no-serve", action="store_true", help="skip the coprod serve edit latency")
    parser.add_argument("--serve-only", action="store_true", help="measure only the coprod serve edit latency")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the table")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = [200], 1
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    hugo = None if args.no_hugo else hugo_version()
    if not args.no_hugo and hugo is None:
        print("hugo not found on PATH: skipping the Hugo comparison (Debian: apt-get install hugo)")
    machine = machine_info(hugo)
    results = []
    for n in args.sizes:
        results.append(bench_size(n, args, hugo is not None, say))
        if args.json:  # after every size, so a long run leaves what it has measured
            write_json(args.json, machine, args, results)
    print(table(results, machine, args.runs))
    failed = any("error" in r.get(tool, {}) for r in results for tool in ("coprod", "hugo"))
    return 1 if failed else 0


def write_json(path: Path, machine: dict, args, results: list[dict]) -> None:
    config = {"sizes": args.sizes, "runs": args.runs, "seed": args.seed, "source_date_epoch": SOURCE_DATE_EPOCH}
    path.write_text(json.dumps({"machine": machine, "config": config, "results": results}, indent=2) + "\n",
                    encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
