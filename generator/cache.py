"""Where shapegen keeps what it can recompute: black's results and each output folder's record.

Found here, not in the formatter: a run that skips every target must not import black or the
emitters.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """``$SHAPEGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/shapegen``, else ``~/.cache/shapegen``."""
    explicit = os.environ.get("SHAPEGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "shapegen"
