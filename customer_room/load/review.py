"""The room's review dates: when leaders walk the room (`[review]` in room.toml).

A room is walked on a cadence ("monthly on the first Tuesday") or on dates a team lists;
the walk page compares the room with what it showed at the last walk before its data's
"as of" date. Pure: text in, dates out, and a message for a cadence it cannot read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..errors import Problem, shorten
from ..paths import SETTINGS_FILE

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
EVERY = {"weekly": 0, "monthly": 1, "quarterly": 3}  # months between walks (0: every week)
_CADENCE = re.compile(r"^(weekly|monthly|quarterly) on (?:the )?(?:(first|second|third|fourth|last) )?"
                      r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}(?:st|nd|rd|th)?)$")
EXAMPLES = "\"monthly on the first Tuesday\", \"monthly on the 1st\", \"weekly on Monday\", " \
           "\"quarterly on the last Friday\""


def cadence_problem(cadence: str) -> str | None:
    """Why a cadence cannot be read, or None when it can (an empty one is none at all)."""
    if not cadence.strip():
        return None
    found = _CADENCE.match(" ".join(cadence.lower().split()))
    if found is None:
        return f"'{cadence}' is not a cadence customer-room reads: write it like {EXAMPLES}"
    every, nth, day = found.groups()
    if day[0].isdigit():
        if nth or every == "weekly" or not 1 <= int(day.rstrip("stndrh")) <= 28:
            return f"'{cadence}': a day of the month is 1 to 28, monthly or quarterly (\"monthly on the 1st\")"
    elif every == "weekly" and nth:
        return f"'{cadence}': a weekly walk is on a weekday (\"weekly on Monday\")"
    elif every != "weekly" and not nth:
        return f"'{cadence}': say which {day.title()} of the month (\"{every} on the first {day.title()}\")"
    return None


def review_problems(cadence: str, dates: tuple[str, ...]) -> list[Problem]:
    """room.toml's problems with `[review]`: a cadence it cannot read, a date that is none."""
    out = []
    problem = cadence_problem(cadence)
    if problem:
        out.append(Problem(SETTINGS_FILE, f"'review.cadence': {problem}"))
    for value in dates:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            out.append(Problem(SETTINGS_FILE, f"'review.dates': '{shorten(value)}' is not a date",
                               hint="write dates as YYYY-MM-DD"))
    return out


def review_dates(cadence: str, dates: tuple[str, ...], first: dt.date, last: dt.date) -> list[dt.date]:
    """Every review from `first` to `last` (both included): the listed dates, and those of
    the cadence, in order and each once. Assumes `cadence_problem` found nothing."""
    out = {dt.date.fromisoformat(d) for d in dates if first <= dt.date.fromisoformat(d) <= last}
    if cadence.strip():
        every, nth, day = _CADENCE.match(" ".join(cadence.lower().split())).groups()
        if every == "weekly":
            start = first + dt.timedelta(days=(WEEKDAYS[day] - first.weekday()) % 7)
            out.update(start + dt.timedelta(weeks=i) for i in range((last - start).days // 7 + 1))
        else:
            step = EVERY[every]
            year, month = first.year, first.month - (first.month - 1) % step
            while dt.date(year, month, 1) <= last:
                found = _in_month(year, month, nth, day)
                if first <= found <= last:
                    out.add(found)
                year, month = (year + (month + step - 1) // 12, (month + step - 1) % 12 + 1)
    return sorted(out)


def last_review(cadence: str, dates: tuple[str, ...], before: dt.date) -> dt.date | None:
    """The latest review strictly before `before` (within five years), or None."""
    found = review_dates(cadence, dates, before - dt.timedelta(days=5 * 366), before - dt.timedelta(days=1))
    return found[-1] if found else None


def _in_month(year: int, month: int, nth: str | None, day: str) -> dt.date:
    """The day of a month a monthly cadence names: the 1st, the first Tuesday, the last Friday."""
    if day[0].isdigit():
        return dt.date(year, month, int(day.rstrip("stndrh")))
    weekday, days = WEEKDAYS[day], calendar.monthrange(year, month)[1]
    matching = [d for d in range(1, days + 1) if dt.date(year, month, d).weekday() == weekday]
    return dt.date(year, month, matching[ORDINALS[nth] - 1 if ORDINALS[nth] > 0 else -1])
