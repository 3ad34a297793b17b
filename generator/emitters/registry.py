"""Every emitter, registered once, in the order a run renders them.

A target may name the emitters it wants (``emitters`` in its config, ``--emit`` on the
command line); all of them by default. Before a target is rendered, the claims of its
chosen emitters are checked for overlap with each other and with those of the targets
before it, and each artefact an emitter returns must lie inside its own claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.emitters import Artifact, Emitter, TargetModel
from generator.emitters.docs import DocsEmitter
from generator.emitters.json_schema import JsonSchemaEmitter
from generator.emitters.python_package import PythonPackageEmitter
from generator.emitters.skeleton import SkeletonEmitter
from generator.errors import ConfigError, TemplateError

EMITTERS: dict[str, Emitter] = {
    e.name: e for e in (PythonPackageEmitter(), JsonSchemaEmitter(), SkeletonEmitter(), DocsEmitter())
}


def chosen(names: Sequence[str] | None) -> list[Emitter]:
    """The emitters a target asks for, in registry order; every one when ``names`` is None."""
    if names is None:
        return list(EMITTERS.values())
    return [emitter for name, emitter in EMITTERS.items() if name in names]


def unknown_emitters(names: Iterable[str]) -> list[str]:
    return sorted(set(names) - set(EMITTERS))


def check_claims(plans: Iterable[tuple[TargetModel, Sequence[Emitter]]]) -> None:
    """No two claims (of one emitter, of two, or of two targets) may share a path.

    A claim clashes with one at the same path, one above it (nothing may be written inside
    a claimed file or folder) or one beneath it. Paths are compared ignoring case, as the
    writer compares them: on macOS and Windows ``Pkg`` and ``pkg`` are one folder. Linear in
    claims: every claim records its path and the folders above it.
    """
    check = ClaimCheck()
    for model, emitters in plans:
        check.add(model, emitters)


class ClaimCheck:
    """``check_claims`` one target at a time: each target's claims against all before it."""

    def __init__(self) -> None:
        self._claimed: dict[str, str] = {}  # casefolded path -> who claimed it
        self._beneath: dict[str, str] = {}  # casefolded folder above some claim -> who claimed that

    def add(self, model: TargetModel, emitters: Sequence[Emitter]) -> None:
        claimed, beneath = self._claimed, self._beneath
        for emitter in emitters:
            owner = f"the {emitter.name} emitter of {model.target.package}"
            for claim in emitter.claims(model):
                key = claim.path.as_posix().casefold()
                above = [p.as_posix().casefold() for p in claim.path.parents if p.parts]
                clash = claimed.get(key) or beneath.get(key) or next((claimed[p] for p in above if p in claimed), None)
                if clash == owner:
                    raise ConfigError(f"{owner} claims {claim} twice (it overlaps another of its claims)")
                if clash is not None:
                    raise ConfigError(f"{owner} and {clash} would both write {claim}")
                claimed[key] = owner
                for folder in above:
                    beneath.setdefault(folder, owner)


def emit_claimed(emitter: Emitter, model: TargetModel) -> list[Artifact]:
    """The emitter's artefacts, each checked to lie inside what the emitter claimed."""
    claims = emitter.claims(model)
    artifacts = emitter.emit(model)
    for artifact in artifacts:
        if not any(claim.covers(artifact.path) for claim in claims):
            raise TemplateError(f"the {emitter.name} emitter wrote {artifact.path}, outside what it claims")
    return artifacts
