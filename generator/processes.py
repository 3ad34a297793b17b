"""Worker processes that never outlive the run that started them.

Each worker holds hundreds of MB (a target's graph, black); if the run dies, even by SIGKILL,
nothing else would ever stop them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

# Where the kernel cannot kill a worker with its parent, how often a worker checks.
PARENT_POLL_SECONDS = 1.0


def die_with_parent(parent: int | None = None) -> None:
    """Pool initializer: the worker exits when the process that started it dies.

    Linux: the kernel sends SIGKILL on the parent's death (PR_SET_PDEATHSIG), which also works
    while the worker is busy inside black. (Strictly, on the death of the thread that started
    it: an executor starts its workers from the thread that submits, here the run's own; a
    fork server's workers die with the fork server, which exits with the run.) The parent may
    already have died before the prctl call, so ``parent``, when given, is checked right after
    it. Elsewhere a daemon thread polls the parent pid instead (a dead parent's children are
    re-parented, so the pid changes); without ``parent`` an idle worker ends when the run's end
    of its pipe closes.
    """
    if _set_parent_death_signal(signal.SIGKILL):
        if parent is not None and os.getppid() != parent:
            os._exit(1)
        return
    if parent is None:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="shapegen-parent-watch", daemon=True).start()


def _set_parent_death_signal(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return int(libc.prctl(pr_set_pdeathsig, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False
