"""Every fixed name: the files of a room, of a site, of customer-room itself, and its caches.

A room is `room.toml`, `data/`, `walls/` and `templates/`; a site holds `build.json`,
the pages, `media/`, `charts/`, `assets/` and `posters/`. Each name is written once, here,
so no two modules can disagree about where a thing lives.

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

# A room
SETTINGS_FILE = "room.toml"
DATA_DIR = "data"
WALLS_DIR = "walls"
TEMPLATES_DIR = "templates"
INPUT_DIRS = (DATA_DIR, WALLS_DIR, TEMPLATES_DIR)  # the folders a build reads
ROOM_CACHE = ".cache"

# A site
BUILD_JSON = "build.json"
MEDIA_DIR = "media"
POSTERS_DIR = "posters"
WALK_HANDOUT = f"{POSTERS_DIR}/walk-handout.pdf"  # the walk page on A4 for the meeting (posters/handout.py)
PRINTED = f"{POSTERS_DIR}/printed.json"  # the data period each poster printed (pages/printed.py)
KIOSK_PAGE = "kiosk.html"

# customer-room itself
PACKAGE = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"


def to_root(page_path: str) -> str:
    """The relative path from a page back to the site root: '' or '../' (pages work
    at any URL prefix and from a file share)."""
    return "../" * page_path.count("/")


def poster_path(page_path: str) -> str:
    """The poster of a page: walls/outcomes.html → posters/outcomes.pdf,
    issues/late-delivery.html → posters/issues/late-delivery.pdf."""
    parts = page_path.split("/")
    stem = parts[-1].removesuffix(".html")
    if parts[0] == "walls":
        return f"{POSTERS_DIR}/{stem}.pdf"
    return "/".join([POSTERS_DIR, *parts[:-1], stem]) + ".pdf"


def caches_off() -> frozenset[str]:
    """The caches switched off by CUSTOMER_ROOM_NO_CACHE (their names in `state.CACHES`,
    comma-separated): what `bench/caches.py` uses to measure what each one saves.
    Nothing is switched off by default."""
    return frozenset(n.strip() for n in os.environ.get("CUSTOMER_ROOM_NO_CACHE", "").split(",") if n.strip())


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
