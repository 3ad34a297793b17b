"""Targets in parallel (``--jobs``) and what a run shows while it works (``--progress``).

Real runs use two small services (sts: 11 operations, sso: 4) and the edge-case model.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import generator.format
import generator.worker
from conftest import EDGE_MODEL, tree
from generator.cli import main, parser
from generator.config import make_target
from generator.pipeline import generate
from generator.progress import Bar, Lines, Silent, progress

TWO = ("--service", "sts", "--service", "sso")


def test_one_job_and_two_jobs_write_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outs = {jobs: tmp_path / f"jobs{jobs}" for jobs in ("1", "2")}
    for jobs, out in outs.items():
        assert main(["generate", *TWO, "--out", str(out), "--no-cache", "--jobs", jobs]) == 0
    assert tree(outs["1"]) == tree(outs["2"])
    manifest = json.loads((outs["2"] / "manifest.json").read_text(encoding="utf-8"))
    assert [t["service"] for t in manifest["targets"]] == ["sts", "sso"]  # the targets' order, not the finishing order
    assert len(manifest["files"]) > 100


def test_targets_start_beside_others_only_within_the_memory_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline as pipeline

    weights = {s: pipeline.model_weight(make_target(s, None, None, None, "test")) for s in ("ec2", "quicksight", "sts")}
    assert weights["ec2"] > 4_000_000 > weights["quicksight"] > 2_000_000 > 200_000 > weights["sts"] > 0
    assert pipeline.admits([], weights["ec2"])  # alone, whatever its size
    assert not pipeline.admits([weights["ec2"]], weights["quicksight"])  # two of the biggest: over 1 GB
    assert pipeline.admits([weights["quicksight"]], weights["sts"])
    monkeypatch.setattr(pipeline, "PARALLEL_MODEL_BYTES", 0)
    assert not pipeline.admits([weights["sts"]], weights["sts"])


def test_big_models_render_alone_and_the_bytes_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.pipeline as pipeline

    alone, together = tmp_path / "alone", tmp_path / "together"
    monkeypatch.setattr(pipeline, "PARALLEL_MODEL_BYTES", 0)
    assert main(["generate", *TWO, "--out", str(alone), "--no-cache", "--jobs", "2"]) == 0
    monkeypatch.undo()
    assert main(["generate", *TWO, "--out", str(together), "--no-cache", "--jobs", "2"]) == 0
    assert tree(alone) == tree(together)


def test_jobs_default_to_the_cpus_and_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    import os

    assert parser().parse_args(["generate"]).jobs == len(os.sched_getaffinity(0))
    assert parser().parse_args(["check", "-j", "3"]).jobs == 3
    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as caught:
            parser().parse_args(["generate", "--jobs", bad])
        assert caught.value.code == 2
        assert "must be a whole number of at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_first_bad_target_is_reported_whatever_the_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """Two bad targets after a good one: the first bad one is named, in one line, exit 2, and
    nothing is written, with one job or two."""
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.shapegen]\n[[tool.shapegen.targets]]\nservices = ["sts"]\n'
        '[[tool.shapegen.targets]]\nservice = "edgecase"\nmodel = "first-missing.json"\n'
        '[[tool.shapegen.targets]]\nservice = "other"\nmodel = "second-missing.json"\n',
        encoding="utf-8",
    )
    out = tmp_path / "a" / "out"
    assert main(["generate", "--config", str(config), "--out", str(out), "--jobs", jobs]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("shapegen: error: ") and "first-missing.json" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pyproject.toml"]


def test_workers_format_in_their_own_process_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's formatter starts no pool of its own (workers=1); a run rendering one target
    here keeps the formatter's default (a pool over every CPU)."""
    made: list[Any] = []
    real = generator.format.Formatter

    class Spy(real):  # type: ignore[misc, valid-type]
        def __init__(self, cache_dir: Path | None = None, workers: int | None = None) -> None:
            made.append(workers)
            super().__init__(cache_dir=cache_dir, workers=workers)

    monkeypatch.setattr(generator.worker, "Formatter", Spy)
    monkeypatch.setattr(generator.format, "Formatter", Spy)
    target = make_target("edgecase", None, "edge_shapes", EDGE_MODEL, "test")
    staging = tmp_path / "staging"
    staging.mkdir()
    staged = generator.worker.stage(target, tmp_path / "out", staging, None)
    assert made == [1]
    assert set(staged.files) == {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()}
    made.clear()
    generate([target], tmp_path / "out", jobs=4)
    assert made == [None]


# --- progress ---------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert isinstance(progress("auto", Terminal()), Bar)
    assert isinstance(progress("auto", io.StringIO()), Silent)
    assert isinstance(progress("lines", Terminal()), Lines)
    assert type(progress("none", Terminal())) is Silent
    monkeypatch.setenv("CI", "true")
    assert type(progress("auto", Terminal())) is Silent


def test_the_bar_is_drawn_on_a_terminal_and_cleared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    args = ["generate", "--service", "sso", "--emit", "json-schema", "--out", str(tmp_path / "out"), "--no-cache"]
    assert main(args) == 0
    frames = terminal.getvalue().split("\r")
    assert frames[1].startswith("shapegen:   0%|") and "0/1" in frames[1] and "target/s" in frames[1]
    shown = "".join(frames)
    assert "sso" in shown and "the json-schema emitter" in shown and "formatting" in shown  # the stages
    assert frames[-2].strip() == "" and frames[-1] == ""  # cleared at the end: the result line stands alone
    assert capsys.readouterr().out.startswith("shapegen: wrote ")


def test_without_a_terminal_only_the_result_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["generate", *TWO, "--emit", "json-schema", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith(f"shapegen: wrote ") and captured.out.count("\n") == 1


def test_progress_lines_name_each_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["generate", *TWO, "--emit", "json-schema", "--out", str(out), "--progress", "lines", "--jobs", "1"]
    assert main(args) == 0
    assert capsys.readouterr().err.splitlines() == [
        "shapegen: [1/2] sts: 22 files",
        "shapegen: [2/2] sso: 8 files",
    ]
    (out / "schema/sso/Logout.input.schema.json").unlink()
    assert main(args) == 0
    assert capsys.readouterr().err.splitlines() == [
        "shapegen: [1/2] sts: unchanged",
        "shapegen: [2/2] sso: 8 files",
    ]
