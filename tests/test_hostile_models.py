"""Hostile models (issue 10, classes 4-6): exit 2 with one line, or artefacts that are valid.

Every model here is untrusted input. A case is either refused (exit 2, one ``shapegen:
error:`` line naming the model file and the shape, member or field, output folder
byte-identical: ``Scene`` from test_bad_input) or generated, and then every artefact is
checked: the schemas pass the 2020-12 meta-schema, the examples satisfy the schemas and
parse with the generated ``from_dict``, the skeleton files are JSON and YAML. Every run
has a subprocess timeout, so a hang fails the test instead of blocking the suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import EDGE_MODEL, ROOT, import_generated
from generator import limits
from generator.emitters import all_emitters
from generator.config import Target
from generator.errors import ModelError
from generator.graph import build_graph
from generator.load import load_file, parse_json
from test_bad_input import Scene, edge_model_with, pristine, scene  # noqa: F401 (fixtures)

TIMEOUT = 180  # seconds for one shapegen run; a hang fails instead of blocking


def run(*args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def refuse(scene: Scene, model: Path, *needles: str, timeout: float = TIMEOUT) -> str:
    """Generate from ``model`` into the scene's output: refused, one line, nothing written."""
    scene.freeze()
    result = run(
        "generate", "--service", "edgecase", "--model", str(model), "--package", "edge_shapes",
        "--out", str(scene.out), timeout=timeout,
    )
    return scene.assert_refused(result, str(model), *needles)


def raw_model_with(scene: Scene, name: str, change: Callable[[dict[str, Any]], None], raw: str) -> Path:
    """The edge model, changed, with the JSON text ``raw`` in place of the string ``"@RAW@"``."""
    path = edge_model_with(scene, name, change)
    path.write_text(path.read_text(encoding="utf-8").replace('"@RAW@"', raw), encoding="utf-8")
    return path


def shape_set(shape: str, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["shapes"][shape].update(fields)

    return change


# --- a model built from scratch, and every artefact checked ------------------------------

METADATA = {
    "apiVersion": "2024-01-01", "endpointPrefix": "hostile", "jsonVersion": "1.1", "protocol": "json",
    "serviceFullName": "Hostile", "serviceId": "Hostile", "signatureVersion": "v4", "uid": "hostile-2024-01-01",
}


def model_file(tmp_path: Path, shapes: dict[str, Any], name: str = "model") -> Path:
    """One operation ``Op`` whose input and output are ``In``."""
    data = {
        "version": "2.0",
        "metadata": METADATA,
        "operations": {"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"},
                              "input": {"shape": "In"}, "output": {"shape": "In"}}},
        "shapes": {"Str": {"type": "string"}, **shapes},
    }
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def generate_ok(tmp_path: Path, model: Path, package: str) -> Path:
    out = tmp_path / "out"
    result = run("generate", "--service", "hostile", "--model", str(model), "--package", package, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def assert_artefacts_valid(out: Path, package: str) -> None:
    """Schemas valid; examples satisfy them and parse; skeleton files are JSON (and YAML)."""
    module = import_generated(out / "python", package)
    skeleton = __import__(f"{package}.skeleton", fromlist=["skeleton"])
    checked = 0
    for operation, classes in module.OPERATIONS.items():
        for direction, cls in zip(("input", "output"), classes, strict=True):
            schema = json.loads((out / "schema" / "hostile" / f"{operation}.{direction}.schema.json").read_text("utf-8"))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
            example = skeleton.skeleton(operation, f"example-{direction}")
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(example)]
            assert errors == [], (direction, errors[:3])
            assert cls.from_dict(example).to_json_dict() == example
            checked += 1
        folder = out / "skeleton" / "hostile"
        for direction in ("input", "output"):
            data = json.loads((folder / f"{operation}.{direction}.json").read_text("utf-8"))
            assert data == skeleton.skeleton(operation, direction)
        assert yaml.safe_load((folder / f"{operation}.input.yaml").read_text("utf-8")) == json.loads(
            (folder / f"{operation}.input.json").read_text("utf-8")
        )
        assert (out / "docs" / "hostile" / f"{operation}.md").read_text("utf-8").endswith("\n")
    assert checked


def assert_mypy_strict(out: Path, package: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "mypy"), package],
        cwd=out / "python", capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def example_of(out: Path, package: str, kind: str = "example-input") -> Any:
    import_generated(out / "python", package)
    return __import__(f"{package}.skeleton", fromlist=["skeleton"]).skeleton("Op", kind)


# --- class 4: tracebacks become one line -------------------------------------------------


def test_metadata_not_an_object_is_refused(scene: Scene) -> None:
    model = edge_model_with(scene, "metadata-list", lambda d: d.update(metadata=["x"]))
    refuse(scene, model, "'metadata' must be an object")


@pytest.mark.parametrize("field", ["serviceId", "serviceFullName", "apiVersion", "protocol", "endpointPrefix"])
def test_metadata_fields_that_are_not_strings_are_refused(scene: Scene, field: str) -> None:
    model = edge_model_with(scene, f"metadata-{field}", lambda d: d["metadata"].update({field: {"a": 1}}))
    refuse(scene, model, "metadata", f"{field!r} must be a string")


def test_top_level_documentation_not_a_string_is_refused(scene: Scene) -> None:
    model = edge_model_with(scene, "doc-list", lambda d: d.update(documentation=["<p>x</p>"]))
    refuse(scene, model, "'documentation' must be a string")


@pytest.mark.parametrize("role", ["input", "output"])
def test_operation_input_or_output_that_is_not_a_structure_is_refused(scene: Scene, role: str) -> None:
    model = edge_model_with(scene, f"op-{role}", lambda d: d["operations"]["GetThing"].update({role: {"shape": "Name"}}))
    refuse(scene, model, "operation 'GetThing'", f"{role} 'Name' is a string, not a structure")


@pytest.mark.parametrize("key", ["Count", "Thing", "Blob"])
def test_map_key_that_is_not_a_string_is_refused(scene: Scene, key: str) -> None:
    model = edge_model_with(scene, f"map-key-{key}", lambda d: d["shapes"]["LabelMap"].update(key={"shape": key}))
    refuse(scene, model, "shape 'LabelMap' key", f"{key!r}", "not a string")


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ("NaN", "NaN is not a number"),
        ("Infinity", "Infinity is not a number"),
        ("-Infinity", "-Infinity is not a number"),
        ("1e400", "1e400 is too large for a float"),
        ("1" * 4301, "an integer of 4301 digits"),
    ],
    ids=["nan", "infinity", "minus-infinity", "overflowing-float", "huge-integer"],
)
def test_numbers_python_cannot_hold_are_refused_at_load(scene: Scene, raw: str, needle: str) -> None:
    model = raw_model_with(scene, "number", shape_set("Count", max="@RAW@"), raw)
    refuse(scene, model, "invalid number in JSON", needle)


def test_json_nested_deeper_than_the_limit_is_refused_before_decoding(scene: Scene) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    model = raw_model_with(scene, "deep-json", lambda d: d.update(junk="@RAW@"), deep)
    line = refuse(scene, model, f"JSON nested deeper than {limits.MAX_JSON_DEPTH} levels")
    assert f"{model}:" in line  # with line and column


def test_json_depth_limit_is_exact() -> None:
    at_limit = "[" * (limits.MAX_JSON_DEPTH - 1) + "{}" + "]" * (limits.MAX_JSON_DEPTH - 1)
    assert parse_json(at_limit, "m.json") is not None
    # Brackets inside strings are text, not nesting.
    assert parse_json(json.dumps({"a": "[" * 1000 + '\\"{'}), "m.json")["a"].startswith("[[")
    with pytest.raises(ModelError, match=r"^m\.json:1:65: JSON nested deeper than 64 levels$"):
        parse_json("[" + at_limit + "]", "m.json")


def test_html_docs_nested_deeply_are_flattened_not_recursed(tmp_path: Path) -> None:
    nested = "<ul><li>" * 4000 + "deep text" + "</li></ul>" * 4000  # 76,000 characters
    model = model_file(tmp_path, {"In": {"type": "structure", "documentation": nested, "members": {"A": {"shape": "Str"}}}})
    out = generate_ok(tmp_path, model, "nested_docs")
    assert "deep text" in (out / "docs" / "hostile" / "Op.md").read_text("utf-8")
    assert_artefacts_valid(out, "nested_docs")


def test_html_docs_python_cannot_parse_are_kept_as_text(tmp_path: Path) -> None:
    broken = "<![<![ and <a b=" * 2000  # HTMLParser raised AssertionError; unclosed tags were quadratic
    model = model_file(tmp_path, {"In": {"type": "structure", "documentation": broken, "members": {"A": {"shape": "Str"}}}})
    out = generate_ok(tmp_path, model, "broken_docs")
    assert_artefacts_valid(out, "broken_docs")


def test_documentation_longer_than_the_limit_is_refused(scene: Scene) -> None:
    text = "x" * (limits.MAX_DOC_LENGTH + 1)
    model = edge_model_with(scene, "long-doc", shape_set("Thing", documentation=text))
    refuse(scene, model, "shape 'Thing'", f"more than {limits.MAX_DOC_LENGTH}")


def test_pattern_groups_nested_deeply_are_kept_untranslated(tmp_path: Path) -> None:
    pattern = "(" * 3000 + "a" + ")" * 3000
    shapes = {"Deep": {"type": "string", "pattern": pattern}, "In": {"type": "structure", "members": {"A": {"shape": "Deep"}}}}
    out = generate_ok(tmp_path, model_file(tmp_path, shapes), "deep_pattern")
    schema = json.loads((out / "schema" / "hostile" / "Op.input.schema.json").read_text("utf-8"))
    deep = schema["$defs"]["In"]["properties"]["A"]
    assert deep["x-pattern"] == pattern and f"groups nested deeper than {limits.MAX_PATTERN_DEPTH}" in deep["$comment"]
    assert_artefacts_valid(out, "deep_pattern")


def test_lone_surrogates_crash_no_stage_before_writing() -> None:
    """Escaping into files is branch fix-escaping's; every stage before that takes a surrogate."""
    data = json.loads(EDGE_MODEL.read_text(encoding="utf-8"))
    s = "\ud800"
    data["documentation"] = f"<p>doc {s}</p>"
    data["metadata"]["serviceFullName"] = f"Edge {s}"
    data["shapes"]["Name"].update(pattern=f"^[a-z{s}]+{s}?$", documentation=f"<b>{s}</b>")
    data["shapes"]["Kind"]["enum"].append(f"v{s}")
    data["shapes"]["Thing"]["members"][f"Odd{s}"] = {"shape": "Name", "documentation": s}
    path = Path(__file__).parent / "__surrogate__.json"
    try:
        path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: "\\ud800" in the file
        graph = build_graph(load_file(path, "edgecase"), None)
    finally:
        path.unlink()
    target = Target(service="edgecase", operations=None, package="edge_shapes", model=path)
    texts = [artifact.text for emitter in all_emitters() for artifact in emitter.emit(graph, target)]
    assert any(s in text for text in texts)
