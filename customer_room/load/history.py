"""What each build showed, kept for the monthly walk: `history/walks.json` in the room.

The walk page (`pages/walk.py`) compares the room now with what it showed at the last
review. That needs a memory of earlier builds, which the published site cannot hold (a
failed build or a re-publish must never lose it), so it lives beside the room's inputs,
outside `site/` and outside what a build reads as input (writing it starts no rebuild).
Each entry is one build's small snapshot (headlines, statuses, owners, actions, a digest
of each note: a few KB), keyed by the data's "as of" date; a later build of the same
data replaces its entry. Only what a walk can ask for is kept: the entry each review
would compare with, and one per month. The file is written whole to a temporary file
and renamed (a killed build leaves the old one), and one that cannot be read is a
warning and a fresh start: deleting it does no harm.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..paths import room_cache

HISTORY_FILE = "history/walks.json"
FORMAT = 1
KEEP = 36  # entries at most: three years of monthly walks


@dataclass
class History:
    """The snapshots of earlier builds, oldest first, and why the file was not read."""

    entries: list[dict] = field(default_factory=list)
    warning: Problem | None = None


def history_file(room: Path) -> Path:
    """Where the room's history is kept: `history/walks.json` in the room, or, when the
    room cannot be written (a read-only checkout), in the room's per-user cache."""
    own = room / HISTORY_FILE
    if _writable(room, own):
        return own
    kept = room_cache(room) / "walks.json"
    return kept if kept.exists() or not own.exists() else own  # the room's own until a build keeps one here


def read_history(room: Path) -> History:
    """The room's history; an absent file is an empty one, an unreadable one a warning."""
    path = history_file(room)
    if not os.path.lexists(path):
        return History()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"] if data.get("format") == FORMAT else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and _date(e.get("as_of")) for e in entries):
            raise ValueError("not a history of customer-room's")
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        return History([], Problem(_shown(room, path), f"could not be read ({str(exc)[:80]}); the walk starts a new "
                                   "history with this build", hint="delete the file to be rid of this warning"))
    return History(sorted(entries, key=lambda e: e["as_of"]))


def baseline(entries: list[dict], review: dt.date) -> dict | None:
    """What the room showed at a review: the newest entry whose data is as of that day or before."""
    found = [e for e in entries if _date(e["as_of"]) <= review]
    return found[-1] if found else None


def remembered(entries: list[dict], snapshot: dict, reviews: list[dt.date]) -> list[dict]:
    """The entries to keep after this build: `snapshot` in place of an entry of the same
    "as of", the newest entry before each review, and the newest of each month."""
    kept = [e for e in entries if e["as_of"] != snapshot["as_of"]] + [snapshot]
    kept.sort(key=lambda e: e["as_of"])
    wanted = {id(kept[-1])}
    wanted.update(id(b) for b in (baseline(kept, r) for r in reviews) if b is not None)
    months: dict[str, dict] = {}
    for e in kept:
        months[e["as_of"][:7]] = e
    wanted.update(id(e) for e in months.values())
    return [e for e in kept if id(e) in wanted][-KEEP:]


def write_history(room: Path, entries: list[dict]) -> None:
    """Write the history whole, through a temporary file renamed over the old one."""
    path = history_file(room)
    if not _writable(room, path):  # a read-only room whose own history was read: keep the next one per user
        path = room_cache(room) / "walks.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(".walks.*.tmp"):  # what a build killed while writing left
        stale.unlink(missing_ok=True)
    text = json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).replace(',{"actions"', ',\n{"actions"')  # an entry a line
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".walks.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _date(value) -> dt.date | None:
    """An entry's "as of" as a date (None when it is none)."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def keep_build(room: Path, history: History, snapshot: dict, cadence: str, dates: tuple[str, ...]) -> None:
    """Add this build's snapshot (the part a later walk compares with, `metrics.walk.kept`)
    to the room's history and write it (after a publish)."""
    from .review import review_dates

    first = min([_date(e["as_of"]) for e in history.entries] + [_date(snapshot["as_of"])])
    reviews = review_dates(cadence, dates, first, _date(snapshot["as_of"])) if cadence or dates else []
    history.entries = remembered(history.entries, snapshot, reviews)
    write_history(room, history.entries)


def _shown(room: Path, path: Path) -> str:
    """The history file as a message names it: inside the room, or where it is."""
    return path.relative_to(room).as_posix() if path.is_relative_to(room) else str(path)


def _writable(room: Path, path: Path) -> bool:
    """Whether a build can write the history at `path` (its folder made if need be)."""
    if path.is_relative_to(room):
        folder = path.parent if path.parent.is_dir() else room
        return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    return True
