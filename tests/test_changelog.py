"""``shapegen generate`` appends each run's API changes to ``<output>/CHANGELOG.md``.

The file is history: the manifest does not list it, ``check`` does not report it, a run that
changes nothing leaves it (and everything else) alone.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from conftest import GENERATED, ROOT, tree
from generator import botocore_data
from generator.cli import main
from generator.emitters import Artifact
from generator.errors import OutputError
from generator.write import check_paths

EDGE = ("--service", "edgecase", "--package", "edge_shapes")
VERSION = botocore_data.version()
TITLE = "# Changelog\n\nThe API changes of the generated Python packages, one section per run that changed them.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main([*args, "--jobs", "1", "--progress", "none"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def edit(model: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(model.read_text(encoding="utf-8"))
    change(data)
    model.write_text(json.dumps(data), encoding="utf-8")


def generate(capsys: pytest.CaptureFixture[str], model: Path, out: Path, *extra: str) -> str:
    return run(capsys, "generate", *EDGE, "--model", str(model), "--emit", "python", "--out", str(out), *extra)


def drop_tree(data: dict[str, Any]) -> None:
    del data["shapes"]["Thing"]["members"]["Tree"]


def add_gamma(data: dict[str, Any]) -> None:
    data["shapes"]["Kind"]["enum"].append("GAMMA")


def test_a_changed_model_appends_one_section_and_an_unchanged_run_nothing(
    tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    assert not (out / "CHANGELOG.md").exists()  # the first run: nothing to compare with

    edit(model, drop_tree)
    edit(model, add_gamma)
    generate(capsys, model, out)
    changelog = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog == TITLE + (
        f"\n## botocore {VERSION} (model or generator changed)\n\n"
        "### Breaking changes\n\n#### `edge_shapes`\n\n- `Thing.tree` removed (`Node | None`)\n\n"
        "### Other changes\n\n#### `edge_shapes`\n\n- `Kind.GAMMA` added (`\"GAMMA\"`)\n"
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "CHANGELOG.md" not in manifest["files"]

    before = tree(out)
    line = generate(capsys, model, out)
    assert line.startswith(f"shapegen: nothing changed; {out} is up to date")  # the skip allows CHANGELOG.md
    assert "wrote" in generate(capsys, model, out, "--no-cache")  # rendered again, the same API
    assert tree(out) == before

    check = run(capsys, "check", *EDGE, "--model", str(model), "--emit", "python", "--out", str(out))
    assert check == f"shapegen check: {out} is up to date\n"


def changelog_after(capsys: pytest.CaptureFixture[str], model: Path, out: Path, recorded_botocore: str) -> str:
    """The changelog after a run whose earlier output's manifest recorded ``recorded_botocore``."""
    generate(capsys, model, out)
    manifest = out / "manifest.json"
    text = manifest.read_text(encoding="utf-8").replace(f'"{VERSION}"', json.dumps(recorded_botocore))
    manifest.write_text(text, encoding="utf-8")
    edit(model, add_gamma)
    generate(capsys, model, out)
    return (out / "CHANGELOG.md").read_text(encoding="utf-8")


def test_sections_name_both_botocore_versions_and_accumulate(
    tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    first = changelog_after(capsys, model, out, "1.31.0")
    assert f"\n## botocore 1.31.0 → {VERSION}\n" in first

    edit(model, drop_tree)
    generate(capsys, model, out)
    second = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert second.startswith(first)
    assert second[len(first):] == (
        f"\n## botocore {VERSION} (model or generator changed)\n\n"
        "### Breaking changes\n\n#### `edge_shapes`\n\n- `Thing.tree` removed (`Node | None`)\n"
    )


def test_only_documentation_changed_appends_nothing(tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    edit(model, lambda data: data["shapes"]["Thing"].update(documentation="<p>Newly documented.</p>"))
    generate(capsys, model, out)
    assert "Newly documented." in (out / "python" / "edge_shapes" / "models.py").read_text(encoding="utf-8")
    assert not (out / "CHANGELOG.md").exists()


def test_a_new_botocore_alone_reads_no_package(
    tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every models.py names the botocore version in its header, so an upgrade changes every
    package's sha256; a package whose code past the header is the same is not read with libcst."""
    import hashlib

    from generator.apidiff import sources

    out = tmp_path / "out"
    generate(capsys, model, out)
    models = out / "python" / "edge_shapes" / "models.py"
    text = models.read_text(encoding="utf-8")
    models.write_text(text.replace(f"of botocore {VERSION}.", "of botocore 1.31.0.", 1), encoding="utf-8")
    assert models.read_text(encoding="utf-8") != text
    manifest = out / "manifest.json"
    old_sha = hashlib.sha256(text.encode()).hexdigest()
    new_sha = hashlib.sha256(models.read_bytes()).hexdigest()
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old_sha, new_sha), encoding="utf-8")

    def no_reading(*args: object) -> None:
        raise AssertionError("a package was read although only its header changed")

    monkeypatch.setattr(sources, "read_packages", no_reading)
    assert "wrote" in generate(capsys, model, out)
    assert models.read_text(encoding="utf-8") == text
    assert not (out / "CHANGELOG.md").exists()


def test_an_unreadable_earlier_package_is_noted_not_fatal(
    tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    (out / "python" / "edge_shapes" / "models.py").write_text("class (\n", encoding="utf-8")
    edit(model, add_gamma)
    generate(capsys, model, out)
    changelog = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "- `edge_shapes`: not compared, its earlier models.py cannot be read: python/edge\\_shapes/models.py: " in changelog
    assert "GAMMA" not in changelog
    assert str(tmp_path) not in changelog  # committed text: no path of this machine


def test_a_hand_edited_manifest_cannot_write_markdown(tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changelog = changelog_after(capsys, model, tmp_path / "out", "1.0\n# Injected")
    assert f"\n## botocore unknown → {VERSION}\n" in changelog and "Injected" not in changelog


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_a_changelog_that_is_not_a_plain_file_is_one_error_line(
    tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    target = out / "CHANGELOG.md"
    if kind == "folder":
        target.mkdir()
    else:
        (tmp_path / "elsewhere.md").write_text("kept elsewhere\n", encoding="utf-8")
        target.symlink_to(tmp_path / "elsewhere.md")
    before = tree(out) if kind == "folder" else None
    edit(model, add_gamma)
    capsys.readouterr()
    assert main(["generate", *EDGE, "--model", str(model), "--emit", "python", "--out", str(out), "--jobs", "1",
                 "--progress", "none"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "CHANGELOG.md: not a plain file" in err
    assert target.is_symlink() or target.is_dir()
    if before is not None:
        assert tree(out) == before


def test_the_committed_output_gets_no_changelog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "generated"
    shutil.copytree(GENERATED, out)
    run(capsys, "generate", "--config", str(ROOT / "pyproject.toml"), "--out", str(out), "--no-cache")
    assert tree(out) == tree(GENERATED, skip_tool_leftovers=True)


def test_no_artefact_may_be_the_changelog(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="API changelog"):
        check_paths([Artifact(PurePosixPath("changelog.md"), "")], tmp_path)


def test_a_changelog_that_is_not_utf8_is_one_error_line(tmp_path: Path, model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    generate(capsys, model, out)
    (out / "CHANGELOG.md").write_bytes(b"\xff")
    edit(model, add_gamma)
    args = ["generate", *EDGE, "--model", str(model), "--emit", "python", "--out", str(out), "--jobs", "1"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "CHANGELOG.md: not UTF-8 text" in err
    assert (out / "CHANGELOG.md").read_bytes() == b"\xff"  # the output folder as it was
