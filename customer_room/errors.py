"""The few exception classes customer-room raises, and the problem records they carry.

Every stage reports trouble as a `Problem` that names the file, the row, the column, the
value and what was expected, so that a user can find and fix it in their own export. A
stage collects all of its problems before raising, so that one build lists them all
together; the command line turns them into messages at the edge (see `cli.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_VALUE_SHOWN = 40


def shorten(value: object, limit: int = MAX_VALUE_SHOWN) -> str:
    """Return `value` as text cut to `limit` characters, so a 1 MB cell stays readable."""
    text = str(value).replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in one place of the user's input.

    `row` is the line number as the user sees it in their editor or spreadsheet (the
    header is line 1 of a CSV), or None when the problem concerns a whole file.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        what = f"column '{self.column}': {self.message}" if self.column else self.message
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {what}{hint}"


class RoomError(Exception):
    """Base class: something in the room (data, commentary, settings) stops the build."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DataError(RoomError):
    """The data files or commentary cannot be used as they are."""


class ConfigError(RoomError):
    """`room.toml` is malformed, has unknown keys or values of the wrong type."""


class UsageError(Exception):
    """The command line was used wrongly (exit code 2)."""
