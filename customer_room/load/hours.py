"""When a kiosk runs: room.toml's `kiosk.hours` ("07:00-19:00") as minutes of the day.

Settings check the text when room.toml is read; the kiosk page (`pages/playlist.py`)
hands the parsed hours to the player, which rests outside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class HoursError(ValueError):
    """`hours` is not two times of day like "07:00-19:00"."""


@dataclass(frozen=True)
class Hours:
    """When the kiosk runs, in minutes after midnight; `end` before `start` runs overnight."""

    start: int
    end: int

    def running(self, minute: int) -> bool:
        """Whether the kiosk shows pages at `minute` after midnight (else it rests)."""
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    def words(self) -> str:
        """'07:00-19:00', as room.toml spells it."""
        return f"{_clock(self.start)}-{_clock(self.end)}"


def parse_hours(text: str) -> Hours | None:
    """'07:00-19:00' → Hours(420, 1140); '' → None (the kiosk always runs).

    '22:00-06:00' runs overnight; a start equal to the end is refused (it would mean
    either never or always).
    """
    if not text.strip():
        return None
    parts = text.split("-")
    if len(parts) != 2:
        raise HoursError(f"'{text}' is not two times of day like \"07:00-19:00\"")
    start, end = (_minutes(p, text) for p in parts)
    if start == end:
        raise HoursError(f"'{text}' starts and ends at the same time")
    return Hours(start, end)


def _minutes(part: str, text: str) -> int:
    match = _TIME.match(part)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise HoursError(f"'{text}' is not two times of day like \"07:00-19:00\" (24-hour clock)")
    return int(match[1]) * 60 + int(match[2])


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


