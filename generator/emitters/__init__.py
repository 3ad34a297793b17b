"""Stage 4: one emitter per artefact. What every emitter shares is here.

An emitter reads one target's shape graph and Python surface (``TargetModel``) and
returns artefacts; it claims up front the output paths it writes, so two emitters can
never write the same file (see ``generator.emitters.registry``). An emitter never
imports another emitter: what two of them need is decided in ``generator.graph`` or
``generator.python``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol

from generator.graph import ShapeGraph
from generator.python.build import build_surface
from generator.python.surface import PythonSurface

if TYPE_CHECKING:  # config imports the registry, which imports the emitters
    from generator.config import Target


@dataclass(frozen=True, slots=True)
class Artifact:
    """One output file: its path under the output folder and its text.

    ``template`` names the template that produced it, for error messages.
    """

    path: PurePosixPath
    text: str
    template: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """An output path an emitter owns: one file, or (``folder``) everything under it."""

    path: PurePosixPath
    folder: bool = False

    def covers(self, path: PurePosixPath) -> bool:
        return path == self.path or (self.folder and path.is_relative_to(self.path))

    def __str__(self) -> str:
        return f"{self.path}/" if self.folder else str(self.path)


class TargetModel:
    """One target as the emitters read it: its shape graph, and the Python surface built
    from it once, on first use, for every emitter that speaks of Python."""

    def __init__(self, graph: ShapeGraph, target: Target) -> None:
        self.graph = graph
        self.target = target

    @cached_property
    def surface(self) -> PythonSurface:
        return build_surface(self.graph, self.target.package)

    @property
    def package_folder(self) -> PurePosixPath:
        """``python/<package>``: the generated package, written by more than one emitter."""
        return PurePosixPath("python", self.target.package)

    def service_folder(self, artefact: str) -> PurePosixPath:
        """``<artefact>/<service>``: ``schema/connect``, ``docs/connect``..."""
        return PurePosixPath(artefact, self.graph.service.name)


class Emitter(Protocol):
    name: str

    def claims(self, model: TargetModel) -> tuple[Claim, ...]: ...

    def emit(self, model: TargetModel) -> list[Artifact]: ...
