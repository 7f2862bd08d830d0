"""Wall 2 — Issues, and one trend page per issue category (SPEC section 5)."""

from __future__ import annotations

import pandas as pd

from .. import fmt
from .. import metrics as m
from ..compute import WINDOW
from ..metrics.headline import headline, marked_stale
from .common import Page, PageKit, complete, dated, period_words, records, wall_page
from .headlines import close_headlines, issue_headlines, period_rows

SPARK_PERIODS = 26
# The wall lists the busiest categories; a room with hundreds links the rest from the
# index (each has its own page), which keeps the wall readable and under 400 KB.
WALL_CATEGORY_ROWS = 60
POSTER_BARS = 5  # categories a poster's bar chart names before the rest (each bar needs room for 24 pt type)
GROUP_ROWS = 100  # categories the group's page names, largest first
REST_CATEGORIES = "all other categories"  # the bar that sums the categories past the top ones
_NO_IDEAL = pd.DataFrame(columns=["period", "ideal"])  # shared, never changed: charts are pure
_NO_PROJECTION = pd.DataFrame(columns=["period", "projected"])
_NO_CLOSES = pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"), "n": [], "median_days": [],
                           "p90_days": [], "mean_days": []})


def issues_wall(kit: PageKit) -> Page:
    """The issues wall: flow and backlog, nature, ageing, time to close, tracked issues."""
    wall = kit.figures.issues
    page = wall_page(kit, "issues", 2, "Issues", "The volume, flow and nature of customer issues, who is "
                     "working on each and how fast the count comes down.")
    if not dated(page, wall, "No issue data yet", kit.room.as_of):
        return page
    freq, period, flow = wall.freq, wall.period, wall.flow
    common = dict(profile=kit.profile, colors=kit.colors)
    cats = list(wall.categories.values())
    recent = recent_span(kit)
    if kit.profile != "screen":  # a poster or a TV: fewer, taller bars, so that their labels read from afar
        shown = min(POSTER_BARS, kit.room.settings.top_categories)
        nature = [kit.charts.top_categories_chart(top_rows(cats, shown), title=f"Top {shown} issue categories, {recent}", **common),
                  kit.charts.top_categories_chart(_stage_totals(wall.by_stage, _stage_order(kit)), chart_id="issues-by-stage",
                                          title=f"Issues by journey stage, {recent}", **common)]
    else:
        nature = [kit.charts.top_categories_chart(top_rows(cats, kit.room.settings.top_categories), when=recent, **common),
                  kit.charts.by_stage_chart(wall.by_stage, _stage_order(kit), when=recent, **common),
                  *(kit.charts.breakdown_chart(table, column, when=recent, **common)
                    for column, table in wall.nature.items())]
    page.charts = [
        kit.charts.issue_flow_chart(complete(flow, period), freq, **common),
        *nature,
        kit.charts.ageing_chart(wall.ages, **common, title=f"Age of open issues on {fmt.date(kit.room.as_of)}"),
        kit.charts.time_to_close_chart(complete(wall.time_to_close_by_period, period), freq, **common),
    ]
    row = flow.loc[flow["period"] == period].iloc[0]
    previous = flow.loc[flow["period"] == m.next_period(period, freq, -1)]
    page.context.update(
        closed_unknown=wall.status_closed,
        wall=wall, row=row, heads=issue_headlines(wall),
        previous=previous.iloc[0] if len(previous) else None,
        this_label=fmt.period(period, freq),
        recent_label=recent,
        tracked=[_card(kit, c, freq) for c in cats if c.trend is not None],  # a note with a start date
        unowned=[{"cat": c, "size": issue_size(c, freq)} for c in cats
                 if c.owner is None and c.recent > 0 and not c.group][: kit.room.settings.top_categories],
        categories=cats[:WALL_CATEGORY_ROWS],
        more_categories=len(cats) - min(len(cats), WALL_CATEGORY_ROWS),
        group=next((c for c in reversed(cats) if c.group), None),
        grouped=kit.room.grouped,
    )
    return page


def recent_span(kit: PageKit) -> str:
    """'2026-W34 to 2026-W46': the recent window (`compute.WINDOW`) that the wall's
    category, stage, channel and severity figures cover, worked out once per build."""
    wall = kit.figures.issues

    def span() -> str:
        start = m.next_period(wall.period, wall.freq, -(WINDOW[wall.freq] - 1))
        return f"{fmt.period(start, wall.freq)} to {fmt.period(wall.period, wall.freq)}"

    return kit.memo("issues recent window", span)


def top_rows(cats, n: int) -> pd.DataFrame:
    """The n busiest categories of the recent window, then one bar for all the others
    (`rest` marks it, whatever a category is called: an export may have one named
    "Other"). A category with no issue in the window is no bar (a zero in a top ten says
    nothing), and the group of small categories is never ranked: it is part of the rest."""
    head = [c for c in cats if not c.group and c.recent > 0][:n]
    shown = {id(c) for c in head}
    rows = [{"category": c.name, "count": c.recent, "rest": False} for c in head]
    rest = sum(c.recent for c in cats if id(c) not in shown)
    if rest:
        label = REST_CATEGORIES
        while any(c.name == label for c in head):
            label += " (the rest)"
        rows.append({"category": label, "count": rest, "rest": True})
    return pd.DataFrame(rows, columns=["category", "count", "rest"])


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
    recent = complete(cat.counts, kit.figures.issues.period).tail(SPARK_PERIODS)
    periods = [fmt.period(p, freq) for p in recent["period"]]
    return {"cat": cat, "trend": cat.trend or {},
            "spark": kit.sparkline(recent["count"].tolist(), f"{cat.name}, issues per {freq}", periods),
            "spark_periods": SPARK_PERIODS}


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
                period_words(freq, counts["period"].min(), counts["period"].max(), wall.period, as_of),
                eyebrow="Issue")
    trend = cat.trend
    target = cat.note.get("target") if cat.note is not None else None
    common = dict(profile=kit.profile, colors=kit.colors)
    flow = wall.flows[cat.name]
    closes = wall.close_times_by_period.get(cat.name, _NO_CLOSES)
    span = _span(counts, wall.period, freq)
    previous = kit.memo("issues previous period", lambda: m.next_period(wall.period, freq, -1))
    this, compared = fmt.period(wall.period, freq), fmt.period(previous, freq)
    if cat.owner is not None or trend is not None:
        trend_chart = kit.charts.issue_trend_chart(
            complete(counts, wall.period), freq, trend["ideal"] if trend else _NO_IDEAL,
            trend["projection"] if trend else _NO_PROJECTION, target, **common,
            title=f"{'Count against target' if target is not None else 'Issues opened each ' + freq}, {span} — {cat.name}")
    else:  # nobody owns it: no target, no burn-down, just the count
        trend_chart = kit.charts.issue_trend_chart(complete(counts, wall.period), freq, None, None,
                                                   None, **common, title=f"Issues opened each {freq}, {span} — {cat.name}")
    page.charts = [
        trend_chart,
        kit.charts.issue_flow_chart(complete(flow, wall.period), freq, **common,
                                    title=f"Issues opened, closed and backlog, {span} — {cat.name}"),
        kit.charts.time_to_close_chart(complete(closes, wall.period), freq, **common,
                                       title=f"Time to close, {_span(closes, wall.period, freq)} — {cat.name}"),
    ]
    now, before = period_rows(flow, wall.period, freq, previous)
    heads = marked_stale({
        "opened": headline("Opened", cat.opened_now, cat.opened_before, this, compared),
        "backlog": headline("Backlog", now.get("backlog"), before.get("backlog"), this, compared),
        **close_headlines(closes, wall.period, freq, previous),
    }, wall.stale, "issues")
    page.context.update(
        cat=cat, trend=trend, target=target, heads=heads,
        status_meaning=status_meaning(trend, cat.note, freq) if trend else None,
        size=issue_size(cat, freq, "issue"),
        nature=_nature(kit, cat),
        recent_label=recent_span(kit),
        note=kit.note(cat.note, page, "What we are doing"),
        actions=_flag_overdue(actions, as_of),
        words=kit.words("issues", "category", cat.name),
        grouped=kit.room.grouped if cat.group else None,
        members=cat.members[:GROUP_ROWS] if cat.group else (),
        this_label=this,
        freq=freq,
    )
    return page


def _nature(kit: PageKit, cat) -> list[dict]:
    """The category's issues by channel and by severity in the recent window, where the
    export has those columns, as small tables (a chart each would cost a room of 200
    categories 400 more drawings; the wall draws the room's own)."""
    out = []
    for column, by_category in kit.figures.issues.nature_by.items():
        table = by_category.get(cat.name)
        if table is not None and len(table):
            out.append({"column": column, "rows": [(str(name), fmt.number(count), fmt.percent(share, 0)) for name, count, share
                                                   in zip(table[column], table["count"], table["share"])]})
    return out


def _span(table: pd.DataFrame, period, freq: str) -> str:
    """'2025-W01 to 2026-W46': the periods a chart of `table` (cut at `period`) covers."""
    first = table["period"].iat[0] if len(table) else period  # the tables run in period order
    return f"{fmt.period(first, freq)} to {fmt.period(period, freq)}"


def issue_size(cat, freq: str, noun: str = "") -> str:
    """'the 3rd largest, 50 a week' (with `noun`: 'the 3rd largest issue, …'): where an
    issue ranks by recent volume, and how many come a period."""
    if cat.group:
        return f"{cat.size:,} small categories together, {fmt.number(cat.per_period, 0 if cat.per_period >= 10 else 1)} a {freq}"
    rank = "the largest" if cat.rank == 1 else f"the {fmt.ordinal(cat.rank)} largest"
    rank = f"{rank} {noun}" if noun else rank
    return f"{rank}, {fmt.number(cat.per_period, 0 if cat.per_period >= 10 else 1)} a {freq}"


def status_meaning(trend: dict, note, freq: str) -> str:
    """What a tracked issue's status says, in a sentence the owner would sign: the
    projection (the fall of the last periods, continued) against the target date."""
    target = trend["target"]
    goal = "its target of " + fmt.number(target) if target == target else "zero"
    date = note.get("target_date") if note is not None else None
    when = fmt.period(trend["projected_date"], freq)
    status = trend["status"]
    last = f"{trend['window']} {freq}s"
    if status == "reached":
        return (f"Reached: {fmt.number(trend['current'])} opened in {fmt.period(trend['current_period'], freq)}, "
                f"at or below {goal}.")
    if status == "not converging":
        return (f"Not converging: the count has not fallen over the last {last}, so it cannot be projected to "
                f"reach {goal}.")
    if status == "on track":
        return (f"On track: at the fall of the last {last}, the count is projected to reach {goal} in {when}, "
                f"by the target date {fmt.date(date)}.")
    if status == "late":
        projected = f"in {when}" if trend["projected_date"] == trend["projected_date"] else "not within two years"
        return (f"Late: at the fall of the last {last}, the count is projected to reach {goal} {projected}, "
                f"after the target date {fmt.date(date)}.")
    return f"Falling: at the fall of the last {last}, the count is projected to reach {goal} in {when}; no target date is set."


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
