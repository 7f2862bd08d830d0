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


def room_cache(room: Path) -> Path:
    """The room's cache folder, `ROOM/.cache`, made if needed; when the room cannot be
    written to, a folder for this room in the per-user cache instead."""
    folder = room / ROOM_CACHE
    try:
        folder.mkdir(exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    digest = hashlib.sha256(os.fsencode(room.resolve())).hexdigest()[:16]
    return user_cache() / "rooms" / digest
