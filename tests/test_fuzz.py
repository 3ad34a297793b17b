"""Fuzz: seeded hostile and malformed models (tests/fuzz_models.py) through the whole CLI.

For every case, ``python -m generator generate`` runs in a subprocess with a time limit and a
memory cap, and must exit 0 or 2:

- exit 2: one ``shapegen: error: `` line on stderr that names the model file (unless a
  command-line value is what is wrong) and no template, nothing on stdout, no traceback, the
  output folder (and everything beside it) byte-identical, no ``.out.new-*``/``.out.old-*``;
- exit 0: nothing beside the output folder changed, and then, over all successful cases
  together: every schema is JSON (no NaN) and passes the 2020-12 meta-schema; the packages
  pass one ``mypy --strict`` run; one fresh interpreter imports each package, runs its
  skeleton module as ``python -m <pkg>.skeleton`` would, with nothing printed, no file
  created and no environment change, and checks that every example satisfies its schema
  and the request/response class's ``from_dict`` (whose ``to_json_dict()`` must be JSON),
  and that the skeleton files are what the module prints.

``SHAPEGEN_FUZZ_CASES`` (default below), ``SHAPEGEN_FUZZ_SEED``, ``SHAPEGEN_FUZZ_ONLY`` (one
index, or several separated by commas) and ``SHAPEGEN_FUZZ_TIMEOUT`` (seconds per run)
change the campaign; ``SHAPEGEN_FUZZ_REPORT=path`` writes every outcome as JSON lines.
A failing case prints its seed, its mutations and where its model was saved.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import EDGE_MODEL, ROOT
from fuzz_models import ACT, MARK, Case, make_case

CASES = int(os.environ.get("SHAPEGEN_FUZZ_CASES", "150"))
SEED = int(os.environ.get("SHAPEGEN_FUZZ_SEED", "20261124"))
ONLY = [int(i) for i in os.environ.get("SHAPEGEN_FUZZ_ONLY", "").split(",") if i.strip()]
TIMEOUT = float(os.environ.get("SHAPEGEN_FUZZ_TIMEOUT", "20"))  # a normal case takes under 2 s
REPORT = os.environ.get("SHAPEGEN_FUZZ_REPORT")
MEMORY_CAP = 3 * 1024**3  # bytes of address space per run: a blow-up fails instead of eating the machine
WORKERS = 2
INDICES = ONLY or list(range(CASES))
DEBRIS = re.compile(r"\..+\.(new|old)-.*")


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_limited(args: list[str], *, cwd: Path, env: dict[str, str], timeout: float,
                stdin: str | None = None) -> tuple[int | None, str, str]:
    """Run ``args`` in its own process group; on timeout kill that group. Exit None = hang."""
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="backslashreplace",
                            preexec_fn=_limit_memory, start_new_session=True)
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
        return proc.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out, err
    finally:
        try:  # workers it left behind (a process pool) go with it
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def snapshot(root: Path, skip: Path | None = None) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
        for p in sorted(root.rglob("*"))
        if skip is None or not (p == skip or skip in p.parents)
    }


def debris(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(".*") if DEBRIS.fullmatch(p.name))


def traceback_summary(stderr: str) -> str:
    """The exception and the innermost frame in generator/ (file:line), from a traceback."""
    frames = re.findall(r'File "([^"]*)", line (\d+)', stderr)
    ours = [(f, n) for f, n in frames if "/generator/" in f]
    where = ""
    if ours:
        f, n = ours[-1]
        where = f" at {f[f.rindex('/generator/') + 1:]}:{n}"
    lines = [ln for ln in stderr.strip().splitlines() if ln and not ln.startswith(" ")]
    last = lines[-1][:200] if lines else ""
    return f"{last}{where}"


@dataclass
class Outcome:
    case: Case
    folder: Path
    code: int | None = None
    elapsed: float = 0.0
    stdout: str = ""
    stderr: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return self.folder / "work" / "out"

    @property
    def python(self) -> Path:
        return self.out / "python" / self.case.package

    @property
    def generated(self) -> bool:
        return self.code == 0 and not self.problems

    def report(self) -> str:
        lines = [self.case.describe(), f"  model saved as {self.folder / 'model.json'}",
                 f"  exit {self.code} after {self.elapsed:.1f} s"]
        lines += [f"  PROBLEM: {p}" for p in self.problems]
        if self.stderr.strip():
            lines.append("  stderr (tail):\n" + textwrap.indent(self.stderr.strip()[-3000:], "    | "))
        return "\n".join(lines)


def run_case(case: Case, root: Path, pristine: Path, cache: Path) -> Outcome:
    folder = root / f"case{case.index}"
    folder.mkdir()
    outcome = Outcome(case, folder)
    model = folder / "model.json"
    model.write_text(case.model_text, encoding="utf-8", errors="surrogatepass")
    work = folder / "work"
    work.mkdir()
    (work / "beside.txt").write_text("a file next to the output folder\n", encoding="utf-8")
    if case.prefilled:
        shutil.copytree(pristine, outcome.out)
    cwd = folder / "cwd"
    cwd.mkdir()
    marker = folder / "marker"
    before = snapshot(folder)
    service = case.service.replace("{CASE}", str(folder))
    # ``--opt=value``: a value starting with ``-`` is a value, not an option.
    args = [sys.executable, "-m", "generator", "generate", f"--service={service}", f"--model={model}",
            f"--package={case.package}", f"--out={outcome.out}", *(f"--operation={op}" for op in case.operations)]
    env = {**os.environ, "SHAPEGEN_FUZZ_MARKER": str(marker), "SHAPEGEN_CACHE_DIR": str(cache),
           "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    code, outcome.stdout, outcome.stderr = run_limited(args, cwd=cwd, env=env, timeout=TIMEOUT)
    outcome.elapsed = time.perf_counter() - started
    outcome.code = code
    problems = outcome.problems
    if code is None:
        problems.append(f"hang: no exit within {TIMEOUT:.0f} s")
    elif code not in (0, 2):
        problems.append(f"exit {code}: {traceback_summary(outcome.stderr)}")
    elif "Traceback (most recent call last)" in outcome.stderr:
        problems.append(f"traceback with exit {code}: {traceback_summary(outcome.stderr)}")
    if MARK in outcome.stdout or MARK in outcome.stderr or marker.exists():
        problems.append("model text ran as code during generation")
    if os.listdir(cwd):
        problems.append(f"files created in the working folder: {sorted(os.listdir(cwd))}")
    if debris(folder):
        problems.append(f"debris left: {debris(folder)}")
    if code == 2:
        lines = outcome.stderr.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("shapegen: error: "):
            problems.append(f"exit 2 without exactly one 'shapegen: error: ' line: {outcome.stderr[-500:]!r}")
        elif ".jinja" in lines[0]:  # the templates are fixed here: a bad model is the model's fault
            problems.append(f"a bad model blamed on a template: {lines[0][:300]!r}")
        elif not case.cli_refusal and str(model) not in lines[0]:
            problems.append(f"the error line does not name the model file: {lines[0][:300]!r}")
        if outcome.stdout:
            problems.append(f"exit 2 with output on stdout: {outcome.stdout[-300:]!r}")
        if snapshot(folder) != before:
            changed = sorted(set(snapshot(folder).items()) ^ set(before.items()))
            problems.append(f"exit 2 but files changed: {[k for k, _ in changed][:10]}")
    elif code == 0:
        if case.expect_refusal:
            problems.append(f"exit 0 but must be refused: {case.expect_refusal}")
        if outcome.stderr:
            problems.append(f"exit 0 with stderr: {outcome.stderr[-500:]!r}")
        if snapshot(folder, skip=outcome.out) != {k: v for k, v in before.items() if not k.startswith("work/out")}:
            problems.append("exit 0 but files outside --out changed")
        if not (outcome.out / "manifest.json").is_file():
            problems.append("exit 0 but no manifest.json in --out")
        if not problems:
            problems.extend(check_artefacts(outcome))
    return outcome


def check_artefacts(outcome: Outcome) -> list[str]:
    """What can be checked without running generated code: files there, JSON valid, schemas too."""
    problems: list[str] = []
    if not (outcome.python / "__init__.py").is_file():
        return [f"no package at {outcome.python}"]
    for path in sorted(outcome.out.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(outcome.out).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{rel}: not UTF-8 ({exc})")
            continue
        if path.suffix == ".json":
            try:
                data = json.loads(text, parse_constant=_no_constant)
            except ValueError as exc:
                problems.append(f"{rel}: not strict JSON: {exc}")
                continue
            if rel.endswith(".schema.json"):
                try:
                    Draft202012Validator.check_schema(data)
                except Exception as exc:  # SchemaError, or a pattern re cannot compile
                    problems.append(f"{rel}: fails the 2020-12 meta-schema: {str(exc).splitlines()[0][:300]}")
        elif path.suffix == ".py":
            try:
                with warnings.catch_warnings():
                    # An invalid escape such as "\:" is a SyntaxWarning that Python 3.12+
                    # prints on every import (and will refuse one day).
                    warnings.simplefilter("error")
                    compile(text, str(path), "exec")
            except (SyntaxError, ValueError, Warning) as exc:
                problems.append(f"{rel}: does not compile cleanly: {exc}")
    return problems


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# --- the fresh interpreter that imports every generated package --------------------------

CHECKER = r'''
import importlib, io, json, os, runpy, sys, traceback
results_path, service, packages = sys.argv[1], sys.argv[2], sys.argv[3:]
MARK = "FUZZ-PWNED"
results = open(results_path, "a", encoding="utf-8")

def emit(entry):
    results.write(json.dumps(entry) + "\n")
    results.flush()

def tail():
    return "".join(traceback.format_exc().strip().splitlines(True)[-3:])[-600:]

capture_path = os.path.abspath("../capture.txt")
saved_out, saved_err = os.dup(1), os.dup(2)
def check(pkg):
    problems, examples = [], {}
    marker = os.environ["SHAPEGEN_FUZZ_MARKER"] = os.path.abspath(f"../marker-{pkg}")
    env_before = dict(os.environ)
    cwd_before = sorted(os.listdir("."))
    capture = open(capture_path, "w+b")
    os.dup2(capture.fileno(), 1); os.dup2(capture.fileno(), 2)
    stdout = io.StringIO()
    real_stdout = sys.stdout
    try:
        try:
            mod = importlib.import_module(pkg)
            models = importlib.import_module(pkg + ".models")
            skel = importlib.import_module(pkg + ".skeleton")
        except BaseException:
            problems.append("import failed: " + tail())
            skel = None
        if skel is not None:
            sys.stdout.flush()
            # What ``python -m PKG.skeleton OP example-input`` runs, in this interpreter.
            for op, kinds in list(skel.SKELETONS.items()):
                examples[op] = {}
                for kind in kinds:
                    try:
                        value = kinds[kind]()
                        json.dumps(value)
                        examples[op][kind] = value
                    except BaseException:
                        problems.append(f"skeleton {op!r} {kind}: " + tail())
                        continue
                    try:
                        rendered = {fmt: skel.render(op, kind, fmt) for fmt in ("json", "yaml")}
                        examples[op][kind + ":render"] = rendered
                    except BaseException:
                        problems.append(f"render {op!r} {kind}: " + tail())
                try:
                    req_cls, resp_cls = mod.OPERATIONS[op]
                except BaseException:
                    problems.append(f"OPERATIONS[{op!r}]: " + tail())
                    continue
                for cls, kind in ((req_cls, "example-input"), (resp_cls, "example-output")):
                    if kind not in examples[op] or cls is None:  # None: the operation has no input/output
                        continue
                    try:
                        parsed = cls.from_dict(examples[op][kind])
                        json.dumps(parsed.to_json_dict(), allow_nan=False)
                    except BaseException:
                        problems.append(f"{cls.__name__}.from_dict({kind} of {op!r}) then to_json_dict(): " + tail())
            ops = list(skel.SKELETONS)
            if ops:
                sys.stdout = stdout
                saved_argv = sys.argv
                sys.argv = [pkg + ".skeleton", ops[0], "example-input"]
                sys.modules.pop(pkg + ".skeleton", None)  # -m runs the module afresh as __main__
                try:
                    runpy.run_module(pkg + ".skeleton", run_name="__main__", alter_sys=True)
                except SystemExit as exc:
                    if exc.code not in (0, None):
                        problems.append(f"python -m {pkg}.skeleton {ops[0]!r} example-input: exit {exc.code}")
                except BaseException:
                    problems.append(f"python -m {pkg}.skeleton: " + tail())
                finally:
                    sys.argv = saved_argv
                    sys.stdout = real_stdout
                try:
                    if json.loads(stdout.getvalue()) != examples[ops[0]].get("example-input"):
                        problems.append(f"python -m {pkg}.skeleton {ops[0]!r} example-input prints something else")
                except ValueError:
                    problems.append(f"python -m {pkg}.skeleton {ops[0]!r} example-input prints no JSON: {stdout.getvalue()[:200]!r}")
    finally:
        sys.stdout = real_stdout
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(saved_out, 1); os.dup2(saved_err, 2)
    capture.seek(0)
    printed = capture.read().decode("utf-8", "backslashreplace")
    capture.close()
    if printed:
        problems.append(f"printed while imported or run: {printed[:300]!r}")
    if MARK in stdout.getvalue():
        problems.append("model text ran as code (marker printed)")
    if os.path.exists(marker):
        problems.append("model text ran as code (marker file created)")
    env_after = dict(os.environ)
    if env_after != env_before:
        changed = sorted(set(env_after.items()) ^ set(env_before.items()))
        problems.append(f"environment changed: {[k for k, _ in changed]}")
        os.environ.clear(); os.environ.update(env_before)
    if sorted(os.listdir(".")) != cwd_before:
        problems.append(f"files created: {sorted(set(os.listdir('.')) - set(cwd_before))}")
    return problems, examples

for pkg in packages:
    emit({"package": pkg, "started": True})
    try:
        problems, examples = check(pkg)
    except BaseException:
        os.dup2(saved_out, 1); os.dup2(saved_err, 2)
        problems, examples = ["the checker failed on this package: " + tail()], {}
    emit({"package": pkg, "problems": problems, "examples": examples})
'''


def run_checker(outcomes: dict[str, Outcome], root: Path) -> None:
    """Import every package in one fresh interpreter; a hang or crash costs only its package."""
    lib = root / "lib"
    runs = Path(tempfile.mkdtemp(prefix="checker-", dir=root))
    script = runs / "checker.py"
    script.write_text(CHECKER, encoding="utf-8")
    remaining = sorted(outcomes)
    attempt = 0
    while remaining:
        attempt += 1
        cwd = runs / f"cwd{attempt}"
        cwd.mkdir()
        results = runs / f"results{attempt}.jsonl"
        env = {**os.environ, "PYTHONPATH": str(lib), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("FUZZ_PWNED", None)
        code, out, err = run_limited([sys.executable, "-B", str(script), str(results), "fuzz",
                                      *remaining], cwd=cwd, env=env, timeout=TIMEOUT * 2 + 2 * len(remaining))
        entries = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()] if results.exists() else []
        done = {e["package"]: e for e in entries if "problems" in e}
        started = [e["package"] for e in entries if e.get("started")]
        for pkg, entry in done.items():
            outcomes[pkg].problems.extend(f"fresh interpreter: {p}" for p in entry["problems"])
            check_examples(outcomes[pkg], entry["examples"])
        unfinished = [p for p in remaining if p not in done]
        if unfinished:
            culprit = started[-1] if started and started[-1] not in done else unfinished[0]
            why = "hang" if code is None else f"exit {code}"
            outcomes[culprit].problems.append(
                f"fresh interpreter died ({why}) while checking this package: {traceback_summary(err) or out[-300:]}")
            unfinished.remove(culprit)
        remaining = unfinished


def check_examples(outcome: Outcome, examples: dict[str, dict[str, Any]]) -> None:
    """Examples satisfy their schemas; skeleton files are what the module prints."""
    schema_dir = outcome.out / "schema" / outcome.case.service
    skeleton_dir = outcome.out / "skeleton" / outcome.case.service
    for op, kinds in examples.items():
        for kind, direction in (("example-input", "input"), ("example-output", "output")):
            if kind not in kinds:
                outcome.problems.append(f"no {kind} for {op!r}")
                continue
            path = schema_dir / f"{op}.{direction}.schema.json"
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
                errors = sorted(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
                                .iter_errors(kinds[kind]), key=str)
            except Exception as exc:  # a missing file, or a pattern ``re`` rejects
                outcome.problems.append(f"{op!r} {kind} cannot be checked against {path.name}: {exc!s:.300}")
                continue
            if errors:
                outcome.problems.append(f"{op!r} {kind} does not satisfy {path.name}: {errors[0].json_path}: "
                                        f"[{errors[0].validator}] {errors[0].message[:300]}")
        for kind, suffix in (("input", "input.json"), ("input", "input.yaml"), ("output", "output.json")):
            rendered = kinds.get(kind + ":render")
            path = skeleton_dir / f"{op}.{suffix}"
            if rendered is None:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                outcome.problems.append(f"skeleton file {path.name}: {exc}")
                continue
            if text != rendered[suffix.rsplit(".", 1)[1]]:
                outcome.problems.append(f"skeleton file {path.name} is not what the module prints")


def run_mypy(outcomes: dict[str, Outcome], root: Path) -> None:
    """One ``mypy --strict`` over every package; on a blocking error, one run per package."""
    lib = root / "lib"

    def mypy(packages: list[str], cache: Path) -> tuple[int | None, str]:
        args = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context",
                "--cache-dir", str(cache), "--python-version", "3.11"]
        for pkg in packages:
            args += ["-p", pkg]
        env = {**os.environ, "MYPYPATH": str(lib)}
        code, out, err = run_limited(args, cwd=lib, env=env, timeout=120 + 2 * len(packages))
        return code, out + err

    code, text = mypy(sorted(outcomes), root / "mypy-cache")
    if code not in (0, 1) or (code == 1 and not _attribute_mypy(outcomes, text)):
        for pkg in sorted(outcomes):
            one_code, one_text = mypy([pkg], root / "mypy-cache")
            if one_code != 0:
                lines = [ln for ln in one_text.splitlines() if ln.strip()][:5]
                outcomes[pkg].problems.append(f"mypy --strict (exit {one_code}): {' | '.join(lines)[:600]}")


def _attribute_mypy(outcomes: dict[str, Outcome], text: str) -> bool:
    """Give each error line to its package; False when some line belongs to none."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        pkg = line.split("/", 1)[0]
        if pkg not in outcomes:
            return False
        found.setdefault(pkg, []).append(line)
    for pkg, lines in found.items():
        outcomes[pkg].problems.append(f"mypy --strict: {len(lines)} error(s): {' | '.join(lines[:3])[:600]}")
    return True


# --- the campaign ------------------------------------------------------------------------


def run_campaign(cases: list[Case], root: Path) -> list[Outcome]:
    """Run ``cases`` (two at a time), then check every generated package together."""
    cache = root / "format-cache"
    pristine = root / "pristine"
    env = {**os.environ, "SHAPEGEN_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--service", "edgecase", "--model", str(EDGE_MODEL),
         "--package", "edge_shapes", "--out", str(pristine)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(lambda c: run_case(c, root, pristine, cache), cases))
    # Every generated package side by side (each under its own name) for mypy and the import.
    generated = {o.case.package: o for o in outcomes if o.generated and o.case.package.startswith("fuzz_")}
    lib = root / "lib"
    lib.mkdir()
    for pkg, o in generated.items():
        shutil.copytree(o.python, lib / pkg)
    if generated:
        run_mypy(generated, root)
        run_checker(generated, root)
    return outcomes


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Outcome]:
    root = tmp_path_factory.mktemp("fuzz")
    started = time.perf_counter()
    outcomes = run_campaign([make_case(SEED, i) for i in INDICES], root)
    elapsed = time.perf_counter() - started
    if REPORT:
        with open(REPORT, "w", encoding="utf-8") as f:
            f.write(json.dumps({"seed": SEED, "cases": len(outcomes), "elapsed": round(elapsed, 1)}) + "\n")
            for o in outcomes:
                f.write(json.dumps(outcome_record(o)) + "\n")
    return {o.case.index: o for o in outcomes}


def outcome_record(o: Outcome) -> dict[str, Any]:
    return {"seed": o.case.seed, "index": o.case.index, "base": o.case.base, "families": o.case.families,
            "mutations": o.case.mutations, "code": o.code, "elapsed": round(o.elapsed, 2),
            "problems": o.problems, "stderr": o.stderr[-4000:], "model": str(o.folder / "model.json")}


@pytest.mark.parametrize("index", INDICES)
def test_fuzz_case(campaign: dict[int, Outcome], index: int) -> None:
    outcome = campaign[index]
    assert not outcome.problems, outcome.report()


def test_fuzz_campaign_reaches_both_outcomes(campaign: dict[int, Outcome]) -> None:
    """The mix is useful only if some cases generate and some are refused."""
    if ONLY:
        return
    codes = [o.code for o in campaign.values()]
    assert codes.count(0) >= len(codes) // 10, codes
    assert codes.count(2) >= len(codes) // 10, codes


def test_harness_sees_model_text_that_runs_on_import(tmp_path: Path) -> None:
    """Control: a package whose import runs a payload is caught by the fresh interpreter."""
    case = Case(seed=0, index=0, package="fuzz_control", prefilled=False,
                model_text=EDGE_MODEL.read_text(encoding="utf-8"))
    outcomes = run_campaign([case], tmp_path)
    assert outcomes[0].code == 0 and outcomes[0].problems == [], outcomes[0].report()
    with open(tmp_path / "lib" / "fuzz_control" / "models.py", "a", encoding="utf-8") as f:
        f.write("\n" + ACT + "\n")
    run_checker({"fuzz_control": outcomes[0]}, tmp_path)
    found = " ".join(outcomes[0].problems)
    assert "printed while imported" in found and "marker file" in found and "FUZZ_PWNED" in found, found
