"""``shapegen diff`` on the biggest package: ec2, every operation, diffed against itself.

Run with ``make bench``. ec2 is generated (Python only) into a temporary folder, then its
``models.py`` is read with libcst and the two surfaces compared; the read should stay well
under 10 s on a 2-core machine (1.46 s per side, 2.96 s both and compared, when #14 landed).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.apidiff import compare  # noqa: E402
from generator.apidiff.sources import read_folder  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-apidiff-") as scratch:
        out = Path(scratch) / "generated"
        command = [sys.executable, "-m", "generator", "generate", "--service", "ec2", "--emit", "python",
                   "--out", str(out), "--progress", "none"]
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        models = out / "python" / "ec2_shapes" / "models.py"
        started = time.perf_counter()
        old = read_folder(out)
        read = time.perf_counter() - started
        new = read_folder(out)
        changes = compare(old, new)
        total = time.perf_counter() - started
        size = models.stat().st_size
    package = old.packages["ec2_shapes"]
    print(f"apidiff: ec2 models.py {size / 1e6:.1f} MB, {len(package.classes)} classes, "
          f"{len(package.operations)} operations")
    print(f"apidiff: read one side {read:.2f} s; read both and compare {total:.2f} s ({len(changes)} changes)")


if __name__ == "__main__":
    main()
