"""The corpus check on its fixed sample (tests/corpus/sample.py): every protocol and shape
feature, generated and checked end to end (imports, mypy --strict, meta-schema, CLI
skeletons, examples against botocore's validation and parser, docs). `make test-corpus`
runs the same check over every service."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from tests.corpus.sample import FEATURES, PROTOCOLS, covered


def test_the_sample_covers_every_protocol_and_feature() -> None:
    assert (set(PROTOCOLS) | set(FEATURES)) - covered() == set()


def test_the_sample_passes_every_check(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.corpus.run", "--sample", "--jobs", "2", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    details = (tmp_path / "failures.tsv").read_text(encoding="utf-8") if (tmp_path / "failures.tsv").is_file() else ""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:] + details
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("corpus: 17 services,") and summary.endswith("s") and " 0 failures " in summary, summary
