"""Stage 3: one emitter per artefact, each reading only the shape graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from generator.config import Target
    from generator.graph import ShapeGraph


@dataclass(frozen=True, slots=True)
class Artifact:
    """One output file: its path under the output folder and its text.

    ``template`` names the template that produced it, for error messages.
    """

    path: PurePosixPath
    text: str
    template: str | None = None


class Emitter(Protocol):
    name: str

    def emit(self, graph: ShapeGraph, target: Target) -> list[Artifact]: ...


def all_emitters() -> list[Emitter]:
    from generator.emitters.docs import DocsEmitter
    from generator.emitters.json_schema import JsonSchemaEmitter
    from generator.emitters.python_package import PythonPackageEmitter
    from generator.emitters.skeleton import SkeletonEmitter

    return [PythonPackageEmitter(), JsonSchemaEmitter(), SkeletonEmitter(), DocsEmitter()]
