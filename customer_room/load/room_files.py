"""Files of the room read through the room's own rules: inside it, regular, readable.

Notes, templates, images and room.toml are published or shape what is published, so
each must be a regular file inside the room: a link out of the room (`walls/outcomes.md
-> /etc/passwd`), a link that loops or points nowhere, a folder or a named pipe where a
file should be, or a file nobody may read is a problem that names it, never a file
treated as absent or a traceback. (Data exports may be links to a shared folder; their
rules are in `formats.py`.)
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class RoomFileError(Exception):
    """Why a room file cannot be used, as a sentence that follows its path."""


class OutsideRoom(RoomFileError):
    """The file is a link to a file outside the room."""


ABSENT = "absent"


def room_file(room: Path, path: Path) -> Path:
    """The real file behind `path` (inside `room`), or RoomFileError saying why not."""
    why = file_problem(path)
    if why == ABSENT:
        raise RoomFileError("no longer exists")
    if why:
        raise RoomFileError(why)
    target = path.resolve()
    if not target.is_relative_to(room.resolve()):
        raise OutsideRoom(f"is a link to {target}, outside the room (files the site shows must be inside the room)")
    return target


def file_problem(path: Path) -> str | None:
    """None when `path` is a regular file that can be opened for reading; `ABSENT` when
    nothing is there; otherwise what it is instead, as words that follow its name.

    Only `stat` tells what it is, so a named pipe is never opened (that would block the
    build for good); a regular file is opened and closed once, which is where a missing
    read permission shows.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return f"is a link to {os.readlink(path)}, which does not exist" if os.path.islink(path) else ABSENT
    except NotADirectoryError:
        return ABSENT  # a file where a folder on the path should be: nothing by this name
    except OSError as exc:
        return "is a symbolic link that loops" if exc.errno == errno.ELOOP else reason(exc)
    if not stat.S_ISREG(mode):
        kind = file_kind(path)
        return f"is {kind}, not a file" if kind.startswith("a ") else "is not a regular file"
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        return reason(exc)
    return None


def room_folder(path: Path) -> list[Path]:
    """The entries of a folder of the room, sorted; RoomFileError when it cannot be listed
    (an unreadable `walls/issues/` must not drop every owner's note in silence)."""
    try:
        with os.scandir(path) as entries:
            return sorted(Path(e.path) for e in entries)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise RoomFileError("is a file, not a folder") from None
    except OSError as exc:
        raise RoomFileError(reason(exc)) from None


def file_kind(path: Path) -> str:
    """'file', or what else a path is, in words: 'a folder', 'a named pipe (FIFO)', …"""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def reason(exc: OSError) -> str:
    """An OSError as the end of a sentence about a file, with what to do."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied (check its permissions)"
    if exc.errno == errno.ENOENT:
        return "no longer exists"
    return f"cannot be read: {(exc.strerror or str(exc)).lower()}"
