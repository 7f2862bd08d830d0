"""The wall metrics of a small hand-made frame, computed as a build computes them: the
frame is registered with the embedded DuckDB, the engine (`customer_room/engine`) counts
it, and the pure functions of `customer_room/metrics` make the figures.

The metric tests pin each SPEC definition on hand-counted fixtures through these, so the
engine's expressions and the metrics' arithmetic are checked together, on the real
engine.
"""

from __future__ import annotations

import itertools

import pandas as pd

from customer_room import engine
from customer_room import metrics as m
from customer_room.engine import customers as ce
from customer_room.engine import issues as ie
from customer_room.engine import surveys as se
from customer_room.load.queryable import Embedded
from customer_room.metrics.outcomes import NO_REASON, NO_SEGMENT

_DUCK = Embedded()
_NAMES = itertools.count()
AFTER = pd.Timedelta(1, "us")  # "open at instant t" is "open just before t + 1 µs" at µs precision


def table(frame: pd.DataFrame):
    """`frame` as an Ibis table of the embedded engine, under a name of its own."""
    return _DUCK.table(f"t{next(_NAMES)}", frame)


def latest(frame: pd.DataFrame) -> pd.Timestamp:
    """The latest opened or closed date: a build's "as of" for issues alone."""
    dates = [frame[c].max() for c in ("opened", "closed") if c in frame and frame[c].notna().any()]
    return max(dates) if dates else pd.NaT


def issue_flow_by(frame, freq, as_of=None, by="category"):
    """{value: its flow table}, as Wall 2's issue pages have it."""
    as_of = latest(frame) if as_of is None else as_of
    return m.flows(engine.run(ie.flow_cells(table(frame), freq, by)), freq, as_of)[1]


def issue_flow(frame, freq="week", as_of=None):
    """The room's flow table: period, opened, closed, net_flow, backlog."""
    as_of = latest(frame) if as_of is None else as_of
    return m.flows(engine.run(ie.flow_cells(table(frame), freq)), freq, as_of)[0]


def counts_by(frame, freq, by="category", as_of=None):
    """Issues opened per period and value of `by`, tidy and zero-filled."""
    flows = issue_flow_by(frame, freq, as_of, by)
    parts = [pd.DataFrame({"period": f["period"], by: v, "count": f["opened"]}) for v, f in flows.items()]
    if not parts:
        return pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"), by: [], "count": []})
    return pd.concat(parts).sort_values(["period", by], kind="stable").reset_index(drop=True)


def backlog_by(frame, when, by="category"):
    """Issues of each value open at the instant `when`."""
    values = issue_flow_by(frame, "day", latest(frame), by)
    return m.backlog(engine.run(ie.open_cells(table(frame), (pd.Timestamp(when) + AFTER).floor("us"), by)), values).rename_axis(by)


def age_buckets(frame, when):
    """Open issues at the instant `when` by age bucket."""
    return m.age_buckets(engine.run(ie.age_cells(table(frame), (pd.Timestamp(when) + AFTER).floor("us"), m.age_bounds(when))))


def time_to_close(frame):
    """n, median, p90 and mean days to close over the whole frame."""
    return m.time_to_close(engine.run(ie.close_times(table(frame), None, None)))


def time_to_close_by_period(frame, freq, as_of=None):
    """Time to close per closed period, no gaps up to `as_of`."""
    as_of = latest(frame) if as_of is None else as_of
    return m.close_table(engine.run(ie.close_times(table(frame), freq, None)), freq, as_of)


def time_to_close_by(frame, freq, as_of=None, by="category"):
    """Time to close for every value of `by`: (summaries, per-period tables)."""
    as_of = latest(frame) if as_of is None else as_of
    t = table(frame)
    values = sorted(issue_flow_by(frame, freq, as_of, by))
    return m.close_tables_by(engine.run(ie.close_times(t, freq, by)), engine.run(ie.close_times(t, None, by)),
                             values, freq, as_of)


def breakdown(frame, column, by=None):
    """How all of `frame`'s issues divide by `column` (per value of `by`)."""
    keys = (column,) if by is None else (by, column)
    cells = engine.run(ie.window_cells(table(frame), pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01"), keys))
    return m.breakdown(cells, column, by)


def customer_flow(frame, freq="month", opening_balance=0, last=None):
    """Wall 1's flow of customers per period."""
    t = table(frame)
    return m.customer_flow(engine.run(ce.event_cells(t, freq)), engine.run(ce.same_period_loss_cells(t, freq)),
                           engine.run(ce.referrer_cells(t, freq)), freq, opening_balance, last)


def loss_reasons(frame, freq, period, periods=3, top=5):
    """Why customers left in the last `periods` periods."""
    return m.loss_reasons(engine.run(ce.loss_cells(table(frame), freq, "reason", NO_REASON)), freq, period,
                          periods, top)


def reason_cells(frame, freq):
    """The engine's losses per period and reason (period, label, count, value)."""
    return engine.run(ce.loss_cells(table(frame), freq, "reason", NO_REASON))


def lost_value_by_segment(frame, freq, period, periods=3):
    """Which segments the lost value came from."""
    return m.lost_value_by_segment(engine.run(ce.loss_cells(table(frame), freq, "segment", NO_SEGMENT)), freq,
                                   period, periods)


def survey_summary(frame, freq="month", min_n=30):
    """Score per touchpoint, instrument and period."""
    return m.survey_summary(engine.run(se.score_cells(table(frame), freq)), freq, min_n)


def complaints_per_thousand(issues, kpis, freq="month"):
    """Complaints per 1,000 of a touchpoint's volume."""
    cells = engine.run(ie.touchpoint_cells(table(issues), freq, pd.Timestamp("2200-01-01")))
    return m.complaints_per_thousand(cells, kpis, freq)


def follow_up_cells(frame, as_of, target_hours=48.0, freq="month"):
    """Detractors counted by time to contact, pending and outcome (`follow_up_cells`)."""
    from customer_room.metrics.follow_up import pending_from

    return engine.run(se.follow_up_cells(table(frame), freq, pending_from(as_of, target_hours)))
