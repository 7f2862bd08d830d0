"""Wall 3's closed loop on the page: detractors contacted back within the room's target.

The figures (`compute.FollowUp`) become what the wall's cards, the wall's own line, the
touchpoint pages and the kiosk show: the latest complete period's share contacted within
the target and its median time to contact, each against the period before (SPEC section
4, Periods), the counts behind them, a sparkline of the share, and the outcome mix. A
room whose surveys carry no `followed_up` dates gets None everywhere, and its pages show
nothing of this.
"""

from __future__ import annotations

import pandas as pd

from .. import fmt
from .. import metrics as m
from ..metrics.freshness import stale_since
from ..metrics.headline import headline
from .common import PageKit, records

SPARK_PERIODS = 12


def target_words(kit: PageKit) -> str:
    """The target as the pages say it: "48 h", "3 days"."""
    loop = kit.figures.touchpoints.follow_up
    return fmt.hours(loop.hours) if loop is not None else ""


def room_follow_up(kit: PageKit) -> dict | None:
    """The closed loop over every touchpoint, for the wall's line and the kiosk."""
    wall = kit.figures.touchpoints
    if wall is None or wall.follow_up is None:
        return None
    return _view(kit, wall.follow_up.room, "the room")


def touchpoint_follow_up(kit: PageKit, tid: str) -> dict | None:
    """One touchpoint's closed loop; None when the room has none or the touchpoint has
    never had a detractor."""
    wall = kit.figures.touchpoints
    if wall is None or wall.follow_up is None:
        return None
    groups = kit.memo("follow-up groups", lambda: dict(tuple(wall.follow_up.by_touchpoint.groupby("touchpoint"))))
    table = groups.get(tid)
    return _view(kit, table, tid) if table is not None else None


def outcome_rows(kit: PageKit, tid: str) -> list[dict]:
    """The reporting period's outcomes of one touchpoint's contacts, most first."""
    loop = kit.figures.touchpoints.follow_up if kit.figures.touchpoints is not None else None
    if loop is None:
        return []
    return records(loop.outcomes[loop.outcomes["touchpoint"] == tid])


def _view(kit: PageKit, table: pd.DataFrame, who: str) -> dict | None:
    """Headlines of the latest complete period against the one before, its counts, and
    the trend: what a card, the wall's line and a touchpoint page show."""
    wall = kit.figures.touchpoints
    if wall.period is None or table is None or not len(table):
        return None
    table = table.sort_values("period")
    table = table[table["period"] <= wall.period]
    previous = m.next_period(wall.period, wall.freq, -1)
    now, before = _row(table, wall.period), _row(table, previous)
    this, compared = fmt.period(wall.period, wall.freq), fmt.period(previous, wall.freq)
    target = target_words(kit)
    stale = stale_since(wall.stale, "surveys")  # the follow-up dates come with the survey export
    recent = table.tail(SPARK_PERIODS)
    labels = [fmt.period(p, wall.freq) for p in recent["period"]]
    return {
        "period": this, "target": target, "table": table, "now": now,
        "share": headline("contacted in time", now.get("share_within"), before.get("share_within"), this, compared,
                          "percent", stale=stale),
        "median": headline("time to contact", now.get("median_hours"), before.get("median_hours"), this, compared,
                           "hours", stale=stale),
        "spark": kit.sparkline(recent["share_within"].tolist(), f"Detractors of {who} contacted within {target}",
                               labels, lambda v: fmt.percent(v, 0)),
    }


def _row(table: pd.DataFrame, period) -> dict:
    """The closed loop's figures of one period; zero detractors when it had none."""
    found = table[table["period"] == period]
    if not len(found):
        return {"detractors": 0, "within": 0, "late": 0, "pending": 0, "missed": 0, "contacted": 0,
                "share_within": None, "median_hours": None}
    return records(found)[0]
