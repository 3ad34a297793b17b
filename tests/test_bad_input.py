"""Bad input: exit code 2, one line on stderr naming what is wrong and where, nothing written.

Every case runs against a copy of a real output folder (made by a successful run) and
checks that the folder, and everything beside it, is byte-for-byte what it was, with no
staging (``.out.new-*``) or retired (``.out.old-*``) folders left behind.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.render
from conftest import EDGE_MODEL, ROOT, run_shapegen
from generator.cli import main
from generator.config import Target
from generator.errors import TemplateError
from generator.format import Formatter
from generator.pipeline import generate

EDGE_ARGS = ("--service", "edgecase", "--model", str(EDGE_MODEL), "--package", "edge_shapes")

Snapshot = dict[str, bytes | None]


def snapshot(root: Path) -> Snapshot:
    """Every file (relative path -> bytes) and every folder (-> None) under ``root``."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def leftovers(root: Path) -> list[str]:
    """Staging or retired folders that ``write_tree`` makes beside an output folder."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob(".*")
        if re.fullmatch(r"\..+\.(new|old)-.*", p.name)
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder from a successful run (manifest.json and all)."""
    out = tmp_path_factory.mktemp("pristine") / "out"
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "manifest.json").is_file()
    return out


class Scene:
    """``work/out`` (a copy of the pristine output) plus whatever a test puts beside it."""

    def __init__(self, tmp_path: Path, pristine: Path) -> None:
        self.inputs = tmp_path / "inputs"  # models and configs: outside the watched folder
        self.inputs.mkdir()
        self.work = tmp_path / "work"
        self.out = self.work / "out"
        shutil.copytree(pristine, self.out)
        self.before: Snapshot = {}

    def freeze(self) -> None:
        self.before = snapshot(self.work)
        assert self.before, "nothing to compare"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        self.freeze()
        return run_shapegen(*args)

    def assert_refused(self, result: subprocess.CompletedProcess[str], *needles: str) -> str:
        """Exit 2, one ``shapegen: error:`` line containing every needle, nothing written."""
        assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
        assert result.stdout == ""
        line = self.assert_one_error_line(result.stderr, *needles)
        self.assert_untouched()
        return line

    @staticmethod
    def assert_one_error_line(stderr: str, *needles: str) -> str:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        line = lines[0]
        assert line.startswith("shapegen: error: "), line
        for needle in needles:
            assert needle in line, (needle, line)
        return line

    def assert_untouched(self) -> None:
        assert snapshot(self.work) == self.before
        assert leftovers(self.work) == []
        assert leftovers(self.inputs) == []


@pytest.fixture
def scene(tmp_path: Path, pristine: Path) -> Scene:
    return Scene(tmp_path, pristine)


def edge_model_with(scene: Scene, name: str, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(EDGE_MODEL.read_text(encoding="utf-8"))
    change(data)
    path = scene.inputs / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def generate_model(scene: Scene, model: Path) -> subprocess.CompletedProcess[str]:
    return scene.run(
        "generate", "--service", "edgecase", "--model", str(model), "--package", "edge_shapes",
        "--out", str(scene.out),
    )


# --- services and operations -------------------------------------------------------------


def test_unknown_service_names_it_and_suggests_the_closest(scene: Scene) -> None:
    result = scene.run("generate", "--service", "conect", "--out", str(scene.out))
    line = scene.assert_refused(result, "'conect'", "closest:")
    assert "connect" in line.split("closest:", 1)[1]


def test_unknown_service_is_refused_by_check_too(scene: Scene) -> None:
    result = scene.run("check", "--service", "conect", "--out", str(scene.out))
    scene.assert_refused(result, "'conect'", "connect")


def test_unknown_operation_names_it_and_suggests_the_closest(scene: Scene) -> None:
    result = scene.run(
        "generate", "--service", "connect", "--operation", "DescribeContacts", "--out", str(scene.out)
    )
    line = scene.assert_refused(result, "'DescribeContacts'", "'connect'", "closest:")
    assert "DescribeContact" in line.split("closest:", 1)[1]


def test_operation_without_service_is_refused(scene: Scene) -> None:
    result = scene.run("generate", "--operation", "DescribeContact", "--out", str(scene.out))
    scene.assert_refused(result, "--operation", "--service")


# --- model files -------------------------------------------------------------------------


def test_missing_model_file_names_the_path(scene: Scene) -> None:
    result = scene.run(
        "generate", "--model", "/nonexistent/service-2.json", "--service", "x", "--out", str(scene.out)
    )
    scene.assert_refused(result, "/nonexistent/service-2.json", "not found")


def test_unreadable_model_file_names_the_path(scene: Scene) -> None:
    folder = scene.inputs / "a_folder.json"
    folder.mkdir()
    result = scene.run("generate", "--model", str(folder), "--service", "x", "--out", str(scene.out))
    scene.assert_refused(result, str(folder), "cannot read")


def test_invalid_json_names_path_line_and_column(scene: Scene) -> None:
    model = scene.inputs / "service-2.json"
    # The stray comma on line 4 is at column 14.
    model.write_text('{\n  "version": "2.0",\n  "operations": {},\n  "shapes": {,}\n}\n', encoding="utf-8")
    result = scene.run("generate", "--model", str(model), "--service", "x", "--out", str(scene.out))
    scene.assert_refused(result, f"{model}:4:14:", "invalid JSON")


def test_truncated_gzip_names_the_path(scene: Scene) -> None:
    model = scene.inputs / "service-2.json.gz"
    model.write_bytes(gzip.compress(EDGE_MODEL.read_bytes())[:40])
    result = scene.run("generate", "--model", str(model), "--service", "x", "--out", str(scene.out))
    scene.assert_refused(result, str(model), "gzip")


def test_corrupt_gzip_names_the_path(scene: Scene) -> None:
    model = scene.inputs / "service-2.json.gz"
    # A well-formed gzip header followed by bytes that are not a deflate stream.
    model.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"garbage" * 8)
    result = scene.run("generate", "--model", str(model), "--service", "x", "--out", str(scene.out))
    scene.assert_refused(result, str(model), "gzip")


def test_json_gz_name_without_gzip_content_names_the_path(scene: Scene) -> None:
    model = scene.inputs / "service-2.json.gz"
    model.write_bytes(b"this is neither gzip nor JSON")
    result = scene.run("generate", "--model", str(model), "--service", "x", "--out", str(scene.out))
    scene.assert_refused(result, str(model))


def test_gzip_compressed_model_works(scene: Scene, pristine: Path) -> None:
    """Positive control: a valid .json.gz generates exactly what the plain .json does."""
    model = scene.inputs / "service-2.json.gz"
    model.write_bytes(gzip.compress(EDGE_MODEL.read_bytes()))
    fresh = scene.work / "fresh"
    result = run_shapegen(
        "generate", "--service", "edgecase", "--model", str(model), "--package", "edge_shapes",
        "--out", str(fresh),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert snapshot(fresh) == snapshot(pristine)
    assert leftovers(scene.work) == []


def test_member_referring_to_a_missing_shape_names_both_ends(scene: Scene) -> None:
    def change(data: dict[str, Any]) -> None:
        data["shapes"]["PutThingRequest"]["members"]["Payload"]["shape"] = "NoSuchShape"

    model = edge_model_with(scene, "bad-member", change)
    result = generate_model(scene, model)
    scene.assert_refused(result, str(model), "'PutThingRequest'", "'Payload'", "'NoSuchShape'")


def test_list_member_referring_to_a_missing_shape_names_both_ends(scene: Scene) -> None:
    def change(data: dict[str, Any]) -> None:
        data["shapes"]["TimestampList"]["member"]["shape"] = "NoSuchShape"

    model = edge_model_with(scene, "bad-list", change)
    result = generate_model(scene, model)
    scene.assert_refused(result, str(model), "'TimestampList'", "'NoSuchShape'")


def test_operation_output_referring_to_a_missing_shape_names_both_ends(scene: Scene) -> None:
    def change(data: dict[str, Any]) -> None:
        data["operations"]["GetThing"]["output"]["shape"] = "NoSuchOutput"

    model = edge_model_with(scene, "bad-output", change)
    result = generate_model(scene, model)
    scene.assert_refused(result, str(model), "'GetThing'", "output", "'NoSuchOutput'")


def _set(*keys: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


MALFORMED = {
    # id: (change, what the message should name besides the path)
    "output-not-an-object": (_set("operations", "GetThing", "output", value="Thing"), "GetThing"),
    "operation-not-an-object": (_set("operations", "GetThing", value=5), "GetThing"),
    "members-a-list": (_set("shapes", "Thing", "members", value=[]), "Thing"),
    "enum-of-integers": (_set("shapes", "Kind", "enum", value=[1, 2]), "Kind"),
    "documentation-not-a-string": (_set("shapes", "Thing", "documentation", value=5), "Thing"),
    "errors-not-objects": (_set("operations", "GetThing", "errors", value=["Thing"]), "GetThing"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_model_values_are_reported_not_crashed_on(scene: Scene, case: str) -> None:
    change, needle = MALFORMED[case]
    model = edge_model_with(scene, case, change)
    result = generate_model(scene, model)
    scene.assert_refused(result, str(model), needle)


# --- output folder -----------------------------------------------------------------------


def test_output_below_a_regular_file_is_refused(scene: Scene) -> None:
    blocker = scene.work / "a_regular_file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    target = blocker / "sub"
    result = scene.run("generate", *EDGE_ARGS, "--out", str(target))
    scene.assert_refused(result, str(target), "cannot create")


def test_output_that_is_a_regular_file_is_refused(scene: Scene) -> None:
    target = scene.work / "a_regular_file"
    target.write_text("keep me\n", encoding="utf-8")
    result = scene.run("generate", *EDGE_ARGS, "--out", str(target))
    scene.assert_refused(result, str(target), "not a folder")


def test_non_empty_output_without_manifest_is_refused(scene: Scene) -> None:
    (scene.out / "manifest.json").unlink()
    (scene.out / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = scene.run("generate", *EDGE_ARGS, "--out", str(scene.out))
    scene.assert_refused(result, str(scene.out), "manifest.json")


def test_foreign_folder_is_refused(scene: Scene) -> None:
    foreign = scene.work / "foreign"
    (foreign / "src").mkdir(parents=True)
    (foreign / "src" / "code.py").write_text("print('mine')\n", encoding="utf-8")
    result = scene.run("generate", *EDGE_ARGS, "--out", str(foreign))
    scene.assert_refused(result, str(foreign), "manifest.json")


# --- [tool.shapegen] ---------------------------------------------------------------------


def write_config(scene: Scene, text: str) -> Path:
    path = scene.inputs / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


CONFIG_CASES = {
    "invalid-toml": ('[tool.shapegen\noutput = "generated"\n', ("invalid TOML", "line 1")),
    "no-table": ('[project]\nname = "x"\n', ("[tool.shapegen]",)),
    "no-targets": ('[tool.shapegen]\noutput = "generated"\n', ("targets",)),
    "target-without-service": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\noperations = ["DescribeContact"]\n',
        ("#1", "'service'"),
    ),
    "second-target-without-service": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "connect"\n'
        '[[tool.shapegen.targets]]\npackage = "other"\n',
        ("#2", "'service'"),
    ),
    "invalid-package": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "connect"\npackage = "my-shapes"\n',
        ("#1", "'my-shapes'", "package"),
    ),
    "keyword-package": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "connect"\npackage = "class"\n',
        ("#1", "'class'", "package"),
    ),
    "unknown-key": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "connect"\npakage = "x"\n',
        ("#1", "pakage"),
    ),
    "duplicate-package": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "connect"\n'
        '[[tool.shapegen.targets]]\nservice = "connect"\n',
        ("'connect_shapes'",),
    ),
}


@pytest.mark.parametrize("command", ["generate", "check"])
@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_bad_config_is_refused(scene: Scene, case: str, command: str) -> None:
    text, needles = CONFIG_CASES[case]
    config = write_config(scene, text)
    result = scene.run(command, "--config", str(config), "--out", str(scene.out))
    scene.assert_refused(result, str(config), *needles)


def test_missing_config_names_the_path(scene: Scene) -> None:
    config = scene.inputs / "nowhere" / "pyproject.toml"
    result = scene.run("generate", "--config", str(config), "--out", str(scene.out))
    scene.assert_refused(result, str(config), "not found")


WRONG_TYPES_IN_CONFIG = {
    "tool-not-a-table": ('tool = "x"\n', ("tool",)),
    "shapegen-not-a-table": ("[tool]\nshapegen = 1\n", ("[tool.shapegen]",)),
    "package-not-a-string": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "connect"\npackage = 5\n',
        ("#1", "package"),
    ),
    "model-not-a-string": (
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "edgecase"\nmodel = 5\n',
        ("#1", "model"),
    ),
}


@pytest.mark.parametrize("case", sorted(WRONG_TYPES_IN_CONFIG))
def test_config_values_of_the_wrong_type_are_refused(scene: Scene, case: str) -> None:
    text, needles = WRONG_TYPES_IN_CONFIG[case]
    config = write_config(scene, text)
    result = scene.run("generate", "--config", str(config), "--out", str(scene.out))
    scene.assert_refused(result, str(config), *needles)


# --- templates ---------------------------------------------------------------------------


def break_models_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str) -> Path:
    """Point shapegen at a copy of templates/ whose models.py.jinja has ``bad`` after the imports."""
    root = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", root)
    template = root / "python" / "package" / "models.py.jinja"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("from ._runtime import"))
    end = lines.index(")\n", start) if lines[start].endswith("(\n") else start
    lines.insert(end + 1, bad)
    template.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(generator.render, "templates_root", lambda: root)
    return root


@pytest.fixture
def broken_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return break_models_template(tmp_path, monkeypatch, "\ndef broken(:\n    pass\n")


EDGE_TARGET = Target(service="edgecase", operations=None, package="edge_shapes", model=EDGE_MODEL)


def test_template_rendering_invalid_python_names_template_file_and_line(
    scene: Scene, broken_templates: Path
) -> None:
    scene.freeze()
    with pytest.raises(TemplateError) as caught:
        generate([EDGE_TARGET], scene.out, Formatter(cache_dir=None))
    message = str(caught.value)
    assert "\n" not in message
    assert "models.py.jinja" in message
    assert "python/edge_shapes/models.py" in message
    assert re.search(r"\bline \d+", message), message
    scene.assert_untouched()


@pytest.mark.parametrize("bad", ["x = = 1", "def broken(:"])
def test_template_error_quotes_the_broken_line(
    scene: Scene, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    break_models_template(tmp_path, monkeypatch, f"{bad}\n")
    scene.freeze()
    with pytest.raises(TemplateError) as caught:
        generate([EDGE_TARGET], scene.out, Formatter(cache_dir=None))
    assert f"(the line reads {bad!r})" in str(caught.value)
    scene.assert_untouched()


def test_template_bug_exits_2_through_main(
    scene: Scene, broken_templates: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scene.freeze()
    code = main(["generate", *EDGE_ARGS, "--out", str(scene.out), "--no-cache"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    Scene.assert_one_error_line(captured.err, "models.py.jinja", "python/edge_shapes/models.py", "line ")
    scene.assert_untouched()
