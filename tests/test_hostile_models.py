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
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT, import_generated
from generator import limits
from generator.errors import ModelError
from generator.load import parse_json
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


def test_unterminated_string_full_of_escaped_quotes_is_read_in_linear_time(scene: Scene) -> None:
    """Each ``\\"`` once started a string that rescanned to the end of the file: quadratic."""
    model = scene.inputs / "unterminated.json"
    model.write_text('{"shapes": "' + '\\"' * 200_000, encoding="utf-8")
    started = time.perf_counter()
    refuse(scene, model, "invalid JSON")
    assert time.perf_counter() - started < 20  # seconds; quadratic took minutes at this size


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


def test_pattern_with_many_unicode_properties_is_kept_untranslated(tmp_path: Path) -> None:
    """Each property is written out as a set of up to ~8 KB: 3,900 of them made 176 MB of schema."""
    pattern = "\\p{L}" * 3900
    shapes = {"Wide": {"type": "string", "pattern": pattern}, "In": {"type": "structure", "members": {"A": {"shape": "Wide"}}}}
    out = generate_ok(tmp_path, model_file(tmp_path, shapes), "wide_pattern")
    schema_file = out / "schema" / "hostile" / "Op.input.schema.json"
    assert schema_file.stat().st_size < 100_000
    wide = json.loads(schema_file.read_text("utf-8"))["$defs"]["In"]["properties"]["A"]
    assert wide["x-pattern"] == pattern and f"more than {limits.MAX_PATTERN_PROPERTIES} Unicode properties" in wide["$comment"]


def test_slow_pattern_checks_are_bounded_per_run_not_only_per_search() -> None:
    """Checks that each stay under the per-pattern time still share one budget per run."""
    from generator.emitters.skeleton.regex_sample import CheckBudget, LengthRange, PatternTooComplex, sample

    budget = CheckBudget(seconds=0.0)
    with pytest.raises(PatternTooComplex, match="in all"):
        sample("[a-z]+", "name", LengthRange(1, 10), budget)
    budget = CheckBudget(seconds=5.0)
    assert sample("[a-z]+", "name", LengthRange(1, 10), budget) == "name"
    assert 4.0 < budget.seconds < 5.0  # what the check took is spent


def test_malformed_html_renders_in_linear_time() -> None:
    """HTMLParser rescans to the end for each unclosed tag or comment: 100,000 characters of
    ``<a b=`` took about 90 s, and ``<!--`` about 20 s, before they were escaped or removed."""
    from generator.doctext import html_to_markdown, html_to_text

    for unit in ("<a b=", "<!--", "<br/", '<a b="', "<![<!["):
        html = (unit * limits.MAX_DOC_LENGTH)[: limits.MAX_DOC_LENGTH]
        started = time.perf_counter()
        html_to_text(html)
        html_to_markdown(html)
        assert time.perf_counter() - started < 10, unit


def test_lone_surrogates_crash_no_stage(tmp_path: Path) -> None:
    """A lone surrogate in docs, a pattern, an enum value (the one examples use) and metadata:
    patterns, examples, YAML, schemas and docs take it, and the escaping layer writes it."""
    s = "\ud800"
    shapes = {
        "Pick": {"type": "string", "enum": [f"v{s}", "w"], "documentation": f"<b>{s}</b>"},
        "Text": {"type": "string", "pattern": f"^[a-z{s}]+{s}?$", "min": 2},
        "In": {"type": "structure", "documentation": f"<p>doc {s}</p>",
               "members": {"P": {"shape": "Pick", "documentation": s}, "T": {"shape": "Text"}}},
    }
    model = model_file(tmp_path, shapes)  # json.dumps: "\\ud800" escapes in the file
    data = json.loads(model.read_text("utf-8"))
    data["metadata"]["serviceFullName"] = f"Hostile {s}"
    data["documentation"] = s
    model.write_text(json.dumps(data), encoding="utf-8")
    out = generate_ok(tmp_path, model, "surrogates")
    assert_artefacts_valid(out, "surrogates")
    assert example_of(out, "surrogates")["P"] == f"v{s}"


# --- the one nesting limit: every artefact right at it, refused one past it ---------------


def chain(depth: int, kind: str) -> dict[str, Any]:
    """Shapes whose longest path from ``In`` is exactly ``depth`` (with the limit's counting).

    ``structure``/``list``/``mixed``: ``In -> C{n-1} -> ... -> C0 -> Str``, so ``n = depth - 2``
    (``mixed`` cycles through structure, list and map; a pure map chain costs as much as the
    list chain, whose annotations nest deepest: ``list[list[...]]``, 98 deep).
    ``recursive``: the chain ends in a group ``{R, RList}`` (``R.Kids`` is a list of ``R``),
    which counts ``2 * SHAPE_UNROLL``, then ``R.Value -> Str``.
    """
    shapes: dict[str, Any] = {}
    bottom, n = "Str", depth - 2
    if kind == "recursive":
        shapes["R"] = {"type": "structure", "members": {"Kids": {"shape": "RList"}, "Value": {"shape": "Str"}}}
        shapes["RList"] = {"type": "list", "member": {"shape": "R"}}
        bottom, n = "R", depth - 2 - 2 * limits.SHAPE_UNROLL
    for i in range(n):
        if kind == "mixed":
            kind_here = ("structure", "list", "map")[i % 3]
        else:
            kind_here = kind
        if kind_here == "list":
            shapes[f"C{i}"] = {"type": "list", "member": {"shape": bottom}, "min": 1}
        elif kind_here == "map":
            shapes[f"C{i}"] = {"type": "map", "key": {"shape": "Str"}, "value": {"shape": bottom}}
        else:
            shapes[f"C{i}"] = {"type": "structure", "required": ["Next"], "members": {"Next": {"shape": bottom}}}
        bottom = f"C{i}"
    shapes["In"] = {"type": "structure", "members": {"Top": {"shape": bottom}}}
    return shapes


@pytest.mark.parametrize("kind", ["structure", "list", "mixed", "recursive"])
def test_every_artefact_is_valid_at_the_nesting_limit(tmp_path: Path, kind: str) -> None:
    package = f"deep_{kind}"
    out = generate_ok(tmp_path, model_file(tmp_path, chain(limits.MAX_SHAPE_DEPTH, kind)), package)
    assert_artefacts_valid(out, package)
    assert_mypy_strict(out, package, tmp_path)
    example = example_of(out, package)
    levels = 0
    while isinstance(example, (dict, list)) and example:
        example = next(iter(example.values())) if isinstance(example, dict) else example[0]
        levels += 1
    assert levels >= (limits.MAX_SHAPE_DEPTH - 1 if kind != "recursive" else limits.MAX_SHAPE_DEPTH - 10)


@pytest.mark.parametrize("kind", ["structure", "list", "mixed", "recursive"])
def test_one_past_the_nesting_limit_is_refused_naming_the_path(scene: Scene, tmp_path: Path, kind: str) -> None:
    model = model_file(scene.inputs, chain(limits.MAX_SHAPE_DEPTH + 1, kind), f"deep-{kind}")
    line = refuse(scene, model, "operation 'Op' input", f"nests {limits.MAX_SHAPE_DEPTH + 1} shapes deep")
    assert "In -> C" in line and ("R (a recursive group of 2)" in line if kind == "recursive" else "-> Str" in line)


def test_very_deep_chains_are_refused_without_recursion(scene: Scene) -> None:
    shapes = chain(50_000, "list")
    shapes["C0"]["member"] = {"shape": "C49997"}  # and a cycle with no structure in it
    model = model_file(scene.inputs, chain(50_000, "structure"), "very-deep")
    refuse(scene, model, "nests 50000 shapes deep")
    model = model_file(scene.inputs, shapes, "list-cycle")
    refuse(scene, model, "contains itself with no structure in between")


# --- class 5: bad numbers and contradictions ---------------------------------------------

CONTRADICTIONS = {
    # id: (change to the edge model, what the one line names)
    "negative-length": (shape_set("Name", min=-1), ("shape 'Name'", "'min' must be a non-negative integer")),
    "fractional-count": (shape_set("Grid", max=2.5), ("shape 'Grid'", "'max' must be a non-negative integer")),
    "float-length": (shape_set("Name", min=1e9), ("shape 'Name'", "'min' must be a non-negative integer")),
    "min-above-max": (shape_set("Name", min=10, max=5), ("shape 'Name'", "'min' 10 is above 'max' 5")),
    "integer-range-without-integer": (shape_set("Count", min=0.2, max=0.8), ("shape 'Count'", "admit no integer")),
    "bound-on-boolean": (shape_set("Flag", min=1), ("shape 'Flag'", "'min' applies to strings")),
    "bound-on-timestamp": (shape_set("Timestamp", max=5), ("shape 'Timestamp'", "not to a timestamp")),
    "bound-on-structure": (shape_set("Thing", min=1), ("shape 'Thing'", "not to a structure")),
    "pattern-on-integer": (shape_set("Count", pattern="^1$"), ("shape 'Count'", "'pattern' applies to strings")),
    "pattern-not-a-string": (shape_set("Name", pattern=["a"]), ("shape 'Name'", "'pattern' must be a string")),
    "pattern-too-long": (
        shape_set("Name", pattern="a" * (limits.MAX_PATTERN_LENGTH + 1)),
        ("shape 'Name'", f"more than {limits.MAX_PATTERN_LENGTH}"),
    ),
    "enum-on-integer": (shape_set("Count", enum=["1"]), ("shape 'Count'", "'enum' applies to strings")),
    "double-bound-out-of-range": (shape_set("Ratio", max=10**400), ("shape 'Ratio'", "out of range for a double")),
    "union-with-required-members": (shape_set("Choice", required=["Text"]), ("shape 'Choice'", "is a union")),
    "event-stream-requiring-two-members": (
        shape_set("Thing", eventstream=True, required=["Id", "Payload"]), ("shape 'Thing'", "is an event stream"),
    ),
    "union-false-as-text": (shape_set("Choice", union="false"), ("shape 'Choice'", "'union' must be true or false")),
    "document-as-text": (shape_set("Document", document="true"), ("shape 'Document'", "'document' must be true or false")),
    "sensitive-as-number": (shape_set("Name", sensitive=1), ("shape 'Name'", "'sensitive' must be true or false")),
    "member-flag-as-text": (
        lambda d: d["shapes"]["Thing"]["members"]["Id"].update(idempotencyToken="true"),
        ("shape 'Thing' member 'Id'", "'idempotencyToken' must be true or false"),
    ),
    "operation-flag-as-text": (
        lambda d: d["operations"]["GetThing"].update(deprecated="no"),
        ("operation 'GetThing'", "'deprecated' must be true or false"),
    ),
    "map-needs-more-keys-than-its-enum-has": (
        shape_set("LabelMap", min=7),
        ("shape 'LabelMap'", "'min' 7 needs more distinct keys than key shape 'Kind' gives (6)"),
    ),
}


def test_required_value_no_pattern_match_exists_for_is_refused(scene: Scene) -> None:
    shapes = members(P={"type": "string", "pattern": "$^x"})
    shapes["In"]["required"] = ["P"]
    refuse(scene, model_file(scene.inputs, shapes, "unmatchable"), "shape 'PShape': no string found", "'In' requires it")


@pytest.mark.parametrize("case", sorted(CONTRADICTIONS))
def test_contradictions_are_refused(scene: Scene, case: str) -> None:
    change, needles = CONTRADICTIONS[case]
    refuse(scene, edge_model_with(scene, case, change), *needles)


def members(**targets: dict[str, Any]) -> dict[str, Any]:
    """``In`` with one member per keyword, each of its own shape ``<Name>Shape``."""
    shapes: dict[str, Any] = {f"{name}Shape": spec for name, spec in targets.items()}
    shapes["In"] = {"type": "structure", "members": {name: {"shape": f"{name}Shape"} for name in targets}}
    return shapes


NORMALISED = {
    # id: (shapes, {member: expected example value})
    "map-max-0": (members(M={"type": "map", "key": {"shape": "Str"}, "value": {"shape": "Str"}, "max": 0}), {"M": {}}),
    "list-max-0": (members(L={"type": "list", "member": {"shape": "Str"}, "max": 0}), {"L": []}),
    # No string matches ``$^x``, a union without members has no value: optional, so left out.
    "unmatchable-optional-pattern": (members(P={"type": "string", "pattern": "$^x"}, S={"type": "string"}), {"S": "S"}),
    "memberless-optional-union": (members(U={"type": "structure", "union": True, "members": {}}), {}),
    "unmatchable-pattern-in-list-that-may-be-empty": (
        {**members(L={"type": "list", "member": {"shape": "Bad"}}), "Bad": {"type": "string", "pattern": "$^x"}},
        {"L": []},
    ),
    # The model's own member takes boto3's key in the output schema, as in the dataclass.
    "member-named-response-metadata": (members(ResponseMetadata={"type": "string"}), None),
    "fractional-integer-range": (members(I={"type": "integer", "min": 0.2, "max": 1.8}), {"I": 1}),
    "negative-fractional-integer": (members(I={"type": "long", "min": -7.5, "max": -6.5}), {"I": -7}),
    "fractional-double-range": (members(D={"type": "double", "min": 0.25, "max": 0.5}), {"D": 0.25}),
    "huge-maximum": (
        members(S={"type": "string", "min": 3, "max": 2_147_483_647}, L={"type": "list", "member": {"shape": "Str"}, "max": 10**30}),
        {"S": "SSS", "L": ["L"]},
    ),
    "event-stream-requiring-its-last-member": (
        members(E={"type": "structure", "eventstream": True, "required": ["B"],
                   "members": {"A": {"shape": "Str"}, "B": {"shape": "Str"}}}),
        {"E": {"B": "B"}},
    ),
    "false-flags": (
        members(U={"type": "structure", "union": False, "document": False, "members": {"A": {"shape": "Str"}}}),
        {"U": {"A": "A"}},
    ),
    "largest-example-string": (
        members(S={"type": "string", "min": limits.MAX_EXAMPLE_STRING, "pattern": "^[a-z]+$"}),
        {"S": ("s" * limits.MAX_EXAMPLE_STRING)},
    ),
    "largest-example-list": (
        members(L={"type": "list", "member": {"shape": "Str"}, "min": limits.MAX_EXAMPLE_ITEMS}),
        {"L": ["L"] * limits.MAX_EXAMPLE_ITEMS},
    ),
    "catastrophic-pattern-that-matches": (members(P={"type": "string", "pattern": "^(a+)+$"}), None),
    "integer-bound-no-float-holds": (members(D={"type": "double", "min": 10**300 + 1}), None),
}


@pytest.mark.parametrize("case", sorted(NORMALISED))
def test_normalised_cases_generate_valid_artefacts(tmp_path: Path, case: str) -> None:
    shapes, expected = NORMALISED[case]
    package = "norm_" + case.replace("-", "_")
    out = generate_ok(tmp_path, model_file(tmp_path, shapes), package)
    assert_artefacts_valid(out, package)
    if expected is not None:
        assert example_of(out, package) == expected


# --- class 6: hangs and blow-ups ---------------------------------------------------------

BLOW_UPS = {
    "huge-repeat-pattern": (shape_set("Name", pattern="x{2000000000}", max=None), "shortest match is 2000000000 characters"),
    "nested-huge-repeat": (shape_set("Name", pattern="(?:x{50000}){50000}", max=None), "more than the 16384 an example may hold"),
    "zero-width-repeat": (shape_set("Name", pattern="(a?){1000000}"), f"more than {limits.MAX_SAMPLE_STEPS} steps"),
    "catastrophic-backtracking": (shape_set("Name", pattern="(?=(a+)+c)a{30}b", max=None), "catastrophic backtracking"),
    # An empty group takes no items to build, so only a step per repetition stops it.
    "empty-group-repeated": (shape_set("Name", pattern="^(?:){2000000000}[a-z]+$", max=None), f"more than {limits.MAX_SAMPLE_STEPS} steps"),
    "list-min-two-million": (shape_set("Grid", min=2_000_000), "'min' 2000000 is more than the 100 elements"),
    "string-min-a-billion": (shape_set("Name", min=1_000_000_000, max=None), "'min' 1000000000 is more than the 16384"),
    "blob-min-a-billion": (shape_set("Blob", min=1_000_000_000), "'min' 1000000000 is more than the 16384"),
}


@pytest.mark.parametrize("case", sorted(BLOW_UPS))
def test_blow_ups_are_refused_quickly(scene: Scene, case: str) -> None:
    change, needle = BLOW_UPS[case]

    def without_none(data: dict[str, Any]) -> None:
        change(data)
        for shape in data["shapes"].values():
            for key in [k for k, v in shape.items() if v is None]:
                del shape[key]

    refuse(scene, edge_model_with(scene, case, without_none), needle, timeout=60)


def test_graph_with_exponentially_many_paths_generates_in_bounded_size(scene: Scene) -> None:
    """Each level has two members of the next: 2**30 values if unfolded. skeleton.py is a table
    per shape, static skeletons past their bound are not written, and docs link repeated
    subtrees: the output is linear in shapes (tests/test_skeleton.py, tests/test_docs_bounded.py)."""
    shapes: dict[str, Any] = {"L0": {"type": "structure", "members": {"V": {"shape": "Str"}}}}
    for i in range(1, 31):
        shapes[f"L{i}"] = {"type": "structure", "members": {"A": {"shape": f"L{i - 1}"}, "B": {"shape": f"L{i - 1}"}}}
    shapes["In"] = {"type": "structure", "members": {"Top": {"shape": "L30"}}}
    model = model_file(scene.inputs, shapes, "exponential")
    result = run(
        "generate", "--service", "edgecase", "--model", str(model), "--package", "edge_shapes",
        "--out", str(scene.out), timeout=60,
    )
    assert result.returncode == 0, result.stderr
    written = sum(p.stat().st_size for p in scene.out.rglob("*") if p.is_file())
    assert 0 < written < 1_000_000
