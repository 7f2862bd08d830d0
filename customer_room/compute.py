"""The compute stage: every figure the pages show, from the typed data, in one pass.

Aggregates are computed once for the whole room (a per-page pandas call costs
milliseconds of fixed overhead, which adds up over hundreds of pages) and the page stage
only slices them. Everything here is a pure function of `RoomInput`: no files are read
or written, so the stage could run elsewhere.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd

from . import engine, fmt
from . import metrics as m
from .errors import DataError, Problem
from .figures import Category, Figures, FollowUp, Issues, Outcomes, Touchpoints
from .load import RoomInput
from .load.categories import fold_key
from .load.warehouse import uses_warehouse
from .metrics.freshness import latest_dates, stale_files
from .metrics.issues import NO_VALUE
from .metrics.outcomes import NO_REASON, NO_SEGMENT
from .metrics.reasons import reason_keys, track_reasons, unowned_reasons

WINDOW = {"day": 90, "week": 13, "month": 3, "quarter": 1}  # "recent": about three months
NATURE = ("channel", "severity")  # how issues divide, shown where the export has the column
BOUNDED_ROWS = 20_000_000  # issues scanned from disk past which quantiles are found in bounded memory

__all__ = ["Category", "Figures", "FollowUp", "Issues", "Outcomes", "Touchpoints", "compute", "compute_data"]


def compute(room: RoomInput) -> Figures:
    """Compute the figures of all three walls, with the owners' notes attached."""
    figures = compute_data(room)
    attach_notes(figures, room)
    return figures


def compute_data(room: RoomInput) -> Figures:
    """The figures that depend on the data and settings alone (not on the notes)."""
    figures = Figures(room.as_of)
    if room.as_of is None:
        return figures
    if room.table("customers") is not None:
        with _aggregating(room, "customers"):
            figures.outcomes = outcomes(room.table("customers"), room)
    if room.table("issues") is not None:
        with _aggregating(room, "issues"):
            figures.issues = issue_figures(room.table("issues"), room, figures.outcomes)
    if room.frame("kpis") is not None and len(room.frame("kpis")) or room.table("surveys") is not None:
        with _aggregating(room, "surveys"):
            figures.touchpoints = touchpoint_figures(room)
    figures.stale = stale_data(room)
    for wall in (figures.outcomes, figures.issues, figures.touchpoints):
        if wall is not None:
            wall.stale = figures.stale
    return figures


def stale_data(room: RoomInput) -> dict[str, pd.Timestamp]:
    """The data files that lag the room's "as of" by more than one of their periods,
    each with its last date (`metrics/freshness.py`), from the latest value of each date
    column the load stage found (`RoomInput.lasts`)."""
    lasts: dict[str, list] = {}
    for (name, _), last in room.lasts.items():
        lasts.setdefault(name, []).append(last)
    p = room.settings.periods
    freqs = {"customers": p.outcomes, "issues": p.issues, "kpis": p.touchpoints, "surveys": p.touchpoints}
    return stale_files(latest_dates(lasts, freqs), room.as_of, freqs)


@contextmanager
def _aggregating(room: RoomInput, name: str):
    """A query the backend cannot run becomes a problem of data file `name`, named by its
    source (a warehouse's table, a scanned export), as a bad cell of a file is."""
    try:
        yield
    except engine.EngineError as exc:
        raise DataError([Problem(room.sources.get(name, name), f"cannot be aggregated: {exc}",
                                 hint="a text column that should hold dates or numbers may hold something else; "
                                      "map it, or fix it at the source")]) from None


def outcomes(customers, room: RoomInput) -> Outcomes:
    """Wall 1 figures for the last complete period, from the engine's customer cells."""
    freq = room.settings.periods.outcomes
    run, c = engine.run, engine.customers
    flow = m.customer_flow(run(c.event_cells(customers, freq)), run(c.same_period_loss_cells(customers, freq)),
                           run(c.referrer_cells(customers, freq)), freq, room.settings.opening_balance,
                           last=room.as_of)
    period = _reporting(flow, room.as_of, freq)
    reasons = run(c.loss_cells(customers, freq, "reason", NO_REASON))
    return Outcomes(
        freq=freq, period=period, flow=flow,
        tote=m.tote_board(flow, period, freq),
        reasons=m.loss_reasons(reasons, freq, period),
        segments=m.lost_value_by_segment(run(c.loss_cells(customers, freq, "segment", NO_SEGMENT)), freq, period),
        reason_cells=reasons, reason_keys=reason_keys(reasons["label"].astype(str).unique()),
    )


def _bounded(issues, room: RoomInput) -> bool:
    """Whether time-to-close quantiles are found in bounded memory (`engine.quantiles`,
    two counting passes) rather than by the engine's own quantile, which holds every
    value: for a warehouse's table, and for more than BOUNDED_ROWS rows scanned from
    disk. Below that the engine's own is quicker (XL, 10M issues from the typed cache:
    5.4 s against 13.0 s) and fits (100M did not, in 2 GB)."""
    if room.frame("issues") is not None:
        return False
    if uses_warehouse(room.settings.mapping("issues")):
        return True
    return int(engine.value(issues.count())) > BOUNDED_ROWS


def issue_figures(issues, room: RoomInput, wall1: Outcomes | None) -> Issues:
    """Wall 2 figures, and per-category counts and trends for the issue pages, from the
    engine's issue cells."""
    freq, as_of = room.settings.periods.issues, room.as_of
    run, e = engine.run, engine.issues
    flow, flows = m.flows(run(e.flow_cells(issues, freq)), freq, as_of)
    period = _reporting(flow, as_of, freq)
    before = as_of.normalize() + pd.Timedelta(days=1)  # "open now": open at the end of the as-of day
    backlog = m.backlog(run(e.open_cells(issues, before)), flows)
    window_start, window_stop = m.next_period(period, freq, -(WINDOW[freq] - 1)), m.next_period(period, freq, 1)
    categories = _categories(flows, backlog, room, freq, period, window_start)
    bounded = _bounded(issues, room)
    summary, by_period = m.close_tables_by(run(e.close_times(issues, freq, bounded=bounded)),
                                           run(e.close_times(issues, None, bounded=bounded)), sorted(flows), freq, as_of)
    shown = [c for c in NATURE if c in issues.columns]
    nature = {c: run(e.window_cells(issues, window_start, window_stop, ("category", c))) for c in shown}
    nature = {c: cells for c, cells in nature.items() if (cells[c] != NO_VALUE).any()}  # a column the export fills
    return Issues(
        freq=freq, period=period, flow=flow,
        ages=m.age_buckets(run(e.age_cells(issues, before, m.age_bounds(before - pd.Timedelta(1, "us"))))),
        time_to_close=m.time_to_close(run(e.close_times(issues, None, None, bounded))),
        time_to_close_by_period=m.close_table(run(e.close_times(issues, freq, None, bounded)), freq, as_of),
        by_stage=_by_stage(run(e.window_cells(issues, window_start, window_stop, ("touchpoint",))), room),
        categories=categories,
        per_thousand=_issues_per_thousand(issues, wall1),
        flows=flows,
        close_times=summary,
        close_times_by_period=by_period,
        nature={c: m.breakdown(cells.groupby(c, as_index=False)["count"].sum(), c) for c, cells in nature.items()},
        nature_by={c: dict(tuple(m.breakdown(cells, c, "category").groupby("category", sort=False)))
                   for c, cells in nature.items()},
        status_closed=int(engine.value(e.status_closed(issues))),
    )


def _categories(flows, backlog, room, freq, period, window_start) -> dict[str, Category]:
    """One `Category` per issue type, busiest (recent volume) first, the group of small
    categories (if any) last (notes come later)."""
    previous = m.next_period(period, freq, -1)
    out = []
    for name, flow in flows.items():
        series = pd.Series(flow["opened"].to_numpy(dtype=int), index=pd.DatetimeIndex(flow["period"]))
        key = room.category_keys[name]
        frame = pd.DataFrame({"period": flow["period"], "count": series.to_numpy(dtype=int)})
        cat = Category(
            name=name, key=key, counts=frame,
            opened_now=int(series.get(period, 0)),
            opened_before=int(series.get(previous, 0)),
            backlog=int(backlog.get(name, 0)),
            recent=int(series[(series.index >= window_start) & (series.index <= period)].sum()),
            members=room.grouped.members if room.grouped is not None and name == room.grouped.name else None,
        )
        out.append(cat)
    out.sort(key=lambda c: (c.group, -c.recent, c.name))  # the group of small ones is not ranked: it comes last
    for rank, cat in enumerate(out, 1):
        cat.rank, cat.per_period = (0 if cat.group else rank), cat.recent / WINDOW[freq]
    return {c.key: c for c in out}


def attach_notes(figures: Figures, room: RoomInput) -> set[str]:
    """Give each issue category and loss reason its owner's note and, when it has
    started, its trend (and list the large reasons nobody owns).

    Returns the keys of the categories whose note changed (a different `Note` object:
    the loader keeps unchanged notes identical), so a running watch re-plans only the
    pages those notes touch after a commentary edit.
    """
    changed: set[str] = set()
    wall1 = figures.outcomes
    if wall1 is not None:
        wall1.tracked, wall1.stray_notes = track_reasons(wall1.reason_cells, wall1.flow["period"], wall1.reason_keys,
                                                         room.commentary.reasons, wall1.freq, wall1.period, room.as_of)
        wall1.unowned = unowned_reasons(wall1.reasons, wall1.tracked)
    if figures.issues is None:
        return changed
    freq = figures.issues.freq
    for cat in figures.issues.categories.values():
        note = _note_for(room, cat.name, cat.key)
        if note is cat.note:
            continue
        changed.add(cat.key)
        cat.note, cat.trend = note, None
        if note is not None and note.get("started") is not None:
            cat.trend = m.issue_trend(cat.counts, freq, note.get("started"), room.as_of,
                                      note.get("target"), note.get("target_date"))
    return changed


def _note_for(room: RoomInput, name: str, key: str):
    """The commentary of a category: the note naming it, else the note with its key."""
    folded = fold_key(name)  # a note may spell its category as the export did before folding
    for note in room.commentary.issues.values():
        if note.get("category") is not None and fold_key(note.get("category")) == folded:
            return note
    note = room.commentary.issues.get(key)
    return note if note is not None and note.get("category") is None else None


def _by_stage(cells: pd.DataFrame, room: RoomInput) -> pd.DataFrame:
    """Recent issues by journey stage and touchpoint (stage from touchpoints.csv), from
    the engine's counts per touchpoint, largest first."""
    tps = room.frame("touchpoints")
    cells = cells.sort_values(["count", "touchpoint"], ascending=[False, True], kind="stable")
    frame = pd.DataFrame({"touchpoint": cells["touchpoint"].astype(str).to_numpy(),
                          "count": cells["count"].to_numpy(dtype="int64")})
    stages = dict(zip(tps["id"], tps["stage"])) if tps is not None else {}
    names = dict(zip(tps["id"], tps["name"])) if tps is not None else {}
    frame["stage"] = [stages.get(t, "Other") for t in frame["touchpoint"]]
    frame["touchpoint"] = frame["touchpoint"].map(lambda t: names.get(t, t))
    return frame[["stage", "touchpoint", "count"]]


def _issues_per_thousand(issues, wall1: Outcomes | None) -> dict | None:
    """Issues opened per 1,000 active customers in Wall 1's last complete period and in
    the period before: {value, previous, period, compared} (None without Wall 1)."""
    if wall1 is None:
        return None
    opened = m.opened_per_period(engine.run(engine.issues.opened_cells(issues, wall1.freq)))

    def rate(start):
        opened_then = opened.get(pd.Timestamp(start), 0)
        active = wall1.flow.loc[wall1.flow["period"] == start, "active_end"]
        return None if active.empty or active.iloc[0] <= 0 else opened_then / float(active.iloc[0]) * 1000

    previous = m.next_period(wall1.period, wall1.freq, -1)
    value = rate(wall1.period)
    if value is None:
        return None
    return {"value": value, "previous": rate(previous), "period": fmt.period(wall1.period, wall1.freq),
            "compared": fmt.period(previous, wall1.freq)}


def touchpoint_figures(room: RoomInput) -> Touchpoints:
    """Wall 3 figures: KPI history and status, survey scores, complaints per 1,000, up to
    the last complete period (the room's one period policy: a KPI read for a month that
    is half over is not a status of that month)."""
    freq = room.settings.periods.touchpoints
    period = m.reporting_period(room.as_of, freq)
    end = m.period_end(period, freq)
    stop = m.next_period(period, freq, 1)
    kpis, surveys, issues = room.frame("kpis"), room.table("surveys"), room.table("issues")
    kpis = kpis[kpis["period"] <= end] if kpis is not None else None
    empty_kpis = pd.DataFrame(columns=["touchpoint", "kpi", "period", "actual", "target", "better", "unit", "status"])
    history = m.kpi_history(kpis, room.settings.amber_band) if kpis is not None else empty_kpis
    latest = m.kpi_latest(kpis, room.settings.amber_band) if kpis is not None else empty_kpis
    if surveys is not None:
        surveys = surveys.filter(surveys.date < stop)
        summary = m.survey_summary(engine.run(engine.surveys.score_cells(surveys, freq)), freq, room.settings.min_responses)
    else:
        summary = pd.DataFrame(columns=["touchpoint", "instrument", "period", "n", "score", "mean", "significant"])
    cells = engine.run(engine.issues.touchpoint_cells(issues, freq, stop)) if issues is not None else None
    complaints = (m.complaints_per_thousand(cells, kpis, freq) if kpis is not None and cells is not None
                  else pd.DataFrame(columns=["touchpoint", "period", "complaints", "volume", "per_thousand"]))
    return Touchpoints(freq=freq, period=period, kpis=history, latest=latest, surveys=summary, complaints=complaints,
                       running=_running(room, end), follow_up=_follow_up(room, surveys, freq, period))


def _follow_up(room: RoomInput, surveys, freq: str, period: pd.Timestamp) -> FollowUp | None:
    """The closed loop of the complete periods' detractors, through the engine; None when
    the surveys have no `followed_up` date at all (an export without the column)."""
    if surveys is None or "followed_up" not in surveys.columns or not int(engine.value(surveys.followed_up.count())):
        return None
    hours = room.settings.follow_up_hours
    cells = engine.run(engine.surveys.follow_up_cells(surveys, freq, m.pending_from(room.as_of, hours)))
    return FollowUp(hours=hours, by_touchpoint=m.follow_up_table(cells, hours, freq),
                    room=m.follow_up_table(cells, hours, freq, by=()), outcomes=m.outcome_mix(cells, period, freq))


def _running(room: RoomInput, end: pd.Timestamp) -> bool:
    """Whether Wall 3's data runs on past the last complete period (and so some is left out)."""
    kpis, surveys = room.frame("kpis"), room.table("surveys")
    last = engine.value(surveys.date.max()) if surveys is not None else None
    return bool((kpis is not None and len(kpis) and kpis["period"].max() > end)
                or (last is not None and pd.notna(last) and pd.Timestamp(last) > end))


def _reporting(flow: pd.DataFrame, as_of: pd.Timestamp, freq: str) -> pd.Timestamp:
    """The last complete period, or the first period when the data holds only one."""
    period = m.reporting_period(as_of, freq)
    first = flow["period"].min()
    return max(period, first) if pd.notna(first) else period
