"""Peak memory of a command and every process it starts (Linux): PSS summed over the tree.

    python benchmarks/peak_memory.py -- python -m generator generate --service ec2 --out /tmp/ec2

PSS (``/proc/<pid>/smaps_rollup``) splits each shared page among the processes sharing it,
so the sum over the run, its fork server and its workers counts every page once. Sampled
every 0.1 s: a peak shorter than that can be missed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

INTERVAL = 0.1


def children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root: int) -> list[int]:
    tree, found, todo = children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    started = time.perf_counter()
    process = subprocess.Popen(command)
    peak, peak_processes = 0, 0
    while process.poll() is None:
        pids = descendants(process.pid)
        total = sum(pss_kb(pid) for pid in pids)
        if total > peak:
            peak, peak_processes = total, len(pids)
        time.sleep(INTERVAL)
    elapsed = time.perf_counter() - started
    print(
        f"peak PSS {peak / 1024:.0f} MiB over {peak_processes} process(es); {elapsed:.1f} s; exit {process.returncode}",
        file=sys.stderr,
    )
    return process.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
