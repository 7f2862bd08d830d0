"""Owners' commentary: Markdown files with YAML front matter under `walls/`.

The three wall notes (`outcomes.md`, `issues.md`, `touchpoints.md`), one note per tracked
issue (`issues/<issue-key>.md`: owner, started, target, target date), one per reason
customers leave for (`reasons/<reason-key>.md`, the same keys) and one per touchpoint
(`touchpoints/<touchpoint-id>.md`). Front matter values are typed here, and a
wrong one is a problem naming the file, its line and the key.

Notes are read through the room's rules (`room_files.py`: inside the room, regular,
readable), and their work is bounded (`limits.py`): front matter without YAML aliases
(a 276-byte alias bomb would make a 73 MB page) or deep nesting, and Markdown of a
size and shape that python-markdown converts in well under a second.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .dates import FIRST_YEAR, LAST_YEAR, OUTSIDE
from ..errors import Problem, shorten
from ..paths import WALLS_DIR
from ..limits import front_matter_problem, markdown_problems, note_size_problem
from .room_files import RoomFileError, room_file, room_folder
from .inputs import is_scratch

WALL_NOTES = ("outcomes", "issues", "touchpoints")
_DATE_KEYS = ("started", "target_date", "updated")
_NUMBER_KEYS = ("target",)
_TEXT_KEYS = ("title", "owner", "author", "category", "reason", "status")
NOTE_FOLDERS = ("issues", "reasons", "touchpoints")  # one note per issue category, loss reason, touchpoint


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
    reasons: dict[str, Note] = field(default_factory=dict)  # why customers leave, by reason key

    def all(self) -> list[Note]:
        """Every note, walls first."""
        return [*self.walls.values(), *self.issues.values(), *self.reasons.values(), *self.touchpoints.values()]


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
        if os.path.lexists(path):
            note = _read_cached(room, path, problems, cache)
            if note:
                out.walls[name] = note
    for folder in NOTE_FOLDERS:
        target = getattr(out, folder)
        try:
            paths = [p for p in room_folder(walls / folder) if p.suffix == ".md" and not is_scratch(p.name)]
        except RoomFileError as exc:
            problems.append(Problem(f"{WALLS_DIR}/{folder}/", f"{exc}; the owners' notes in it cannot be used"))
            continue
        for path in paths:
            note = _read_cached(room, path, problems, cache)
            if note:
                target[note.key] = note
    return out, problems


def _read_cached(room: Path, path: Path, problems: list[Problem], cache: dict | None) -> Note | None:
    """`read_note`, answered from `cache` when the file has not changed since."""
    if cache is None:
        return read_note(room, path, problems)
    try:
        stat = path.stat()
    except OSError:  # a link that loops or points nowhere: read_note says which
        return read_note(room, path, problems)
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
        data = room_file(room, path).read_bytes()
    except RoomFileError as exc:
        problems.append(Problem(rel, str(exc)))
        return None
    except OSError as exc:
        problems.append(Problem(rel, f"cannot be read: {(exc.strerror or str(exc)).lower()}"))
        return None
    too_big = note_size_problem(rel, len(data))
    if too_big:
        problems.append(too_big)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, f"is not UTF-8 text (byte {exc.start})", hint="save it as UTF-8"))
        return None
    text = text.replace("\r\n", "\n")
    meta_text, body = split_front_matter(text)
    shape = markdown_problems(rel, body, first_line=_body_line(text, body))
    if shape:
        problems.extend(shape)
        return None
    note = Note(rel, path.stem, {}, body)
    if meta_text is None:
        return note
    bounded = front_matter_problem(rel, meta_text)
    if bounded:
        problems.append(bounded)
        return None
    try:
        raw = yaml.load(meta_text, Loader=FrontMatterLoader) or {}
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


def _body_line(text: str, body: str) -> int:
    """The line of the file on which the Markdown body starts."""
    return text[: len(text) - len(body)].count("\n") + 1


class FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases and with a depth limit: front matter is a few
    'key: value' lines, and aliases are how a few bytes of YAML become gigabytes."""

    MAX_DEPTH = 20

    def compose_node(self, parent, index):
        """One node, refusing an alias or a node nested deeper than `MAX_DEPTH`."""
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter; "
                                              "write the value out", mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > self.MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"it is nested more than {self.MAX_DEPTH} levels deep",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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
            problems.append(Problem(rel, _not_a_date(value), row=line, column=key))
        return stamp
    if key == "period":
        stamp = _as_date(value if not isinstance(value, str) or len(value) != 7 else value + "-01")
        if stamp is None:
            problems.append(Problem(rel, _not_a_date(value, "a period (expected YYYY-MM or YYYY-MM-DD)"),
                                    row=line, column=key))
        return stamp
    if key in _NUMBER_KEYS:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.append(Problem(rel, f"'{shorten(value)}' is not a number of 0 or more", row=line, column=key))
            return None
        return float(value)
    return str(value).strip()


def _not_a_date(value, expected: str = "a date (expected YYYY-MM-DD)") -> str:
    """Why a front matter value is not a usable date: its form, or its year."""
    shown = shorten(value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value)
    month = "period" in expected
    if isinstance(value, (dt.date, dt.datetime)) or (isinstance(value, str) and _iso_date(value, month)):
        return f"'{shown}' {OUTSIDE}"
    return f"'{shown}' is not {expected}"


def _iso_date(text: str, month: bool = False) -> bool:
    """Whether `text` is an ISO date (or, with `month`, an ISO month) of any year."""
    text = text.strip()
    try:
        dt.date.fromisoformat(text + "-01" if month and len(text) == 7 else text)
        return True
    except ValueError:
        return False


def _as_date(value) -> pd.Timestamp | None:
    """A YAML date or an ISO date string as a Timestamp, else None."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, (dt.date, dt.datetime)) and FIRST_YEAR <= value.year <= LAST_YEAR:
        return pd.Timestamp(value).normalize()
    return None
