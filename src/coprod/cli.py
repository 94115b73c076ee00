"""The `coprod` command line: build, check, eval."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .build import write_site
from .cache import BuildCache
from .errors import CoprodError
from .evaluate import evaluate, format_report, load_gold
from .pipeline import collect_entries, load_project, reference_date
from .records import Problem

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of raw article texts (default: seeds/)")
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="folder of site settings, taxonomy and corrections (default: content/)")


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
                       help="processes for extraction (default: all cores)")
    build.add_argument("--cache", type=Path, metavar="DIR",
                       help="build cache folder (default: .coprod-cache/ beside the output folder)")
    build.add_argument("--no-cache", action="store_true",
                       help="neither use nor update the build cache (same output, slower)")

    check = commands.add_parser("check", help="report problems without writing anything",
                                description="Read and extract every seed without writing the site; print one line "
                                            "per finding. Exit 1 only on errors.")
    _add_input_options(check)

    evaluate_cmd = commands.add_parser("eval", help="score extraction against an answer key",
                                       description="Score extraction against an answer key (required / optional / "
                                                   "forbidden sets per field): precision, recall and F1 per field, "
                                                   "the date score, and every forbidden item extracted.")
    evaluate_cmd.add_argument("gold", type=Path, metavar="GOLD.yaml", help="the answer key")
    _add_input_options(evaluate_cmd)
    evaluate_cmd.add_argument("-v", "--verbose", action="store_true", help="list every difference from the key")
    return parser


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr if problem.level == "error" else sys.stdout)


def cmd_build(args) -> int:
    project, problems = load_project(args.content, args.base_url)
    cache = BuildCache(None if args.no_cache else (args.cache or args.out.absolute().parent / ".coprod-cache"))
    try:
        entries, seed_problems = collect_entries(args.seeds, project, reference_date(),
                                                 jobs=max(1, args.jobs), cache=cache)
        problems += seed_problems
        stats = write_site(entries, project, args.templates, args.out, cache)
    finally:
        cache.close()
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
        if not entry.countries:
            findings.append(Problem(entry.seed, "warning", "no partner country found"))
        for name in entry.unlisted_partners:
            findings.append(Problem(entry.seed, "warning", f"organisation in no list: {name!r} "
                                                           "(add it to content/taxonomy/organisations.yaml)"))
    return findings


def cmd_check(args) -> int:
    project, problems = load_project(args.content)
    entries, seed_problems = collect_entries(args.seeds, project, reference_date())
    findings = problems + seed_problems + check_findings(entries)
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    print(f"checked {len(entries) + sum(p.level == 'error' and p.file != str(args.seeds) for p in seed_problems)} "
          f"seeds: {errors} error(s), {len(findings) - errors} warning(s)")
    return EXIT_FAILED if errors else EXIT_OK


def cmd_eval(args) -> int:
    gold = load_gold(args.gold)
    project, problems = load_project(args.content)
    entries, seed_problems = collect_entries(args.seeds, project, reference_date())
    _print_problems([p for p in problems + seed_problems if p.level == "error"])
    report = evaluate(gold, {e.seed: e for e in entries})
    print(format_report(report, verbose=args.verbose))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    command = {"build": cmd_build, "check": cmd_check, "eval": cmd_eval}[args.command]
    try:
        return command(args)
    except CoprodError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
