"""A room's data files read, typed and checked, each once: the frames of a build.

Each file of the room (`schema.FILES`) is found by its name in `data/`, read as its
format says (`formats.py`), and typed cell by cell (`typed.TypedFile`). A file that has
not changed since the last build in this process is the frame made then; a CSV export
that only grew since is read from its new rows alone and joined to the old frame
(`appended.py`). What each file says (problems, warnings, notes) is gathered for the
whole room, so one run lists every error of every file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..errors import Problem, shorten
from ..paths import DATA_DIR
from .appended import appended_bytes, joined, prefix_of
from .cached import cacheable, read_cached
from .formats import ReadError, find_source, read_appended, read_export
from .queryable import Embedded
from .room_files import file_kind
from .scanned import scan_parquet, scannable
from .schema import FILES
from .sections import section_of
from .settings import Settings
from .typed import TypedFile
from .warehouse import uses_warehouse


@dataclass
class Tables:
    """The typed frames of the files found, where each came from, and what went wrong."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    views: dict = field(default_factory=dict)  # big Parquet exports scanned in place (`scanned.py`)
    embedded: Embedded | None = None  # the DuckDB that scans them


def load_tables(room: Path, settings: Settings, cache: dict | None = None, appends: bool = False) -> Tables:
    """Load every data file present in the room; absent files are simply left out.

    `cache` (kept by a running watch between builds) holds each file's result under
    its size, modification time and mapping, so an unchanged file is not read again.
    With `appends`, a big CSV that only grew has just its new rows read (`appended`).
    """
    out = Tables()
    folder = room / DATA_DIR
    if os.path.lexists(folder) and not folder.is_dir():  # else every export would be silently absent
        kind = {"file": "a file", "missing": "a link to nothing"}.get(file_kind(folder), file_kind(folder))
        out.problems.append(Problem(f"{DATA_DIR}/", f"is {kind}, not a folder",
                                    hint="the room's exports go in a folder named data"))
        return out
    for name, schema in FILES.items():
        readings = settings.readings(name)
        if any(uses_warehouse(m) for m in readings):  # read from the warehouse (`warehouse.py`), not a file
            continue
        if _scan(room, name, readings, out) or _cache(room, name, readings, out):
            continue
        frames, rels = [], []
        for i, mapping in enumerate(readings):
            section = section_of(name, i, len(readings))
            result = _reading(room, name, schema, mapping, section, cache, appends, name if len(readings) == 1
                              else f"{name}#{i}", out)
            if result is not None:
                frames.append(result[0])
                rels.append(result[1])
        if frames:  # several readings of exports make one data file, in reading order
            out.frames[name] = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
            out.sources[name] = ", ".join(dict.fromkeys(rels))
    return out


def _scan(room: Path, name: str, readings, out: Tables) -> bool:
    """Scan a big Parquet export in place (`scanned.py`) when it can be; whether it was."""
    path, problems = find_source(room, name, readings[0])
    if path is None or problems or not scannable(name, path, readings[0], len(readings)):
        return False
    rel = path.relative_to(room).as_posix() if path.is_relative_to(room) else str(path)
    out.embedded = out.embedded or Embedded()
    view, problems, warnings, notes = scan_parquet(out.embedded.con, path, rel, name, readings[0],
                                                   section_of(name, 0, 1))
    out.problems.extend(problems)
    out.warnings.extend(warnings)
    out.notes.extend(notes)
    if view is not None:
        out.views[name], out.sources[name] = view, rel
    return True


def _cache(room: Path, name: str, readings, out: Tables) -> bool:
    """Read a big CSV export through the typed Parquet cache (`cached.py`) when it can
    be; whether it was (False: the file is read whole)."""
    path, problems = find_source(room, name, readings[0])
    if path is None or problems or not cacheable(name, path, readings[0], len(readings)):
        return False
    rel = path.relative_to(room).as_posix() if path.is_relative_to(room) else str(path)
    out.embedded = out.embedded or Embedded()
    found = read_cached(out.embedded.con, room, path, rel, name, readings[0], section_of(name, 0, 1))
    if found is None:
        return False
    out.problems.extend(found.problems)
    out.warnings.extend(found.warnings)
    out.notes.extend(found.notes)
    if found.view is not None:
        out.views[name], out.sources[name] = found.view, rel
    return True


def _reading(room: Path, name: str, schema, mapping, section: str, cache: dict | None, appends: bool, key: str,
             out: Tables) -> tuple[pd.DataFrame, str] | None:
    """One reading of one data file: (its typed frame, its file), or None when its file
    is absent or has problems (gathered in `out` with its warnings and notes). `key`
    names its entry in the watch's `cache` (one per reading)."""
    path, problems = find_source(room, name, mapping)
    out.problems.extend(problems)
    if path is None:
        return None
    stamp = _stamp(path, mapping)
    kept = cache.get(key) if cache is not None else None
    if kept is not None and stamp is not None and kept[0] == stamp:
        result = kept[1]
    else:
        result, prefix = _load_appended(room, path, schema, mapping, section, kept) if appends and kept else (None, None)
        if cache is not None:
            cache.pop(key, None)  # the old frame goes before a whole file is read
        if result is None:
            result = _load_file(room, path, schema, mapping, section)
            clean = result[0] is not None and not result[2] and not result[3]
            prefix = prefix_of(path) if appends and clean else None
        if cache is not None:
            cache[key] = (stamp, result, prefix)
    frame, rel, problems, warnings, notes = result
    out.problems.extend(problems)
    out.warnings.extend(warnings)
    out.notes.extend(notes)
    return (frame, rel) if frame is not None else None


def _load_appended(room: Path, path: Path, schema, mapping, section: str, kept: tuple) -> tuple:
    """(the last result with the rows appended since then, the file's new prefix), or
    (None, None) to read the whole file."""
    stamp, (old, rel, _, _, notes), prefix = kept
    if prefix is None or stamp is None or stamp[0] != str(path) or stamp[3] != repr(mapping):
        return None, None
    grown = appended_bytes(path, prefix)
    if grown is None:
        return None, None
    try:
        raw = read_appended(path, rel, schema, mapping, section, grown[0])
    except (ReadError, ValueError, OSError, UnicodeDecodeError, pa.ArrowException):
        return None, None
    checked = TypedFile(raw, schema, mapping, section)
    new = checked.run()
    if new is None or checked.problems or checked.warnings:
        return None, None
    frame = joined(old, new, schema.unique)
    return (None, None) if frame is None else ((frame, rel, [], [], notes), grown[1])


def _stamp(path: Path, mapping) -> tuple | None:
    """What identifies one version of a data file as read: path, size, mtime, mapping."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns, repr(mapping))


def _load_file(room: Path, path: Path, schema, mapping, section: str) -> tuple:
    """Read and type one data file as `section` maps it: (frame or None, its room path,
    problems, warnings, notes)."""
    rel = path.relative_to(room).as_posix() if path.is_relative_to(room) else str(path)
    try:
        raw = read_export(path, rel, schema, mapping, section)
    except ReadError as exc:
        return None, rel, list(exc.problems), [], []
    except (ValueError, OSError, ImportError) as exc:
        return None, rel, [Problem(rel, f"cannot be read: {shorten(exc, 160)}")], [], []
    checked = TypedFile(raw, schema, mapping, section)
    frame = checked.run()
    return frame, rel, checked.problems, checked.warnings, checked.notes
