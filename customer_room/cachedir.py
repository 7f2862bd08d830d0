"""Where customer-room keeps what every room on this machine can share.

The per-user cache (`$XDG_CACHE_HOME/customer-room`, else `~/.cache/customer-room`)
holds what depends only on the installed versions, never on a room's data: the 900 KB
Vega bundle and the chart templates. Deleting it is always safe; the next build makes
it again.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache() -> Path:
    """The per-user cache folder (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "customer-room"
