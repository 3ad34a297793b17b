"""Model text is data: nothing in a model runs, and every generated module imports and type-checks.

One hostile model carries, in every free string field (docs of the service, operations,
shapes and members; serviceFullName, apiVersion, serviceId, uid...; enum values, member
names, locationNames, patterns, timestampFormat, requestUri), a payload that tries to
leave every kind of quoting the generator writes and then write a marker file. The
generated package must import, run its skeleton command and pass ``mypy --strict``
without the marker ever appearing. Names that become code are validated instead, and
the templates are checked to send every model value through ``generator.escape``.
"""

from __future__ import annotations

import ast
import builtins
import json
import keyword
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes as jn
import pytest

import docs_reading
from conftest import EDGE_MODEL, run_shapegen
from docs_reading import check_links
from generator import escape
from generator.emitters.skeleton import operation_samples
from generator.emitters.skeleton.table import build_table
from generator.graph import build_graph
from generator.load import load_file
from generator.python.build import build_surface
from generator.python.naming import CLASS_BODY_NAMES, MODULE_NAMES, SKELETON_MODULE_NAMES
from generator.render import templates_root
from test_bad_input import Scene, edge_model_with, generate_model, pristine, scene  # noqa: F401
from test_typing import mypy

PACKAGE = "hostile_shapes"
NAMES_PACKAGE = "names_shapes"


def payload(marker: Path) -> str:
    """Text that would write ``marker`` if it escaped any quoting the generator uses."""
    code = f"__import__('pathlib').Path({str(marker)!r}).write_text('pwned')"
    return (
        f"\n{code}\n"  # out of a comment
        f'" + {code} + "'  # out of "..."
        f"' + {code} + '"  # out of '...'
        f'""" + {code} + """'  # out of a docstring
        f"''' + {code} + '''"
        f"\r{code}\\"  # a bare CR, a trailing backslash
        "{{ 7*7 }} {% if true %}JINJA{% endif %} \x00 \ud800 <script>alert(1)</script> "
        f"\\\n{code}\n\""  # a line continuation, a trailing quote
    )


def hostile_model(marker: Path) -> dict[str, Any]:
    text = payload(marker)
    model = json.loads(EDGE_MODEL.read_text(encoding="utf-8"))
    for key, value in model["metadata"].items():
        if isinstance(value, str):
            model["metadata"][key] = value + text
    model["documentation"] += text
    for operation in model["operations"].values():
        operation["documentation"] = operation.get("documentation", "") + text
        operation["http"]["requestUri"] += text
    for shape in model["shapes"].values():
        shape["documentation"] = shape.get("documentation", "") + text
        for wire, member in shape.get("members", {}).items():
            member["documentation"] = member.get("documentation", "") + text
            member["locationName"] = wire + text
        if shape["type"] == "map":
            shape["key"]["locationName"] = "k" + text
            shape["value"]["locationName"] = "v" + text
        if "enum" in shape:
            shape["enum"].append(text)
        if shape["type"] == "timestamp":
            shape["timestampFormat"] = "iso8601" + text
        if shape["type"] == "string" and "enum" not in shape:
            # Optional, so that a value exists (examples must satisfy the pattern) whatever the payload does.
            shape["pattern"] = "^[a-z]*(?:" + text.replace("\ud800", "") + ")?"
    for structure in ("PutThingRequest", "PutThingResponse", "Thing"):
        members = model["shapes"][structure]["members"]
        members[text] = {"shape": "Name", "documentation": text, "locationName": text}
        members["x" + text] = {"shape": "Kind"}
    return model


def run_python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter (no bytecode written), as a user of the package runs it."""
    return subprocess.run(
        [sys.executable, "-B", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(output folder, marker path, payload) of a run over the hostile model."""
    root = tmp_path_factory.mktemp("hostile")
    marker = root / "marker"
    model = root / "service-2.json"
    model.write_text(json.dumps(hostile_model(marker), indent=1), encoding="ascii")  # \ud800 as an escape
    out = root / "out"
    result = run_shapegen("generate", "--service", "hostile", "--model", str(model), "--package", PACKAGE, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    return out, marker, payload(marker)


def test_hostile_package_imports_without_running_model_text(hostile: tuple[Path, Path, str]) -> None:
    out, marker, _ = hostile
    modules = ", ".join(f"{PACKAGE}.{m}" for m in ("_runtime", "models", "skeleton"))
    result = run_python("-c", f"import {PACKAGE}, {modules}; print('imported')", cwd=out / "python")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported\n"
    assert not marker.exists()


def test_hostile_skeleton_command_runs_no_model_text(hostile: tuple[Path, Path, str]) -> None:
    out, marker, _ = hostile
    for operation in ("PutThing", "GetThing"):
        for kind in ("input", "output", "example-input", "example-output"):
            for fmt in ("json", "yaml"):
                result = run_python(
                    "-m", f"{PACKAGE}.skeleton", operation, kind, "--format", fmt, cwd=out / "python"
                )
                assert result.returncode == 0, (operation, kind, fmt, result.stderr)
                assert result.stderr == ""
                if fmt == "json":
                    json.loads(result.stdout)
                    if kind in ("input", "output"):  # what the command prints is the file
                        expected = out / "skeleton" / "hostile" / f"{operation}.{kind}.json"
                        assert result.stdout == expected.read_text(encoding="utf-8")
    assert not marker.exists()


def test_hostile_package_passes_mypy_strict(hostile: tuple[Path, Path, str]) -> None:
    out, _, _ = hostile
    result = mypy("--strict", "--config-file=", "--python-version=3.11", "-p", PACKAGE, cwd=out / "python")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hostile_values_round_trip_as_data(hostile: tuple[Path, Path, str]) -> None:
    """Escaped, not mangled: enum values and wire names come back exactly."""
    out, marker, text = hostile
    script = (
        "import sys, json\n"
        f"from {PACKAGE} import Kind, PutThingRequest\n"
        "text = json.loads(sys.stdin.read())\n"
        "assert Kind(text).value == text and Kind(text) in Kind\n"
        "req = PutThingRequest.from_dict({'Name': 'n', 'Payload': b'p', text: 'v', 'x' + text: text})\n"
        "assert req.to_dict()[text] == 'v' and req.to_dict()['x' + text] == text\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-B", "-c", script], cwd=out / "python", input=json.dumps(text),
        capture_output=True, text=True, timeout=120,
    )
    assert result.stdout == "ok\n", result.stderr
    assert not marker.exists()


def test_hostile_files_are_valid_for_their_kind(hostile: tuple[Path, Path, str]) -> None:
    out, _, text = hostile
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        content = data.decode("utf-8")  # no lone surrogate reached a file
        assert "\x00" not in content, path
        if path.suffix == ".json":
            json.loads(content)
        elif path.suffix == ".toml":
            tomllib.loads(content)
        elif path.suffix == ".py":
            tree = ast.parse(content)
            # The header is three comment lines, whatever apiVersion holds.
            head = content.splitlines()[:4]
            assert [line[:1] for line in head] == ["#", "#", "#", '"'], head
            # The payload's code is only ever data: no call of it anywhere in the code.
            assert not any(isinstance(n, ast.Name) and n.id == "__import__" for n in ast.walk(tree)), path
    schema = json.loads((out / "schema" / "hostile" / "PutThing.input.schema.json").read_text(encoding="utf-8"))
    assert text in schema["$defs"]["PutThingRequest"]["properties"]  # the exact wire name, surrogate and all
    project = tomllib.loads((out / "python" / PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["description"].startswith("Typed Edge Case Service\n")


def test_markdown_keeps_model_text_inert(hostile: tuple[Path, Path, str]) -> None:
    out, _, _ = hostile
    # The only raw HTML is the shape anchors, and every link resolves or is a web link.
    assert check_links(out / "docs" / "hostile") > 0
    for page in (out / "docs" / "hostile").glob("*.md"):
        html = docs_reading.PARSER.render(page.read_text(encoding="utf-8"))
        assert "<script" not in html and "&lt;script&gt;" in html


# --- the layer itself ------------------------------------------------------------------

NASTY = ["", "plain", '"', "'", '"""', "'''", "a\\", "\\", "x\"", '\\"', '""', '""""', '"""""', 'a"""b""', '\n"""\n', "\x00", "\ud800", "\r\n", "\u2028",
         "{{ x }}", "tab\there", "\x7f\x85", "é中😀", "\\N{BULLET}", "\\u0041"]


def test_the_unsafe_class_is_the_unsafe_categories() -> None:
    """``escape.UNSAFE`` (one regex, for speed) is exactly the characters ``_unsafe`` names."""
    assert [c for c in range(0x110000) if escape._unsafe(chr(c)) != bool(escape.UNSAFE.match(chr(c)))] == []


@pytest.mark.parametrize("value", NASTY)
def test_py_str_round_trips(value: str) -> None:
    literal = escape.py_str(value)
    assert ast.literal_eval(literal) == value
    literal.encode("utf-8")
    assert "\n" not in literal and "\r" not in literal


@pytest.mark.parametrize("value", NASTY)
def test_py_docstring_and_py_text_stay_one_literal(value: str) -> None:
    for literal in (escape.py_docstring(value, 4), escape.py_text(value)):
        literal.encode("utf-8")
        tree = ast.parse(f"x = {literal}")
        assert len(tree.body) == 1
    assert ast.literal_eval(escape.py_text(value)) == value
    # A docstring shows control characters and lone surrogates as their escapes, as text.
    # black's docstring rules change only whitespace around the words (tests/test_escape_black.py).
    shown = ast.literal_eval(escape.py_docstring(value))
    expected = "".join(c if c == "\n" else escape.visible(c) for c in value)
    assert shown.split() == expected.split()
    shown.encode("utf-8")


@pytest.mark.parametrize("value", NASTY)
def test_comment_toml_json_markdown(value: str) -> None:
    comment = escape.py_comment(value)
    assert len(ast.parse(f"# {comment}\nx = 1").body) == 1
    comment.encode("utf-8")
    parsed = tomllib.loads(f"v = {escape.toml_str(value)}")["v"]
    assert parsed == value if not any(0xD800 <= ord(c) <= 0xDFFF for c in value) else "\\ud800" in parsed
    assert json.loads(escape.json_text({value: value})) == {value: value}
    for markdown in (escape.escape_markdown(value), escape.code_span(value), escape.code_line(value)):
        markdown.encode("utf-8")
        assert "\n" not in markdown and "\x00" not in markdown


def test_identifiers_are_validated_not_made() -> None:
    assert escape.py_identifier("Foo_1") == "Foo_1"
    for bad in ["", "1a", "a-b", "class", "a\nb", "é"]:
        with pytest.raises(Exception, match="not a usable Python name"):
            escape.py_identifier(bad)


# --- every {{ }} of every template goes through the layer ------------------------------

# Outputs that print what the generator decides itself, not model text: Python code it
# builds (annotations, codec expressions), Markdown it already built through the layer
# (doctext, code spans), numbers and fixed words. Keyed by template, as the expression
# is written there.
GENERATOR_DECIDED: dict[str, set[str]] = {
    "python/package/__init__.py.jinja": {"header"},
    "python/package/_runtime.py.jinja": {"header"},
    "python/package/skeleton.py.jinja": {"header"},
    "python/package/models.py.jinja": {"header", "f.declared"},
    "python/package/_codec.py.jinja": {
        "header", "dumped", "f.codec.annotation", "f.annotation", "f.codec.parse_of()",
        "f.codec.optional_parse_of()", "h.annotation", "h.item.parse_of()", "h.key.parse_of()",
        "h.item.dump_of()", "h.item.dump_json_of()", "h.key.dump_of()", "h.key.dump_json_of()",
    },
    "python/package/pyproject.toml.jinja": set(),
    "python/package/py.typed.jinja": set(),
    "docs/service/README.md.jinja": {"page.file_name", "page.python_classes|join or", "service_doc"},
    "docs/service/operation.md.jinja": {
        "page.python_classes|join", "page.doc", "page.synopsis_fence", "p.option", "p.type_name", "p.python",
        "p.anchor", "fact", "p.doc", "e.indent", "recursive_marker", "e.anchor", "e.type_name",
        "e.doc|indent", "e.union_members|join", "s.anchor", "s.type_name", "s.python", "s.doc",
        "m.type_name", "m.anchor", "m.details|join", "m.doc|indent", "exact_entries", "repeat_entries", "repeated_marker",
    },
}


def _describe(node: jn.Node) -> str:
    """A template expression as a short key: ``cls.name``, ``e.doc|indent``, ``f.codec.parse_of()``."""
    if isinstance(node, jn.Name):
        return node.name
    if isinstance(node, jn.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, jn.Getitem):
        return f"{_describe(node.node)}[]"
    if isinstance(node, jn.Call):
        return f"{_describe(node.node)}()"
    if isinstance(node, jn.Filter):
        assert node.node is not None
        return f"{_describe(node.node)}|{node.name}"
    if isinstance(node, jn.Or):
        return f"{_describe(node.left)} or"
    return type(node).__name__


def _unsafe_outputs(template: str, node: jn.Node) -> Iterator[str]:
    """Output expressions that neither end in a layer filter nor are generator-decided."""
    if isinstance(node, jn.FilterBlock) and node.filter.name in escape.FILTERS:
        return  # the whole block's text goes through the layer
    if isinstance(node, jn.Output):
        for expr in node.nodes:
            if not isinstance(expr, jn.TemplateData):
                yield from _unsafe_expression(template, expr)
        return
    for child in node.iter_child_nodes():
        yield from _unsafe_outputs(template, child)


def _unsafe_expression(template: str, expr: jn.Expr) -> Iterator[str]:
    if isinstance(expr, jn.Const) or (isinstance(expr, jn.Filter) and expr.name in escape.FILTERS):
        return
    if isinstance(expr, jn.CondExpr):
        yield from _unsafe_expression(template, expr.expr1)
        if expr.expr2 is not None:
            yield from _unsafe_expression(template, expr.expr2)
        return
    if _describe(expr) not in GENERATOR_DECIDED[template]:
        yield f"{template}:{expr.lineno}: {{{{ {_describe(expr)} }}}}"


def _templates() -> list[str]:
    root = templates_root()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.jinja"))


def test_every_template_output_goes_through_the_layer() -> None:
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
    env.filters.update(escape.FILTERS)
    root = templates_root()
    unsafe = []
    for name in _templates():
        assert name in GENERATOR_DECIDED, f"new template {name}: list its generator-decided outputs"
        unsafe += _unsafe_outputs(name, env.parse((root / name).read_text(encoding="utf-8")))
    assert unsafe == []


def test_the_template_check_catches_a_raw_value(monkeypatch: pytest.MonkeyPatch) -> None:
    env = jinja2.Environment()
    parsed = env.parse('x = "{{ service.full_name }}"\n{{ cls.doc | docstring }}{{ f.attr | upper }}')
    found = list(_unsafe_outputs("python/package/models.py.jinja", parsed))
    assert [f.split(": ", 1)[1] for f in found] == ["{{ service.full_name }}", "{{ f.attr|upper }}"]


# --- names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "name"),
    [("shape", 'Bad"""Name'), ("shape", "Has Space"), ("shape", "x" * 201), ("operation", "Do\nThing"),
     ("operation", "Op-Name")],
)
def test_names_that_are_not_identifiers_are_refused(scene: Scene, where: str, name: str) -> None:
    def change(model: dict[str, Any]) -> None:
        if where == "shape":
            model["shapes"][name] = model["shapes"].pop("Name")
            for shape in model["shapes"].values():
                for member in shape.get("members", {}).values():
                    if member["shape"] == "Name":
                        member["shape"] = name
        else:
            model["operations"][name] = model["operations"].pop("PutThing")

    path = edge_model_with(scene, "bad-name", change)
    line = scene.assert_refused(generate_model(scene, path), str(path), f"{where} {repr(name)[:40]}")
    assert "[A-Za-z_][A-Za-z0-9_]*" in line


def names_model() -> dict[str, Any]:
    """Members named after every builtin and every name the templates use; shapes named
    after the package's own module-level names; helpers that used to share a name; a
    union without members."""
    template_words: set[str] = set()
    for name in _templates():
        template_words |= _identifiers((templates_root() / name).read_text(encoding="utf-8"))
    wires = sorted((set(dir(builtins)) | template_words | set(keyword.kwlist)) - {""})
    return {
        "version": "2.0",
        "metadata": {"apiVersion": "2024-01-01", "serviceFullName": "Names", "serviceId": "Names",
                     "protocol": "json", "uid": "names-2024-01-01"},
        "operations": {
            "Use": {"name": "Use", "input": {"shape": "Everything"}, "output": {"shape": "MODEL_SHA256"}},
        },
        "shapes": {
            "Everything": {
                "type": "structure",
                "members": {
                    **{w: {"shape": "Str"} for w in wires},
                    "ListA": {"shape": "Foo"}, "ListB": {"shape": "JsonFoo"}, "Empty": {"shape": "Empty"},
                },
            },
            "MODEL_SHA256": {"type": "structure", "members": {"Version": {"shape": "BOTOCORE_VERSION"},
                                                              "Ops": {"shape": "OPERATIONS"}}},
            "BOTOCORE_VERSION": {"type": "string", "enum": ["A"]},
            "OPERATIONS": {"type": "structure", "members": {"Empty": {"shape": "Empty"}}},
            "Empty": {"type": "structure", "union": True, "members": {}},
            "Str": {"type": "string"},
            # _dump_json_ + foo and _dump_ + json_foo: one name before the helpers had one namer.
            "Foo": {"type": "list", "member": {"shape": "Stamp"}},
            "JsonFoo": {"type": "list", "member": {"shape": "Stamp"}},
            "Stamp": {"type": "structure", "members": {"When": {"shape": "When"}}},
            "When": {"type": "timestamp"},
        },
    }


def _identifiers(text: str) -> set[str]:
    import re

    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))


@pytest.fixture(scope="module")
def names_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    model = root / "service-2.json"
    model.write_text(json.dumps(names_model()), encoding="utf-8")
    out = root / "out"
    result = run_shapegen("generate", "--service", "names", "--model", str(model), "--package", NAMES_PACKAGE, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_names_package_imports_works_and_passes_mypy(names_out: Path) -> None:
    script = f"""
import datetime, sys
import {NAMES_PACKAGE} as p
assert isinstance(p.MODEL_SHA256, str) and len(p.MODEL_SHA256) == 64, p.MODEL_SHA256
assert p.BOTOCORE_VERSION[0].isdigit(), p.BOTOCORE_VERSION
assert p.MODEL_SHA256_.__name__ == 'MODEL_SHA256_' and p.OPERATIONS_.__name__ == 'OPERATIONS_'
assert p.OPERATIONS['Use'] == (p.Everything, p.MODEL_SHA256_)
when = datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc)
stamps = [{{'When': when}}]
e = p.Everything.from_dict({{'ListA': stamps, 'ListB': stamps, 'classmethod': 'c', 'len': 'l', 'Empty': {{'Other': 1}}}})
assert e.to_dict()['ListA'] == stamps == e.to_dict()['ListB']
assert e.to_json_dict()['ListA'] == [{{'When': '2024-01-02T00:00:00Z'}}] == e.to_json_dict()['ListB']
assert e.classmethod_ == 'c' and e.empty.sdk_unknown_member == 'Other'
assert p.Empty(sdk_unknown_member='X').to_dict() == {{'SDK_UNKNOWN_MEMBER': {{'name': 'X'}}}}
print('ok')
"""
    result = run_python("-c", script, cwd=names_out / "python")
    assert result.stdout == "ok\n", result.stderr
    result = mypy("--strict", "--config-file=", "--python-version=3.11", "-p", NAMES_PACKAGE, cwd=names_out / "python")
    assert result.returncode == 0, result.stdout + result.stderr


def _class_scope_names(cls: ast.ClassDef) -> tuple[set[str], set[str]]:
    """(names a class body evaluates while the class is made, names it binds)."""
    used: set[str] = set()
    bound: set[str] = set()

    def loads(node: ast.AST | None, annotation: bool = False) -> None:
        for sub in ast.walk(node) if node is not None else ():
            if isinstance(sub, ast.Name):
                used.add(sub.id)
            elif annotation and isinstance(sub, ast.Constant) and isinstance(sub.value, str):  # quoted
                loads(ast.parse(sub.value, mode="eval").body)

    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            bound.add(stmt.target.id)
            loads(stmt.annotation, annotation=True)
            loads(stmt.value)
        elif isinstance(stmt, ast.Assign):
            bound |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
            loads(stmt.value)
        elif isinstance(stmt, ast.FunctionDef):
            bound.add(stmt.name)
            for decorator in stmt.decorator_list:
                loads(decorator)
            for arg in stmt.args.args + stmt.args.kwonlyargs:
                loads(arg.annotation, annotation=True)
            for default in stmt.args.defaults + stmt.args.kw_defaults:
                loads(default)
            loads(stmt.returns, annotation=True)
    return used, bound


def _module_names(tree: ast.Module) -> set[str]:
    """Every identifier the module binds or reads (over-approximates its global scope)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
    return names


def _generated_cases(names_out: Path) -> Iterator[tuple[str, Path, Path]]:
    """(package, python folder, model) of the edge model and the names model."""
    yield "names_shapes", names_out / "python", names_out.parent / "service-2.json"
    edge = names_out.parent / "edge"
    if not edge.exists():
        result = run_shapegen("generate", "--service", "edgecase", "--model", str(EDGE_MODEL), "--package",
                              "edge_shapes", "--out", str(edge))
        assert result.returncode == 0, result.stderr
    yield "edge_shapes", edge / "python", EDGE_MODEL


def test_reserved_names_cover_what_the_templates_use(names_out: Path) -> None:
    """Derived from the templates' output: a template that starts using a name must reserve it."""
    for package, python_dir, model_path in _generated_cases(names_out):
        graph = build_graph(load_file(model_path, package.split("_")[0]))
        module = build_surface(graph, package)
        classes = {c.name for c in module.classes} | {e.name for e in module.enums}
        decided = classes | {
            n for c in module.classes for n in (c.parse_name, c.builder_name, c.dump_name, c.dump_json_name, c.known_name)
        }
        decided |= {n for h in module.helpers for n in (h.parse_name, h.dump_name, h.dump_json_name) if n}
        for c in module.classes:
            decided |= {a for attr in c.attrs for a in (attr, f"f_{attr}")}
        decided |= {m.name for e in module.enums for m in e.members}
        folder = python_dir / package
        models, codec, init = (
            ast.parse((folder / name).read_text(encoding="utf-8")) for name in ("models.py", "_codec.py", "__init__.py")
        )
        used = _module_names(models) | _module_names(codec) | _module_names(init)
        assert used - decided <= MODULE_NAMES, sorted(used - decided - MODULE_NAMES)
        functions = {s.function for op in operation_samples(graph, build_table(graph)[0]) for s in op.samples}
        skeleton = ast.parse((folder / "skeleton.py").read_text(encoding="utf-8"))
        assert _module_names(skeleton) - functions <= SKELETON_MODULE_NAMES, sorted(
            _module_names(skeleton) - functions - SKELETON_MODULE_NAMES
        )
        for cls in (n for n in models.body if isinstance(n, ast.ClassDef)):
            used, bound = _class_scope_names(cls)
            assert used - classes <= CLASS_BODY_NAMES, (cls.name, sorted(used - classes - CLASS_BODY_NAMES))
            methods = {s.name for s in cls.body if isinstance(s, ast.FunctionDef)}
            assert methods <= CLASS_BODY_NAMES, methods
            assert not (used & bound), (cls.name, used & bound)
