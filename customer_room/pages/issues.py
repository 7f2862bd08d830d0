"""Wall 2 — Issues, and one trend page per issue category (SPEC section 5)."""

from __future__ import annotations

import pandas as pd

from .. import fmt
from .. import metrics as m
from ..compute import WINDOW
from .common import Page, PageKit, complete, dated, period_words, records, wall_page

SPARK_PERIODS = 26
# The wall lists the busiest categories; a room with hundreds links the rest from the
# index (each has its own page), which keeps the wall readable and under 400 KB.
WALL_CATEGORY_ROWS = 60
POSTER_BARS = 5  # categories a poster's bar chart names before "other" (each bar needs room for 24 pt type)
_NO_IDEAL = pd.DataFrame(columns=["period", "ideal"])  # shared, never changed: charts are pure
_NO_PROJECTION = pd.DataFrame(columns=["period", "projected"])
_NO_CLOSES = pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"), "n": [], "median_days": [],
                           "p90_days": [], "mean_days": []})


def issues_wall(kit: PageKit) -> Page:
    """The issues wall: flow and backlog, nature, ageing, time to close, tracked issues."""
    wall = kit.figures.issues
    page = wall_page(kit, "issues", 2, "Issues", "The volume, flow and nature of customer issues, who is "
                     "working on each and how fast the count comes down.")
    if not dated(page, wall, "No issue data yet"):
        return page
    freq, period, flow = wall.freq, wall.period, wall.flow
    common = dict(profile=kit.profile, colors=kit.colors)
    cats = list(wall.categories.values())
    if kit.profile == "poster":  # fewer, taller bars, so that their labels print at 24 pt
        shown = min(POSTER_BARS, kit.room.settings.top_categories)
        nature = [kit.charts.top_categories_chart(_top(cats, shown), title=f"Top {shown} issue categories", **common),
                  kit.charts.top_categories_chart(_stage_totals(wall.by_stage, _stage_order(kit)), chart_id="issues-by-stage",
                                          title="Issues by journey stage", **common)]
    else:
        nature = [kit.charts.top_categories_chart(_top(cats, kit.room.settings.top_categories), **common),
                  kit.charts.by_stage_chart(wall.by_stage, _stage_order(kit), **common)]
    page.charts = [
        kit.charts.issue_flow_chart(complete(flow, period), freq, **common),
        *nature,
        kit.charts.ageing_chart(wall.ages, **common),
        kit.charts.time_to_close_chart(complete(wall.time_to_close_by_period, period), freq, **common),
    ]
    row = flow.loc[flow["period"] == period].iloc[0]
    previous = flow.loc[flow["period"] == m.next_period(period, freq, -1)]
    page.context.update(
        wall=wall, row=row,
        previous=previous.iloc[0] if len(previous) else None,
        this_label=fmt.period(period, freq),
        recent_label=f"{fmt.period(m.next_period(period, freq, -(WINDOW[freq] - 1)), freq)} to {fmt.period(period, freq)}",
        tracked=[_card(kit, c, freq) for c in cats if c.note is not None],
        unowned=[c for c in cats if c.owner is None and c.recent > 0][: kit.room.settings.top_categories],
        categories=cats[:WALL_CATEGORY_ROWS],
        more_categories=len(cats) - min(len(cats), WALL_CATEGORY_ROWS),
    )
    return page


def _top(cats, n: int) -> pd.DataFrame:
    """The n busiest categories of the recent window, then 'other'."""
    rows = [{"category": c.name, "count": c.recent} for c in cats[:n]]
    rest = sum(c.recent for c in cats[n:])
    if rest:
        rows.append({"category": "other", "count": rest})
    return pd.DataFrame(rows, columns=["category", "count"])


def _stage_totals(by_stage: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Issues per journey stage in journey order (stages with none left out), as the
    category bars of a poster, which has no room for one bar per touchpoint."""
    totals = by_stage.groupby(by_stage["stage"].fillna("Other"), sort=False)["count"].sum()
    rank = {s: i for i, s in enumerate(order)}
    names = sorted(totals.index, key=lambda s: rank.get(s, len(rank)))
    return pd.DataFrame({"category": names, "count": [int(totals[s]) for s in names]})


def _stage_order(kit: PageKit) -> list[str]:
    """Journey stages in order, then 'Other' for touchpoints outside them."""
    return [*kit.room.settings.stages, "Other"]


def _card(kit: PageKit, cat, freq: str) -> dict:
    """What a tracked issue's card on the wall shows."""
    values = complete(cat.counts, kit.figures.issues.period)["count"].tail(SPARK_PERIODS).tolist()
    label = f"{cat.name}: {values[-1] if values else 0} issues in the latest {freq}"
    return {"cat": cat, "trend": cat.trend or {},
            "spark": kit.sparkline(values, label=label), "spark_periods": SPARK_PERIODS}


def issue_page_makers(kit: PageKit) -> list[tuple]:
    """(site path, category key, planner) of each category's page, not yet planned."""
    wall = kit.figures.issues
    if wall is None:
        return []

    def maker(cat):
        def make() -> Page:
            actions = kit.memo("actions by issue", lambda: _actions_by_issue(kit.room.frame("actions")))
            return _issue_page(kit, cat, actions.get(cat.key, []) + actions.get(cat.name, []))
        return make

    return [(f"issues/{cat.key}.html", cat.key, maker(cat)) for cat in wall.categories.values()]


def _issue_page(kit: PageKit, cat, actions: list[dict]) -> Page:
    """The page of one issue category: trend, owner, actions, time to close, words."""
    wall = kit.figures.issues
    freq, as_of = wall.freq, kit.room.as_of
    path = f"issues/{cat.key}.html"
    counts = cat.counts
    page = Page(path, [f"issue-{cat.key}.html", "issue.html"], "issue", cat.name,
                period_words(freq, counts["period"].min(), counts["period"].max(), wall.period),
                eyebrow="Issue")
    trend = cat.trend
    target = cat.note.get("target") if cat.note is not None else None
    common = dict(profile=kit.profile, colors=kit.colors)
    flow = wall.flows[cat.name]
    page.charts = [
        kit.charts.issue_trend_chart(complete(counts, wall.period), freq, trend["ideal"] if trend else _NO_IDEAL,
                             trend["projection"] if trend else _NO_PROJECTION,
                             target, **common, title=f"Count against target — {cat.name}"),
        kit.charts.issue_flow_chart(complete(flow, wall.period), freq, **common,
                            title=f"Issues opened, closed and backlog — {cat.name}"),
        kit.charts.time_to_close_chart(complete(wall.close_times_by_period.get(cat.name, _NO_CLOSES), wall.period), freq,
                               **common, title=f"Time to close — {cat.name}"),
    ]
    page.context.update(
        cat=cat, trend=trend, target=target,
        note=kit.note(cat.note, page, "What we are doing"),
        actions=_flag_overdue(actions, as_of),
        time_to_close=wall.close_times[cat.name],
        backlog_now=int(flow["backlog"].iloc[-1]) if len(flow) else 0,
        words=kit.words("issues", "category", cat.name),
        this_label=fmt.period(wall.period, freq),
        freq=freq,
    )
    return page


def _actions_by_issue(actions: pd.DataFrame | None) -> dict[str, list[dict]]:
    """Actions grouped by their `issue` value (a category key or name), soonest due first."""
    if actions is None:
        return {}
    out: dict[str, list[dict]] = {}
    for a in records(actions.sort_values("due", na_position="last", kind="stable")):
        out.setdefault(a["issue"], []).append(a)
    return out


def _flag_overdue(actions: list[dict], as_of) -> list[dict]:
    """The actions for the page, each marked overdue when due before as-of and not done."""
    return [{**a, "status": a["status"] or "",
             "overdue": a["due"] is not None and a["due"] < as_of and a["status"] != "done"}
            for a in sorted(actions, key=lambda a: (a["due"] is None, a["due"] or as_of))]
