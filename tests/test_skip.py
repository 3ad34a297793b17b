"""Re-runs skip unchanged targets: what the fingerprint covers, what makes a target render
again, what a run that finds nothing changed does (nothing) and imports (no renderer).

Most runs here are in-process (``main``) on the small edge-case model, each with its own
cache folder, so that one test's record never serves another.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.fingerprint
import generator.pipeline
import generator.worker
from conftest import ROOT, tree
from generator import botocore_data
from generator.cache import cache_root
from generator.cli import main
from generator.config import EMITTER_NAMES, make_target
from generator.load import read_model_bytes

EDGE_PACKAGE = ("--service", "edgecase", "--package", "edge_shapes")
MODELS = "python/edge_shapes/models.py"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SHAPEGEN_CACHE_DIR", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """``shapegen ARGS`` in-process, one job: its one line on stdout (stderr must be empty)."""
    assert main([*args, "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def generate(capsys: pytest.CaptureFixture[str], model: Path, out: Path, *extra: str) -> str:
    return run(capsys, "generate", *EDGE_PACKAGE, "--model", str(model), "--out", str(out), *extra)


def fresh(capsys: pytest.CaptureFixture[str], tmp_path: Path, model: Path, *extra: str) -> dict[str, bytes]:
    """What a run with no cache at all writes: the reference every skip must equal."""
    out = tmp_path / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    generate(capsys, model, out, "--no-cache", *extra)
    return tree(out)


# --- nothing changed ----------------------------------------------------------------------


def test_a_second_run_writes_nothing_and_says_so(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert "shapegen: wrote" in generate(capsys, model, out)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in [out, *out.rglob("*")]}
    line = generate(capsys, model, out)
    assert line.startswith(f"shapegen: nothing changed; {out} is up to date (1 target(s), ")
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in [out, *out.rglob("*")]} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "model", "out"]  # no lock, no staging


def test_the_record_lives_in_the_cache_not_in_the_output(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    assert tree(out) == fresh(capsys, tmp_path, model)
    assert len(list((cache / "runs").glob("*.json"))) == 1
    line = run(capsys, "check", *EDGE_PACKAGE, "--model", str(model), "--out", str(out))
    assert line == f"shapegen check: {out} is up to date\n"


def test_a_run_that_skips_everything_imports_no_renderer(tmp_path: Path, model: Path) -> None:
    """Start-up is the cost of a skip: botocore, jinja2, black and the emitters stay unimported."""
    out, env = tmp_path / "out", {**os.environ, "SHAPEGEN_CACHE_DIR": str(tmp_path / "cache")}
    argv = ["generate", "--service", "sts", "--service", "sso", "--out", str(out), "--jobs", "1"]
    code = (
        "import sys\nfrom generator.cli import main\n"
        f"assert main({argv!r}) == 0\n"
        "heavy = ('botocore', 'jinja2', 'black', 'regex', 'generator.emitters', 'generator.format', 'tqdm')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    second = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    assert lines[0].startswith(f"shapegen: nothing changed; {out} is up to date (2 target(s), "), lines
    assert lines[1:] == ["[]"]
    assert "'botocore'" in first.stdout and "'black'" in first.stdout  # it rendered here: the check can fail


# --- what makes a target render again --------------------------------------------------------


def _edit_documentation(path: Path, text: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["operations"]["GetThing"]["documentation"] = f"<p>{text}</p>"
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_changed_model_file_is_rendered_again(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    _edit_documentation(model, "Fetches the thing, newly documented.")
    assert "shapegen: wrote" in generate(capsys, model, out)
    assert tree(out) == fresh(capsys, tmp_path, model)
    assert "newly documented" in (out / "docs/edgecase/GetThing.md").read_text(encoding="utf-8")


def test_a_changed_sdk_extras_file_is_rendered_again(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extras = model.with_name("service-2.sdk-extras.json")
    doc = {"version": 1.0, "merge": {"operations": {"GetThing": {"documentation": "<p>First extras.</p>"}}}}
    extras.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    generate(capsys, model, out)
    doc["merge"]["operations"]["GetThing"]["documentation"] = "<p>Second extras.</p>"  # type: ignore[index]
    extras.write_text(json.dumps(doc), encoding="utf-8")
    assert "shapegen: wrote" in generate(capsys, model, out)
    assert "Second extras." in (out / "docs/edgecase/GetThing.md").read_text(encoding="utf-8")
    assert tree(out) == fresh(capsys, tmp_path, model)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("--operation", "GetThing"), ("--operation", "PutThing")),
        (("--emit", "docs"), ("--emit", "json-schema")),
    ],
    ids=["operations", "emitters"],
)
def test_a_changed_option_is_rendered_again(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str], first: tuple[str, ...],
    second: tuple[str, ...],
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out, *first)
    assert "shapegen: wrote" in generate(capsys, model, out, *second)
    written = tree(out)
    written.pop("CHANGELOG.md", None)  # history of the API changes (other operations): not generated
    assert written == fresh(capsys, tmp_path, model, *second)


@pytest.mark.parametrize("edit", ["edited", "deleted", "added"])
def test_a_hand_edited_output_folder_is_put_right(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str], edit: str
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    if edit == "edited":
        (out / MODELS).write_text("# edited by hand\n", encoding="utf-8")
    elif edit == "deleted":
        (out / MODELS).unlink()
    else:
        (out / "python" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert "shapegen: wrote" in generate(capsys, model, out)
    assert tree(out) == fresh(capsys, tmp_path, model)


@pytest.mark.parametrize("what", ["source", "dependency"])
def test_a_changed_generator_or_dependency_renders_every_target_again(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    what: str,
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    if what == "source":
        monkeypatch.setattr(generator.fingerprint, "source_sha256", lambda: "0" * 64)
    else:
        real = generator.fingerprint._version
        monkeypatch.setattr(generator.fingerprint, "_version", lambda name: "9.9" if name == "black" else real(name))
    assert "shapegen: wrote" in generate(capsys, model, out)
    assert "nothing changed" in generate(capsys, model, out)  # recorded under the new fingerprint


def test_the_source_hash_covers_the_generator_and_its_templates() -> None:
    names = {name for name, _ in generator.fingerprint.source_files()}
    assert {"generator/pipeline.py", "generator/emitters/registry.py", "templates/python/package/models.py.jinja"} <= names
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)


def test_unchanged_targets_are_carried_over_without_rendering(
    tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """sso's model changes (a copy of it, given as a config target's model); sts is carried
    over: its files are the same inodes as before (hard links), and it is never rendered."""
    sso_model = tmp_path / "sso" / "service-2.json"
    sso_model.parent.mkdir()
    sso_model.write_bytes(read_model_bytes(botocore_data.model_path("sso") or Path("missing")))
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.shapegen]\noutput = "gen"\n[[tool.shapegen.targets]]\nservices = ["sts"]\nemitters = ["python"]\n'
        '[[tool.shapegen.targets]]\nservice = "sso"\nmodel = "sso/service-2.json"\nemitters = ["python"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "gen"
    run(capsys, "generate", "--config", str(config))
    sts_inode = (out / "python/sts_shapes/models.py").stat().st_ino
    sso_data = json.loads(sso_model.read_text(encoding="utf-8"))
    sso_data["metadata"]["serviceFullName"] = "Single Sign-On, renamed"
    sso_model.write_text(json.dumps(sso_data), encoding="utf-8")
    rendered: list[str] = []
    real = generator.worker.render
    monkeypatch.setattr(
        generator.worker, "render", lambda target, *args: rendered.append(target.service) or real(target, *args)
    )
    line = run(capsys, "generate", "--config", str(config))
    assert "(1 of 2 targets rendered, 1 unchanged)" in line
    assert rendered == ["sso"]
    assert (out / "python/sts_shapes/models.py").stat().st_ino == sts_inode
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [t["service"] for t in manifest["targets"]] == ["sts", "sso"]
    assert run(capsys, "check", "--config", str(config)) == f"shapegen check: {out} is up to date\n"


def test_check_never_uses_the_record(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)

    def refuse(*args: object) -> None:
        raise AssertionError("check read a fingerprint or a record")

    monkeypatch.setattr(generator.pipeline, "target_fingerprint", refuse)
    monkeypatch.setattr(generator.pipeline, "read_record", refuse)
    assert "is up to date" in run(capsys, "check", *EDGE_PACKAGE, "--model", str(model), "--out", str(out))


def test_no_cache_and_an_unreadable_record_render_everything(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    assert "shapegen: wrote" in generate(capsys, model, out, "--no-cache")
    for record in (cache / "runs").glob("*.json"):
        record.write_text('{"format": 1, "output": "elsewhere"', encoding="utf-8")
    assert "shapegen: wrote" in generate(capsys, model, out)
    assert tree(out) == fresh(capsys, tmp_path, model)


def test_a_record_naming_paths_outside_the_folder_is_ignored(
    tmp_path: Path, cache: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    (record,) = (cache / "runs").glob("*.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    (entry,) = data["targets"].values()
    entry["files"]["../../escaped.txt"] = "0" * 64
    record.write_text(json.dumps(data), encoding="utf-8")
    assert generator.fingerprint.read_record(cache, out.resolve()) == {}
    assert "shapegen: wrote" in generate(capsys, model, out)


# --- what the skip path relies on agrees with what rendering uses ----------------------------


def test_botocore_data_agrees_with_botocores_loader() -> None:
    import botocore.loaders

    loader = botocore.loaders.Loader(
        extra_search_paths=[botocore.loaders.Loader.BUILTIN_DATA_PATH], include_default_search_paths=False
    )
    services = loader.list_available_services("service-2")
    assert botocore_data.available_services() == services
    assert botocore_data.data_folder() == Path(botocore.loaders.Loader.BUILTIN_DATA_PATH)
    assert botocore_data.version() == botocore.__version__
    for service in services:
        version = loader.determine_latest_version(service, "service-2")
        path = botocore_data.model_path(service)
        assert path is not None and path.parent == botocore_data.data_folder() / service / version
        assert path.name in ("service-2.json", "service-2.json.gz")
    assert botocore_data.model_path("no-such-service") is None


def test_emitter_names_agree_with_the_registry() -> None:
    from generator.emitters.registry import EMITTERS

    assert EMITTER_NAMES == tuple(EMITTERS)


@pytest.mark.parametrize(
    "env",
    [{"SHAPEGEN_CACHE_DIR": "/x/explicit", "XDG_CACHE_HOME": "/x/xdg"}, {"XDG_CACHE_HOME": "/x/xdg"}, {}],
)
def test_cache_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name in ("SHAPEGEN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    expected = Path(env["SHAPEGEN_CACHE_DIR"]) if "SHAPEGEN_CACHE_DIR" in env else (
        Path(env["XDG_CACHE_HOME"]) / "shapegen" if env else Path.home() / ".cache" / "shapegen"
    )
    assert cache_root() == expected


def test_a_model_that_cannot_be_hashed_has_no_fingerprint(tmp_path: Path) -> None:
    fifo = tmp_path / "service-2.json"
    os.mkfifo(fifo)
    target = make_target("edgecase", None, None, fifo, "test")
    assert generator.fingerprint.target_fingerprint(target) is None  # and does not block
    assert generator.fingerprint.target_fingerprint(make_target("edgecase", None, None, tmp_path / "no", "t")) is None
