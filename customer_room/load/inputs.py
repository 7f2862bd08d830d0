"""What a build reads, and a cheap fingerprint of it: has anything changed since the site?

The fingerprint covers every input a build can read (room.toml, the data folder and
mapped export files, the commentary and images under walls/, the room's template
overrides) by name, size and modification time, plus the version of customer-room
itself. It costs a few file-system calls, no reading and no pandas, so a build with
nothing changed can stop before importing anything heavy.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from .. import __version__
from ..paths import BUILD_JSON, INPUT_DIRS, PACKAGE, SETTINGS_FILE, room_cache

_SCRATCH_SUFFIXES = ("~", ".tmp", ".temp", ".swp", ".swx", ".part", ".crdownload", ".partial", ".bak")


def is_scratch(name: str) -> bool:
    """Whether a file name is an editor's or exporter's scratch file, not an input:
    hidden and lock files (`.issues.csv.swp`, `~$issues.xlsx`, `.~lock.issues.csv#`),
    backups (`notes.md~`), temporary and partial downloads, vim's `4913` probe."""
    return (name.startswith((".", "~", "#")) or name.endswith(_SCRATCH_SUFFIXES) or name == "4913")


def input_files(room: Path) -> list[Path]:
    """Every file a build of `room` may read, including exports mapped from elsewhere in it."""
    files = [room / SETTINGS_FILE] if (room / SETTINGS_FILE).is_file() else []
    for folder in INPUT_DIRS:
        base = room / folder
        if base.is_dir():
            files.extend(p for p in base.rglob("*") if p.is_file() and not is_scratch(p.name))
    files.extend(mapped_files(room))
    return sorted(set(files))


def mapped_files(room: Path) -> list[Path]:
    """Files named by `[data.<file>] file = …` in room.toml (unreadable settings: none)."""
    try:
        raw = tomllib.loads((room / SETTINGS_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return []  # the build reads room.toml again and says what is wrong with it
    tables = raw.get("data", {}) if isinstance(raw.get("data"), dict) else {}
    out = []
    for table in tables.values():
        name = table.get("file") if isinstance(table, dict) else None
        if isinstance(name, str) and (room / name).is_file():
            out.append(room / name)
    return out


def snapshot(room: Path) -> dict[str, tuple[int, int]]:
    """Each input file's room-relative path with its size and modification time."""
    out = {}
    for path in input_files(room):
        try:
            stat = path.stat()
        except OSError:
            continue
        rel = path.relative_to(room).as_posix() if path.is_relative_to(room) else str(path)
        out[rel] = (stat.st_size, stat.st_mtime_ns)
    return out


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """The paths added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def kind_of(rel: str, data_files: set[str] = frozenset()) -> str:
    """What a changed input is to the build: settings, data, notes, media or templates.

    `data_files` holds the exports `room.toml` maps from outside `data/`.
    """
    if rel == SETTINGS_FILE:
        return "settings"
    top = rel.split("/", 1)[0]
    if top == "data" or rel in data_files:
        return "data"
    if top == "templates":
        return "templates"
    if top == "walls":
        return "notes" if rel.endswith(".md") else "media"
    return "data"


def many_new_charts(room: Path, out: Path, snap: dict[str, tuple[int, int]] | None = None) -> bool:
    """Whether a one-shot build will likely render many charts: an empty chart cache, or
    data or settings newer than the published site (a build after a new export).

    Cheap (file-system calls only), so the command line can start the chart renderers
    before it imports pandas and Altair.
    """
    if not any((room_cache(room, make=False) / "charts" / "svg").glob("*.svg")):
        return True
    try:
        site_time = (out / BUILD_JSON).stat().st_mtime_ns
    except OSError:
        return True
    snap = snapshot(room) if snap is None else snap
    return any(mtime > site_time for rel, (_, mtime) in snap.items() if kind_of(rel) in ("data", "settings"))


def fingerprint(room: Path) -> str:
    """A hash of the inputs' names, sizes and modification times, and of this program."""
    digest = hashlib.sha256(__version__.encode())
    for path in [*_package_files(), *input_files(room)]:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:20]


def _package_files() -> list[Path]:
    """customer-room's own code, templates and assets: a new version rebuilds everything."""
    return sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".html", ".css", ".js", ".svg"))
