"""The pipeline's layout holds: emitters stand alone, own their paths, and the package
keeps its public API (``models.py``) apart from its parse and dump code (``_codec.py``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from conftest import EDGE_MODEL, ROOT, run_shapegen, tree
from generator.config import Target
from generator.emitters import Artifact, Claim, TargetModel
from generator.emitters.registry import EMITTERS, check_claims, emit_claimed
from generator.errors import ConfigError, TemplateError
from generator.graph import build_graph
from generator.load import load_file

GENERATOR = ROOT / "generator"
EMITTER_PACKAGES = sorted(p.name for p in (GENERATOR / "emitters").iterdir() if (p / "__init__.py").is_file())
EDGE_ARGS = ("--service", "edgecase", "--model", str(EDGE_MODEL), "--package", "edge_shapes")


def _imported_modules(path: Path) -> set[str]:
    """Every module the file at ``path`` imports, relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    return _imports(path.read_text(encoding="utf-8"), package)


def _imports(source: str, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_every_registered_emitter_is_a_package_of_its_own() -> None:
    assert EMITTER_PACKAGES == ["docs", "json_schema", "python_package", "skeleton"]
    assert sorted(type(e).__module__ for e in EMITTERS.values()) == [
        f"generator.emitters.{name}" for name in EMITTER_PACKAGES
    ]


@pytest.mark.parametrize("emitter", EMITTER_PACKAGES)
def test_no_emitter_imports_another(emitter: str) -> None:
    others = [f"generator.emitters.{name}" for name in EMITTER_PACKAGES if name != emitter]
    others.append("generator.emitters.registry")
    for path in sorted((GENERATOR / "emitters" / emitter).rglob("*.py")):
        imported = _imported_modules(path)
        wrong = sorted(m for m in imported for other in others if m == other or m.startswith(other + "."))
        assert wrong == [], f"{path.relative_to(ROOT)} imports {wrong}"


def test_graph_and_surface_import_no_emitter() -> None:
    for folder in ("graph", "python", "patterns"):
        for path in sorted((GENERATOR / folder).rglob("*.py")):
            wrong = sorted(m for m in _imported_modules(path) if m.startswith("generator.emitters"))
            assert wrong == [], f"{path.relative_to(ROOT)} imports {wrong}"


def test_the_import_check_sees_relative_and_absolute_imports() -> None:
    source = "from ..skeleton import cli_skeletons\nimport generator.emitters.json_schema\nfrom . import cli_tree\n"
    imported = _imports(source, "generator.emitters.docs")
    assert {"generator.emitters.skeleton.cli_skeletons", "generator.emitters.json_schema"} <= imported
    assert "generator.emitters.docs.cli_tree" in imported


EDGE = Target(service="edgecase", operations=None, package="edge_shapes", model=EDGE_MODEL)


@pytest.fixture(scope="module")
def edge_model() -> TargetModel:
    return TargetModel(build_graph(load_file(EDGE_MODEL, "edgecase"), None), EDGE)


def test_claims_of_all_emitters_are_disjoint_and_cover_what_they_write(edge_model: TargetModel) -> None:
    check_claims([(edge_model, list(EMITTERS.values()))])
    written: dict[PurePosixPath, str] = {}
    for emitter in EMITTERS.values():
        for artifact in emit_claimed(emitter, edge_model):
            assert artifact.path not in written, (artifact.path, emitter.name, written.get(artifact.path))
            written[artifact.path] = emitter.name
    assert written[PurePosixPath("python/edge_shapes/skeleton.py")] == "skeleton"
    assert written[PurePosixPath("python/edge_shapes/_codec.py")] == "python"


def test_two_targets_writing_one_folder_are_refused(edge_model: TargetModel) -> None:
    other = TargetModel(edge_model.graph, Target("edgecase", None, "other_shapes", EDGE_MODEL))
    with pytest.raises(ConfigError, match=r"docs emitter of other_shapes and the docs emitter of edge_shapes.*docs/edgecase/"):
        check_claims([(edge_model, [EMITTERS["docs"]]), (other, [EMITTERS["docs"]])])
    check_claims([(edge_model, [EMITTERS["docs"]]), (other, [EMITTERS["python"]])])


def test_a_file_inside_another_emitters_folder_is_refused(edge_model: TargetModel) -> None:
    class Intruder:
        name = "intruder"

        def claims(self, model: TargetModel) -> tuple[Claim, ...]:
            return (Claim(PurePosixPath("schema/edgecase/extra.json")),)

        def emit(self, model: TargetModel) -> list[Artifact]:
            return [Artifact(PurePosixPath("docs/edgecase/README.md"), "")]

    with pytest.raises(ConfigError, match="schema/edgecase/extra.json"):
        check_claims([(edge_model, [EMITTERS["json-schema"], Intruder()])])
    with pytest.raises(TemplateError, match="intruder emitter wrote docs/edgecase/README.md, outside"):
        emit_claimed(Intruder(), edge_model)


def test_a_target_chooses_its_emitters(tmp_path: Path) -> None:
    some, full = tmp_path / "some", tmp_path / "full"
    result = run_shapegen("generate", *EDGE_ARGS, "--emit", "json-schema", "--emit", "docs", "--out", str(some))
    assert result.returncode == 0, result.stderr
    assert {p.split("/")[0] for p in tree(some)} == {"schema", "docs", "manifest.json"}
    assert run_shapegen("generate", *EDGE_ARGS, "--out", str(full)).returncode == 0
    everything = tree(full)
    for path, data in tree(some).items():
        if path != "manifest.json":
            assert everything[path] == data, path


def test_an_unknown_emitter_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_shapegen("generate", *EDGE_ARGS, "--emit", "typescript", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "unknown emitter(s) 'typescript'; choose from python, json-schema, skeleton, docs" in result.stderr
    assert not (tmp_path / "out").exists()


def test_config_emitters_are_read_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        f'[tool.shapegen]\noutput = "out"\n[[tool.shapegen.targets]]\nservice = "edgecase"\n'
        f'model = "{EDGE_MODEL}"\nemitters = ["skeleton"]\n',
        encoding="utf-8",
    )
    result = run_shapegen("generate", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert sorted(tree(tmp_path / "out")) == sorted(
        ["manifest.json", "python/edgecase_shapes/skeleton.py", *(
            f"skeleton/edgecase/{op}.{kind}" for op in ("GetThing", "PutThing")
            for kind in ("input.json", "output.json", "input.yaml")
        )]
    )
    config.write_text(config.read_text(encoding="utf-8").replace('["skeleton"]', '"skeleton"'), encoding="utf-8")
    result = run_shapegen("generate", "--config", str(config))
    assert result.returncode == 2 and "'emitters' must be a list of emitter names" in result.stderr


# --- the public API apart from the codec ------------------------------------------------


def test_models_holds_the_api_and_codec_the_code(edge_dir: Path) -> None:
    for folder in (edge_dir / "python" / "edge_shapes", ROOT / "generated" / "python" / "connect_shapes"):
        models = ast.parse((folder / "models.py").read_text(encoding="utf-8"))
        codec = ast.parse((folder / "_codec.py").read_text(encoding="utf-8"))
        assert not [n.name for n in models.body if isinstance(n, ast.FunctionDef)]
        for cls in (n for n in models.body if isinstance(n, ast.ClassDef)):
            for method in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
                # A docstring and one statement: the work is done in _codec.
                body = [s for s in method.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                assert len(body) == 1 or method.name == "__post_init__", (cls.name, method.name)
        assert not [n.name for n in codec.body if isinstance(n, ast.ClassDef)]
        assert any(isinstance(n, ast.FunctionDef) and n.name.startswith("_parse_") for n in codec.body)


@pytest.mark.parametrize("first", ["models", "_codec", "skeleton"])
def test_any_module_may_be_imported_first(edge_dir: Path, first: str) -> None:
    code = (
        f"import edge_shapes.{first}\n"
        "from edge_shapes import models\n"
        "cls = next(iter(models.OPERATIONS.values()))[0]\n"
        "print(type(cls.from_dict).__name__)\n"
    )
    python_dir = edge_dir / "python"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=python_dir, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "method"


class _Claiming:
    """An emitter that only claims."""

    def __init__(self, name: str, *paths: str) -> None:
        self.name = name
        self._claims = tuple(Claim(PurePosixPath(p.rstrip("/")), folder=p.endswith("/")) for p in paths)

    def claims(self, model: TargetModel) -> tuple[Claim, ...]:
        return self._claims

    def emit(self, model: TargetModel) -> list[Artifact]:
        return []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("x/y", "x/y"),
        ("x/", "x/y"),
        ("x/y", "x/"),
        ("x/y", "x/y/z"),  # nothing can be written inside a file
        ("x/y/z", "x/y"),
        ("x/y", "x/y/z/"),
        ("python/Pkg/m.py", "python/pkg/m.py"),  # one file on macOS and Windows
        ("docs/A/", "docs/a/b.md"),
    ],
)
def test_overlapping_claims_are_refused_in_either_order(edge_model: TargetModel, first: str, second: str) -> None:
    with pytest.raises(ConfigError, match="the b emitter of edge_shapes and the a emitter of edge_shapes"):
        check_claims([(edge_model, [_Claiming("a", first), _Claiming("b", second)])])
    with pytest.raises(ConfigError, match="claims .* twice"):
        check_claims([(edge_model, [_Claiming("a", first, second)])])


def test_neighbouring_claims_are_allowed(edge_model: TargetModel) -> None:
    check_claims([(edge_model, [_Claiming("a", "x/y", "x/z/", "xy/"), _Claiming("b", "x/yz", "x/w/v")])])


def test_a_model_with_no_classes_generates_and_imports(tmp_path: Path) -> None:
    """An operation with neither input nor output: a package with no class at all."""
    model = tmp_path / "service-2.json"
    model.write_text(
        '{"version": "2.0", "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "nothing",'
        ' "protocol": "json", "serviceFullName": "Nothing", "serviceId": "Nothing",'
        ' "signatureVersion": "v4", "targetPrefix": "Nothing", "uid": "nothing-2020-01-01"},'
        ' "operations": {"Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"}}},'
        ' "shapes": {}}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_shapegen("generate", "--service", "nothing", "--model", str(model), "--out", str(out))
    assert result.returncode == 0, result.stderr
    code = "import nothing_shapes._codec, nothing_shapes; print(nothing_shapes.OPERATIONS)"
    imported = subprocess.run(
        [sys.executable, "-c", code], cwd=out / "python", capture_output=True, text=True, timeout=60, check=False
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "{'Ping': (None, None)}"
