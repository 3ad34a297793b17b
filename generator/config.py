"""What to generate: ``[tool.shapegen]`` in pyproject.toml, or the command line."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import load
from generator.errors import ConfigError
from generator.paths import package_problem, service_problem

DEFAULT_OUTPUT = "generated"
# The names of generator/emitters/registry.py's EMITTERS, in its order, here so that reading a
# configuration imports no emitter (a run that skips every target renders nothing);
# tests/test_skip.py checks that the two agree.
EMITTER_NAMES = ("python", "json-schema", "skeleton", "docs")


@dataclass(frozen=True, slots=True)
class Target:
    """One generated package: a service, some of its operations, and where the model comes from."""

    service: str
    operations: tuple[str, ...] | None  # None: every operation of the service
    package: str
    model: Path | None = None  # None: the pinned botocore's own model
    emitters: tuple[str, ...] | None = None  # None: every registered emitter


@dataclass(frozen=True, slots=True)
class Config:
    output: Path
    targets: tuple[Target, ...]


def default_package(service: str) -> str:
    return service.replace("-", "_").replace(".", "_") + "_shapes"


def make_target(
    service: str,
    operations: tuple[str, ...] | None,
    package: str | None,
    model: Path | None,
    where: str,
    emitters: tuple[str, ...] | None = None,
) -> Target:
    # Service and package names become folder names under the output folder: checked here,
    # before anything is read or written (see generator/paths.py).
    name = package if package is not None else default_package(service)
    problem = service_problem(service) or package_problem(name)
    if problem:
        raise ConfigError(f"{where}: {problem}")
    for op, count in Counter(operations or ()).items():
        if count > 1:
            raise ConfigError(f"{where}: operation {op!r} is asked for {count} times")
    if emitters is not None:
        unknown = sorted(set(emitters) - set(EMITTER_NAMES))
        if unknown or not emitters:
            raise ConfigError(
                f"{where}: unknown emitter(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
                f"choose from {', '.join(EMITTER_NAMES)}"
            )
    return Target(service=service, operations=operations, package=name, model=model, emitters=emitters)


def service_targets(services: Sequence[str], where: str, emitters: tuple[str, ...] | None = None) -> list[Target]:
    """One target per service: every operation, the default package name."""
    check_repeats(services, where)
    return [make_target(service, None, None, None, where, emitters) for service in services]


def check_repeats(services: Sequence[str], where: str) -> None:
    for service, count in Counter(services).items():
        if count > 1:
            raise ConfigError(f"{where}: service {service!r} is selected {count} times")


def all_services() -> list[str]:
    """Every service of the pinned botocore, sorted (what ``--all-services`` selects)."""
    return load.available_services()


# One of these selects what a [[tool.shapegen.targets]] entry generates.
SELECTORS = ("service", "services", "all-services")
# Only a single-service entry may name these: they mean nothing for many services at once.
SINGLE_SERVICE_KEYS = ("operations", "package", "model")
TARGET_KEYS = frozenset({*SELECTORS, *SINGLE_SERVICE_KEYS, "emitters"})


def load_config(pyproject: Path) -> Config:
    """``[tool.shapegen]``: ``output`` and a list of ``targets``, each one service
    (``service``, with ``operations``, ``package``, ``model``) or many (``services``,
    ``all-services``), each with ``emitters``."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{pyproject}: not found (run from the project folder or pass --config)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: invalid TOML: {exc}") from None
    tool: Any = data.get("tool", {})
    section: Any = tool.get("shapegen") if isinstance(tool, dict) else None
    if not isinstance(section, dict):
        raise ConfigError(f"{pyproject}: no [tool.shapegen] table (in 'tool')")
    unknown = set(section) - {"output", "targets"}
    if unknown:
        hint = " (what to generate goes in [[tool.shapegen.targets]])" if unknown & TARGET_KEYS else ""
        raise ConfigError(f"{pyproject}: [tool.shapegen] has unknown key(s) {', '.join(sorted(unknown))}{hint}")
    base = pyproject.parent
    output = section.get("output", DEFAULT_OUTPUT)
    if not isinstance(output, str) or not output:
        raise ConfigError(f"{pyproject}: [tool.shapegen] output must be a folder name")
    raw_targets = section.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise ConfigError(f"{pyproject}: [tool.shapegen] needs at least one [[tool.shapegen.targets]]")
    targets: list[Target] = []
    # Which entry (#n) generates each package (ignoring case) and selects each service, so
    # that two entries selecting one service (say `all-services` and a `service` with some
    # operations) are an error naming both, never one silently winning.
    packages: dict[str, int] = {}
    services: dict[str, int] = {}
    for i, raw in enumerate(raw_targets, start=1):
        where = f"{pyproject}: [[tool.shapegen.targets]] #{i}"
        entry = _entry_targets(raw, where, base)
        for target in entry:
            first = packages.setdefault(target.package.casefold(), i)
            if first != i:
                raise ConfigError(
                    f"{where}: two targets generate package {target.package!r} "
                    f"(this one and #{first}; names compared ignoring case)"
                )
            first = services.setdefault(target.service, i)
            if first != i:
                # schema/<service>/, skeleton/<service>/ and docs/<service>/ would be shared.
                raise ConfigError(
                    f"{where}: two targets generate service {target.service!r} "
                    f"(this one and #{first}; list its operations in one target, or drop it from the other)"
                )
        targets.extend(entry)
    return Config(output=base / output, targets=check_unique(tuple(targets), str(pyproject)))


def _entry_targets(raw: Any, where: str, base: Path) -> list[Target]:
    """The targets one [[tool.shapegen.targets]] entry selects."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be a table with 'service', 'services' or 'all-services'")
    unknown = set(raw) - TARGET_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    emitters = raw.get("emitters")
    if emitters is not None and (not isinstance(emitters, list) or not all(isinstance(e, str) for e in emitters)):
        raise ConfigError(f"{where}: 'emitters' must be a list of emitter names")
    chosen_emitters = tuple(emitters) if emitters is not None else None
    all_flag = raw.get("all-services", False)
    if not isinstance(all_flag, bool):
        raise ConfigError(f"{where}: 'all-services' must be true or false")
    selectors = [key for key in SELECTORS if key in raw and not (key == "all-services" and not all_flag)]
    if len(selectors) != 1:
        raise ConfigError(
            f"{where}: needs exactly one of 'service' (a string), 'services' (a list) or 'all-services = true'"
            + (f"; it has {', '.join(map(repr, selectors))}" if selectors else "")
        )
    selector = selectors[0]
    if selector != "service":
        single = [key for key in SINGLE_SERVICE_KEYS if key in raw]
        if single:
            raise ConfigError(
                f"{where}: {', '.join(map(repr, single))} only apply to a target with one 'service', "
                f"not to {selector!r}"
            )
        if selector == "all-services":
            return service_targets(all_services(), where, chosen_emitters)
        services = raw["services"]
        if not isinstance(services, list) or not services or not all(isinstance(s, str) for s in services):
            raise ConfigError(f"{where}: 'services' must be a non-empty list of service names")
        return service_targets(services, where, chosen_emitters)
    if not isinstance(raw["service"], str):
        raise ConfigError(f"{where}: 'service' must be a string (use 'services' for a list)")
    operations = raw.get("operations")
    if operations is not None and (
        not isinstance(operations, list) or not all(isinstance(o, str) for o in operations)
    ):
        raise ConfigError(f"{where}: 'operations' must be a list of operation names")
    model, package = raw.get("model"), raw.get("package")
    for key, value in (("model", model), ("package", package)):
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{where}: {key!r} must be a string")
    return [
        make_target(
            raw["service"],
            tuple(operations) if operations is not None else None,
            package,
            base / model if model is not None else None,
            where,
            chosen_emitters,
        )
    ]


def check_unique(targets: tuple[Target, ...], where: str) -> tuple[Target, ...]:
    packages: set[str] = set()
    services: set[str] = set()
    for target in targets:
        # Folder names: on macOS and Windows, ``conn`` and ``Conn`` are one folder.
        if target.package.casefold() in packages:
            raise ConfigError(f"{where}: two targets generate package {target.package!r} (names compared ignoring case)")
        if target.service in services:
            # schema/<service>/, skeleton/<service>/ and docs/<service>/ would be shared.
            raise ConfigError(
                f"{where}: two targets generate service {target.service!r} (list its operations in one target)"
            )
        packages.add(target.package.casefold())
        services.add(target.service)
    return targets
