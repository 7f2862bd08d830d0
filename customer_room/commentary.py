"""Owners' commentary: Markdown files with YAML front matter under `walls/`.

The three wall notes (`outcomes.md`, `issues.md`, `touchpoints.md`), one note per tracked
issue (`issues/<issue-key>.md`: owner, started, target, target date) and one per
touchpoint (`touchpoints/<touchpoint-id>.md`). Front matter values are typed here, and a
wrong one is a problem naming the file, its line and the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .errors import Problem, shorten
from .sources import is_scratch

WALLS_DIR = "walls"
WALL_NOTES = ("outcomes", "issues", "touchpoints")
_DATE_KEYS = ("started", "target_date", "updated")
_NUMBER_KEYS = ("target",)
_TEXT_KEYS = ("title", "owner", "author", "category", "status")


@dataclass
class Note:
    """One commentary file: typed front matter and the Markdown body."""

    path: str  # relative to the room, e.g. walls/issues/late-delivery.md
    key: str  # the file name without .md
    meta: dict = field(default_factory=dict)
    body: str = ""

    def get(self, key: str, default=None):
        """A front matter value, or `default` when the note does not set it."""
        value = self.meta.get(key)
        return default if value is None else value


@dataclass
class Commentary:
    """All the notes of a room, by where they belong."""

    walls: dict[str, Note] = field(default_factory=dict)
    issues: dict[str, Note] = field(default_factory=dict)
    touchpoints: dict[str, Note] = field(default_factory=dict)

    def all(self) -> list[Note]:
        """Every note, walls first."""
        return [*self.walls.values(), *self.issues.values(), *self.touchpoints.values()]


def load_commentary(room: Path, cache: dict | None = None) -> tuple[Commentary, list[Problem]]:
    """Read every note under `walls/`; missing notes are fine, broken ones are problems.

    `cache` (kept by a running watch) maps a note's path to its size, modification
    time and parsed result, so unchanged notes are not parsed again and keep their
    identity: the build compares notes by identity to see which pages they touch.
    """
    out, problems = Commentary(), []
    walls = room / WALLS_DIR
    for name in WALL_NOTES:
        path = walls / f"{name}.md"
        if path.is_file():
            note = _read_cached(room, path, problems, cache)
            if note:
                out.walls[name] = note
    for folder, target in (("issues", out.issues), ("touchpoints", out.touchpoints)):
        for path in sorted(p for p in (walls / folder).glob("*.md") if not is_scratch(p.name)):
            note = _read_cached(room, path, problems, cache)
            if note:
                target[note.key] = note
    return out, problems


def _read_cached(room: Path, path: Path, problems: list[Problem], cache: dict | None) -> Note | None:
    """`read_note`, answered from `cache` when the file has not changed since."""
    if cache is None:
        return read_note(room, path, problems)
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    hit = cache.get(str(path))
    if hit is not None and hit[0] == stamp:
        problems.extend(hit[2])
        return hit[1]
    found: list[Problem] = []
    note = read_note(room, path, found)
    cache[str(path)] = (stamp, note, found)
    problems.extend(found)
    return note


def read_note(room: Path, path: Path, problems: list[Problem]) -> Note | None:
    """Parse one Markdown file with optional front matter."""
    rel = path.relative_to(room).as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, f"is not UTF-8 text (byte {exc.start})", hint="save it as UTF-8"))
        return None
    text = text.replace("\r\n", "\n")
    meta_text, body = split_front_matter(text)
    note = Note(rel, path.stem, {}, body)
    if meta_text is None:
        return note
    try:
        raw = yaml.safe_load(meta_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problems.append(Problem(rel, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", row=line))
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(rel, "front matter must be 'key: value' lines", row=2))
        return None
    lines = _key_lines(meta_text)
    for key, value in raw.items():
        typed = _typed_value(str(key), value, rel, lines.get(str(key)), problems)
        if typed is not None:
            note.meta[str(key)] = typed
    return note


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter text or None, body)."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---", 3)
    if end < 0:
        return None, text
    after = text.find("\n", end + 4)
    body = "" if after < 0 else text[after + 1 :]
    meta = text[4 : end + 1]
    return meta, body


def _key_lines(meta_text: str) -> dict[str, int]:
    """Line number (in the file) of each top-level key of the front matter."""
    out = {}
    for i, line in enumerate(meta_text.split("\n")):
        if line and not line[0].isspace() and ":" in line:
            out.setdefault(line.split(":", 1)[0].strip(), i + 2)
    return out


def _typed_value(key, value, rel, line, problems):
    """One front matter value checked against its expected type."""
    if value is None:
        return None
    if key in _DATE_KEYS:
        stamp = _as_date(value)
        if stamp is None:
            problems.append(Problem(rel, f"'{shorten(value)}' is not a date (expected YYYY-MM-DD)", row=line, column=key))
        return stamp
    if key == "period":
        stamp = _as_date(value if not isinstance(value, str) or len(value) != 7 else value + "-01")
        if stamp is None:
            problems.append(Problem(rel, f"'{shorten(value)}' is not a period (expected YYYY-MM or YYYY-MM-DD)",
                                    row=line, column=key))
        return stamp
    if key in _NUMBER_KEYS:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.append(Problem(rel, f"'{shorten(value)}' is not a number of 0 or more", row=line, column=key))
            return None
        return float(value)
    return str(value).strip()


def _as_date(value) -> pd.Timestamp | None:
    """A YAML date or an ISO date string as a Timestamp, else None."""
    if isinstance(value, (dt.date, dt.datetime)):
        return pd.Timestamp(value).normalize()
    if isinstance(value, str):
        try:
            return pd.Timestamp(dt.date.fromisoformat(value.strip()))
        except ValueError:
            return None
    return None
