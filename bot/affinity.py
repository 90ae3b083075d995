"""Each server worker on a core of its own.

One worker runs the engine on a thread of its pool and the HTTP event loop on its main thread;
both need the GIL. Left to the scheduler, the two threads run on different cores and the GIL
(with the interpreter's hot data) moves between the cores on every hand-over: measured on the
2-core machine of the README, a chat message cost 5.7–6.1 ms of CPU in the server against
4.3–4.5 ms with the worker held on one core (/healthz: 1.0 → 0.85 ms). A worker can only run Python on one
core at a time anyway, so holding it on one costs nothing but the scheduler's freedom to move it.

Workers of one host choose their cores through lock files in a directory they all see: by
default one per host in the temporary directory (every instance on the host, whatever its data
directory), or CLINIC_BOT_CPU_LOCK_DIR (containers, whose temporary directories are their own,
point it at a shared volume: deploy/compose.yaml). The first core whose lock is free is taken,
and the kernel frees the lock when the process ends, even under SIGKILL, so a restarted worker
finds its core again. When every core is taken (more workers than cores), the lock directory
cannot be used (another user's files) or the platform cannot pin, the worker runs unpinned.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

# The lock held for this process's lifetime: closing the file would free the core for another worker.
_held: IO[bytes] | None = None


def allowed_cores() -> list[int]:
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


def pin_to_free_core(lock_dir: Path) -> int | None:
    """Holds this process (all its threads) on the first core no other worker holds; the core, or None."""
    global _held
    cores = allowed_cores()
    if len(cores) < 2 or not hasattr(os, "sched_setaffinity"):
        return None  # one core (or no affinity on this platform): nothing to choose
    if _held is not None:
        return None  # already pinned: a second app in one process (tests) keeps the first choice
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("CPU lock directory %s unusable (%s): the worker runs unpinned", lock_dir, exc)
        return None
    for core in cores:
        try:
            handle = open(lock_dir / f"cpu-{core}.lock", "ab")  # noqa: SIM115 (held open on purpose)
        except OSError as exc:  # another user's lock file: never a reason not to start
            log.warning("CPU lock file for CPU %d unusable (%s)", core, exc)
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        try:
            _pin_all_threads({core})
        except OSError as exc:
            handle.close()
            _pin_all_threads(set(cores))  # back as it was: no thread left on one core
            log.warning("could not hold the worker on CPU %d: %s", core, exc)
            return None
        _held = handle
        log.info("worker held on CPU %d", core)
        return core
    log.info("every CPU already holds a worker: this one runs unpinned")
    return None


def _pin_all_threads(mask: set[int]) -> None:
    # sched_setaffinity(0) moves only the calling thread; threads started before this call
    # (and inheriting from none of it) are moved one by one. Later threads inherit the mask.
    tasks = Path("/proc/self/task")
    tids = [int(p.name) for p in tasks.iterdir()] if tasks.is_dir() else [0]
    for tid in tids:
        try:
            os.sched_setaffinity(tid, mask)
        except ProcessLookupError:
            continue  # the thread ended meanwhile
