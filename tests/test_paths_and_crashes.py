"""Issue 10, classes 2, 7 and 8: names from input never leave ``--out``; clashes are named;
killed runs leave ``--out`` in place, their debris is cleaned up, and pool workers die with
their parent.

Refusals go through ``Scene.assert_refused`` (exit 2, one line, the output folder and
everything beside it unchanged) and also check the whole test folder (``Watch``), since an
escaping path would land outside the output folder's parent.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

import generator.load
import generator.write
from conftest import EDGE_MODEL, ROOT, run_shapegen
from generator.emitters import Artifact
from generator.errors import ModelError, OutputError
from generator.load import load_file, service_name_from_metadata
from generator.worker import blamed_on
from generator.write import lock_path, write_tree
from test_bad_input import (  # noqa: F401 (pristine and scene are fixtures)
    EDGE_ARGS,
    Scene,
    edge_model_with,
    leftovers,
    pristine,
    scene,
    snapshot,
    write_config,
)

PYTHON = sys.executable


class Watch:
    """A snapshot of everything under the test's own folder, to prove nothing appeared anywhere."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.before = snapshot(root)

    def assert_unchanged(self) -> None:
        assert snapshot(self.root) == self.before


def refused(scene: Scene, tmp_path: Path, *args: str, needles: tuple[str, ...]) -> str:
    watch = Watch(tmp_path)
    result = scene.run(*args)
    line = scene.assert_refused(result, *needles)
    watch.assert_unchanged()
    return line


def refuse_edge_model(scene: Scene, tmp_path: Path, model: Path, needles: tuple[str, ...]) -> str:
    """``refused`` for a generate run of the edge-case service from ``model``."""
    args = ("--service", "edgecase", "--model", str(model), "--package", "edge_shapes", "--out", str(scene.out))
    return refused(scene, tmp_path, "generate", *args, needles=needles)


# --- class 2: service, package and operation names ------------------------------------------


@pytest.mark.parametrize("service", ["../../x", "x/../../y", "..", "Connect", "a b", "_x", "x" * 65])
def test_service_name_that_is_not_a_plain_name_is_refused(scene: Scene, tmp_path: Path, service: str) -> None:
    refused(
        scene,
        tmp_path,
        "generate",
        "--service",
        service,
        "--model",
        str(EDGE_MODEL),
        "--out",
        str(scene.out),
        needles=("command line", "service name", service[:40]),
    )


def test_absolute_service_name_is_refused(scene: Scene, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    refused(
        scene,
        tmp_path,
        "generate",
        "--service",
        str(target),
        "--model",
        str(EDGE_MODEL),
        "--out",
        str(scene.out),
        needles=("command line", "service name"),
    )
    assert not target.exists()


def test_empty_service_says_it_is_empty(scene: Scene, tmp_path: Path) -> None:
    # Before: '' counted as no --service, so the configured target was generated instead.
    refused(
        scene,
        tmp_path,
        "generate",
        "--service",
        "",
        "--model",
        str(EDGE_MODEL),
        "--out",
        str(scene.out),
        needles=("service name is empty",),
    )


@pytest.mark.parametrize("service", ["../../x", "/tmp/x", ""])
def test_bad_service_in_the_config_is_refused(scene: Scene, tmp_path: Path, service: str) -> None:
    config = write_config(
        scene,
        f'[tool.shapegen]\noutput = "out"\n[[tool.shapegen.targets]]\nservice = "{service}"\n'
        f'model = "{EDGE_MODEL}"\npackage = "edge_shapes"\n',
    )
    refused(
        scene,
        tmp_path,
        "generate",
        "--config",
        str(config),
        "--out",
        str(scene.out),
        needles=(str(config), "#1", "service name"),
    )


@pytest.mark.parametrize(
    ("package", "needle"),
    [
        ("json", "shadow the standard library"),
        ("os", "shadow the standard library"),
        ("dataclasses", "shadow the standard library"),
        ("botocore", "would shadow botocore"),
        ("../x", "not a valid Python package name"),
        ("café", "not a valid Python package name"),
        ("class", "not a valid Python package name"),
        ("", "not a valid Python package name"),
    ],
)
def test_bad_package_is_refused(scene: Scene, tmp_path: Path, package: str, needle: str) -> None:
    refused(
        scene,
        tmp_path,
        "generate",
        "--service",
        "edgecase",
        "--model",
        str(EDGE_MODEL),
        "--package",
        package,
        "--out",
        str(scene.out),
        needles=(f"package {package!r}", needle),
    )


@pytest.mark.parametrize("name", ["../../Evil", "/abs", "a.b", "Bad Name", "README", "readme", "Index"])
def test_operation_name_that_cannot_be_a_file_name_is_refused(
    scene: Scene, tmp_path: Path, name: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["operations"][name] = data["operations"].pop("GetThing")

    model = edge_model_with(scene, "bad-op", change)
    line = refuse_edge_model(scene, tmp_path, model, needles=(str(model), f"operation {name!r}"))
    if name.lower() in ("readme", "index"):
        assert "README.md" in line and "docs index" in line


def test_metadata_service_name_is_checked(tmp_path: Path) -> None:
    assert service_name_from_metadata({"metadata": {"serviceId": "Connect Contact Lens"}}, "m") == (
        "connect-contact-lens"
    )
    model = tmp_path / "m.json"
    data = json.loads(EDGE_MODEL.read_text(encoding="utf-8"))
    for service_id in ("../../x", "/abs", 5):
        data["metadata"]["serviceId"] = service_id
        model.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(ModelError, match=r"m\.json: metadata\.serviceId") as caught:
            load_file(model)  # no service given: named after the metadata
        assert "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


# --- class 2: model files that are not regular files, or too big --------------------------


def test_fifo_model_is_refused_without_blocking(scene: Scene, tmp_path: Path) -> None:
    fifo = scene.inputs / "service-2.json"
    os.mkfifo(fifo)
    scene.freeze()
    watch = Watch(tmp_path)
    result = subprocess.run(
        [
            PYTHON,
            "-m",
            "generator",
            "generate",
            "--service",
            "edgecase",
            "--model",
            str(fifo),
            "--out",
            str(scene.out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    scene.assert_refused(result, str(fifo), "not a regular file")
    watch.assert_unchanged()


def test_endless_device_model_is_refused(scene: Scene, tmp_path: Path) -> None:
    refused(
        scene,
        tmp_path,
        "generate",
        "--service",
        "edgecase",
        "--model",
        "/dev/zero",
        "--out",
        str(scene.out),
        needles=("/dev/zero", "not a regular file"),
    )


def test_model_size_is_bounded_plain_and_gzipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = len(EDGE_MODEL.read_bytes())
    monkeypatch.setattr(generator.load, "MAX_MODEL_BYTES", size - 1)
    with pytest.raises(ModelError, match="more than the limit"):
        load_file(EDGE_MODEL, "edgecase")
    bomb = tmp_path / "bomb.json.gz"
    bomb.write_bytes(gzip.compress(b" " * (size * 100)))  # tiny on disk, big inflated
    assert bomb.stat().st_size < size
    with pytest.raises(ModelError, match="inflates to more than the limit"):
        load_file(bomb, "edgecase")
    monkeypatch.setattr(generator.load, "MAX_MODEL_BYTES", size)
    assert load_file(EDGE_MODEL, "edgecase").data["metadata"]["serviceId"] == "EdgeCase"
    two_members = tmp_path / "two.json.gz"  # gzip members concatenated still read as one file
    raw = EDGE_MODEL.read_bytes()
    two_members.write_bytes(gzip.compress(raw[:100]) + gzip.compress(raw[100:]))
    assert load_file(two_members, "edgecase").data == json.loads(raw)


# --- class 7: clashes are named ------------------------------------------------------------


def test_duplicate_operation_on_the_command_line_is_named(scene: Scene, tmp_path: Path) -> None:
    refused(
        scene,
        tmp_path,
        "generate",
        *EDGE_ARGS,
        "--operation",
        "GetThing",
        "--operation",
        "PutThing",
        "--operation",
        "GetThing",
        "--out",
        str(scene.out),
        needles=("command line", "'GetThing'", "2 times"),
    )


CONFIG_CLASHES = {
    "duplicate operation": (
        'operations = ["DescribeContact", "DescribeContact"]\n',
        ("#1", "'DescribeContact'", "2 times"),
    ),
    "package names differing only in case": (
        'package = "conn"\n[[tool.shapegen.targets]]\nservice = "sqs"\npackage = "Conn"\n',
        ("two targets generate package 'Conn'", "ignoring case"),
    ),
    "two targets of one service": (
        'package = "a"\n[[tool.shapegen.targets]]\nservice = "connect"\npackage = "b"\n',
        ("two targets generate service 'connect'",),
    ),
}


@pytest.mark.parametrize("case", sorted(CONFIG_CLASHES))
def test_clash_in_the_config_is_named(scene: Scene, tmp_path: Path, case: str) -> None:
    rest, needles = CONFIG_CLASHES[case]
    config = write_config(scene, f'[tool.shapegen]\n[[tool.shapegen.targets]]\nservice = "connect"\n{rest}')
    refused(scene, tmp_path, "generate", "--config", str(config), "--out", str(scene.out), needles=(str(config), *needles))


def deep_lists(data: dict[str, Any]) -> None:
    data["shapes"]["GetThingRequest"]["members"]["Deep"] = {"shape": "L0"}
    for i in range(1200):
        data["shapes"][f"L{i}"] = {"type": "list", "member": {"shape": f"L{i + 1}"}}
    data["shapes"]["L1200"] = {"type": "string"}


# Deep HTML is no longer refused: tags past limits.MAX_DOC_DEPTH keep only their text
# (tests/test_hostile_models.py generates such a model and checks every artefact).
def test_model_too_deep_for_a_stage_is_the_models_fault(scene: Scene, tmp_path: Path) -> None:
    """Whatever stage first meets the depth, the one line names the model file (never a
    traceback, never a template)."""
    model = edge_model_with(scene, "deep", deep_lists)
    line = refuse_edge_model(scene, tmp_path, model, needles=(str(model),))
    assert "template" not in line


def test_recursion_error_in_any_stage_becomes_a_model_error() -> None:
    with pytest.raises(ModelError, match=r"^/m\.json: nested too deeply: the docs emitter went past"):
        with blamed_on("/m.json", "the docs emitter"):
            raise RecursionError("maximum recursion depth exceeded")


def art(path: str, template: str | None = "t.jinja") -> Artifact:
    return Artifact(path=PurePosixPath(path), text="x\n", template=template)


@pytest.mark.parametrize(
    ("artifacts", "needles"),
    [
        (
            [art("docs/s/README.md", "docs/op.md.jinja"), art("docs/s/README.md", "docs/index.md.jinja")],
            (
                "docs/s/README.md would be written twice",
                "templates/docs/op.md.jinja",
                "templates/docs/index.md.jinja",
            ),
        ),
        (
            [art("schema/s/A.json", None), art("schema/s/a.json", None)],
            ("schema/s/A.json", "schema/s/a.json", "differing only in case", "built as data"),
        ),
        ([art("manifest.json")], ("manifest.json", "templates/t.jinja")),
    ],
)
def test_writer_names_clashing_paths_and_what_made_them(
    tmp_path: Path, artifacts: list[Artifact], needles: tuple[str, ...]
) -> None:
    out = tmp_path / "deep" / "out"
    with pytest.raises(OutputError) as caught:
        write_tree(artifacts, out, {})
    for needle in needles:
        assert needle in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("../escaped.txt", "segment '..'"),
        ("schema/../../escaped.txt", "segment '..'"),
        ("/tmp/absolute.txt", "absolute"),
        ("", "empty"),
        (".hidden", "segment '.hidden'"),
        ("a b/c.txt", "segment 'a b'"),
        ("a\\b.txt", "segment"),
        ("a\nb.txt", "segment"),
        ("x" * 256, "longer than 255 bytes"),
    ],
)
def test_writer_refuses_artefact_paths_that_are_not_plain(tmp_path: Path, path: str, problem: str) -> None:
    out = tmp_path / "deep" / "out"
    with pytest.raises(OutputError, match="refusing to write") as caught:
        write_tree([art("ok.txt"), art(path)], out, {})
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


# --- class 8: lock, debris, symlinks ----------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([PYTHON, "-c", "pass"])
    child.wait()
    return child.pid


def test_debris_of_dead_runs_of_this_folder_is_cleaned_up_and_nothing_else(
    scene: Scene, pristine: Path
) -> None:
    dead = dead_pid()
    mine = [scene.work / f".out.new-{dead}-abc_123", scene.work / f".out.old-{dead}-zz9"]
    kept = [
        scene.work / f".out.new-{os.getpid()}-live",  # a live process: maybe still writing
        scene.work / ".out.new-abcd1234",  # no pid (an older shapegen): not known to be dead
        scene.work / f".other.new-{dead}-abc",  # another output folder's
        scene.work / f".out.new-{dead}-abc.bak",  # not a name shapegen makes
    ]
    for folder in mine + kept:
        (folder / "python").mkdir(parents=True)
        (folder / "python" / "file.py").write_text("x = 1\n", encoding="utf-8")
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(scene.out))
    assert result.returncode == 0, result.stderr
    assert all(not p.exists() for p in mine)
    assert all((p / "python" / "file.py").is_file() for p in kept)
    assert snapshot(scene.out) == snapshot(pristine)
    assert not lock_path(scene.out).exists()


def kill_script(patch: str, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run shapegen in a fresh interpreter after ``patch`` (Python source) was executed."""
    argv = ["generate", *EDGE_ARGS, *args, "--out", str(out)]
    code = textwrap.dedent(patch) + f"\nfrom generator.cli import main\nraise SystemExit(main({argv!r}))\n"
    return subprocess.run([PYTHON, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_kill_during_the_swap_leaves_out_in_place_and_next_run_cleans_up(
    scene: Scene, pristine: Path
) -> None:
    """Linux: the swap is one exchange, so a run killed right after it leaves the new folder at
    --out and the old one in its staging folder, which the next run deletes."""
    result = kill_script(
        """
        import os, signal, generator.write as w
        real = w.exchange
        def exchange(a, b):
            assert real(a, b), "renameat2(RENAME_EXCHANGE) should work here"
            os.kill(os.getpid(), signal.SIGKILL)
        w.exchange = exchange
        """,
        scene.out,
        "--operation",
        "GetThing",
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert (scene.out / "manifest.json").is_file()
    assert json.loads((scene.out / "manifest.json").read_text())["targets"][0]["operations"] == ["GetThing"]
    assert len(leftovers(scene.work)) == 1
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(scene.out))
    assert result.returncode == 0, result.stderr
    assert leftovers(scene.work) == []
    after = snapshot(scene.out)
    assert b"operation `PutThing` added" in (after.pop("CHANGELOG.md") or b"")  # history, not output
    assert after == snapshot(pristine)
    assert sorted(p.name for p in scene.work.iterdir()) == ["out"]  # no lock file either


RENAME_FALLBACK = """
    import os, signal, generator.write as w
    w.exchange = lambda a, b: False  # as where renameat2 is missing or the file system cannot
    real = os.rename
    def rename(src, dst):
        if os.path.basename(os.fspath(src)).startswith(".out.new-") and os.fspath(dst).endswith("/out"):
            {action}
        real(src, dst)
    os.rename = rename
"""


def test_kill_between_the_two_renames_is_recovered_by_the_next_run(scene: Scene, pristine: Path) -> None:
    """Without an exchange, a run killed between the renames leaves the old folder aside; the
    next run puts it back before anything else, then deletes the debris."""
    result = kill_script(
        RENAME_FALLBACK.format(action="os.kill(os.getpid(), signal.SIGKILL)"),
        scene.out,
        "--operation",
        "GetThing",
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert not scene.out.exists()  # the window the fallback cannot close
    assert len(leftovers(scene.work)) == 2  # the retired old folder and the new staging folder
    generator.write._clean_up_after_dead_runs(scene.out)  # what the next run does first
    assert snapshot(scene.out) == snapshot(pristine)
    assert leftovers(scene.work) == []
    # Killed again; this time a whole run follows: it recovers, then writes.
    result = kill_script(
        RENAME_FALLBACK.format(action="os.kill(os.getpid(), signal.SIGKILL)"),
        scene.out,
        "--operation",
        "GetThing",
    )
    assert result.returncode == -signal.SIGKILL and not scene.out.exists()
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(scene.out))
    assert result.returncode == 0, result.stderr
    assert snapshot(scene.out) == snapshot(pristine)
    assert sorted(p.name for p in scene.work.iterdir()) == ["out"]


def test_failed_second_rename_puts_the_old_folder_back(scene: Scene) -> None:
    scene.freeze()
    result = kill_script(
        RENAME_FALLBACK.format(action="raise OSError(28, 'No space left on device')"),
        scene.out,
        "--operation",
        "GetThing",
    )
    scene.assert_refused(result, str(scene.out), "No space left on device")


def test_concurrent_runs_take_turns(scene: Scene, pristine: Path) -> None:
    """A run waits while another holds the output folder's lock, then goes ahead."""
    with generator.write._locked(scene.out.absolute()):
        waiting = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "generator",
                "generate",
                *EDGE_ARGS,
                "--operation",
                "GetThing",
                "--out",
                str(scene.out),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert waiting.poll() is None, waiting.communicate()
        assert snapshot(scene.out) == snapshot(pristine)
        assert leftovers(scene.work) == []
    _, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert json.loads((scene.out / "manifest.json").read_text())["targets"][0]["operations"] == ["GetThing"]
    assert sorted(p.name for p in scene.work.iterdir()) == ["out"]


def test_a_run_that_cannot_get_the_lock_gives_up_clearly(scene: Scene) -> None:
    with generator.write._locked(scene.out.absolute()):
        scene.freeze()
        result = kill_script("import generator.write as w; w.OUTPUT_LOCK_WAIT_SECONDS = 0.5", scene.out)
        scene.assert_refused(result, str(scene.out), "another shapegen run")


def test_symlinked_out_is_written_through_and_stays_a_link(scene: Scene, pristine: Path) -> None:
    real = scene.work / "real"
    scene.out.rename(real)
    link = scene.work / "link"
    link.symlink_to("real")
    result = run_shapegen("generate", *EDGE_ARGS, "--operation", "GetThing", "--out", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real"
    assert json.loads((real / "manifest.json").read_text())["targets"][0]["operations"] == ["GetThing"]
    assert sorted(p.name for p in scene.work.iterdir()) == ["link", "real"]


def test_dangling_symlink_out_is_refused(scene: Scene, tmp_path: Path) -> None:
    link = scene.work / "link"
    link.symlink_to("nowhere")
    refused(scene, tmp_path, "generate", *EDGE_ARGS, "--out", str(link), needles=(str(link), "symlink"))


# --- class 8: pool workers die with their parent ------------------------------------------


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def assert_workers_die_with(parent: subprocess.Popen[str], wait_for_workers: float) -> None:
    deadline = time.monotonic() + wait_for_workers
    workers: set[int] = set()
    while not workers and time.monotonic() < deadline and parent.poll() is None:
        time.sleep(0.2)
        workers = children(parent.pid)
    try:
        assert workers, "the run never started its pool"
        time.sleep(0.5)  # let every worker run its initializer
        workers |= children(parent.pid)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 5
    while running(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = running(workers)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"pool workers {sorted(left)} outlived their parent"


def test_kill_9_of_a_pooled_run_kills_its_workers(tmp_path: Path) -> None:
    """A real run big enough for the pool (ec2: ~100,000 lines to format), no cache."""
    argv = ["generate", "--service", "ec2", "--no-cache", "--out", str(tmp_path / "out")]
    code = (
        "import os\nos.cpu_count = lambda: 2  # a pool even on one core\n"
        f"from generator.cli import main\nraise SystemExit(main({argv!r}))\n"
    )
    env = {**os.environ, "SHAPEGEN_CACHE_DIR": str(tmp_path / "cache")}
    parent = subprocess.Popen(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert_workers_die_with(parent, wait_for_workers=240)
    assert not (tmp_path / "out").exists()


def test_pool_workers_watch_their_parent_where_the_kernel_cannot(tmp_path: Path) -> None:
    """The portable fallback (no PR_SET_PDEATHSIG): a thread in each worker polls the parent."""
    code = textwrap.dedent("""
        import os, time
        from concurrent.futures import ProcessPoolExecutor
        import generator.format as f
        import generator.processes as p
        p._set_parent_death_signal = lambda signum: False
        p.PARENT_POLL_SECONDS = 0.1
        with ProcessPoolExecutor(2, mp_context=f._pool_context(), initializer=p.die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            list(pool.map(time.sleep, [60, 60]))
        """)
    parent = subprocess.Popen([PYTHON, "-c", code], cwd=ROOT, text=True)
    assert_workers_die_with(parent, wait_for_workers=30)
