"""How fresh each data file is: its own latest date, and whether it lags the room.

A room's "as of" is the latest date in any of its data (SPEC section 4). When one export
stops arriving (the survey tool's feed broke in September), the other walls move on and
its figures sit beside them looking as current as the rest. So every data file's own
latest date is known, and a file whose latest date lags the room's "as of" by more than
one of its periods (a month for monthly KPIs, a week for weekly issues) is *stale*: the
figures that come from it are marked, with the date of its last data, on the page, the
kiosk and the poster.

Periods are counted, not days: a file is stale when its last data falls in a period
more than one before the period of "as of". Its figures are those of the last complete
period, so a file with data in that period is as fresh as it can be: monthly KPIs whose
last reading is October's, read on 15 November, are fresh; with September's last, they
are stale. KPI readings are dated by the first day of the period they are for, so
their data runs to that period's last day. Pure: dates in, dates out.
"""

from __future__ import annotations

import pandas as pd

from .periods import next_period, period_end, period_start

PERIODIC = {"kpis"}  # files dated by the first day of the period a row is for


def latest_dates(lasts: dict[str, list], freqs: dict[str, str]) -> dict[str, pd.Timestamp]:
    """Each file's latest date, from the latest value of each of its date columns
    (`lasts`: file -> those values; a file with none has no entry). A periodic file's
    rows are for a whole period, so its data runs to the last day of its last period."""
    out = {}
    for name, values in lasts.items():
        found = [pd.Timestamp(v) for v in values if v is not None and pd.notna(v)]
        if found:
            last = max(found)
            out[name] = (period_end(last, freqs[name]) if name in PERIODIC else last).normalize()
    return out


def stale_files(latest: dict[str, pd.Timestamp], as_of: pd.Timestamp | None,
                freqs: dict[str, str]) -> dict[str, pd.Timestamp]:
    """The files whose latest date falls more than one of their periods (`freqs`: file ->
    day, week, month or quarter) before the period of `as_of`, each with that date."""
    if as_of is None:
        return {}
    return {name: last for name, last in latest.items()
            if next_period(period_start(last, freqs[name]), freqs[name], 1) < period_start(as_of, freqs[name])}


def stale_since(stale: dict[str, pd.Timestamp], *files: str) -> str | None:
    """The date of the last data ("2026-09-30") behind a figure that comes from `files`,
    when any of them is stale (the oldest of them); None when it is fresh."""
    dates = [stale[f] for f in files if f in stale]
    return f"{min(dates):%Y-%m-%d}" if dates else None
