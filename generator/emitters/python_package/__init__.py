"""The Python package emitter: lays the Python surface out as the package's files.

What the package defines is decided in ``generator.python`` (names, annotations, how
each kind of shape is parsed and dumped); ``templates/python/package/`` holds only the
layout: ``models.py`` the public API, ``_codec.py`` the parse and dump functions.
"""

from __future__ import annotations

from generator import __version__
from generator.emitters import Artifact, Claim, TargetModel
from generator.escape import FILTERS
from generator.graph.facts import RESPONSE_METADATA
from generator.python.surface import ERROR_KEY, UNKNOWN_MEMBERS_DOC, UNKNOWN_UNION_MEMBER
from generator.render import Templates

FILES = ("__init__.py", "_runtime.py", "models.py", "_codec.py", "py.typed", "pyproject.toml")


class PythonPackageEmitter:
    name = "python"

    def claims(self, model: TargetModel) -> tuple[Claim, ...]:
        return tuple(Claim(model.package_folder / name) for name in FILES)

    def emit(self, model: TargetModel) -> list[Artifact]:
        templates = Templates(filters=FILTERS)
        surface = model.surface
        context = {
            "header": surface.header,
            "package": surface.package,
            "service": surface.service,
            "operations": surface.operations,
            "enums": surface.enums,
            "classes": surface.classes,
            "model_classes": surface.class_names,
            "helpers": surface.helpers,
            "exported": surface.exported,
            "model_imports": surface.model_imports(),
            "model_runtime_names": surface.model_runtime_names(),
            "error_key": ERROR_KEY,
            "codec_imports": surface.codec_imports(),
            "generator_version": __version__,
            "response_metadata_key": RESPONSE_METADATA,
            "unknown_member_key": UNKNOWN_UNION_MEMBER,
            "unknown_members_doc": UNKNOWN_MEMBERS_DOC,
        }
        return [
            Artifact(
                path=model.package_folder / name,
                text=templates.render(f"python/package/{name}.jinja", **context),
                template=f"python/package/{name}.jinja",
            )
            for name in FILES
        ]
