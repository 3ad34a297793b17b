"""Every emitter, registered once, in the order a run renders them.

A target may name the emitters it wants (``emitters`` in its config, ``--emit`` on the
command line); all of them by default. Before anything is rendered, the claims of
every chosen emitter of every target are checked for overlap, and each artefact an
emitter returns must lie inside its own claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from generator.emitters import Artifact, Claim, Emitter, TargetModel
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
    """No two emitters (of one target or of two) may own the same output path.

    Linear in claims: a claim clashes with a claim at its own path, a folder claim above
    it, or (when it is a folder) any claim beneath it.
    """
    claimed: dict[PurePosixPath, tuple[Claim, str]] = {}
    beneath: dict[PurePosixPath, str] = {}  # every folder above some claim -> its owner
    for model, emitters in plans:
        for emitter in emitters:
            owner = f"the {emitter.name} emitter of {model.target.package}"
            for claim in emitter.claims(model):
                if claim.path in claimed:
                    clash: str | None = claimed[claim.path][1]
                elif claim.folder and claim.path in beneath:
                    clash = beneath[claim.path]
                else:
                    folders_above = (claimed.get(p) for p in claim.path.parents)
                    clash = next((who for c, who in filter(None, folders_above) if c.folder), None)
                if clash is not None:
                    raise ConfigError(f"{owner} and {clash} would both write {claim}")
                claimed[claim.path] = (claim, owner)
                for parent in claim.path.parents:
                    beneath.setdefault(parent, owner)


def emit_claimed(emitter: Emitter, model: TargetModel) -> list[Artifact]:
    """The emitter's artefacts, each checked to lie inside what the emitter claimed."""
    claims = emitter.claims(model)
    artifacts = emitter.emit(model)
    for artifact in artifacts:
        if not any(claim.covers(artifact.path) for claim in claims):
            raise TemplateError(f"the {emitter.name} emitter wrote {artifact.path}, outside what it claims")
    return artifacts
