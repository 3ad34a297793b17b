"""Check one service: generate it, then every check but mypy (which ``run`` batches).

Run by ``tests.corpus.run`` in a process of its own per service (so one huge service's
memory and imported modules go away with it)::

    python -m tests.corpus.worker --service S --out DIR --result FILE [--operation OP ...]

It writes ``FILE``: a JSON object with the counts, timings, peak RSS and the failures, each
``[service, operation, check, reason]``. ``operation`` is ``-`` for a service-wide failure.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import re
import resource
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True  # nothing is left in the generated folders but what shapegen wrote

ROOT = Path(__file__).resolve().parents[2]
MAX_REASON = 400


def one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_REASON else line[: MAX_REASON - 3] + "..."


def describe(exc: BaseException) -> str:
    text = str(exc) or repr(exc)
    return one_line(f"{type(exc).__name__}: {text}")


def package_name(service: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]", "_", service) + "_shapes"


@dataclasses.dataclass
class Result:
    service: str
    package: str
    out: str
    operations: int = 0
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    failures: list[list[str]] = dataclasses.field(default_factory=list)
    skipped: list[list[str]] = dataclasses.field(default_factory=list)
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)
    peak_rss_mb: dict[str, float] = dataclasses.field(default_factory=dict)
    package_bytes: int = 0
    generated: bool = False

    def fail(self, operation: str, check: str, reason: str) -> None:
        self.failures.append([self.service, operation, check, one_line(reason)])

    def attempt(self, operation: str, check: str, action: Callable[[], Any]) -> Any:
        """``action()``; any exception is this check's failure (None is returned)."""
        try:
            return action()
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, none stops the run
            self.fail(operation, check, describe(exc))
            return None


# -- 1. generation ------------------------------------------------------------------------------


def generate(result: Result, operations: list[str]) -> bool:
    out = Path(result.out)
    command = [sys.executable, "-m", "generator", "generate", "--service", result.service,
               "--out", str(out), "--package", result.package]
    for op in operations:
        command += ["--operation", op]
    log = out.parent / f"{result.service}.generate.log"
    started = time.perf_counter()
    with open(log, "wb") as stream:
        process = subprocess.Popen(command, cwd=ROOT, stdout=stream, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    result.seconds["generate"] = round(time.perf_counter() - started, 2)
    result.peak_rss_mb["generate"] = round(usage.ru_maxrss / 1024, 1)
    if process.returncode != 0:
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
        result.fail("-", "generate", f"exit {process.returncode}: {lines[-1] if lines else '(no output)'}")
        return False
    log.unlink()
    package_dir = out / "python" / result.package
    result.package_bytes = sum(p.stat().st_size for p in package_dir.glob("*.py"))
    return True


# -- counts -------------------------------------------------------------------------------------


def count_graph(result: Result, graph: Any) -> None:
    from generator.graph import ScalarShape, ShapeKind, StructureShape
    from generator.graph.facts import MemberForm, member_forms
    from generator.patterns import translate

    shapes = graph.shapes
    forms = list(member_forms(graph).values())  # botocore streams every blob payload, marked or not
    streaming_blobs = sum(f in (MemberForm.STREAMING_OUTPUT, MemberForm.STREAMING_INPUT) for f in forms)
    event_streams = forms.count(MemberForm.EVENT_STREAM)
    patterns = [s.constraints.pattern for s in shapes.values()
                if isinstance(s, ScalarShape) and s.constraints.pattern is not None and not s.enum]
    translated = sum(translate(p).ecma is not None for p in patterns)
    result.counts.update(
        operations=len(graph.operations),
        shapes=len(shapes),
        recursive=sum(len(cycle) for cycle in graph.cycles),
        unions=sum(isinstance(s, StructureShape) and s.union for s in shapes.values()),
        documents=sum(s.kind is ShapeKind.DOCUMENT for s in shapes.values()),
        streaming_blobs=streaming_blobs,
        event_streams=event_streams,
        patterns_translated=translated,
        patterns_x_pattern=len(patterns) - translated,
    )


# -- 2. imports ---------------------------------------------------------------------------------


def import_package(result: Result) -> dict[str, Any] | None:
    python_dir = str(Path(result.out) / "python")
    sys.path.insert(0, python_dir)
    modules: dict[str, Any] = {}
    try:
        for name in ("", ".models", "._codec", ".skeleton"):
            module = result.attempt("-", "import", lambda: importlib.import_module(result.package + name))
            if module is None:
                return None
            modules[name.lstrip(".") or "package"] = module
    finally:
        sys.path.remove(python_dir)
    return modules


# -- 4. JSON Schema meta-schema -----------------------------------------------------------------


def check_schemas(result: Result, schema_dir: Path, operations: list[str]) -> dict[tuple[str, str], Any]:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    schemas: dict[tuple[str, str], Any] = {}
    for op in operations:
        for direction in ("input", "output"):
            path = schema_dir / f"{op}.{direction}.schema.json"
            if not path.is_file():
                result.fail(op, "schema-meta", f"missing {path.name}")
                continue
            data = result.attempt(op, "schema-meta", lambda: json.loads(path.read_text(encoding="utf-8")))
            if data is None:
                continue
            try:
                Draft202012Validator.check_schema(data)
            except SchemaError as exc:
                result.fail(op, "schema-meta", f"{direction}: {exc.json_path}: {exc.message}")
                continue
            except Exception as exc:  # noqa: BLE001
                result.fail(op, "schema-meta", f"{direction}: {describe(exc)}")
                continue
            schemas[op, direction] = data
    result.counts["schema_documents"] = len(list(schema_dir.glob("*.schema.json")))
    return schemas


# -- 5. CLI skeletons ---------------------------------------------------------------------------


def check_cli_skeletons(result: Result, skeleton_dir: Path, skeleton: Any, op: str, operation: Any) -> None:
    """The module's run-time skeletons (``render``) against ArgumentGenerator, for every
    operation; a static file, where one is written (small enough), must be the same text."""
    from tests.corpus.reference import cli_input_text, cli_output_text

    for direction, shape, reference in (("input", operation.input_shape, cli_input_text),
                                        ("output", operation.output_shape, cli_output_text)):
        path = skeleton_dir / f"{op}.{direction}.json"
        expected = reference(shape)
        if skeleton is not None:
            ours = result.attempt(op, "cli-skeleton", lambda: skeleton.render(op, direction))
            if ours is not None and ours != expected:
                result.fail(op, "cli-skeleton", f"{direction}: {first_text_difference(ours, expected)}")
        if path.is_file():
            written = path.read_text(encoding="utf-8")
            if written != expected:
                result.fail(op, "cli-skeleton", f"{direction} file: {first_text_difference(written, expected)}")
        else:
            result.counts["skeleton_files_past_bound"] = result.counts.get("skeleton_files_past_bound", 0) + 1


def first_text_difference(ours: str, theirs: str) -> str:
    a, b = ours.splitlines(), theirs.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: ours {x.strip()[:120]!r}, botocore {y.strip()[:120]!r}"
    return f"ours has {len(a)} lines, botocore {len(b)}"


# -- 6. example requests ------------------------------------------------------------------------


def check_example_input(result: Result, skeleton: Any, op: str, operation: Any) -> None:
    from botocore.validate import validate_parameters

    from tests.corpus.reference import to_boto3_params

    example = result.attempt(op, "example-input", lambda: skeleton.skeleton(op, "example-input"))
    if example is None or operation.input_shape is None:
        return
    params = to_boto3_params(example, operation.input_shape)
    result.attempt(op, "example-input", lambda: validate_parameters(params, operation.input_shape))


# -- 7. example responses -----------------------------------------------------------------------


def not_on_client(graph_op: Any) -> str | None:
    from generator.graph.customizations import Effect

    for custom in graph_op.customizations:
        if custom.effect is Effect.NOT_ON_CLIENT:
            return f"botocore removes it from the client ({custom.handler})"
    return None


def check_example_output(result: Result, modules: dict[str, Any], graph_op: Any, operation: Any,
                         schema: Any) -> None:
    from jsonschema import Draft202012Validator

    from tests.corpus.reference import first_difference
    from tests.wire.client import boto3_response, parser_response

    op = graph_op.name
    example = result.attempt(op, "example-output", lambda: modules["skeleton"].skeleton(op, "example-output"))
    if example is None:
        return
    if schema is not None:
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        error = next(iter(sorted(validator.iter_errors(example), key=lambda e: list(e.absolute_path))), None)
        if error is not None:
            where = "/".join(map(str, error.absolute_path)) or "<top>"
            result.fail(op, "output-schema", f"{where}: {error.message}")
    # An operation botocore takes off its client is parsed by botocore's parser alone.
    off_client = bool(not_on_client(graph_op)) or operation.has_event_stream_input
    call = parser_response if off_client else boto3_response
    parsed = result.attempt(op, "wire", lambda: call(result.service, op, json.loads(json.dumps(example))))
    if parsed is None:
        return
    output_class = modules["models"].OPERATIONS[op][1]
    if output_class is None:
        extra = sorted(set(parsed) - {"ResponseMetadata"})
        if extra:
            result.fail(op, "roundtrip", f"no output class, but botocore returned {extra[:5]}")
        return
    obj = result.attempt(op, "roundtrip", lambda: output_class.from_dict(parsed))
    if obj is None:
        return
    dumped = result.attempt(op, "roundtrip", obj.to_dict)
    if dumped is None:
        return
    difference = first_difference(dumped, parsed)
    if difference:
        result.fail(op, "roundtrip", f"from_dict(parsed).to_dict() differs at {difference}")
    event_stream_class = importlib.import_module(result.package + "._runtime").EventStream
    streams = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    streams = [value for value in streams if isinstance(value, event_stream_class)]
    wire_names = [name for name, shape in operation.output_shape.members.items()
                  if shape.serialization.get("eventstream") and name in parsed]
    for stream, wire_name in zip(streams, wire_names):
        check_events(result, op, wire_name, stream, example)
    if len(streams) != len(wire_names):
        result.fail(op, "event-stream", f"{len(streams)} EventStream attributes for event-stream members {wire_names}")


def check_events(result: Result, op: str, wire_name: str, stream: Any, example: dict[str, Any]) -> None:
    try:
        events = list(stream)
    except Exception as exc:  # noqa: BLE001
        result.fail(op, "event-stream", f"{wire_name}: {describe(exc)}")
        return
    sent = example.get(wire_name) or []
    if len(events) != len(sent):
        result.fail(op, "event-stream", f"{wire_name}: {len(events)} events parsed, {len(sent)} sent")
    for event in events:
        if result.attempt(op, "event-stream", event.to_json_dict) is None:
            return


# -- 8. docs ------------------------------------------------------------------------------------


def check_docs(result: Result, docs_dir: Path, operations: list[str]) -> None:
    from tests.docs_reading import anchors, check_links, markdown_entries, parse

    result.attempt("-", "docs", lambda: check_links(docs_dir))
    for op in operations:
        page = docs_dir / f"{op}.md"
        if not page.is_file():
            result.fail(op, "docs", f"missing {page.name}")
            continue

        def read(page: Path = page) -> None:
            text = page.read_text(encoding="utf-8")
            anchors(parse(text))
            if "\n## Output\n" in text:
                markdown_entries(text)

        result.attempt(op, "docs", read)


# -- the whole service --------------------------------------------------------------------------


def check_service(service: str, out: Path, operations: list[str]) -> Result:
    result = Result(service=service, package=package_name(service), out=str(out))
    if not generate(result, operations):
        return result
    result.generated = True
    started = time.perf_counter()
    try:
        check_generated(result, operations)
    except Exception:  # noqa: BLE001 - a crash of the checker itself is reported, not raised
        result.fail("-", "checker", one_line(traceback.format_exc().splitlines()[-1]))
    result.seconds["check"] = round(time.perf_counter() - started, 2)
    result.peak_rss_mb["check"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def check_generated(result: Result, operations: list[str]) -> None:
    import botocore.model

    from generator.graph import build_graph
    from generator.load import load_installed

    out = Path(result.out)
    model = load_installed(result.service)
    graph = build_graph(model, operations or None)
    count_graph(result, graph)
    result.operations = len(graph.operations)
    botocore_model = botocore.model.ServiceModel(model.data, model.service)
    names = [op.name for op in graph.operations]

    schemas = check_schemas(result, out / "schema" / result.service, names)
    modules = import_package(result)
    skeleton_dir = out / "skeleton" / result.service
    for graph_op in graph.operations:
        op = graph_op.name
        operation = result.attempt(op, "checker", lambda: botocore_model.operation_model(op))
        if operation is None:
            continue
        check_cli_skeletons(result, skeleton_dir, modules["skeleton"] if modules else None, op, operation)
        if modules is None:
            continue
        check_example_input(result, modules["skeleton"], op, operation)
        check_example_output(result, modules, graph_op, operation, schemas.get((op, "output")))
    check_docs(result, out / "docs" / result.service, names)
    check_black(result, out / "python" / result.package)
    check_api_reader(result, graph, out / "python" / result.package)


def check_api_reader(result: Result, graph: Any, package_dir: Path) -> None:
    """``shapegen diff``'s libcst reader reads models.py back to what the generator decided:
    every class with its kind, fields (annotation, required), enum values, operations, errors."""
    from generator.apidiff.read import read_package
    from generator.python.build import build_surface

    started = time.perf_counter()
    models = package_dir / "models.py"
    api = result.attempt("-", "api-reader", lambda: read_package(result.package, models.read_text("utf-8"), str(models)))
    if api is None:
        return
    surface = build_surface(graph, result.package)
    errors = {e for op in surface.operations for e in op.errors}
    expected: dict[str, tuple[str, Any]] = {e.name: ("enum", {m.name: m.value for m in e.members}) for e in surface.enums}
    for cls in surface.classes:
        kind = "union" if cls.union else "error" if cls.name in errors else "structure"
        fields = {f.attr: (f.annotation.render(), f.required) for f in cls.fields}
        for synthetic in (cls.error_info, cls.response_metadata):
            if synthetic:
                fields[synthetic] = ("dict[str, Any] | None", False)
        expected[cls.name] = (kind, fields)  # not the plumbing: unknown_members, sdk_unknown_member
    got: dict[str, tuple[str, Any]] = {}
    for name, cls in api.classes.items():
        if cls.kind.value == "enum":
            got[name] = ("enum", dict(cls.values))
        else:
            got[name] = (cls.kind.value, {f.name: (f.annotation, f.required) for f in cls.fields.values()})
    for name in sorted(expected.keys() | got.keys()):
        if expected.get(name) != got.get(name):
            result.fail("-", "api-reader", f"{name}: read {got.get(name)!r:.200}, generated {expected.get(name)!r:.200}")
    operations = {op.name: (op.input, op.output, sorted(op.errors)) for op in surface.operations}
    read_operations = {op.name: (op.request, op.response, sorted(op.errors)) for op in api.operations.values()}
    if operations != read_operations:
        result.fail("-", "api-reader", "OPERATIONS or ERRORS read back differ from what was generated")
    result.counts["api_classes"] = len(got)
    result.seconds["api_reader"] = round(time.perf_counter() - started, 2)


def check_black(result: Result, package_dir: Path) -> None:
    """Every generated module is exactly black's output (tests/corpus/black_check.py)."""
    from tests.corpus.black_check import black_of, first_difference

    started = time.perf_counter()
    for module in sorted(package_dir.glob("*.py")):
        text = module.read_text(encoding="utf-8")
        formatted = result.attempt("-", "black", lambda text=text: black_of(text))
        if formatted is not None and formatted != text:
            result.fail("-", "black", f"{module.name}: {first_difference(text, formatted)}")
    result.counts["black_modules"] = len(list(package_dir.glob("*.py")))
    result.seconds["black"] = round(time.perf_counter() - started, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.worker")
    parser.add_argument("--service", required=True)
    parser.add_argument("--out", type=Path, required=True, help="output folder for this service")
    parser.add_argument("--result", type=Path, required=True, help="JSON file to write the result to")
    parser.add_argument("--operation", action="append", dest="operations", default=[])
    args = parser.parse_args(argv)
    result = check_service(args.service, args.out, args.operations)
    args.result.write_text(json.dumps(dataclasses.asdict(result)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
