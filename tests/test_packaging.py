"""An installed clinic-bot (the Docker image, `pip install .`) carries every data file it reads.

An editable install reads the working tree and hides a data file missing from package-data; the
image would then fail at the first message (this caught the learned layer's example files).
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_file_of_the_packages_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    tracked = subprocess.run(["git", "ls-files", "bot", "handlers", "knowledge"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    missing = []
    for name in tracked:
        path = PurePosixPath(name)
        if path.suffix == ".py" or path.name.startswith("."):
            continue
        package, relative = path.parts[0], PurePosixPath(*path.parts[1:])
        # setuptools globs do not cross directories: "lexicon/*.yaml" is not "lexicon/intents/x.yaml".
        if not any(relative.match(pattern) and len(relative.parts) == len(PurePosixPath(pattern).parts)
                   for pattern in package_data.get(package, [])):
            missing.append(name)
    assert missing == []
