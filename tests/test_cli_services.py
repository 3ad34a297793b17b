"""Several services at once: repeated ``--service``, ``--all-services`` and their config forms.

Real generation uses two small services (sts: 11 operations, sso: 4); ``--all-services`` is
tested through the targets it selects, or with botocore's list of services cut to those two.
"""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pytest

import generator.load
import generator.worker
from conftest import run_shapegen, tree
from generator.cli import main, parser, selected_targets
from generator.config import default_package, load_config
from generator.emitters import Artifact
from generator.errors import ConfigError
from generator.load import available_services, load_installed

TWO = ("--service", "sts", "--service", "sso")
STS_MODELS = "python/sts_shapes/models.py"
SSO_PY_TYPED = "python/sso_shapes/py.typed"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two") / "out"
    result = run_shapegen("generate", *TWO, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def out(tmp_path: Path, pristine: Path) -> Path:
    copy = tmp_path / "work" / "out"
    shutil.copytree(pristine, copy)
    return copy


@pytest.fixture
def two_services_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's list of services, as ``--all-services`` and the name check see it, cut to two."""
    monkeypatch.setattr(generator.load, "available_services", lambda: ["sso", "sts"])


def error_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """``main(argv)`` in-process: exit 2 and exactly one error line, which is returned."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("shapegen: error: ")
    return lines[0]


# --- generate ----------------------------------------------------------------------------


def test_two_services_each_get_their_own_package_with_every_operation(pristine: Path) -> None:
    manifest = json.loads((pristine / "manifest.json").read_text(encoding="utf-8"))
    assert [t["service"] for t in manifest["targets"]] == ["sts", "sso"]
    for target in manifest["targets"]:
        service = target["service"]
        assert set(target["operations"]) == set(load_installed(service).data["operations"])
        assert (pristine / "python" / default_package(service) / "models.py").is_file()
        for artefact in ("schema", "skeleton", "docs"):
            assert (pristine / artefact / service).is_dir()
    assert sorted(p.name for p in (pristine / "python").iterdir()) == ["sso_shapes", "sts_shapes"]


def test_two_services_write_what_each_alone_writes(tmp_path: Path, pristine: Path) -> None:
    together = tree(pristine)
    del together["manifest.json"]
    alone: dict[str, bytes] = {}
    for service in ("sts", "sso"):
        result = run_shapegen("generate", "--service", service, "--out", str(tmp_path / service))
        assert result.returncode == 0, result.stderr
        files = tree(tmp_path / service)
        del files["manifest.json"]
        alone |= files
    assert together == alone


def test_emit_applies_to_every_service(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", *TWO, "--emit", "json-schema", "--out", str(out), "--no-cache"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "schema"]
    assert sorted(p.name for p in (out / "schema").iterdir()) == ["sso", "sts"]


def test_targets_are_rendered_one_after_another_into_the_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the second service is rendered, the first is already written (to staging) and let
    go: no file's text is held any more. --out itself appears only at the end."""
    out = tmp_path / "out"
    real = generator.worker.render
    seen: list[tuple[str, list[str], int]] = []
    gc.collect()
    earlier = [o for o in gc.get_objects() if isinstance(o, Artifact)]  # other tests' (kept: ids stay theirs)
    earlier_ids = {id(o) for o in earlier}

    def spy(target, *args):  # type: ignore[no-untyped-def]
        staged = [p.name for p in tmp_path.glob(".out.new-*/python/*")]
        held = sum(1 for o in gc.get_objects() if isinstance(o, Artifact) and o.text and id(o) not in earlier_ids)
        seen.append((target.service, staged, held))
        assert not out.exists()
        return real(target, *args)

    monkeypatch.setattr(generator.worker, "render", spy)
    assert main(["generate", *TWO, "--emit", "python", "--out", str(out), "--no-cache", "--jobs", "1"]) == 0
    assert seen == [("sts", [], 0), ("sso", ["sts_shapes"], 0)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failure_in_a_later_target_writes_nothing(
    tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sts is rendered and staged, then the second target's model is missing: --out stays as it
    was, and no staging folder or lock file is left."""
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservices = ["sts"]\n'
        '[[tool.shapegen.targets]]\nservice = "edgecase"\nmodel = "missing.json"\n',
        encoding="utf-8",
    )
    before = tree(out)
    line = error_line(capsys, ["generate", "--config", str(config), "--out", str(out)])
    assert "missing.json" in line
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_a_failure_into_a_new_folder_leaves_no_folder_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = generator.worker.render

    def second_fails(target, *args):  # type: ignore[no-untyped-def]
        if target.service == "sso":
            raise ConfigError("sso broke")
        return real(target, *args)

    monkeypatch.setattr(generator.worker, "render", second_fails)
    args = ["generate", *TWO, "--emit", "python", "--jobs", "1", "--out", str(tmp_path / "a" / "b" / "out")]
    line = error_line(capsys, args)
    assert line == "shapegen: error: sso broke"
    assert list(tmp_path.iterdir()) == []


# --- check -------------------------------------------------------------------------------


def test_check_reports_drift_in_both_services(out: Path) -> None:
    (out / STS_MODELS).write_text("# edited\n", encoding="utf-8")
    (out / SSO_PY_TYPED).unlink()
    before = tree(out)
    result = run_shapegen("check", *TWO, "--out", str(out))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout.splitlines() == [f"{out}: missing: {SSO_PY_TYPED}", f"{out}: stale: {STS_MODELS}"]
    assert result.stderr.strip() == "shapegen check: 2 file(s) differ; run `make generate`"
    assert tree(out) == before


def test_check_all_services(out: Path, two_services_only: None, capsys: pytest.CaptureFixture[str]) -> None:
    """The same files, but the manifest lists the services in another order (sso sorts first)."""
    assert main(["check", "--all-services", "--out", str(out)]) == 1
    assert capsys.readouterr().out.splitlines() == [f"{out}: stale: manifest.json"]


# --- --all-services ----------------------------------------------------------------------


def test_all_services_selects_every_service_of_the_pinned_botocore() -> None:
    targets, _ = selected_targets(parser().parse_args(["generate", "--all-services", "--out", "x"]))
    services = available_services()
    assert len(services) > 400
    assert [t.service for t in targets] == services
    assert all(t.operations is None and t.model is None and t.emitters is None for t in targets)
    assert [t.package for t in targets] == [default_package(s) for s in services]
    assert len({t.package.casefold() for t in targets}) == len(targets)
    targets, _ = selected_targets(parser().parse_args(["check", "--all-services", "--emit", "docs", "--out", "x"]))
    assert {t.emitters for t in targets} == {("docs",)}


def test_all_services_generates_one_package_per_service(
    tmp_path: Path, two_services_only: None, pristine: Path
) -> None:
    out = tmp_path / "out"
    assert main(["generate", "--all-services", "--out", str(out), "--no-cache"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [t["service"] for t in manifest["targets"]] == ["sso", "sts"]
    generated, earlier = tree(out), tree(pristine)
    del generated["manifest.json"], earlier["manifest.json"]
    assert generated == earlier


# --- command-line errors: exit 2, one line, nothing written ------------------------------


CLI_ERRORS = {
    "all-services with service": (["--all-services", "--service", "sts"], ("--all-services", "--service")),
    "service twice": (["--service", "sts", "--service", "sso", "--service", "sts"], ("'sts'", "2 times")),
    "operation with two": ([*TWO, "--operation", "GetCallerIdentity"], ("--operation", "one --service", "2 services")),
    "package with two": ([*TWO, "--package", "p"], ("--package", "one --service")),
    "model with two": ([*TWO, "--model", "m.json"], ("--model", "one --service")),
    "all three with all": (
        ["--all-services", "--operation", "X", "--package", "p", "--model", "m.json"],
        ("--operation, --package and --model", "--all-services"),
    ),
    "emit without a service": (["--emit", "docs"], ("--emit", "--service or --all-services")),
    "unknown services all at once": (
        ["--service", "stss", "--service", "sso", "--service", "ssoo"],
        ("unknown services", "'stss' (closest: sts", "'ssoo' (closest: sso"),
    ),
    "one unknown service as before": (
        ["--service", "sso", "--service", "conect"],
        ("unknown service 'conect' in botocore", "(closest: connect"),
    ),
}


@pytest.mark.parametrize("command", ["generate", "check"])
@pytest.mark.parametrize("case", sorted(CLI_ERRORS))
def test_bad_selection_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str], case: str, command: str
) -> None:
    args, needles = CLI_ERRORS[case]
    before = tree(out)
    line = error_line(capsys, [command, *args, "--out", str(out)])
    for needle in needles:
        assert needle in line, (needle, line)
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_all_services_with_a_bad_emitter_is_refused_before_any_service(capsys: pytest.CaptureFixture[str]) -> None:
    line = error_line(capsys, ["generate", "--all-services", "--emit", "pdf", "--out", "/nonexistent/out"])
    assert "unknown emitter(s) 'pdf'" in line


# --- [tool.shapegen] ---------------------------------------------------------------------


def write_config(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(f'[tool.shapegen]\noutput = "gen"\n{entries}', encoding="utf-8")
    return path


def test_config_services_and_all_services(tmp_path: Path, two_services_only: None) -> None:
    config = load_config(
        write_config(
            tmp_path,
            '[[tool.shapegen.targets]]\nservice = "connect"\noperations = ["DescribeContact"]\n'
            '[[tool.shapegen.targets]]\nservices = ["sts", "sso"]\nemitters = ["python"]\n',
        )
    )
    assert [(t.service, t.operations, t.package, t.emitters) for t in config.targets] == [
        ("connect", ("DescribeContact",), "connect_shapes", None),
        ("sts", None, "sts_shapes", ("python",)),
        ("sso", None, "sso_shapes", ("python",)),
    ]
    config = load_config(write_config(tmp_path, "[[tool.shapegen.targets]]\nall-services = true\n"))
    assert [t.package for t in config.targets] == ["sso_shapes", "sts_shapes"]


def test_config_with_several_services_generates_and_checks(tmp_path: Path, pristine: Path) -> None:
    config = write_config(tmp_path, '[[tool.shapegen.targets]]\nservices = ["sts", "sso"]\n')
    result = run_shapegen("generate", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "gen") == tree(pristine)
    result = run_shapegen("check", "--config", str(config))
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert result.stdout.strip() == f"shapegen check: {tmp_path / 'gen'} is up to date"


CONFIG_ERRORS = {
    "service and services": ('service = "sts"\nservices = ["sso"]\n', ("#1", "exactly one of", "'service', 'services'")),
    "services and all-services": ('services = ["sso"]\nall-services = true\n', ("#1", "exactly one of")),
    "nothing selected": ('emitters = ["docs"]\n', ("#1", "exactly one of 'service'")),
    "all-services false alone": ("all-services = false\n", ("#1", "exactly one of")),
    "services not a list": ('services = "sts"\n', ("#1", "'services' must be a non-empty list")),
    "services empty": ("services = []\n", ("#1", "'services' must be a non-empty list")),
    "services not strings": ("services = [1]\n", ("#1", "'services' must be a non-empty list")),
    "service a list": ('service = ["sts"]\n', ("#1", "'service' must be a string", "'services'")),
    "all-services not a bool": ('all-services = "yes"\n', ("#1", "'all-services' must be true or false")),
    "operations with services": (
        'services = ["sts"]\noperations = ["GetCallerIdentity"]\n',
        ("#1", "'operations' only apply to a target with one 'service'", "'services'"),
    ),
    "package and model with all-services": (
        'all-services = true\npackage = "p"\nmodel = "m.json"\n',
        ("#1", "'package', 'model' only apply", "'all-services'"),
    ),
    "service listed twice": ('services = ["sts", "sso", "sts"]\n', ("#1", "'sts'", "2 times")),
    "bad service name": ('services = ["sts", "../x"]\n', ("#1", "'../x'")),
    "unknown key": ('services = ["sts"]\nservice_names = ["x"]\n', ("#1", "unknown key(s) service_names")),
    "bad emitter": ('services = ["sts"]\nemitters = ["pdf"]\n', ("#1", "'pdf'")),
    "service in two entries": (
        'services = ["sso", "sts"]\n[[tool.shapegen.targets]]\nservice = "sts"\noperations = ["GetCallerIdentity"]\n',
        ("#2", "two targets generate package 'sts_shapes'", "#1"),
    ),
    "all-services and a service": (
        'service = "sts"\npackage = "mine"\n[[tool.shapegen.targets]]\nall-services = true\n',
        ("#2", "two targets generate service 'sts'", "#1", "drop it from the other"),
    ),
}


@pytest.mark.parametrize("case", sorted(CONFIG_ERRORS))
def test_bad_config_selection_is_one_line(tmp_path: Path, two_services_only: None, case: str) -> None:
    entry, needles = CONFIG_ERRORS[case]
    path = write_config(tmp_path, f"[[tool.shapegen.targets]]\n{entry}")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    for needle in (str(path), *needles):
        assert needle in message, (needle, message)


@pytest.mark.parametrize("key", ["services", "all-services", "service", "colour"])
def test_unknown_keys_in_tool_shapegen_are_refused(tmp_path: Path, key: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        f'[tool.shapegen]\n"{key}" = true\n[[tool.shapegen.targets]]\nservice = "sts"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=rf"\[tool\.shapegen\] has unknown key\(s\) {key}") as caught:
        load_config(path)
    assert ("[[tool.shapegen.targets]]" in str(caught.value)) == (key != "colour")


def test_config_error_through_the_command_line_writes_nothing(
    tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, '[[tool.shapegen.targets]]\nservices = ["sts", "stz"]\n')
    before = tree(out)
    line = error_line(capsys, ["check", "--config", str(config), "--out", str(out)])
    assert "unknown service 'stz'" in line and "closest: sts" in line
    assert tree(out) == before
