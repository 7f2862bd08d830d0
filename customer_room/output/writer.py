"""Write the site so that readers only ever see a whole build: the last good one or the new.

Pages are written into a fresh folder beside the output folder; when every file is in
place the two folders are swapped in one atomic step (Linux `renameat2` with
RENAME_EXCHANGE, or two renames where that is missing), and the old build is removed. A
failed or killed build leaves the published site exactly as it was; its leftovers are
cleared by the next build. A file that has not changed since the published build is
hard-linked from it rather than written again, so an unchanged page keeps its file (and
its modification time) from build to build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import filecmp
import functools
import os
import shutil
from pathlib import Path, PurePosixPath

from .site_folder import SiteLock, check_replaceable

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class SiteWriter:
    """Collects the files of one build in a staging folder; refuses to write a path twice.

    While it is open it holds the site's lock (`site_folder.SiteLock`), so a second
    build of the same site waits instead of clearing this one's staging folder, and it
    refuses an output folder that is not a customer-room site (`check_replaceable`).
    """

    def __init__(self, out: Path, on_wait=None):
        self.out = out
        self.staging = out.parent / f".{out.name}.new-{os.getpid()}"
        self.written: set[str] = set()
        self._lock = SiteLock(out, on_wait)

    def __enter__(self) -> "SiteWriter":
        try:
            self._lock.__enter__()
        except OSError as exc:  # the folder the site goes in cannot be written to
            raise OSError(exc.errno, exc.strerror, str(self.out.parent)) from None
        try:
            check_replaceable(self.out)  # checked again here: the folder may have changed since the build began
            clear_leftovers(self.out)
            self.staging.mkdir()
        except OSError as exc:
            self._lock.__exit__()
            raise OSError(exc.errno, exc.strerror, str(self.out.parent)) from None
        except BaseException:
            self._lock.__exit__()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.staging.exists():
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._lock.__exit__()

    def _target(self, rel: str) -> Path:
        """The staging path for a site path, refusing duplicates and escapes."""
        path = PurePosixPath(rel)
        if path.is_absolute() or ".." in path.parts:
            raise ValueError(f"refusing to write outside the site: {rel}")
        if rel in self.written:
            raise ValueError(f"two outputs want the same file: {rel}")
        self.written.add(rel)
        target = self.staging / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.out / path.parent)) from None
        return target

    def write_text(self, rel: str, text: str) -> None:
        """Write a text file (UTF-8) at site path `rel`."""
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write a binary file at site path `rel`; a failure (a full disk) names the site's file."""
        target = self._target(rel)
        try:
            target.write_bytes(data)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.out / PurePosixPath(rel))) from None

    def keep(self, rel: str) -> bool:
        """Carry the published site's file at `rel` into this build unchanged (a hard
        link, or a copy where links are impossible); False when there is no such file."""
        source = self.out / PurePosixPath(rel)
        if not source.is_file():
            return False
        target = self._target(rel)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        return True

    def copy(self, rel: str, source: Path) -> None:
        """Copy a room file (an image) to site path `rel`, keeping an identical published copy."""
        published = self.out / PurePosixPath(rel)
        if published.is_file() and filecmp.cmp(published, source, shallow=False) and self.keep(rel):
            return
        self.write_bytes(rel, source.read_bytes())

    def put(self, rel: str, data: bytes) -> None:
        """Write `data` at site path `rel`, keeping the published file if it is the same."""
        published = self.out / PurePosixPath(rel)
        try:
            same = published.stat().st_size == len(data) and published.read_bytes() == data
        except OSError:
            same = False
        if not (same and self.keep(rel)):
            self.write_bytes(rel, data)

    def publish(self) -> None:
        """Swap the staged build in for the published one, atomically where possible."""
        if self.out.exists():
            if not _exchange(self.staging, self.out):
                old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
                os.rename(self.out, old)
                os.rename(self.staging, self.out)
                self.staging = old
        else:
            os.rename(self.staging, self.out)
        shutil.rmtree(self.staging, ignore_errors=True)


def clear_leftovers(out: Path) -> None:
    """Remove staging folders that an earlier, killed build left beside the site."""
    if not out.parent.exists():
        return
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)


@functools.lru_cache(maxsize=1)
def libc() -> ctypes.CDLL:
    """The C library, loaded once. Not with `ctypes.util.find_library`, which runs
    ldconfig in a subprocess: a fork of a build that may hold gigabytes."""
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders with renameat2(RENAME_EXCHANGE); False if unsupported."""
    try:
        renameat2 = libc().renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0
