"""Tell the kernel that a memory-mapped data file is read at random.

SudachiPy maps its 200 MB dictionary into every worker. Read the default way, each lookup
faults in a readahead window around the page it needs, and loading reads a large part of
the file in order: a worker held ~146 MB of the dictionary in memory after reading the
pamphlet, most of it pages no question needs. With MADV_RANDOM only the pages touched stay
(~110 MB), and MADV_DONTNEED right after loading lets go of what loading read in order.

The pages are clean and shared (the file is mapped read-only), so dropping them loses nothing:
a page needed again is read back from the page cache. Linux only; elsewhere, or when the file is
not mapped, nothing happens.
"""

from __future__ import annotations

import ctypes
import logging
import mmap
from pathlib import Path

log = logging.getLogger(__name__)

MAPS = Path("/proc/self/maps")


def read_only_mappings(file_name: str, maps: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of every read-only shared mapping of a file whose name is ``file_name``."""
    if maps is None:
        try:
            maps = MAPS.read_text()
        except OSError:
            return []
    ranges = []
    for line in maps.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) < 6 or Path(fields[5].strip()).name != file_name or "w" in fields[1] or "s" not in fields[1]:
            # A writable mapping, or a private one (copy-on-write pages are its own), may hold
            # changes that dropping its pages would lose; a read-only shared one never does.
            continue
        start, end = (int(x, 16) for x in fields[0].split("-"))
        ranges.append((start, end))
    return ranges


def advise_random(file_name: str) -> int:
    """Marks the read-only shared mappings of ``file_name`` as read at random and drops the pages read so
    far. Returns how many mappings were advised (0: none found, or not Linux)."""
    advice = [getattr(mmap, name, None) for name in ("MADV_RANDOM", "MADV_DONTNEED")]
    ranges = read_only_mappings(file_name)
    if not ranges or None in advice:
        return 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    done = 0
    for start, end in ranges:
        if all(madvise(start, end - start, a) == 0 for a in advice):
            done += 1
        else:
            log.warning("madvise failed on a mapping of %s (errno %d)", file_name, ctypes.get_errno())
    return done
