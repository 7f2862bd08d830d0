"""Dates in exports: ISO by default, a `date_format` or day-first when room.toml says so.

Nothing is guessed silently: when dates are not ISO and the room gave no format, the
cells are errors, and the error says what would read them (day-first dates, or a
date_format that fits), or that they are ambiguous (is 03/04 March or April?).

Dates are held as nanoseconds, which reach from 1677 to 2262 only. A date in the year
9999 is how many systems write "never" (a ticket not closed, a contract with no end):
it is read as no date, and said. Any other date outside FIRST_YEAR..LAST_YEAR (0001-01-01,
a typo such as 20266-01-05) is a row error naming the cell, never an exception. Dates are
parsed at microsecond resolution first, so such cells are seen before they overflow.
A date far from all the others (1900-01-01 among 2025's) is usable but widens every
chart to span it: `strays` finds those, for a warning.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.tseries.api import guess_datetime_format

from .mapping import FileMapping

SAMPLE = 200
FIRST_YEAR, LAST_YEAR = 1678, 2261  # whole years inside pandas' nanosecond range (1677-09-21 to 2262-04-11)
NEVER_YEAR = 9999
OUTSIDE = f"is outside the dates customer-room can use ({FIRST_YEAR} to {LAST_YEAR})"
_LOW = np.datetime64(f"{FIRST_YEAR}-01-01", "s")
_HIGH = np.datetime64(f"{LAST_YEAR + 1}-01-01", "s")
_NEVER = np.datetime64(f"{NEVER_YEAR}-01-01", "s")
_AFTER_NEVER = np.datetime64(f"{NEVER_YEAR + 1}-01-01", "s")
STRAY_YEARS = 10  # a gap this long between a date and the rest of its column sets it apart
_STRAY_GAP_DAYS = round(STRAY_YEARS * 365.25)


@dataclass
class Dates:
    """A column of dates as the rest of customer-room uses them, and what was set aside.

    `values` is datetime64[ns] with NaT for empty, unreadable, 'never' and out-of-range
    cells; `never` marks dates in the year 9999 (read as no date), `outside` the other
    dates customer-room cannot hold. `expected` and `hint` describe unreadable cells.
    """

    values: pd.Series
    never: pd.Series
    outside: pd.Series
    expected: str = ""
    hint: str | None = None
    never_days: list[str] = field(default_factory=list)  # the 'never' dates, as YYYY-MM-DD

    def never_note(self) -> str:
        """'3 cells of 9999-12-31 were read as no date (a common 'never')'."""
        return never_message(int(self.never.sum()), self.never_days)


def never_message(count: int, days: list[str]) -> str:
    """What a note says of `count` cells dated in the year 9999 (`days`: which days)."""
    what = f"of {days[0]}" if len(days) == 1 else f"dated in the year {NEVER_YEAR}"
    return (f"{count:,} cell{'s' if count != 1 else ''} {what} {'were' if count != 1 else 'was'} read as "
            "no date (a common 'never')")


def parse(text: pd.Series, kind: str, mapping: FileMapping, section: str) -> Dates:
    """The dates of a text column (None or NaN for an empty cell), with what was expected
    and a hint for the cells that are not dates."""
    present = text.notna()
    if mapping.date_format:
        values = _with_format(text, mapping.date_format)
        return _bounded(values, f"a date in the format {mapping.date_format}", None)
    values = _iso(text)
    failed = present & values.isna()
    if mapping.dayfirst and failed.any():
        # every date of the reading day first: pandas guesses "%m/%d/%Y" for 4/22/2015 even
        # when asked for day first, which would read one column month first and another not
        fmt = _day_first(_guess(text[failed], dayfirst=True))
        if fmt:
            values = values.where(~failed, _with_format(text.where(failed), fmt))
        bad = present & values.isna()
        return _bounded(values, "a day-first date such as 31/12/2026",
                        _dayfirst_hint(text[bad], section) if bad.any() else None)
    expected = "a date (expected YYYY-MM-DD" + (" or YYYY-MM-DD HH:MM" if kind == "datetime" else "") + \
        f", or set date_format in {section})"
    return _bounded(values, expected, _hint(text[failed], section) if failed.any() else None)


def bounded(values: pd.Series) -> Dates:
    """Dates that are already dates (a Parquet or Excel column), checked like parsed ones."""
    return _bounded(values, "", None)


def _bounded(values: pd.Series, expected: str, hint: str | None) -> Dates:
    """Set aside the 'never' dates and those outside the supported years; nanoseconds for the rest."""
    values = _naive(values)
    index = values.index
    if values.dtype == "datetime64[ns]":  # nanoseconds cannot hold an out-of-range date
        none = pd.Series(False, index=index)
        return Dates(values, none, none.copy(), expected, hint)
    raw = values.to_numpy()
    never = (raw >= _NEVER) & (raw < _AFTER_NEVER)
    outside = ~np.isnat(raw) & ~never & ((raw < _LOW) | (raw >= _HIGH))
    days = []
    if never.any():
        days = sorted({str(d) for d in np.unique(raw[never].astype("datetime64[D]"))})
    out = pd.Series(np.where(never | outside, np.datetime64("NaT"), raw).astype("datetime64[ns]"),
                    index=index, name=values.name)
    return Dates(out, pd.Series(never, index=index), pd.Series(outside, index=index), expected, hint, days)


def _iso(text: pd.Series) -> pd.Series:
    """ISO 8601 dates and datetimes; time zones are converted to UTC and dropped."""
    fast = _arrow_iso(text)
    if fast is not None:
        return fast
    try:
        values = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except (ValueError, TypeError):  # a mix of time zones
        values = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    return _naive(values)


def _arrow_iso(text: pd.Series) -> pd.Series | None:
    """Arrow's ISO 8601 parser, ten times pandas' speed, when every cell is a plain
    (zone-less) ISO date or datetime; None otherwise, and pandas decides cell by cell."""
    array = getattr(text.array, "_pa_array", None)
    if array is None:
        return None
    try:  # microseconds: years 1 to 9999 parse, and `_bounded` sets aside what nanoseconds cannot hold
        stamps = pc.cast(array, pa.timestamp("us"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    return pd.Series(stamps.to_numpy(), index=text.index, name=text.name)


def _with_format(text: pd.Series, fmt: str) -> pd.Series:
    """Dates in one strftime format (vectorised)."""
    try:
        values = pd.to_datetime(text, format=fmt, errors="coerce")
    except (ValueError, TypeError):
        values = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
    return _naive(values)


def _naive(values: pd.Series) -> pd.Series:
    """Zone-aware dates converted to UTC and the zone dropped; the resolution is kept."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values


def _guess(sample: pd.Series, dayfirst: bool) -> str | None:
    """A strftime format that reads the first non-empty value, if pandas can guess one."""
    for value in sample.dropna().head(5):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fmt = guess_datetime_format(str(value), dayfirst=dayfirst)
        if fmt:
            return fmt
    return None


def _day_first(fmt: str | None) -> str | None:
    """A guessed format made day first ("%m/%d/%Y" → "%d/%m/%Y"); one with no day or no
    month as it is."""
    if not fmt or "%d" not in fmt or "%m" not in fmt or fmt.index("%d") < fmt.index("%m"):
        return fmt
    return fmt.replace("%m", "\0").replace("%d", "%m").replace("\0", "%d")


# Two-digit years, which pandas does not guess: 22-04-15, 22/04/15, 22-Apr-15.
SHORT_YEARS = ("%d-%m-%y", "%m-%d-%y", "%y-%m-%d", "%d/%m/%y", "%m/%d/%y", "%y/%m/%d", "%d.%m.%y",
               "%d-%b-%y", "%d %b %y", "%b %d %y", "%d/%b/%y")


def _short_years(sample: pd.Series, section: str, day_first: bool = False) -> str | None:
    """The date_format that reads a sample of two-digit-year dates, or the choices when
    more than one does (22-04-15 may be 22 April 2015 or 15 April 2022); `day_first`
    (the reading says dayfirst = true) keeps the formats that start with the day."""
    formats = [fmt for fmt in SHORT_YEARS if fmt.startswith("%d")] if day_first else SHORT_YEARS
    found = [fmt for fmt in formats if _with_format(sample, fmt).notna().all()]
    if len(found) == 1:
        return f"two-digit years: set date_format = \"{found[0]}\" in {section}"
    if found:
        choices = " or ".join(f'"{fmt}"' for fmt in found[:3])
        return f"two-digit years, read more than one way: set date_format = {choices} in {section}"
    return None


def _dayfirst_hint(bad: pd.Series, section: str) -> str | None:
    """Why cells are not day-first dates: they read month first, or have two-digit years."""
    sample = bad.dropna().head(SAMPLE)
    if sample.empty:
        return None
    month = _guess(sample, dayfirst=False)
    if month and month.startswith("%m") and _with_format(sample, month).notna().all():
        return (f"these read month first: dayfirst = true reads every date of {section} day first; set "
                f"date_format = \"{month}\" instead if all of them are month first")
    return _short_years(sample, section, day_first=True)


def _hint(bad: pd.Series, section: str) -> str | None:
    """What would read these non-ISO dates: day-first, a date_format, or nothing."""
    sample = bad.dropna().head(SAMPLE)
    if sample.empty:
        return None
    short = _short_years(sample, section)
    if short:
        return short
    working = {fmt for fmt in (_guess(sample, dayfirst=False), _guess(sample, dayfirst=True))
               if fmt and not fmt.startswith("%Y") and _with_format(sample, fmt).notna().all()}
    day_first = {fmt for fmt in working if fmt.startswith("%d")}
    month_first = working - day_first
    if day_first and month_first:
        return (f"ambiguous day and month: set dayfirst = true, or date_format = \"{min(month_first)}\" "
                f"in {section}")
    if day_first:
        return f"looks like day-first dates: set dayfirst = true in {section}"
    if month_first:
        fmt = min(month_first)
        return f"these look like \"{fmt}\": set date_format = \"{fmt}\" in {section}"
    return None


@dataclass
class Stray:
    """Dates of a column cut off from the rest (before or after them) by a long gap."""

    before: bool
    mask: np.ndarray | None  # which rows (None when counted where the rows are: `count` says how many)
    edge: pd.Timestamp  # where the rest start (before) or end (after)
    farthest: pd.Timestamp  # the stray date farthest from the rest
    years: int  # the gap between the nearest stray date and the rest, in whole years
    count: int = 0

    def __post_init__(self):
        if self.mask is not None:
            self.count = int(self.mask.sum())

    def message(self) -> str:
        """'1 date lies decades before the others (1900-01-01; the rest start in 2025): …'"""
        count = self.count
        dates = "1 date lies" if count == 1 else f"{count:,} dates lie"
        far = "decades" if self.years >= 20 else f"{'' if count == 1 else 'at least '}{self.years} years"
        shown = f"{self.farthest:%Y-%m-%d}" if count == 1 else f"{'from' if self.before else 'up to'} " \
            f"{self.farthest:%Y-%m-%d}"
        rest = f"the rest start in {self.edge.year}" if self.before else f"the rest end in {self.edge.year}"
        then = "charts will start there" if self.before else "charts and the 'as of' date will run to there"
        fix = "fix the date or drop the row" if count == 1 else "fix the dates or drop the rows"
        return f"{dates} {far} {'before' if self.before else 'after'} the others ({shown}; {rest}): {then}; {fix}"


def strays(values: pd.Series) -> list[Stray]:
    """The dates of a column that lie apart from the bulk of it, which every chart would
    stretch to show (one 1900-01-01 among 2025's dates makes 126-year charts).

    The rule: sort the column's distinct days; the bulk is the run of them around the
    median date in which no two neighbours are more than STRAY_YEARS apart; dates before
    or after that run are strays. It needs no percentile (a 3-row file works as well as
    a million rows) and never flags data that runs on without a ten-year hole, however
    long it is. Cheap: one min/max pass, and a sort only when the span passes ten years.
    """
    low, high = values.min(), values.max()
    if pd.isna(low) or (high - low).days <= _STRAY_GAP_DAYS:
        return []
    raw = values.to_numpy(dtype="datetime64[ns]")
    days = raw[~np.isnat(raw)].astype("datetime64[D]").astype(np.int64)
    unique, counts = np.unique(days, return_counts=True)
    all_days = raw.astype("datetime64[D]")
    out = []
    for stray in strays_of_days(unique, counts):
        cut = np.datetime64(stray.edge.date(), "D")
        stray.mask = all_days < cut if stray.before else all_days > cut
        stray.count = int(stray.mask.sum())
        out.append(stray)
    return out


def strays_of_days(unique: np.ndarray, counts: np.ndarray) -> list[Stray]:
    """`strays` worked out from a column's distinct days (day numbers since 1970, sorted)
    and how many rows hold each: what an engine counts without bringing the rows back.
    Each Stray has its count and no mask."""
    if not len(unique) or int(unique[-1] - unique[0]) <= _STRAY_GAP_DAYS:
        return []
    total, cum = int(counts.sum()), np.cumsum(counts)
    low = unique[np.searchsorted(cum, (total - 1) // 2, side="right")]  # the median of every row's day
    high = unique[np.searchsorted(cum, total // 2, side="right")]
    middle = min(int(np.searchsorted(unique, (low + high) / 2)), len(unique) - 1)
    gaps = np.flatnonzero(np.diff(unique) > _STRAY_GAP_DAYS)  # gap i lies between unique[i] and unique[i + 1]
    below, above = gaps[gaps < middle], gaps[gaps >= middle]
    out = []
    if len(below):
        start, nearest = unique[below.max() + 1], unique[below.max()]
        out.append(Stray(True, None, _day(start), _day(unique[0]), int((start - nearest) // 365.25),
                         int(counts[: below.max() + 1].sum())))
    if len(above):
        end, nearest = unique[above.min()], unique[above.min() + 1]
        out.append(Stray(False, None, _day(end), _day(unique[-1]), int((nearest - end) // 365.25),
                         int(counts[above.min() + 1:].sum())))
    return out


def _day(days: int) -> pd.Timestamp:
    """A day number (days since 1970-01-01) as a Timestamp."""
    return pd.Timestamp(np.datetime64(int(days), "D"))
