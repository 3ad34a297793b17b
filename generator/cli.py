"""``shapegen generate``, ``shapegen check`` and ``shapegen diff``: exit 0 when done, 1 on drift
(check) or a breaking API change (diff), 2 on bad input."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.cache import cache_root
from generator.config import (
    EMITTER_NAMES,
    Config,
    Target,
    all_services,
    check_repeats,
    check_unique,
    load_config,
    make_target,
    service_targets,
)
from generator.errors import ConfigError, UserError
from generator.escape import visible
from generator.limits import MAX_ERROR_LINE
from generator.pipeline import generate, stale_files
from generator.progress import CHOICES, progress


def one_line(message: str) -> str:
    """What ``main`` prints: one line, whatever model text a message quotes, and not endless."""
    line = visible(message)
    return line if len(line) <= MAX_ERROR_LINE else line[: MAX_ERROR_LINE - 3] + "..."


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shapegen", description="Generate typed code from botocore service models."
    )
    parser.add_argument("--version", action="version", version=f"shapegen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "generate the targets into the output folder"),
        ("check", "regenerate into a temporary folder and list files that differ (exit 1 on drift)"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        _config_option(sub)
        sub.add_argument("--service", action="append", dest="services", metavar="SERVICE",
                         help="botocore service name, e.g. connect; repeat for more, one package each "
                              "(instead of the configured targets)")
        sub.add_argument("--all-services", action="store_true",
                         help="every service of the pinned botocore, one package each, all operations "
                              "(instead of the configured targets)")
        sub.add_argument("--operation", action="append", dest="operations", metavar="OPERATION",
                         help="operation name, e.g. DescribeContact; repeat for more (default: all; one --service only)")
        sub.add_argument("--package", help="generated package name (default: <service>_shapes; one --service only)")
        sub.add_argument("--model", type=Path,
                         help="service-2.json or .json.gz to read instead of the pinned botocore's model "
                              "(one target only)")
        sub.add_argument("--out", type=Path, help="output folder (default: [tool.shapegen] output)")
        sub.add_argument("--emit", action="append", dest="emitters", metavar="EMITTER",
                         help=f"an artefact to generate, one of {', '.join(EMITTER_NAMES)}; repeat for more (default: all)")
        sub.add_argument("--jobs", "-j", type=jobs_count, default=default_jobs(), metavar="N",
                         help="render up to N targets at once, each in a worker process; 1 renders them here, "
                              "one after another (default: the number of CPUs)")
        sub.add_argument("--progress", choices=CHOICES, default="auto",
                         help="auto: a progress bar on stderr when it is a terminal and CI is not set, else "
                              "nothing; lines: one line per target on stderr; none (default: auto)")
        if name == "generate":
            sub.add_argument("--no-cache", action="store_true",
                             help="render and format every target afresh: neither skip unchanged targets nor "
                                  "reuse earlier black results")
    _diff_parser(commands)
    return parser


def _config_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--config", type=Path, default=Path("pyproject.toml"),
                     help="pyproject.toml with [tool.shapegen] (default: ./pyproject.toml)")


def _diff_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from generator.apidiff.report import FORMATS

    text = ("compare the public API of the generated Python packages with an earlier run's "
            "(exit 1 on a breaking change)")
    sub = commands.add_parser("diff", help=text, description=text)
    _config_option(sub)
    sub.add_argument("--out", type=Path,
                     help="the new side: an output folder (default: [tool.shapegen] output)")
    against = sub.add_mutually_exclusive_group()
    against.add_argument("--against", type=Path, metavar="DIR",
                         help="the old side: the output folder of an earlier run")
    against.add_argument("--against-git", metavar="REF",
                         help="the old side: the output folder as committed at REF in its git repository "
                              "(default: HEAD)")
    sub.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    sub.add_argument("--allow-breaking", action="store_true", help="exit 0 even when a change is breaking")


def default_jobs() -> int:
    """The CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def jobs_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def selected_targets(args: argparse.Namespace) -> tuple[tuple[Target, ...], Path]:
    """The targets and output folder a command line asks for (the configured ones by default)."""
    services: list[str] = args.services or []
    selecting = bool(services) or args.all_services
    # `is not None`: an empty --service or --package is a mistake to report, not an absent option.
    cli_target = selecting or args.operations or args.package is not None or args.emitters
    config: Config | None = None
    if not cli_target or args.out is None:
        try:
            config = load_config(args.config)
        except ConfigError:
            if not cli_target:
                raise
    out = args.out if args.out is not None else config.output if config else Path("generated")
    emitters = tuple(args.emitters) if args.emitters else None
    if selecting:
        return _command_line_targets(args, services, emitters), out
    if cli_target:
        single = _single_service_flags(args, model=False)
        if single:
            raise ConfigError(f"{_and(single)} {'needs' if len(single) == 1 else 'need'} --service")
        raise ConfigError("--emit needs --service or --all-services")
    assert config is not None
    targets = config.targets
    if args.model is not None:
        if len(targets) != 1:
            raise ConfigError("--model needs --service when several targets are configured")
        targets = (dataclasses.replace(targets[0], model=args.model),)
    return check_unique(targets, str(args.config)), out


def _command_line_targets(
    args: argparse.Namespace, services: list[str], emitters: tuple[str, ...] | None
) -> tuple[Target, ...]:
    where = "command line"
    if args.all_services and services:
        raise ConfigError("--all-services already selects every service; drop --service, or --all-services")
    check_repeats(services, where)
    if len(services) == 1:
        ops = tuple(args.operations) if args.operations else None
        return (make_target(services[0], ops, args.package, args.model, where, emitters),)
    given = _single_service_flags(args)
    if given:
        many = "--all-services" if args.all_services else f"{len(services)} services"
        verb = "applies" if len(given) == 1 else "apply"
        raise ConfigError(f"{_and(given)} {verb} to one --service only, not to {many}")
    names = all_services() if args.all_services else services
    return check_unique(tuple(service_targets(names, where, emitters)), where)


def _single_service_flags(args: argparse.Namespace, model: bool = True) -> list[str]:
    """The options given that only make sense for one service."""
    flags = [("--operation", args.operations), ("--package", args.package)]
    flags += [("--model", args.model)] if model else []
    return [flag for flag, value in flags if value is not None]


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    started = time.perf_counter()
    try:
        if args.command == "diff":
            return api_diff(args)
        targets, out = selected_targets(args)
        shown = progress(args.progress)
        if args.command == "check":
            problems = stale_files(targets, out, jobs=args.jobs, progress=shown)
            for line in problems:
                print(f"{out}: {line}")
            if problems:
                print(f"shapegen check: {len(problems)} file(s) differ; run `make generate`", file=sys.stderr)
                return 1
            print(f"shapegen check: {out} is up to date")
            return 0
        cache = None if args.no_cache else cache_root()
        generation = generate(
            targets, out, jobs=args.jobs, format_cache=cache, record_cache=cache, progress=shown
        )
    except UserError as exc:
        print(f"shapegen: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    elapsed = time.perf_counter() - started
    count = len(generation.targets)
    if not generation.wrote:
        print(f"shapegen: nothing changed; {out} is up to date ({count} target(s), "
              f"{generation.files + 1} files) in {elapsed:.2f} s")
    elif generation.unchanged:
        print(f"shapegen: wrote {generation.files + 1} files to {out} in {elapsed:.2f} s "
              f"({generation.rendered} of {count} targets rendered, {generation.unchanged} unchanged)")
    else:
        print(f"shapegen: wrote {generation.files + 1} files to {out} in {elapsed:.2f} s")
    return 0


def api_diff(args: argparse.Namespace) -> int:
    """``shapegen diff``: the report on stdout; 1 when a change is breaking (and not allowed)."""
    from generator.apidiff import compare
    from generator.apidiff.report import render
    from generator.apidiff.sources import read_folder, read_git

    out = args.out if args.out is not None else load_config(args.config).output
    old = read_folder(args.against) if args.against is not None else read_git(out, args.against_git or "HEAD")
    new = read_folder(out)
    changes = compare(old, new)
    sys.stdout.write(render(args.format, changes, old, new))
    breaking = sum(change.breaking for change in changes)
    if breaking and not args.allow_breaking:
        print(f"shapegen diff: {breaking} breaking change(s); pass --allow-breaking to accept them", file=sys.stderr)
        return 1
    return 0
