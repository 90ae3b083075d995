"""Shared test set-up: one pamphlet index for the whole run.

Building the index embeds every chunk (about 13 s on this machine), so it is built once into
a session directory and every test, in-process or through the CLI, reads it through
CLINIC_BOT_INDEX_DIR. Tests that exercise building itself use their own directories.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def shared_pamphlet_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from knowledge.index import PamphletIndex

    path = tmp_path_factory.mktemp("index") / "chroma"
    PamphletIndex(path).build()
    os.environ["CLINIC_BOT_INDEX_DIR"] = str(path)
    return path


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the whole run (tests/backends.py)."""
    from tests.backends import Postgres

    server = Postgres.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Redis server for the whole run (tests/backends.py)."""
    from tests.backends import Redis

    server = Redis.start(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()
