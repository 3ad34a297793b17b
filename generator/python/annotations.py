"""Type annotations as objects: each knows how it is written and what it needs imported.

Two annotations are equal when they mean the same type, not when they print the same
text; a module's imports are the union of what its annotations need, so none is
written by hand beside the code that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Import:
    """``from <module> import <name>``."""

    module: str
    name: str


class Annotation:
    """A type as generated code writes it."""

    __slots__ = ()

    def render(self) -> str:
        raise NotImplementedError

    def parts(self) -> tuple[Annotation, ...]:
        """The annotations this one is made of (``list[X]`` -> ``X``)."""
        return ()

    def imports(self) -> frozenset[Import]:
        """What the module that writes this annotation must import."""
        return frozenset().union(*(p.imports() for p in self.parts()))

    def classes(self) -> frozenset[str]:
        """Generated classes this annotation names: they must be defined before it is evaluated."""
        return frozenset().union(*(p.classes() for p in self.parts()))

    def optional(self) -> Annotation:
        return self if isinstance(self, Optional) else Optional(self)

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True, slots=True)
class Builtin(Annotation):
    """``str``, ``int``... : needs no import."""

    name: str

    def render(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Imported(Annotation):
    """A name imported from the standard library: ``datetime``, ``Any``."""

    origin: Import

    def render(self) -> str:
        return self.origin.name

    def imports(self) -> frozenset[Import]:
        return frozenset({self.origin})


@dataclass(frozen=True, slots=True)
class GeneratedClass(Annotation):
    """A dataclass or enum the generated package defines."""

    name: str

    def render(self) -> str:
        return self.name

    def classes(self) -> frozenset[str]:
        return frozenset({self.name})


@dataclass(frozen=True, slots=True)
class ListOf(Annotation):
    item: Annotation

    def render(self) -> str:
        return f"list[{self.item.render()}]"

    def parts(self) -> tuple[Annotation, ...]:
        return (self.item,)


@dataclass(frozen=True, slots=True)
class DictOf(Annotation):
    key: Annotation
    value: Annotation

    def render(self) -> str:
        return f"dict[{self.key.render()}, {self.value.render()}]"

    def parts(self) -> tuple[Annotation, ...]:
        return (self.key, self.value)


@dataclass(frozen=True, slots=True)
class UnionOf(Annotation):
    """``A | B``: a member boto3 takes in more than one form."""

    options: tuple[Annotation, ...]

    def render(self) -> str:
        return " | ".join(o.render() for o in self.options)

    def parts(self) -> tuple[Annotation, ...]:
        return self.options


@dataclass(frozen=True, slots=True)
class Parameterized(Annotation):
    """``Origin[Arg]``: a generic class applied to a type (``EventStream[Event]``)."""

    origin: Import
    arg: Annotation

    def render(self) -> str:
        return f"{self.origin.name}[{self.arg.render()}]"

    def parts(self) -> tuple[Annotation, ...]:
        return (self.arg,)

    def imports(self) -> frozenset[Import]:
        return frozenset({self.origin}) | self.arg.imports()


@dataclass(frozen=True, slots=True)
class Optional(Annotation):
    """``X | None``: a member the model does not require."""

    inner: Annotation

    def render(self) -> str:
        return f"{self.inner.render()} | None"

    def parts(self) -> tuple[Annotation, ...]:
        return (self.inner,)


STR = Builtin("str")
INT = Builtin("int")
FLOAT = Builtin("float")
BOOL = Builtin("bool")
BYTES = Builtin("bytes")
ANY = Imported(Import("typing", "Any"))
DATETIME = Imported(Import("datetime", "datetime"))
# Names the generated package's own ``_runtime`` module defines (imported relatively).
RUNTIME = "._runtime"
READABLE = Imported(Import(RUNTIME, "Readable"))
EVENT_STREAM = Import(RUNTIME, "EventStream")


def imports_of(annotations: Iterable[Annotation]) -> frozenset[Import]:
    return frozenset().union(*(a.imports() for a in annotations))
