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
