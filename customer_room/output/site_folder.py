"""Which folder a site may be written to, and one build at a time in it.

Publishing swaps the whole output folder for the new build and deletes what was there
(see `writer.py`), so the output folder must be one customer-room made, or new, or
empty: never the room, a folder of its inputs, a folder that holds the room, the
current folder, a file, a mount point, or a folder of someone's own files. A site is
known by its `build.json`, which every build writes last and which names
customer-room as its generator (`manifest.is_site`).

Two builds of one site at once (a watch and a manual build, two `--force` builds) would
clear each other's staging folders, so a build holds an exclusive lock beside the site
while it writes and publishes. The lock is a `flock` on a small file: the kernel lets
go of it when its process ends, however it ends, so a killed build never leaves it stuck.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from ..errors import UsageError
from .manifest import is_site

INPUTS = ("room.toml", "data", "walls", "templates", ".cache")
LOCK_WAIT_SECONDS = 600.0  # a build that holds the lock longer than this is taken to be stuck


class SiteFolderError(UsageError):
    """The output folder is one customer-room must not empty or replace (exit code 2)."""


def check_site_folder(room: Path, out: Path, cwd: Path | None = None) -> None:
    """Raise SiteFolderError when `out` (resolved) may not be replaced by a site of
    `room` (resolved). A folder that holds an export is refused as not a site."""
    cwd = (cwd or Path.cwd()).resolve()
    shown = f"--out {out}"
    own = f"give the site a folder of its own, such as {room / 'site'}"
    if out == room:
        raise SiteFolderError(f"{shown} is the room itself: building there would replace room.toml, data/, walls/ "
                              f"and templates/ with the site; {own}")
    if room.is_relative_to(out):
        raise SiteFolderError(f"{shown} holds the room ({room}): building there would replace the room and "
                              f"everything beside it; {own}")
    for name in INPUTS:
        if out.is_relative_to(room / name):
            what = "is the room's room.toml" if name == "room.toml" else f"is inside the room's {name}/ folder"
            raise SiteFolderError(f"{shown} {what}, which the build reads; {own}")
    if out == cwd:
        raise SiteFolderError(f"{shown} is the current folder: the site's folder is replaced whole by every "
                              "build; give it a folder of its own, such as --out site")
    check_replaceable(out)


def check_replaceable(out: Path) -> None:
    """Raise SiteFolderError unless `out` is absent, empty or a customer-room site."""
    shown = f"--out {out}"
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise SiteFolderError(f"{shown} is a file, not a folder; give a folder for the site")
    if os.path.ismount(out):
        raise SiteFolderError(f"{shown} is a mount point, which cannot be replaced in one step; "
                              f"give a folder inside it, such as {out / 'site'}")
    try:
        entries = sorted(os.listdir(out))
    except OSError as exc:
        raise SiteFolderError(f"{shown} cannot be read: {exc.strerror.lower()}") from None
    if entries and not is_site(out):
        some = ", ".join(entries[:3]) + (f" and {len(entries) - 3:,} more" if len(entries) > 3 else "")
        raise SiteFolderError(f"{shown} is a folder customer-room did not make (it holds {some}), so it will not "
                              "be emptied or replaced; give a new or empty folder, or one that holds a "
                              "customer-room site")


class SiteLock:
    """An exclusive lock on one site folder for the length of a build's writing.

    A second build waits for the first (saying so once); a build still holding it after
    `LOCK_WAIT_SECONDS` is taken to be stuck, and the waiting one gives up with a message.
    """

    def __init__(self, out: Path, on_wait=None, wait: float = LOCK_WAIT_SECONDS):
        self.out = out
        self.path = out.parent / f".{out.name}.lock"
        self.on_wait = on_wait
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> "SiteLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        began, told = time.monotonic(), False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    os.close(fd)
                    raise
            holder = _holder(fd)
            if time.monotonic() - began > self.wait:
                os.close(fd)
                raise SiteFolderError(f"another build of {self.out} "
                                      f"(process {holder}) has been writing it for over {self.wait:.0f} s; "
                                      "wait for it to finish or stop it, then build again")
            if not told and self.on_wait is not None:
                self.on_wait(f"waiting for another build of this site (process {holder}) to finish")
                told = True
            time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file lets go of the lock
            self._fd = None


def _holder(fd: int) -> str:
    """The process id the lock's holder wrote, or '?'."""
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
    except OSError:
        return "?"
