"""Period arithmetic: where days, ISO weeks, months and quarters start and end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from customer_room.metrics.periods import (
    next_period,
    period_end,
    period_ordinals,
    period_range,
    period_start,
    periods_between,
    reporting_period,
)

T = pd.Timestamp


@pytest.mark.parametrize(
    ("date", "freq", "start"),
    [
        ("2026-01-01", "week", "2025-12-29"),  # Thursday → Monday of ISO week 2026-W01
        ("2025-12-29", "week", "2025-12-29"),  # a Monday is its own week start
        ("2026-01-04 23:30", "week", "2025-12-29"),  # Sunday night still in that week
        ("2026-01-05 00:00", "week", "2026-01-05"),  # next Monday starts the next week
        ("1969-12-31", "week", "1969-12-29"),  # before the epoch: floor, not truncate
        ("2026-02-28 18:00", "day", "2026-02-28"),
        ("2024-02-29", "month", "2024-02-01"),
        ("2026-03-31 23:59", "quarter", "2026-01-01"),
        ("2026-11-15", "quarter", "2026-10-01"),
    ],
)
def test_period_start(date, freq, start):
    assert period_start(T(date), freq) == T(start)


def test_period_start_keeps_the_kind_index_and_name_and_nat():
    dates = pd.Series(pd.to_datetime(["2026-01-01", None, "2026-02-15"]),
                      index=[10, 11, 12], name="opened")
    starts = period_start(dates, "month")
    assert isinstance(starts, pd.Series)
    assert list(starts.index) == [10, 11, 12] and starts.name == "opened"
    assert starts.dtype == "datetime64[ns]"
    assert starts[10] == T("2026-01-01") and pd.isna(starts[11])
    assert starts[12] == T("2026-02-01")
    index = period_start(pd.DatetimeIndex(["2026-05-05"]), "week")
    assert isinstance(index, pd.DatetimeIndex) and index[0] == T("2026-05-04")


@pytest.mark.parametrize(
    ("start", "freq", "end"),
    [
        ("2026-01-15", "day", "2026-01-15 23:59:59.999999999"),
        ("2025-12-29", "week", "2026-01-04 23:59:59.999999999"),  # Monday + 6 days
        ("2024-02-10", "month", "2024-02-29 23:59:59.999999999"),  # leap February
        ("2026-04-01", "quarter", "2026-06-30 23:59:59.999999999"),
    ],
)
def test_period_end_is_next_start_minus_one_nanosecond(start, freq, end):
    assert period_end(T(start), freq) == T(end)


@pytest.mark.parametrize(
    ("start", "freq", "n", "expected"),
    [
        ("2026-01-01", "month", 1, "2026-02-01"),
        ("2026-01-01", "month", -1, "2025-12-01"),  # across the year boundary
        ("2026-01-01", "quarter", -1, "2025-10-01"),
        ("2025-12-29", "week", 2, "2026-01-12"),
        ("2026-03-01", "day", -1, "2026-02-28"),
        ("2026-03-01", "month", 0, "2026-03-01"),
    ],
)
def test_next_period(start, freq, n, expected):
    assert next_period(T(start), freq, n) == T(expected)


def test_period_range_is_inclusive_and_empty_when_reversed():
    weeks = period_range(T("2025-12-31"), T("2026-01-12"), "week")
    # Wed 31 Dec is in the week of Mon 29 Dec; Mon 12 Jan starts its own week.
    assert list(weeks) == [T("2025-12-29"), T("2026-01-05"), T("2026-01-12")]
    assert weeks.dtype == "datetime64[ns]"
    assert len(period_range(T("2026-03-01"), T("2026-01-01"), "month")) == 0
    assert len(period_range(pd.NaT, T("2026-01-01"), "month")) == 0


@pytest.mark.parametrize(
    ("as_of", "freq", "expected"),
    [
        ("2026-01-31", "month", "2026-01-01"),  # on the month's last day: it is complete
        ("2026-01-31 15:00", "month", "2026-01-01"),  # any time of that last day
        ("2026-01-30", "month", "2025-12-01"),  # not the last day: the month before
        ("2026-02-01", "month", "2026-01-01"),
        ("2026-01-04", "week", "2025-12-29"),  # Sunday ends the ISO week
        ("2026-01-03", "week", "2025-12-22"),  # Saturday: the previous week
        ("2026-03-31", "quarter", "2026-01-01"),
        ("2026-03-30", "quarter", "2025-10-01"),
        ("2026-01-15 08:00", "day", "2026-01-15"),  # a day is always on its last day
    ],
)
def test_reporting_period(as_of, freq, expected):
    assert reporting_period(T(as_of), freq) == T(expected)


@pytest.mark.parametrize(
    ("a", "b", "freq", "expected"),
    [
        ("2025-11-03", "2026-02-01", "month", 3),  # Nov → Dec → Jan → Feb
        ("2025-12-29", "2026-01-12", "week", 2),
        ("2026-01-12", "2025-12-29", "week", -2),
        ("2025-10-01", "2026-12-31", "quarter", 4),  # 2025Q4 → 2026Q1, Q2, Q3, Q4
        ("2026-02-27", "2026-03-02", "day", 3),
    ],
)
def test_periods_between(a, b, freq, expected):
    assert periods_between(T(a), T(b), freq) == expected


def test_ordinals_are_consecutive_and_unknown_freq_is_an_error():
    ordinals = period_ordinals(pd.to_datetime(["2025-12-01", "2026-01-01"]), "month")
    assert np.diff(ordinals).tolist() == [1]
    with pytest.raises(ValueError, match="unknown period 'year'"):
        period_start(T("2026-01-01"), "year")
