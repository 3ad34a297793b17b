"""The pinned botocore's data folder, found and listed without importing botocore.

Importing botocore's loader costs a tenth of a second; a run that finds nothing changed
needs only the model files' paths and botocore's version. The rules are botocore's own
(``Loader.list_available_services``, ``determine_latest_version`` and ``JSONFileLoader``,
searching only the built-in data folder); ``tests/test_skip.py`` checks every service
against botocore's loader.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from importlib import metadata
from pathlib import Path

TYPE_NAME = "service-2"
# JSONFileLoader's extensions, in the order it tries them.
EXTENSIONS = (".json", ".json.gz")


@functools.cache
def data_folder() -> Path:
    """``botocore/data``: ``Loader.BUILTIN_DATA_PATH``."""
    spec = importlib.util.find_spec("botocore")
    locations = list(spec.submodule_search_locations or ()) if spec else []
    if not locations:
        raise ImportError("botocore is not installed")
    return Path(os.path.abspath(locations[0])) / "data"


@functools.cache
def version() -> str:
    """botocore's version, as its distribution records it (``botocore.__version__``)."""
    return metadata.version("botocore")


def _has_model(folder: str) -> bool:
    base = os.path.join(folder, TYPE_NAME)
    return any(os.path.isfile(base + ext) for ext in EXTENSIONS)


@functools.cache
def _services() -> tuple[str, ...]:
    root = data_folder()
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.is_dir() and any(_has_model(os.path.join(entry.path, v)) for v in os.listdir(entry.path)):
                found.append(entry.name)
    return tuple(sorted(found))


def available_services() -> list[str]:
    """Every service with a ``service-2`` model, sorted."""
    return list(_services())


def model_path(service: str) -> Path | None:
    """The newest API version's ``service-2.json`` (or ``.json.gz``), or None if there is none."""
    folder = data_folder() / service
    try:
        versions = sorted(v for v in os.listdir(folder) if _has_model(os.path.join(folder, v)))
    except OSError:
        return None
    if not versions:
        return None
    base = folder / versions[-1] / TYPE_NAME
    return next(Path(f"{base}{ext}") for ext in EXTENSIONS if os.path.isfile(f"{base}{ext}"))
