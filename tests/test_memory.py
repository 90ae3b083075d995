"""What keeps a worker's memory down: the dictionary read at random, no LINE SDK without LINE.

The figures themselves (one worker under 300 MB RSS under load) are printed by
benchmarks/load.py; these tests check the mechanisms, each of which failing silently would add
tens of megabytes to every worker.
"""

from __future__ import annotations

import mmap
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.mapped_files import advise_random, read_only_mappings

ROOT = Path(__file__).resolve().parents[1]


def _resident_kb(path: Path) -> int:
    total, current = 0, None
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and len(fields) >= 5 and ":" not in fields[0]:
            current = fields[5] if len(fields) > 5 else None
        elif fields and fields[0] == "Rss:" and current == str(path):
            total += int(fields[1])
    return total


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="Linux /proc only")
def test_a_mapped_file_read_in_full_lets_its_pages_go_once_advised(tmp_path):
    data = tmp_path / "system.dic"
    data.write_bytes(b"\x01" * (8 * 1024 * 1024))
    with data.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        assert sum(mapped[i] for i in range(0, len(mapped), 4096)) == len(mapped) // 4096  # every page read
        assert _resident_kb(data) >= 7 * 1024
        assert advise_random("system.dic") >= 1
        assert _resident_kb(data) < 1024
        assert mapped[len(mapped) - 1] == 1  # a page needed again is read back, unchanged


def test_only_read_only_shared_mappings_of_the_named_file_are_advised():
    maps = "\n".join([
        "7f0000000000-7f0000100000 r--s 00000000 fe:00 1   /venv/sudachidict_core/resources/system.dic",
        "7f0000200000-7f0000300000 rw-p 00000000 fe:00 1   /venv/sudachidict_core/resources/system.dic",
        "7f0000a00000-7f0000b00000 r--p 00000000 fe:00 1   /venv/sudachidict_core/resources/system.dic",
        "7f0000400000-7f0000500000 r--p 00000000 fe:00 2   /venv/other/system.dic.bak",
        "7f0000600000-7f0000700000 r-xp 00000000 fe:00 3   /usr/lib/libc.so.6",
        "7f0000800000-7f0000900000 rw-p 00000000 00:00 0",
    ])
    assert read_only_mappings("system.dic", maps) == [(0x7F0000000000, 0x7F0000100000)]


def test_a_server_without_line_settings_does_not_load_the_line_sdk():
    code = ("import sys; from bot.app import create_app; from bot.settings import Settings; import tempfile, pathlib;"
            "create_app(Settings(data_dir=pathlib.Path(tempfile.mkdtemp())));"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'linebot'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "[]"
