"""Read only the rows appended to a big CSV export since the last build.

Many exporters add the day's rows to the end of the same file. Inside a running watch,
re-reading a million-row export for a thousand new rows costs a second; this reads the
new bytes only, after checking that the old bytes are exactly as they were (a digest of
the whole old file, so a row changed anywhere, such as an issue closed last month, is
never missed). Anything unusual falls back to reading the whole file: a file that
shrank or changed, new rows with a problem or a warning (so messages name the right
lines), a key that repeats an old one, or columns that do not line up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

APPEND_MIN_BYTES = 4 * 1024 * 1024  # smaller files are read whole: it is as quick
_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class Prefix:
    """What a file was when it was last read: its size and a digest of its bytes."""

    size: int
    digest: str


def prefix_of(path: Path) -> Prefix | None:
    """The prefix to check a later version against, for a big CSV ending in a newline."""
    if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return None
    try:
        size = path.stat().st_size
        if size < APPEND_MIN_BYTES:
            return None
        with open(path, "rb") as handle:
            sha, last = _digest(handle, size)
    except OSError:
        return None
    return Prefix(size, sha.hexdigest()) if last == b"\n" else None


def appended_bytes(path: Path, prefix: Prefix) -> tuple[bytes, Prefix | None] | None:
    """The bytes added after `prefix` and the prefix of the file as it is now, or None
    when the file is not the old one plus more."""
    try:
        if path.stat().st_size <= prefix.size:
            return None
        with open(path, "rb") as handle:
            sha, _ = _digest(handle, prefix.size)
            if sha.hexdigest() != prefix.digest:
                return None
            data = handle.read()
    except OSError:
        return None
    sha.update(data)
    return data, (Prefix(prefix.size + len(data), sha.hexdigest()) if data.endswith(b"\n") else None)


def _digest(handle, size: int):
    """The sha1 of the first `size` bytes of an open file, and its last byte."""
    sha, left, last = hashlib.sha1(), size, b""
    while left > 0:
        block = handle.read(min(_CHUNK, left))
        if not block:
            break
        sha.update(block)
        left -= len(block)
        last = block[-1:]
    return sha, last


def joined(old: pd.DataFrame, new: pd.DataFrame, key: str | None) -> pd.DataFrame | None:
    """The old typed rows followed by the new ones, or None when they cannot simply be
    put together: a key that repeats an old one, or a column whose type differs."""
    if list(old.columns) != list(new.columns):
        return None
    if key is not None and old[key].isin(new[key]).any():
        return None
    columns = {}
    for name in old.columns:
        column = new[name]
        if column.dtype != old[name].dtype:
            try:
                column = column.astype(old[name].dtype)
            except (TypeError, ValueError):
                return None
        columns[name] = column
    out = pd.concat([old, pd.DataFrame(columns)], ignore_index=True)
    return out if all(out[n].dtype == old[n].dtype for n in old.columns) else None
