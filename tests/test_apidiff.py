"""``shapegen diff``: the public API of two runs' generated packages compared.

The connect model of botocore 1.31.0 (tests/fixtures/connect-2023) against the pinned one
checks real changes, each against the two JSON models read independently; small edits of the
edge-case model check each kind of change, its classification and the exit codes.
"""

from __future__ import annotations

import copy
import gzip
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EDGE_MODEL, FIXTURES
from generator.apidiff import compare
from generator.apidiff.read import read_package
from generator.apidiff.report import markdown, text
from generator.apidiff.surface import ApiSurface, ClassApi, ClassKind, FieldApi, PackageApi
from generator.botocore_data import model_path
from generator.cli import main

CONNECT_2023 = FIXTURES / "connect-2023" / "service-2.json"
EDGE = ("--service", "edgecase", "--package", "edge_shapes")
Model = dict[str, Any]


def generate(out: Path, *args: str) -> Path:
    assert main(["generate", *args, "--emit", "python", "--out", str(out), "--jobs", "1", "--progress", "none"]) == 0
    return out


def diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["diff", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def changes_of(capsys: pytest.CaptureFixture[str], new: Path, old: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    code, out, _ = diff(capsys, "--out", str(new), "--against", str(old), "--format", "json", *extra)
    return code, json.loads(out)["changes"]


def error_line(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = diff(capsys, *args)
    assert code == 2, (out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("shapegen: error: "), err
    return err


# --- connect: botocore 1.31.0's model against the pinned one ------------------------------------


def load_model(path: Path) -> Model:
    raw = path.read_bytes()
    data: Model = json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    return data


def reachable(model: Model, operation: str) -> set[str]:
    """The shapes an operation's input, output and errors reach."""
    spec = model["operations"][operation]
    todo = [spec[k]["shape"] for k in ("input", "output") if k in spec] + [e["shape"] for e in spec.get("errors", [])]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = model["shapes"][name]
        todo += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
        todo += [member["shape"] for member in shape.get("members", {}).values()]
    return seen


def classes(model: Model, operation: str) -> set[str]:
    """The shapes that become classes: structures and enums."""
    shapes = model["shapes"]
    return {s for s in reachable(model, operation) if shapes[s]["type"] == "structure" or "enum" in shapes[s]}


def squashed(name: str) -> str:
    """A member name and its Python field name both squashed to the same key."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@pytest.fixture(scope="module")
def connect_sides(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("connect")
    operation = ("--service", "connect", "--operation", "DescribeContact")
    old = generate(root / "old", *operation, "--model", str(CONNECT_2023))
    new = generate(root / "new", *operation)
    return old, new


def test_connect_2023_to_pinned_lists_what_describe_contact_gained(
    connect_sides: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old_dir, new_dir = connect_sides
    code, changes = changes_of(capsys, new_dir, old_dir)
    found = {(c["owner"], c["member"], c["kind"]) for c in changes}
    for field in ("contact_association_id", "routing_criteria", "segment_attributes"):
        assert ("Contact", field, "field added") in found
    assert ("Channel", "EMAIL", "enum value added") in found
    assert {c["package"] for c in changes} == {"connect_shapes"}

    old, new = load_model(CONNECT_2023), load_model(model_path("connect"))  # type: ignore[arg-type]
    old_classes, new_classes = classes(old, "DescribeContact"), classes(new, "DescribeContact")
    shapes_old, shapes_new = old["shapes"], new["shapes"]
    for change in changes:
        owner, member, kind = change["owner"], change["member"], change["kind"]
        if kind == "class added":
            assert owner in new_classes - old_classes, change
        elif kind == "class removed":
            assert owner in old_classes - new_classes, change
        elif kind in ("field added", "union member added", "field removed", "union member removed"):
            before = {squashed(m) for m in shapes_old[owner]["members"]}
            after = {squashed(m) for m in shapes_new[owner]["members"]}
            assert squashed(member) in (after - before if kind.endswith("added") else before - after), change
        elif kind in ("enum value added", "enum value removed"):
            value = change["new"] if kind.endswith("added") else change["old"]
            before, after = set(shapes_old[owner]["enum"]), set(shapes_new[owner]["enum"])
            assert value in (after - before if kind.endswith("added") else before - after), change
        else:
            pytest.fail(f"a change the models do not explain: {change}")

    # Every class and member DescribeContact gained is listed, nothing else.
    assert {c["owner"] for c in changes if c["kind"] == "class added"} == new_classes - old_classes
    for shape in old_classes & new_classes:
        gained = {squashed(m) for m in shapes_new[shape].get("members", {})} - {
            squashed(m) for m in shapes_old[shape].get("members", {})
        }
        listed = {squashed(c["member"]) for c in changes if c["owner"] == shape and c["kind"].endswith("added")}
        if "enum" not in shapes_new[shape]:
            assert listed == gained, shape

    # Breaking or not, as the two models say: nothing removed, no member's shape or
    # requiredness changed, no enum value dropped, the same errors.
    breaking = bool(old_classes - new_classes)
    for shape in old_classes & new_classes:
        a, b = shapes_old[shape], shapes_new[shape]
        a_members, b_members = a.get("members", {}), b.get("members", {})
        breaking |= bool(set(a_members) - set(b_members))
        breaking |= any(a_members[m]["shape"] != b_members[m]["shape"] for m in set(a_members) & set(b_members))
        breaking |= set(a.get("required", [])) != set(b.get("required", []))
        breaking |= bool(set(a.get("enum", [])) - set(b.get("enum", [])))
    assert any(c["breaking"] for c in changes) == breaking
    assert code == (1 if breaking else 0)


def test_connect_diff_against_itself_is_empty(connect_sides: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, new = connect_sides
    assert diff(capsys, "--out", str(new), "--against", str(new)) == (0, "No API changes.\n", "")


# --- the edge-case model, edited ------------------------------------------------------------


@pytest.fixture(scope="module")
def edge_model() -> Model:
    return load_model(EDGE_MODEL)


@pytest.fixture(scope="module")
def edge_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("edge-base") / "out", *EDGE, "--model", str(EDGE_MODEL))


@pytest.fixture
def variant(tmp_path: Path, edge_model: Model) -> Callable[[Callable[[Model], None]], Path]:
    """The edge-case model edited by a function, generated into a folder of its own."""

    def make(edit: Callable[[Model], None]) -> Path:
        model = copy.deepcopy(edge_model)
        edit(model)
        path = tmp_path / "model" / "service-2.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(model), encoding="utf-8")
        shutil.rmtree(tmp_path / "variant", ignore_errors=True)
        return generate(tmp_path / "variant", *EDGE, "--model", str(path))

    return make


def _thing(model: Model) -> Model:
    shape: Model = model["shapes"]["Thing"]
    return shape


def _remove_period(model: Model) -> None:
    del model["shapes"]["PutThingRequest"]["members"]["Period"]


def _add_required(model: Model) -> None:
    _thing(model)["members"]["Extra"] = {"shape": "Name"}
    _thing(model)["required"].append("Extra")


def _remove_get_thing(model: Model) -> None:
    del model["operations"]["GetThing"]
    del model["shapes"]["GetThingRequest"]


BREAKING_EDITS: dict[str, tuple[Callable[[Model], None], tuple[str, str, str]]] = {
    "field removed": (lambda m: _thing(m)["members"].pop("Tree"), ("Thing", "tree", "field removed")),
    "type changed": (lambda m: _thing(m)["members"]["Payload"].update(shape="Name"), ("Thing", "payload", "field type changed")),
    "optional made required": (lambda m: _thing(m)["required"].append("Tree"), ("Thing", "tree", "field made required")),
    "required made optional": (lambda m: _thing(m).pop("required"), ("Thing", "id", "field made optional")),
    "required field added": (_add_required, ("Thing", "extra", "field added")),
    "enum value removed": (lambda m: m["shapes"]["Kind"]["enum"].remove("BETA"), ("Kind", "BETA", "enum value removed")),
    "union member removed": (lambda m: m["shapes"]["Choice"]["members"].pop("Number"), ("Choice", "number", "union member removed")),
    "class removed": (_remove_period, ("Datetime", "", "class removed")),
    "operation removed": (_remove_get_thing, ("GetThing", "", "operation removed")),
}


@pytest.mark.parametrize("name", list(BREAKING_EDITS))
def test_each_breaking_change_exits_1(
    name: str, variant: Callable[[Callable[[Model], None]], Path], edge_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit, expected = BREAKING_EDITS[name]
    new = variant(edit)
    code, changes = changes_of(capsys, new, edge_base)
    assert code == 1
    listed = {(c["owner"], c["member"], c["kind"]): c for c in changes}
    assert expected in listed, changes
    assert listed[expected]["breaking"] is True
    # One change each: `x: T` made optional is `x: T | None = None`, not also a type change.
    assert [key for key in listed if key[:2] == expected[:2]] == [expected]

    code, report, err = diff(capsys, "--out", str(new), "--against", str(edge_base))
    assert code == 1 and report.startswith("Breaking changes (")
    assert err.startswith("shapegen diff: ") and "--allow-breaking" in err
    assert diff(capsys, "--out", str(new), "--against", str(edge_base), "--allow-breaking") == (0, report, "")


NON_BREAKING_EDITS: dict[str, tuple[Callable[[Model], None], tuple[str, str, str]]] = {
    "optional field added": (lambda m: _thing(m)["members"].update(Extra={"shape": "Name"}), ("Thing", "extra", "field added")),
    "enum value added": (lambda m: m["shapes"]["Kind"]["enum"].append("GAMMA"), ("Kind", "GAMMA", "enum value added")),
    "union member added": (lambda m: m["shapes"]["Choice"]["members"].update(Flag={"shape": "Flag"}), ("Choice", "flag", "union member added")),
    "operation added": (lambda m: m["operations"].update(GetOther={**m["operations"]["GetThing"], "name": "GetOther"}), ("GetOther", "", "operation added")),
}


@pytest.mark.parametrize("name", list(NON_BREAKING_EDITS))
def test_each_other_change_exits_0(
    name: str, variant: Callable[[Callable[[Model], None]], Path], edge_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit, expected = NON_BREAKING_EDITS[name]
    code, changes = changes_of(capsys, variant(edit), edge_base)
    assert code == 0
    assert [(c["owner"], c["member"], c["kind"], c["breaking"]) for c in changes] == [(*expected, False)]


def _add_error(model: Model) -> None:
    model["shapes"]["Boom"] = {"type": "structure", "members": {"Message": {"shape": "Name"}}, "exception": True}
    model["operations"]["GetThing"]["errors"] = [{"shape": "Boom"}]


def test_an_error_added_is_not_breaking_and_removed_is(
    variant: Callable[[Callable[[Model], None]], Path], edge_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_error = variant(_add_error)
    code, changes = changes_of(capsys, with_error, edge_base)
    assert code == 0
    assert [(c["owner"], c["member"], c["kind"], c["new"]) for c in changes] == [
        ("Boom", "", "class added", "error"),
        ("GetThing", "Boom", "operation error added", None),
    ]
    code, changes = changes_of(capsys, edge_base, with_error)
    assert code == 1
    assert [(c["owner"], c["member"], c["kind"], c["breaking"]) for c in changes] == [
        ("Boom", "", "class removed", True),
        ("GetThing", "Boom", "operation error removed", False),
    ]


def test_no_changes_exit_0(edge_base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert diff(capsys, "--out", str(edge_base), "--against", str(edge_base)) == (0, "No API changes.\n", "")
    code, out, _ = diff(capsys, "--out", str(edge_base), "--against", str(edge_base), "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == []


def test_a_package_only_on_one_side_is_added_or_removed(
    edge_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    shutil.copytree(edge_base, other)
    shutil.move(other / "python" / "edge_shapes", other / "python" / "renamed_shapes")
    code, changes = changes_of(capsys, other, edge_base)
    assert code == 1
    assert [(c["package"], c["kind"], c["breaking"]) for c in changes] == [
        ("edge_shapes", "package removed", True),
        ("renamed_shapes", "package added", False),
    ]


def test_markdown_and_json_formats(
    variant: Callable[[Callable[[Model], None]], Path], edge_base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def edit(model: Model) -> None:
        _thing(model)["members"].pop("Tree")
        model["shapes"]["Kind"]["enum"].append("GAMMA")

    new = variant(edit)
    code, out, _ = diff(capsys, "--out", str(new), "--against", str(edge_base), "--format", "markdown")
    assert code == 1
    assert out.startswith("# API changes\n\n")
    sections = re.findall(r"^#+ .*$", out, re.MULTILINE)
    assert sections == ["# API changes", "## Breaking changes", "### `edge_shapes`", "## Other changes", "### `edge_shapes`"]
    assert "- `Thing.tree` removed (`Node | None`)" in out
    assert '- `Kind.GAMMA` added (`"GAMMA"`)' in out

    code, out, _ = diff(capsys, "--out", str(new), "--against", str(edge_base), "--format", "json")
    document = json.loads(out)
    assert out == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert (document["breaking"], document["other"]) == (1, 1)
    assert document["changes"][1] == {
        "package": "edge_shapes", "owner": "Thing", "member": "tree", "kind": "field removed", "breaking": True,
        "old": "Node | None", "new": None, "text": "Thing.tree removed (Node | None)",
    }


def test_against_git(
    variant: Callable[[Callable[[Model], None]], Path], edge_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(edge_base, repo / "generated")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "generated")
    shutil.rmtree(repo / "generated")
    shutil.copytree(variant(lambda m: _thing(m)["members"].pop("Tree")), repo / "generated")
    out = str(repo / "generated")

    code, report, _ = diff(capsys, "--out", out, "--against-git", "HEAD")
    assert code == 1 and "edge_shapes: Thing.tree removed (Node | None)" in report
    config = tmp_path / "pyproject.toml"
    config.write_text(f'[tool.shapegen]\noutput = "{out}"\n[[tool.shapegen.targets]]\nservice = "sts"\n', encoding="utf-8")
    assert diff(capsys, "--config", str(config))[:2] == (1, report)  # the configured output folder, against HEAD
    assert "no shapegen output folder" in error_line(capsys, "--out", out, "--against-git", "HEAD~1")
    assert "not a commit" in error_line(capsys, "--out", out, "--against-git", "no-such-ref")
    assert "not a commit" in error_line(capsys, "--out", out, "--against-git=--output=x")
    assert "not in a git repository" in error_line(capsys, "--out", str(edge_base), "--against-git", "HEAD")


def test_bad_input_is_one_line_and_exit_2(edge_base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = str(edge_base)
    assert "no such folder" in error_line(capsys, "--out", good, "--against", str(tmp_path / "missing"))
    (tmp_path / "plain").mkdir()
    assert "not a shapegen output folder" in error_line(capsys, "--out", good, "--against", str(tmp_path / "plain"))

    broken = tmp_path / "broken"
    shutil.copytree(edge_base, broken)
    models = broken / "python" / "edge_shapes" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "\nclass Oops(\n", encoding="utf-8")
    assert "cannot parse" in error_line(capsys, "--out", good, "--against", str(broken))
    models.write_text("x = 1\n", encoding="utf-8")
    assert "no OPERATIONS" in error_line(capsys, "--out", good, "--against", str(broken))
    models.write_bytes(b"\xff\n")
    assert "not UTF-8" in error_line(capsys, "--out", good, "--against", str(broken))
    # A syntax error early in a big module: one line naming it, found without parsing on and on.
    text = (edge_base / "python" / "edge_shapes" / "models.py").read_text(encoding="utf-8")
    first_class = text.index("\nclass ") + 1
    models.write_text(text[:first_class] + "class Oops(:\n    x = 1\n\n\n" + text[first_class:] * 20, encoding="utf-8")
    line = text[:first_class].count("\n") + 1
    assert f"models.py: line {line}: " in error_line(capsys, "--out", good, "--against", str(broken))
    models.unlink()
    assert "not a generated package" in error_line(capsys, "--out", good, "--against", str(broken))


# --- reading and reporting, without generating ---------------------------------------------------

MODELS_PY = '''
"""A docstring with a line that looks like code:
class NotAClass(OpenStrEnum):
"""
from dataclasses import dataclass


class Colour(OpenStrEnum):
    """Values of ``Colour``."""

    RED = "red"


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    """Text with a line that starts a method:
    def looks_like_a_method(self) -> None:
    @decorator
    """

    name: str
    sides: (
        int | None
    ) = None
    parts: "list[Shape] | None" = None
    wire_names: ClassVar[dict[str, str]] = {}
    unknown_members: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True, slots=True, kw_only=True)
class Pick:
    """A union whose docstring holds lines like methods:
    def to_dict(self):
    def __post_init__(self):
    """

    shape: Shape | None = None
    sdk_unknown_member: str | None = None
    unknown_members: dict[str, Any] | None = _field(default=None, hash=False)

    def __post_init__(self) -> None:
        present = [
            name
            for name, value in (
                ("Shape", self.shape),
                ("SDK_UNKNOWN_MEMBER", self.sdk_unknown_member),
            )
            if value is not None
        ]
        if len(present) != 1:
            raise _one_of("Pick", present)


@dataclass(frozen=True, slots=True, kw_only=True)
class Taken:
    """Its model has members named like the plumbing, which then gets other names."""

    unknown_members: str | None = None
    sdk_unknown_member: int | None = None
    sdk_unknown_member_: str | None = None
    unknown_members_: dict[str, Any] | None = _field(default=None, hash=False)

    def __post_init__(self) -> None:
        present = [
            name
            for name, value in (
                ("UnknownMembers", self.unknown_members),
                ("SdkUnknownMember", self.sdk_unknown_member),
                ("SDK_UNKNOWN_MEMBER", self.sdk_unknown_member_),
            )
            if value is not None
        ]
        if len(present) != 1:
            raise _one_of("Taken", present)


OPERATIONS: Mapping[str, tuple[type[Any] | None, type[Any] | None]] = {
    "Draw": (Shape, None),
}
ERRORS: Mapping[str, tuple[type[Any], ...]] = {}
'''


def test_read_package_normalises_annotations_and_skips_plumbing() -> None:
    package = read_package("p", MODELS_PY, "models.py")
    assert sorted(package.classes) == ["Colour", "Pick", "Shape", "Taken"]
    assert package.classes["Colour"].values == {"RED": "red"}
    shape = package.classes["Shape"]
    assert shape.kind is ClassKind.STRUCTURE
    assert dict(shape.fields) == {
        "name": FieldApi("name", "str", True),
        "sides": FieldApi("sides", "int | None", False),
        "parts": FieldApi("parts", "list[Shape] | None", False),
    }
    pick = package.classes["Pick"]
    assert pick.kind is ClassKind.UNION and list(pick.fields) == ["shape"]
    # The plumbing is known by place and form, not by name: model members keep theirs.
    taken = package.classes["Taken"]
    assert taken.kind is ClassKind.UNION
    assert dict(taken.fields) == {
        "unknown_members": FieldApi("unknown_members", "str | None", False),
        "sdk_unknown_member": FieldApi("sdk_unknown_member", "int | None", False),
    }
    assert package.operations["Draw"].request == "Shape" and package.operations["Draw"].response is None


def test_model_text_cannot_break_the_report_layout() -> None:
    def surface(values: dict[str, str], annotation: str) -> ApiSurface:
        classes = {
            "E": ClassApi("E", ClassKind.ENUM, {}, values),
            "S": ClassApi("S", ClassKind.STRUCTURE, {"f": FieldApi("f", annotation, False)}, {}),
        }
        return ApiSurface({"p": PackageApi("p", classes, {})}, "side")

    old = surface({"A": "a"}, "int | None")
    new = surface({"A": "a", "B": "b`\n## not a heading\u2028"}, "Literal['``x\n- y']")
    changes = compare(old, new)
    assert len(changes) == 2
    report = markdown(changes, old, new)
    assert len(report.splitlines()) == len(markdown(compare(old, surface({"A": "a", "B": "b"}, "x")), old, new).splitlines())
    assert "\n## not a heading" not in report and "\n- y" not in report
    assert "\u2028" not in report and "\u2028" not in text(changes)
    assert text(changes).count("\n") == 4  # two headings, a line each


def test_a_class_that_changes_kind_is_breaking_and_its_fields_still_compared() -> None:
    def surface(kind: ClassKind, fields: dict[str, FieldApi]) -> ApiSurface:
        return ApiSurface({"p": PackageApi("p", {"C": ClassApi("C", kind, fields, {})}, {})}, "side")

    a = FieldApi("a", "int | None", False)
    b = FieldApi("b", "str | None", False)
    changes = compare(surface(ClassKind.STRUCTURE, {"a": a}), surface(ClassKind.UNION, {"a": a, "b": b}))
    assert [(c.owner, c.member, c.kind.value, c.breaking, c.old, c.new) for c in changes] == [
        ("C", "", "class kind changed", True, "structure", "union"),
        ("C", "b", "union member added", False, None, "str | None"),
    ]
    enum = ApiSurface({"p": PackageApi("p", {"C": ClassApi("C", ClassKind.ENUM, {}, {"X": "x"})}, {})}, "side")
    assert [c.kind.value for c in compare(surface(ClassKind.STRUCTURE, {"a": a}), enum)] == ["class kind changed"]
    # Whether ERRORS lists a class is an operation's change, reported there: not the class's kind.
    assert compare(surface(ClassKind.ERROR, {"a": a}), surface(ClassKind.STRUCTURE, {"a": a})) == []
    assert compare(surface(ClassKind.STRUCTURE, {"a": a}), surface(ClassKind.ERROR, {"a": a})) == []


def test_only_classes_errors_lists_are_errors(tmp_path: Path) -> None:
    """An output whose model has an ``Error`` member has ``error`` and ``response_metadata``
    fields, as error classes do (lambda's GetDurableExecutionResponse): still a structure."""
    model = load_model(EDGE_MODEL)
    output = next(
        spec["output"]["shape"] for spec in model["operations"].values()
        if "output" in spec and model["shapes"][spec["output"]["shape"]]["type"] == "structure"
    )
    model["shapes"]["ErrorText"] = {"type": "string"}
    model["shapes"][output]["members"]["Error"] = {"shape": "ErrorText"}
    _add_error(model)
    path = tmp_path / "service-2.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    out = generate(tmp_path / "out", *EDGE, "--model", str(path))
    package = read_package("edge_shapes", (out / "python" / "edge_shapes" / "models.py").read_text(), "models.py")
    read = package.classes[output]
    assert {"error", "response_metadata"} <= read.fields.keys()
    assert read.kind is ClassKind.STRUCTURE
    errors = {e for op in package.operations.values() for e in op.errors}
    assert errors == {"Boom"} and package.classes["Boom"].kind is ClassKind.ERROR
