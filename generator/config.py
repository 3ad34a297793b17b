"""What to generate: ``[tool.shapegen]`` in pyproject.toml, or the command line."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.emitters.registry import EMITTERS, unknown_emitters
from generator.errors import ConfigError
from generator.paths import package_problem, service_problem

DEFAULT_OUTPUT = "generated"


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
        unknown = unknown_emitters(emitters)
        if unknown or not emitters:
            raise ConfigError(
                f"{where}: unknown emitter(s) {', '.join(map(repr, unknown)) or '(none given)'}; "
                f"choose from {', '.join(EMITTERS)}"
            )
    return Target(service=service, operations=operations, package=name, model=model, emitters=emitters)


def load_config(pyproject: Path) -> Config:
    """``[tool.shapegen]``: ``output`` and a list of ``targets`` (service, operations, package)."""
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
    base = pyproject.parent
    output = section.get("output", DEFAULT_OUTPUT)
    if not isinstance(output, str) or not output:
        raise ConfigError(f"{pyproject}: [tool.shapegen] output must be a folder name")
    raw_targets = section.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise ConfigError(f"{pyproject}: [tool.shapegen] needs at least one [[tool.shapegen.targets]]")
    targets = []
    for i, raw in enumerate(raw_targets):
        where = f"{pyproject}: [[tool.shapegen.targets]] #{i + 1}"
        if not isinstance(raw, dict) or not isinstance(raw.get("service"), str):
            raise ConfigError(f"{where}: 'service' (a string) is required")
        unknown = set(raw) - {"service", "operations", "package", "model", "emitters"}
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        operations = raw.get("operations")
        if operations is not None and (
            not isinstance(operations, list) or not all(isinstance(o, str) for o in operations)
        ):
            raise ConfigError(f"{where}: 'operations' must be a list of operation names")
        emitters = raw.get("emitters")
        if emitters is not None and (not isinstance(emitters, list) or not all(isinstance(e, str) for e in emitters)):
            raise ConfigError(f"{where}: 'emitters' must be a list of emitter names")
        model, package = raw.get("model"), raw.get("package")
        for key, value in (("model", model), ("package", package)):
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{where}: {key!r} must be a string")
        targets.append(
            make_target(
                raw["service"],
                tuple(operations) if operations is not None else None,
                package,
                base / model if model is not None else None,
                where,
                tuple(emitters) if emitters is not None else None,
            )
        )
    return Config(output=base / output, targets=check_unique(tuple(targets), str(pyproject)))


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
