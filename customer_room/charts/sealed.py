"""Cache files that prove they are whole: a cached SVG or bundle is never trusted blindly.

A chart's SVG is cached under the hash of its spec (see `svg.py`), and the site
publishes what the cache holds. A cache file cut short by a full disk, or edited by
hand, would be published as it is; so each file ends with a seal, the sha256 of its
key and its text, and a file whose seal does not match is treated as missing (deleted,
and made again). The key in the seal also stops a valid file copied under another
chart's name from standing in for that chart.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_MARK = "customer-room-seal:"


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_sealed(path: Path, text: str, key: str, comment: tuple[str, str] = ("<!--", "-->")) -> None:
    """Write `text` with a last line that seals it to `key` (in the file's comment syntax)."""
    write_atomic(path, f"{text}\n{comment[0]} {_MARK}{_digest(key, text)} {comment[1]}\n")


def read_sealed(path: Path, key: str) -> str | None:
    """The text of a sealed file, or None when it is missing, unreadable, cut short or
    changed (a broken file is removed, so that it is made again)."""
    try:
        data = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        data = None
    if data is not None:
        body, _, last = data.rstrip("\n").rpartition("\n")
        found = last.partition(_MARK)[2].split(" ", 1)[0]
        if found and found == _digest(key, body):
            return body
    try:
        path.unlink()
    except OSError:
        pass
    return None


def _digest(key: str, text: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8"))
    digest.update(b"\0" + text.encode("utf-8"))
    return digest.hexdigest()
