"""Jinja set-up: one environment per run, ``StrictUndefined``, templates under ``templates/``.

The template tree mirrors the output tree: ``templates/python/package/models.py.jinja``
renders ``generated/python/<package>/models.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from generator.errors import TemplateError
from generator.paths import templates_root


class Templates:
    def __init__(self, filters: Mapping[str, Callable[..., Any]] | None = None, root: Path | None = None):
        self.root = root or templates_root()
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.root),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters.update(filters or {})

    def render(self, name: str, **context: Any) -> str:
        try:
            return self._env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"{self.root / name}: {exc.message}") from None
