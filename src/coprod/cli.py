"""The `coprod` command line: build, check, eval, add, fetch, serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from coprod.build.builder import write_site
from coprod.build.cache import BuildCache
from coprod.correct.corrections import apply_correction
from coprod.core.errors import CoprodError
from coprod.extract.evaluate import evaluate, format_report, load_gold
from coprod.build.output import check_output_folder
from coprod.build.pipeline import collect_entries, load_project, reference_date, seed_files
from coprod.build.progress import PLAIN_LINES_FROM, Progress, Stages
from coprod.core.records import Problem
from coprod.core.urls import url_problem, written_as_web_url
from coprod.core.userfiles import terminal_text

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw article texts (default: seeds/)")
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="folder of site settings, taxonomy and corrections (default: content/)")


def _add_address_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-private-addresses", action="store_true",
                        help="also connect to loopback, private and other non-public addresses (refused by "
                             "default, for every request and redirect): for a deliberately local source")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coprod",
        description="Build a static news site on Ukraine's defence-industrial cooperation from raw article texts.",
    )
    parser.add_argument("--version", action="version", version=f"coprod {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="extract every seed and write the site",
                                description="Read every seed, extract its entry, apply corrections and write the "
                                            "site and the data export (data/entries.json, data/entries.csv).")
    _add_input_options(build)
    build.add_argument("--templates", type=Path, default=Path("templates"), help="Jinja templates (default: templates/)")
    build.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site/)")
    build.add_argument("--base-url", help="absolute URL the site is served from (default: base_url in content/site.yaml)")
    build.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="processes for extraction and rendering (default: all cores)")
    build.add_argument("--cache", type=Path, metavar="DIR",
                       help="build cache folder (default: .coprod-cache/ beside the output folder)")
    build.add_argument("--no-cache", action="store_true",
                       help="neither use nor update the build cache (same output, slower)")
    build.add_argument("--no-search", action="store_true",
                       help="leave out the search index (Pagefind), the search page and the search box")

    check = commands.add_parser("check", help="report problems without writing anything",
                                description="Read and extract every seed without writing the site; print one line "
                                            "per finding (off-topic entries among them, with the reason). Exit 1 "
                                            "only on errors. With --explain SEED, print that entry's fields and the "
                                            "evidence of every value instead.")
    _add_input_options(check)
    check.add_argument("--explain", metavar="SEED",
                       help="print one entry's fields and why each value is there (a seed's file name, .txt optional)")

    evaluate_cmd = commands.add_parser("eval", help="score extraction against an answer key",
                                       description="Score extraction against an answer key (required / optional / "
                                                   "forbidden sets per field): precision, recall and F1 per field, "
                                                   "the date score, and every forbidden item extracted.")
    evaluate_cmd.add_argument("gold", type=Path, metavar="GOLD.yaml", help="the answer key")
    _add_input_options(evaluate_cmd)
    evaluate_cmd.add_argument("-v", "--verbose", action="store_true", help="list every difference from the key")

    add = commands.add_parser("add", help="add one article to seeds/ from a file, standard input or a URL",
                              description="Write one article into seeds/<date or undated>_<slug>.txt with a header "
                                          "block (url, publisher, published, retrieved), then print its entry and "
                                          "any findings. From HTML, the text, title, date and publisher come from "
                                          "trafilatura. An article already in seeds/ (same URL, or near-identical "
                                          "text) is refused unless --force.")
    add.add_argument("source", metavar="SOURCE", help="a text file, a saved HTML page, - for standard input, "
                                                      "or an http(s) URL")
    _add_input_options(add)
    add.add_argument("--force", action="store_true", help="add it even if it is already in seeds/")
    add.add_argument("--url", type=_web_url_option, help="the article's URL (for a file or standard input)")
    add.add_argument("--publisher", help="the publisher's name, where the page does not say")
    add.add_argument("--published", type=_iso_date, metavar="YYYY-MM-DD", help="the publication date")
    add.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                     help="HTTP read timeout (default: 20); the whole download ends within 3 times this")
    _add_address_option(add)

    fetch = commands.add_parser("fetch", help="add new on-topic articles from the feeds in content/feeds.yaml",
                                description="Read every RSS/Atom feed listed in content/feeds.yaml, keep the items "
                                            "not seen before that are on topic (a partner country or partner and an "
                                            "activity or cooperation cue), download each article and add it as "
                                            "`coprod add` does; the same story from another publisher becomes one "
                                            "more source of the existing seed. Ends with a one-line summary; exit 1 "
                                            "if a feed or an article failed.")
    _add_input_options(fetch)
    fetch.add_argument("--dry-run", action="store_true", help="list what would be added; write nothing")
    fetch.add_argument("--feeds", type=Path, metavar="FILE", help="the feed list (default: CONTENT/feeds.yaml)")
    fetch.add_argument("--state", type=Path, metavar="FILE",
                       help="what was seen, and feed validators: an SQLite file (default: CONTENT/.fetch-state.db; "
                            "a JSON state of an earlier version beside it is imported once)")
    fetch.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                       help="HTTP read timeout (default: 20); each download ends within 3 times this")
    fetch.add_argument("--retries", type=int, default=2, metavar="N", help="retries per request (default: 2)")
    fetch.add_argument("--per-host", type=int, default=2, metavar="N",
                       help="requests at once to one host at most (default: 2)")
    _add_address_option(fetch)

    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1, rebuild on change and reload the page",
                                description="Build the site into a private folder, serve it on 127.0.0.1, watch "
                                            "seeds/, content/ and templates/, rebuild on every change and reload "
                                            "the open page. A failed build is shown in the terminal and on the page "
                                            "over the last good site. Ctrl-C stops.")
    _add_input_options(serve)
    serve.add_argument("--templates", type=Path, default=Path("templates"), help="Jinja templates (default: templates/)")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    serve.add_argument("--no-search", action="store_true",
                       help="leave out the search index, search page and search box")
    serve.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="processes for the first build (default: the number of CPUs)")
    return parser


def _iso_date(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _web_url_option(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{value!r} {problem}")
    return value


def require_content(content: Path) -> None:
    """CoprodError saying where the command looked, and what to do, if there is no content folder."""
    if not content.is_dir():
        raise CoprodError(f"error: no content folder at {content.absolute()}: run coprod in the project folder "
                          "or pass --content DIR")


def require_seeds(seeds: Path) -> None:
    """CoprodError if the seeds folder is missing or holds no seed. A folder of no seeds is an error,
    not an empty site: it is never what was meant (a mistyped --seeds, the wrong working folder)."""
    if not seeds.is_dir():
        raise CoprodError(f"error: {seeds.absolute()} does not exist" + (" as a folder" if seeds.exists() else "")
                          + ": pass the folder of seeds with --seeds DIR, or run coprod in the project folder")
    if seed_files(seeds) == ([], []):
        raise CoprodError(f"error: no seeds in {seeds.absolute()}: save each article's text there as a .txt "
                          "file (see README: Adding an article), or pass --seeds DIR")


def _say(line, file=None) -> None:
    """Print one line as terminal_text: file names and messages come from seeds."""
    print(terminal_text(str(line)), file=file or sys.stdout)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        _say(problem, sys.stderr if problem.level == "error" else sys.stdout)


def cmd_build(args) -> int:
    require_content(args.content)
    inputs = {"seeds": args.seeds, "content": args.content, "templates": args.templates}
    check_output_folder(args.out, inputs)  # before the cache beside it is made, or any seed read
    project, problems = load_project(args.content, args.base_url)
    require_seeds(args.seeds)
    cache = BuildCache(None if args.no_cache else (args.cache or args.out.absolute().parent / ".coprod-cache"))
    try:
        with Progress(0, "reading seeds", unit="seed") as progress:
            entries, seed_problems = collect_entries(args.seeds, project, reference_date(), jobs=max(1, args.jobs),
                                                     cache=cache, progress=progress.callback)
        problems += seed_problems
        with Stages(large=len(entries) >= PLAIN_LINES_FROM) as stages:
            stats = write_site(entries, project, args.templates, args.out, cache, search=not args.no_search,
                               jobs=max(1, args.jobs), progress=stages, inputs=inputs)
    finally:
        cache.close()
    problems += cache.problems
    _print_problems([p for p in problems if p.level == "error"] + cache.problems)
    errors = sum(p.level == "error" for p in problems)
    print(f"built {len(entries)} entries into {args.out}: {stats.files} files "
          f"({stats.files_written} written, {stats.files_kept} unchanged), "
          f"{stats.bytes_written:,} bytes written; {errors} error(s)")
    return EXIT_FAILED if errors else EXIT_OK


def check_findings(entries) -> list[Problem]:
    findings = []
    for entry in entries:
        findings += list(entry.problems)
        if entry.date.value is None:
            findings.append(Problem(entry.seed, "warning", "undated: no publication date and no evidence of one"))
        elif entry.date.source == "estimated":
            findings.append(Problem(entry.seed, "warning",
                                    f"date only estimated: {entry.date.iso()} ({entry.date.precision} precision)"))
        if not entry.on_topic:
            findings.append(Problem(entry.seed, "warning", f"off topic: {entry.on_topic_reason or 'no reason given'}"))
        elif not entry.countries:
            findings.append(Problem(entry.seed, "warning", "no partner country found"))
        for name in entry.unlisted_partners:
            findings.append(Problem(entry.seed, "warning", f"organisation in no list: {name!r} "
                                                           "(add it to content/taxonomy/organisations.yaml)"))
    return findings


def explain_entry(entry) -> list[str]:
    """The lines of `coprod check --explain`: the entry's fields, then each value with its evidence."""
    date = f"{entry.date.iso()} ({entry.date.source}, {entry.date.precision} precision)" if entry.date.value \
        else "undated"
    fields = [("date", [entry.date.iso()] if entry.date.value else []),
              ("on_topic", ["true" if entry.on_topic else "false"]),
              *((name, list(getattr(entry, name))) for name in ("countries", "partners", "categories", "activities"))]
    lines = [f"{entry.seed}: {entry.title}", f"  {'date:':<12}{date}",
             f"  {'on topic:':<12}{'yes' if entry.on_topic else 'no'}"
             + (f" ({entry.on_topic_reason})" if entry.on_topic_reason else "")]
    for name, values in fields[2:]:
        lines.append(f"  {name + ':':<12}{', '.join(values) or '-'}")
    lines.append("  why:")
    for name, values in fields:
        for value in values:
            found = [e for e in entry.evidence if e.field == name and e.value == value]
            lines.append(f"    {name} {value}:" + ("" if found else " no evidence recorded"))
            for evidence in found:
                matched = f" matched \"{evidence.matched}\"" if evidence.matched else ""
                lines.append(f"      - {evidence.rule}{matched}")
                if evidence.text:
                    lines.append(f"        in: {evidence.text}")
    return [terminal_text(line) for line in lines]


def cmd_check(args) -> int:
    require_content(args.content)
    project, problems = load_project(args.content)
    require_seeds(args.seeds)
    if args.explain is not None:
        return _explain(args, project)
    entries, seed_problems = collect_entries(args.seeds, project, reference_date())
    findings = problems + seed_problems + check_findings(entries)
    for finding in findings:
        _say(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"checked {len(entries) + sum(p.level == 'error' and p.file != str(args.seeds) for p in seed_problems)} "
          f"seeds: {errors} error(s), {len(findings) - errors} warning(s)")
    return EXIT_FAILED if errors else EXIT_OK


def _explain(args, project) -> int:
    from coprod.build.pipeline import extract_seed, seed_files
    from coprod.read.reader import SeedError

    wanted = args.explain if args.explain.endswith(".txt") else args.explain + ".txt"
    path = next((p for p in seed_files(args.seeds)[0] if p.name == wanted), None)
    if path is None:
        print(f"{terminal_text(args.explain)}: error: no seed named {terminal_text(wanted)} in {args.seeds}",
              file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        entry = extract_seed(path, project, reference_date())
    except SeedError as exc:
        print(terminal_text(f"{path.name}: error: {exc}"), file=sys.stderr)
        return EXIT_FAILED
    correction = project.corrections.get(path.stem)
    for line in explain_entry(apply_correction(entry, correction) if correction else entry):
        print(line)
    return EXIT_OK


def cmd_eval(args) -> int:
    gold = load_gold(args.gold)
    require_content(args.content)
    project, problems = load_project(args.content)
    require_seeds(args.seeds)
    entries, seed_problems = collect_entries(args.seeds, project, reference_date())
    _print_problems([p for p in problems + seed_problems if p.level == "error"])
    report = evaluate(gold, {e.seed: e for e in entries})
    print(format_report(report, verbose=args.verbose))
    return EXIT_OK


def print_entry(entry, path) -> None:
    print(f"added {path}")
    date = f"{entry.date.iso()} ({entry.date.source}, {entry.date.precision} precision)" if entry.date.value \
        else "undated"
    source = " ".join(x for x in (entry.source.name, f"<{entry.source.url}>" if entry.source.url else None) if x)
    rows = [("title", entry.title), ("date", date), ("source", source or "unknown"),
            ("countries", ", ".join(entry.countries)), ("partners", ", ".join(entry.partners)),
            ("categories", ", ".join(entry.categories)), ("activities", ", ".join(entry.activities))]
    rows += [("also", " ".join(x for x in (s.name, f"<{s.url}>" if s.url else None) if x)) for s in entry.more_sources]
    for label, value in rows:
        _say(f"  {label + ':':<12}{value or '-'}")


def cmd_add(args) -> int:
    from coprod.ingest.add import NoArticle, Refused, add_story, read_source, retrieved_today
    from coprod.ingest.dedupe import SeedIndex
    from coprod.ingest.net import FetchError, HttpClient, user_agent
    from coprod.build.pipeline import extract_seed

    require_content(args.content)
    if written_as_web_url(args.source) and url_problem(args.source):
        raise CoprodError(f"{args.source!r}: error: the URL {url_problem(args.source)}")
    project, problems = load_project(args.content)
    today = reference_date()
    try:
        with HttpClient(timeout=args.timeout, user_agent=user_agent(project.settings.base_url),
                        allow_private_addresses=args.allow_private_addresses) as client:
            story = read_source(args.source, project.rules, today, client=client, taxonomy=project.taxonomy,
                                url=args.url, publisher=args.publisher, published=args.published)
    except (FetchError, NoArticle) as exc:
        _say(f"{args.source}: error: {exc}", sys.stderr)
        return EXIT_FAILED
    index = SeedIndex.of_folder(args.seeds, project.rules, today)
    try:
        added = add_story(story, args.seeds, index, project.rules, today, retrieved_today(), force=args.force)
    except Refused as exc:
        _say(f"{args.source}: error: {exc}", sys.stderr)
        return EXIT_FAILED
    entry = extract_seed(added.path, project, today)
    print_entry(entry, added.path)
    for finding in check_findings([entry]):
        _say(finding)
    return EXIT_OK


def cmd_fetch(args) -> int:
    from coprod.ingest.add import retrieved_today
    from coprod.ingest.fetch import fetch
    from coprod.ingest.net import HttpClient, user_agent

    require_content(args.content)
    project, problems = load_project(args.content)
    _print_problems([p for p in problems if p.level == "error"])
    with HttpClient(timeout=args.timeout, retries=args.retries, per_host=args.per_host,
                    user_agent=user_agent(project.settings.base_url),
                    allow_private_addresses=args.allow_private_addresses) as client:
        summary = fetch(project, args.content, args.seeds, client, feeds_path=args.feeds, state_path=args.state,
                        today=reference_date(), retrieved=retrieved_today(), dry_run=args.dry_run)
    print(summary.line(args.dry_run))
    return EXIT_OK if summary.ok else EXIT_FAILED


def cmd_serve(args) -> int:
    import signal

    from coprod.build.serve import serve

    def stop(signum, frame):
        raise KeyboardInterrupt

    require_content(args.content)
    require_seeds(args.seeds)
    signal.signal(signal.SIGTERM, stop)
    return serve(args.seeds, args.content, args.templates, args.port, search=not args.no_search,
                 jobs=max(1, args.jobs))


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    command = {"build": cmd_build, "check": cmd_check, "eval": cmd_eval,
               "add": cmd_add, "fetch": cmd_fetch, "serve": cmd_serve}[args.command]
    try:
        return command(args)
    except CoprodError as exc:
        _say(exc, sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:  # a folder that cannot be written, a full disk: the file and the reason, no traceback
        _say(f"{exc.filename or 'coprod'}: error: {exc.strerror or exc}", sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
