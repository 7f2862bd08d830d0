"""`customer-room init DIR`: a new room with a small example of every file.

The example comes from the package's `starter/` folder, so a new user sees each data
file's columns and each kind of commentary, and the room builds at once.
"""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

from .errors import UsageError


def init_room(target: Path) -> Path:
    """Copy the starter room into `target`, which must be new or empty."""
    too_long = [part for part in target.parts if len(os.fsencode(part)) > 255]
    if too_long:
        raise UsageError(f"the folder name '{too_long[0][:40]}…' is {len(os.fsencode(too_long[0])):,} bytes long; "
                         "file systems allow at most 255")
    if target.is_symlink() and not target.exists():
        raise UsageError(f"{target} is a link to {os.readlink(target)}, which does not exist; "
                         "choose a new folder, or make the folder it points to first")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} already exists and is not empty; choose a new folder")
    starter = resources.files("customer_room") / "starter"
    try:
        with resources.as_file(starter) as source:
            shutil.copytree(source, target, dirs_exist_ok=True)
        (target / ".gitignore").write_text("site/\n.cache/\n.site.lock\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot make the room in {target}: {(exc.strerror or str(exc)).lower()}") from None
    return target.resolve()
