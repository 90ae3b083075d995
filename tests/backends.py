"""Real PostgreSQL and Redis servers for the tests: started on free loopback ports in a temporary
directory, stopped at the end. Never mocked; when a server's binaries are missing the tests that
need it fail with the package to install (`.ci/run` installs them), they do not skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or ([shutil.which(name)] if shutil.which(name) else [])
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} not found: apt-get install postgresql")
    return found[-1]


@dataclass
class Postgres:
    """A private PostgreSQL cluster; `url(db)` for a database in it, `new_database()` for a fresh one."""

    directory: Path
    port: int
    as_user: str | None  # run as this user (root may not run postgres)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:1])} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
        return done

    @classmethod
    def start(cls) -> Postgres:
        as_user = "postgres" if os.geteuid() == 0 else None
        # Its own directory under /tmp: pytest's temporary directories are private to root, and
        # the server runs as the postgres user.
        directory = Path(tempfile.mkdtemp(prefix="clinic-bot-pg-"))
        if as_user:
            entry = pwd.getpwnam(as_user)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        server = cls(directory, free_port(), as_user)
        data = directory / "data"
        server._run(_pg_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                    "--locale=C", "--no-sync")
        server._serve()
        return server

    def _serve(self) -> None:
        # fsync stays on: the kill -9 tests rely on what PostgreSQL promises, not on a tuned-down server.
        self._run(_pg_bin("pg_ctl"), "-D", str(self.directory / "data"), "-l", str(self.directory / "log"), "-w",
                  "-t", "60", "-o", f"-p {self.port} -h 127.0.0.1 -k {self.directory} -c max_connections=200", "start")

    def restart(self) -> None:
        """Stop the server as a crash would (every client connection is cut) and start it again."""
        self._run(_pg_bin("pg_ctl"), "-D", str(self.directory / "data"), "-m", "immediate", "stop")
        self._serve()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self._run(_pg_bin("pg_ctl"), "-D", str(self.directory / "data"), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)


@dataclass
class Redis:
    port: int
    process: subprocess.Popen[bytes]

    @classmethod
    def start(cls, base: Path) -> Redis:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise RuntimeError("redis-server not found: apt-get install redis-server")
        port = free_port()
        directory = base / "redis"
        directory.mkdir(parents=True)
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        _wait_for_port(port)
        return cls(port, process)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def flush(self) -> None:
        import redis

        redis.Redis.from_url(self.url()).flushall()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
