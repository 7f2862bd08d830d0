"""Dates in exports: ISO by default, a `date_format` or day-first when room.toml says so.

Nothing is guessed silently: when dates are not ISO and the room gave no format, the
cells are errors, and the error says what would read them (day-first dates, or a
date_format that fits), or that they are ambiguous (is 03/04 March or April?).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.tseries.api import guess_datetime_format

from .mapping import FileMapping

SAMPLE = 200


def parse(text: pd.Series, kind: str, mapping: FileMapping, section: str) -> tuple[pd.Series, str, str | None]:
    """(datetimes with NaT where unreadable, what was expected, a hint or None)."""
    present = text.notna()
    if mapping.date_format:
        values = _with_format(text, mapping.date_format)
        return values, f"a date in the format {mapping.date_format}", None
    values = _iso(text)
    failed = present & values.isna()
    if mapping.dayfirst and failed.any():
        fmt = _guess(text[failed], dayfirst=True)
        if fmt:
            values = values.where(~failed, _with_format(text.where(failed), fmt))
        return values, "a day-first date such as 31/12/2026", None
    expected = "a date (expected YYYY-MM-DD" + (" or YYYY-MM-DD HH:MM" if kind == "datetime" else "") + \
        f", or set date_format in {section})"
    return values, expected, _hint(text[failed], section) if failed.any() else None


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
    try:
        stamps = pc.cast(array, pa.timestamp("ns"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    return pd.Series(stamps.to_numpy(), index=text.index, name=text.name).astype("datetime64[ns]")


def _with_format(text: pd.Series, fmt: str) -> pd.Series:
    """Dates in one strftime format (vectorised)."""
    try:
        values = pd.to_datetime(text, format=fmt, errors="coerce")
    except (ValueError, TypeError):
        values = pd.to_datetime(text, format=fmt, errors="coerce", utc=True)
    return _naive(values)


def _naive(values: pd.Series) -> pd.Series:
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values.astype("datetime64[ns]")


def _guess(sample: pd.Series, dayfirst: bool) -> str | None:
    """A strftime format that reads the first non-empty value, if pandas can guess one."""
    for value in sample.dropna().head(5):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fmt = guess_datetime_format(str(value), dayfirst=dayfirst)
        if fmt:
            return fmt
    return None


def _hint(bad: pd.Series, section: str) -> str | None:
    """What would read these non-ISO dates: day-first, a date_format, or nothing."""
    sample = bad.dropna().head(SAMPLE)
    if sample.empty:
        return None
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
