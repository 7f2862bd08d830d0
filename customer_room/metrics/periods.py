"""Calendar periods (day, ISO week, month, quarter) as every metric on the walls counts.

All walls speak of "this month" or "week 47", so one module decides where a period
starts and ends. A period is named by its START: a midnight Timestamp (Monday for weeks,
the 1st for months, 1 Jan/Apr/Jul/Oct for quarters). The last instant of a period is the
next start minus one nanosecond, so an event stamped 23:59 on the last day belongs to
that period and one stamped 00:01 the next day does not.

Internally a period is also an integer *ordinal* (days, weeks, months or quarters since
the Unix epoch), which lets the other metric modules count a million rows with
`numpy.bincount` instead of grouping timestamps. Dates are naive local wall-clock times;
a timezone-aware input is read in its own local time.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd

FREQS = ("day", "week", "month", "quarter")

#: The ordinal given to a missing date (NaT); callers mask it out.
NO_PERIOD = np.iinfo(np.int64).min

# 1970-01-01, day 0 of numpy's calendar, was a Thursday: adding 3 days makes Monday the
# first day of each block of 7.
_THURSDAY_TO_MONDAY = 3

DateLike = TypeVar("DateLike", pd.Series, pd.DatetimeIndex, pd.Timestamp)


def check_freq(freq: str) -> str:
    """Return `freq` if it is a period length the room knows, else raise a clear error."""
    if freq not in FREQS:
        raise ValueError(f"unknown period {freq!r}: expected one of {', '.join(FREQS)}")
    return freq


def _datetime64(values: object) -> np.ndarray:
    """Return `values` as a naive numpy datetime64 array (any unit), converting as needed."""
    index = values if isinstance(values, pd.DatetimeIndex) else pd.DatetimeIndex(values)
    if index.tz is not None:
        index = index.tz_localize(None)
    return index.to_numpy()


def period_ordinals(dates: object, freq: str) -> np.ndarray:
    """Number each date by the period that contains it (periods since the epoch).

    This is the fast path the other metric modules count with: consecutive periods have
    consecutive ordinals, so `ordinal - first` indexes a `numpy.bincount`. Missing dates
    get `NO_PERIOD`.
    """
    check_freq(freq)
    values = _datetime64(dates)
    missing = np.isnat(values)
    if freq in ("day", "week"):
        ordinals = values.astype("datetime64[D]").view("int64")
        if freq == "week":
            ordinals = np.floor_divide(ordinals + _THURSDAY_TO_MONDAY, 7)
    else:
        ordinals = values.astype("datetime64[M]").view("int64")
        if freq == "quarter":
            ordinals = np.floor_divide(ordinals, 3)
    ordinals = ordinals.astype("int64", copy=True)
    ordinals[missing] = NO_PERIOD
    return ordinals


def ordinal_starts(ordinals: np.ndarray, freq: str) -> np.ndarray:
    """Turn period ordinals back into datetime64[ns] period starts (NaT for NO_PERIOD)."""
    check_freq(freq)
    ordinals = np.asarray(ordinals, dtype="int64")
    missing = ordinals == NO_PERIOD
    safe = np.where(missing, 0, ordinals)
    if freq == "day":
        starts = safe.astype("datetime64[D]")
    elif freq == "week":
        starts = (safe * 7 - _THURSDAY_TO_MONDAY).astype("datetime64[D]")
    elif freq == "month":
        starts = safe.astype("datetime64[M]")
    else:
        starts = (safe * 3).astype("datetime64[M]")
    starts = starts.astype("datetime64[ns]")
    starts[missing] = np.datetime64("NaT", "ns")
    return starts


def _same_kind(starts: np.ndarray, like: object) -> object:
    """Wrap numpy period starts in the same kind of object the caller passed in."""
    if isinstance(like, pd.Series):
        return pd.Series(starts, index=like.index, name=like.name)
    if isinstance(like, pd.DatetimeIndex):
        return pd.DatetimeIndex(starts, name=like.name)
    if np.ndim(like) == 0:
        return pd.Timestamp(starts[0])
    return pd.DatetimeIndex(starts)


def _as_array(dates: object) -> object:
    """Scalars become one-element lists so that every function can be vectorised."""
    return [dates] if np.ndim(dates) == 0 and not isinstance(dates, pd.Series) else dates


def period_start(dates: DateLike, freq: str) -> DateLike:
    """Return the start of the period containing each date, as the same kind of object.

    Accepts a Series, a DatetimeIndex or a single Timestamp; the time of day is dropped.
    """
    return _same_kind(ordinal_starts(period_ordinals(_as_array(dates), freq), freq), dates)


def next_period(start: DateLike, freq: str, n: int = 1) -> DateLike:
    """Return the start of the period `n` periods after the one containing `start`.

    `n` may be negative ("the period before"). Works on Timestamps and Series alike.
    """
    ordinals = period_ordinals(_as_array(start), freq)
    shifted = np.where(ordinals == NO_PERIOD, NO_PERIOD, ordinals + int(n))
    return _same_kind(ordinal_starts(shifted, freq), start)


def period_end(start: DateLike, freq: str) -> DateLike:
    """Return the last instant of the period containing `start` (next start − 1 ns).

    An issue closed at or before this instant counts as closed within the period.
    """
    return next_period(start, freq, 1) - pd.Timedelta(1, "ns")


def period_range(first: object, last: object, freq: str) -> pd.DatetimeIndex:
    """Return every period start from the period of `first` to that of `last`, inclusive.

    Empty when either end is missing or `last` falls in an earlier period than `first`.
    """
    if pd.isna(first) or pd.isna(last):
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    lo, hi = period_ordinals([first, last], freq)
    return pd.DatetimeIndex(ordinal_starts(np.arange(lo, hi + 1, dtype="int64"), freq))


def periods_between(a_start: object, b_start: object, freq: str) -> int:
    """Return how many periods lie from the period of `a_start` to that of `b_start`.

    Zero for the same period, negative when `b_start` comes first.
    """
    a, b = period_ordinals([a_start, b_start], freq)
    if NO_PERIOD in (a, b):
        raise ValueError("periods_between needs two dates, got a missing one")
    return int(b - a)


def reporting_period(as_of: pd.Timestamp, freq: str) -> pd.Timestamp:
    """Return the start of the last COMPLETE period on `as_of`.

    Pages compare "this period vs last" on complete periods only, so that the first days
    of a month do not look like a collapse. The period containing `as_of` counts as
    complete when `as_of` falls on its last day (any time of that day); otherwise the
    period before is the reporting period.
    """
    as_of = pd.Timestamp(as_of)
    start = period_start(as_of, freq)
    last_day = period_end(start, freq).normalize()
    if as_of.normalize() == last_day:
        return start
    return next_period(start, freq, -1)
