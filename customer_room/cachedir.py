"""Where customer-room keeps what every room on this machine can share.

The per-user cache (`$XDG_CACHE_HOME/customer-room`, else `~/.cache/customer-room`)
holds what depends only on the installed versions, never on a room's data: the 900 KB
Vega bundle and the chart templates. A room's own cache (`ROOM/.cache`: the chart SVGs)
sits in the room, or in the per-user cache when the room is read-only (exports on a
shared drive). Deleting either is always safe; the next build makes it again.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

ROOM_CACHE = ".cache"


def user_cache() -> Path:
    """The per-user cache folder (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "customer-room"


def room_cache(room: Path, make: bool = True) -> Path:
    """The room's cache folder, `ROOM/.cache`, made if needed; when the room cannot be
    written to, a folder for this room in the per-user cache instead (`make=False`: the
    folder where it would be, nothing made or checked).

    `CUSTOMER_ROOM_CACHE` names one folder for every room instead (what a CI job keeps
    between runs, or a test suite shares between its rooms): the chart SVGs in it are
    named by the hash of their spec, so rooms can share them safely.
    """
    shared = os.environ.get("CUSTOMER_ROOM_CACHE")
    if shared:
        return Path(shared)
    folder = room / ROOM_CACHE
    if not make:
        return folder
    try:
        folder.mkdir(exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    digest = hashlib.sha256(os.fsencode(room.resolve())).hexdigest()[:16]
    return user_cache() / "rooms" / digest
