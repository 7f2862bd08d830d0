"""`customer-room init DIR`: a new room with a small example of every file.

The example comes from the package's `starter/` folder, so a new user sees each data
file's columns and each kind of commentary, and the room builds at once.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from .errors import UsageError


def init_room(target: Path) -> Path:
    """Copy the starter room into `target`, which must be new or empty."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not empty; choose a new folder")
    starter = resources.files("customer_room") / "starter"
    with resources.as_file(starter) as source:
        shutil.copytree(source, target, dirs_exist_ok=True)
    (target / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    return target.resolve()
