"""Each server worker holds a core of its own; a killed worker's core is free again at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.affinity import allowed_cores
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

# A worker stand-in: starts a thread (as a server has before the app is built), pins, then
# reports its core and the affinity of every thread, and waits to be killed.
WORKER = textwrap.dedent("""
    import os, sys, threading, time
    from pathlib import Path
    ready = threading.Event()
    threading.Thread(target=lambda: (ready.set(), time.sleep(3600)), daemon=True).start()
    ready.wait()
    from bot.affinity import pin_to_free_core
    core = pin_to_free_core(Path(sys.argv[1]))
    masks = sorted({tuple(sorted(os.sched_getaffinity(int(t)))) for t in os.listdir("/proc/self/task")})
    print(core, masks, flush=True)
    time.sleep(3600)
""")


def test_an_unusable_lock_directory_leaves_the_worker_unpinned_and_running(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    out = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from bot.affinity import pin_to_free_core; "
                          "print(pin_to_free_core(Path(sys.argv[1]) / 'locks'))", str(blocker)],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"


def _start(lock_dir: Path) -> tuple[subprocess.Popen[str], int | None, str]:
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(lock_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    core, masks = proc.stdout.readline().strip().split(" ", 1)
    return proc, None if core == "None" else int(core), masks


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is a Linux feature")
def test_workers_take_different_cores_and_a_killed_workers_core_is_taken_again(tmp_path: Path) -> None:
    cores = allowed_cores()
    procs = []
    try:
        first, core_a, masks_a = _start(tmp_path)
        procs.append(first)
        if len(cores) < 2:
            assert core_a is None  # one core: nothing to choose, the worker runs as before
            return
        assert core_a == cores[0]
        assert masks_a == str([(core_a,)])  # every thread, also the one started before pinning
        second, core_b, _ = _start(tmp_path)
        procs.append(second)
        assert core_b == cores[1]
        first.send_signal(signal.SIGKILL)  # the kernel frees the lock: no stale file holds the core
        first.wait()
        third, core_c, _ = _start(tmp_path)
        procs.append(third)
        assert core_c == core_a
        if len(cores) == 2:
            fourth, core_d, masks_d = _start(tmp_path)  # more workers than cores: unpinned
            procs.append(fourth)
            assert core_d is None and masks_d == str([tuple(cores)])
    finally:
        for p in procs:
            p.kill()
            p.wait()


def test_only_the_server_command_pins_and_the_setting_turns_it_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A process that builds the app from the environment (a test, a script) is never held on a core:
    # held with two math threads, the embedding model crawled.
    assert Settings.from_env({"CLINIC_BOT_DATA_DIR": str(tmp_path)}).pin_cpu is False
    assert Settings(data_dir=tmp_path).pin_cpu is False
    assert Settings.from_env({"CLINIC_BOT_DATA_DIR": str(tmp_path), "CLINIC_BOT_PIN_CPU": "1"}).pin_cpu is True
    # `clinic-bot serve` turns it on for its workers unless the operator said otherwise.
    import uvicorn

    from bot import cli

    seen: dict[str, str | None] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(pin=os.environ.get("CLINIC_BOT_PIN_CPU")))
    monkeypatch.setattr("bot.observability.configure_logging", lambda: None)
    # set, then deleted: the monkeypatch records the state to restore (unset, or the value before)
    for name in ("CLINIC_BOT_PIN_CPU", "OMP_NUM_THREADS"):
        monkeypatch.setenv(name, "x")
        monkeypatch.delenv(name)
    monkeypatch.setenv("CLINIC_BOT_DATA_DIR", str(tmp_path))
    cli.main(["serve", "--port", "0"])
    assert seen["pin"] == "1"
    monkeypatch.setenv("CLINIC_BOT_PIN_CPU", "0")
    cli.main(["serve", "--port", "0"])
    assert seen["pin"] == "0"
