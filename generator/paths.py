"""Names from input that become parts of output paths: checked before anything runs.

A service name, a package name and an operation name each become a folder or file name under
the output folder, so each must be a single, plain path segment: no ``/``, no ``..``, nothing
absolute, no characters a file system treats specially. ``write.py`` checks every artefact
path again (defence in depth).
"""

from __future__ import annotations

import keyword
import re
import sys
from pathlib import Path

from generator.errors import TemplateError
from generator.limits import MAX_PACKAGE_NAME, MAX_SERVICE_NAME

# botocore's service names: every one of the 439 fits (lower-case letters, digits, hyphens).
SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
# ASCII only: Python folds non-ASCII identifiers (NFKC) at import, so the folder name and the
# import name of the package could differ.
PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What code using a generated package imports besides the standard library (see README).
USED_WITH = frozenset({"boto3", "botocore"})
# File stems the generator uses itself beside operation files (docs/<service>/README.md).
# MkDocs serves index.md in place of README.md when both exist, so ``index`` is taken too.
RESERVED_OPERATION_STEMS = frozenset({"readme", "index"})


def service_problem(name: str) -> str | None:
    """Why ``name`` cannot be a service name, or None."""
    if not name:
        return "service name is empty"
    if len(name) > MAX_SERVICE_NAME:
        return f"service name {name[:40]!r}... is longer than {MAX_SERVICE_NAME} characters"
    if not SERVICE_NAME.fullmatch(name):
        return (
            f"service name {name!r} must be lower-case letters, digits and hyphens "
            f"({SERVICE_NAME.pattern}), as botocore's are"
        )
    return None


def package_problem(name: str) -> str | None:
    """Why ``name`` cannot be the generated package's name, or None."""
    if len(name) > MAX_PACKAGE_NAME:
        return f"package {name[:40]!r}... is longer than {MAX_PACKAGE_NAME} characters"
    if not PACKAGE_NAME.fullmatch(name) or keyword.iskeyword(name):
        return f"package {name!r} is not a valid Python package name ({PACKAGE_NAME.pattern}, not a keyword)"
    if name in sys.stdlib_module_names:
        # The package, and code importing it, import the standard library; a package of that
        # name put on sys.path would shadow the real module.
        return f"package {name!r} would shadow the standard library module {name!r}"
    if name in USED_WITH:
        return f"package {name!r} would shadow {name}, which code using the package imports"
    return None


def operation_problem(name: str) -> str | None:
    """Why ``name`` cannot be an operation's file name, or None (the graph builder has checked it is an
    identifier of at most ``MAX_NAME_LENGTH`` characters)."""
    if name.lower() in RESERVED_OPERATION_STEMS:
        return f"its docs page {name}.md would clash with the docs index README.md (MkDocs reads index.md as README.md)"
    return None


def templates_root() -> Path:
    """``generator/templates`` in an installed wheel, ``templates/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError(f"templates folder not found next to {here}")
