"""Wall 2 charts: the volume, flow and nature of customer issues, their age, time to close.

Each public function takes a frame from `metrics.issues` and returns a `Chart`; the
Altair chart of each kind is built once (see `_base.template`), so a call costs only its
data. The tracked-issue trend chart lives in `trend`.
"""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from . import _base as b
from ._base import alt
from . import theme
from .model import Chart, Table
from .registry import chart

NO_TOUCHPOINT = "(no touchpoint)"
NO_STAGE = "(no stage)"


@b.builder("issue_flow")
def _issue_flow(p: theme.Profile, colors: dict) -> alt.VConcatChart:
    """Opened and closed as lines above, the backlog as an area below: two panels on one
    time axis, each with its own count axis (the backlog is a stock, not a flow)."""
    domain = ["Opened", "Closed", "Backlog"]
    color = b.series_color(domain, [theme.INFLOW, theme.OUTFLOW, colors["primary"]])
    tooltip = b.tips(p, alt.Tooltip("label:N", title="Period"),
                     alt.Tooltip("opened:Q", title="Opened", format=","),
                     alt.Tooltip("closed:Q", title="Closed", format=","),
                     alt.Tooltip("backlog:Q", title="Backlog", format=","))
    lines = alt.Chart().transform_fold(["opened", "closed"], as_=["key", "issues"]) \
        .transform_calculate(series="datum.key == 'opened' ? 'Opened' : 'Closed'") \
        .mark_line().encode(
            x=b.time_x("mid", labels=False, p=p), y=alt.Y("issues:Q", title=b.panel_title(p, "Opened and closed")),
            color=alt.Color("series:N", **color), tooltip=tooltip)
    area = alt.Chart().transform_calculate(series="'Backlog'").mark_area(
        opacity=0.35, line=True).encode(
        x=b.time_x("mid", p=p),
        y=alt.Y("backlog:Q", title=b.panel_title(p, "Backlog"), stack=None),
        color=alt.Color("series:N", **color), tooltip=tooltip)
    return b.panels(p, lines, area)


@chart
def issue_flow_chart(flow: pd.DataFrame, freq: str, profile: str = "screen",
                     colors: Any = None, *, chart_id: str = "issue-flow",
                     title: str | None = None, compare: int = 4) -> Chart:
    """Issues opened and closed per period, with the backlog left at each period end.

    The alt text compares the backlog with `compare` periods earlier.
    """
    rows = b.period_records(flow, freq, ["opened", "closed", "backlog"])
    word = b.FREQ_WORDS.get(freq, freq)
    alt_text = f"Issues opened and closed per {word}, {b.span(b.column(rows, 'label'))}."
    if rows:
        last = rows[-1]
        back = max(0, len(rows) - 1 - compare)
        earlier = rows[back] if back < len(rows) - 1 else None
        alt_text = b.sentence(
            alt_text, f"In {last['label']}, {b.number(last['opened'])} were opened and "
            f"{b.number(last['closed'])} closed; the backlog is "
            f"{b.number(last['backlog'])}"
            + (f", {b.change(last['backlog'], earlier['backlog'], b.number)} in "
               f"{earlier['label']}" if earlier else ""))
    table = Table(["Period", "Opened", "Closed", "Net flow", "Backlog"], [
        [r["label"], b.number(r["opened"]), b.number(r["closed"]),
         b.signed(None if r["opened"] is None or r["closed"] is None
                    else r["opened"] - r["closed"]),
         b.number(r["backlog"])] for r in reversed(rows)])
    spec = b.build_spec("issue_flow", profile, colors, rows)
    return Chart(chart_id, title or f"Issues opened, closed and backlog, {b.span(b.column(rows, 'label'))}",
                 spec, alt_text, table)


@b.builder("hbar_count")
def _hbar_count(p: theme.Profile, colors: dict, category: str, measure_title: str,
                stages: tuple[str, ...] = ()) -> alt.LayerChart:
    """Horizontal count bars in a given order, with the count at the end of each bar.

    With `stages`, bars are coloured by journey stage in journey order.
    """
    y = alt.Y(f"{category}:N", title=None, sort=alt.EncodingSortField("order", op="min"))
    x = alt.X("count:Q", title=measure_title)
    fields = [alt.Tooltip(f"{category}:N", title=category.capitalize())]
    if stages:
        fields.insert(0, alt.Tooltip("stage:N", title="Stage"))
    tooltip = b.tips(p, *fields, alt.Tooltip("count:Q", title="Issues", format=","))
    if stages:
        names = [name for name, _ in stages]
        color: Any = alt.Color("stage:N", scale=alt.Scale(domain=names,
                                                          range=[c for _, c in stages]),
                               legend=alt.Legend(title="Journey stage", labelLimit=p.label_limit,
                                                 columns=b.legend_columns(p, names, "Journey stage")))
        bars = alt.Chart().mark_bar().encode(x=x, y=y, color=color, tooltip=tooltip)
    else:  # the rest is not a category: grey, last (the rows' order), apart from the ranked ones
        grey = alt.condition("datum.rest", alt.value(theme.MUTED), alt.value(colors["primary"]))
        bars = alt.Chart().mark_bar().encode(x=x, y=y, color=grey, tooltip=tooltip)
    text = alt.Chart().mark_text(align="left", dx=max(4, p.label_size // 3)).encode(
        x=x, y=y, text=alt.Text("count:Q", format=","))
    return alt.layer(bars, text, data=alt.Data(name=b.DATA))


@chart
def top_categories_chart(frame: pd.DataFrame, profile: str = "screen", colors: Any = None,
                         *, chart_id: str = "top-categories", title: str | None = None,
                         when: str | None = None) -> Chart:
    """The most frequent issue categories as horizontal bars, in the frame's order."""
    rows = b.records(frame, ["category", "count", *(["rest"] if "rest" in frame else [])])
    for i, row in enumerate(rows):
        row["order"] = i
        row["category"] = row["category"] if row["category"] is not None else "(none)"
        row["rest"] = bool(row.get("rest"))
    alt_text = "Issues by category" + (f", {when}" if when else "")
    ranked = [r for r in rows if not r["rest"]]
    rest = sum(r["count"] or 0 for r in rows if r["rest"])
    if ranked:
        total = sum(r["count"] or 0 for r in ranked)
        top = max(ranked, key=lambda r: r["count"] or 0)
        alt_text = b.sentence(
            f"{alt_text}: the {len(ranked)} largest categories hold {b.number(total)} issues"
            + (f" and {b.number(rest)} more are in other categories" if rest else "")
            + f"; the largest is “{top['category']}” with {b.number(top['count'])}")
    else:
        alt_text += ": no issues."
    table = Table(["Category", "Issues"],
                  [[r["category"], b.number(r["count"])] for r in rows])
    spec = b.build_spec("hbar_count", profile, colors, rows, category="category",
                        measure_title="Issues")
    return Chart(chart_id, title or "Top issue categories" + (f", {when}" if when else ""), spec, alt_text, table)


@chart
def breakdown_chart(frame: pd.DataFrame, column: str, profile: str = "screen", colors: Any = None, *,
                    chart_id: str | None = None, title: str | None = None, when: str | None = None) -> Chart:
    """How issues divide by `column` (channel or severity), in the frame's order
    (`metrics.breakdown`: largest first, or severity's own order)."""
    rows = b.records(frame, [column, "count", "share"])
    for i, row in enumerate(rows):
        row["order"] = i
        row[column] = str(row[column])
    what = f"Issues by {column}" + (f", {when}" if when else "")
    total = sum(r["count"] or 0 for r in rows)
    if total:
        parts = ", ".join(f"{r[column]} {b.number(r['count'])} ({b.percent(r['share'], 0)})" for r in rows[:6])
        more = f", and {len(rows) - 6} more" if len(rows) > 6 else ""
        alt_text = b.sentence(f"{what}: {b.number(total)} issues; {parts}{more}")
    else:
        alt_text = f"{what}: no issues."
    table = Table([column.capitalize(), "Issues", "Share"],
                  [[r[column], b.number(r["count"]), b.percent(r["share"], 0)] for r in rows])
    spec = b.build_spec("hbar_count", profile, colors, rows, category=column, measure_title="Issues")
    return Chart(chart_id or f"issues-by-{column}", title or what, spec, alt_text, table)


@chart
def by_stage_chart(frame: pd.DataFrame, stages: Sequence[str], profile: str = "screen",
                   colors: Any = None, *, chart_id: str = "issues-by-stage",
                   title: str | None = None, when: str | None = None) -> Chart:
    """Issues per touchpoint, grouped and coloured by journey stage in journey order.

    One bar per touchpoint (so each is named on the axis), stages in the order of
    `stages`, then any stage the list does not name, then issues with no stage; within a
    stage, the largest touchpoint first. A stage keeps its colour on every page (the
    colour follows its place in `stages`); the legend lists only stages with issues.
    """
    rows = b.records(frame, ["stage", "count"])
    points = b.values(frame["touchpoint"]) if "touchpoint" in frame else [None] * len(rows)
    for row, touchpoint in zip(rows, points):
        row["stage"] = NO_STAGE if row["stage"] is None else str(row["stage"])
        row["touchpoint"] = NO_TOUCHPOINT if touchpoint is None else str(touchpoint)
    known = [str(s) for s in stages]
    extra = {r["stage"] for r in rows} - set(known)
    order = known + sorted(extra - {NO_STAGE}) + ([NO_STAGE] if NO_STAGE in extra else [])
    rank = {s: i for i, s in enumerate(order)}
    rows.sort(key=lambda r: (rank[r["stage"]], -(r["count"] or 0)))
    names = [r["touchpoint"] for r in rows]
    for i, row in enumerate(rows):
        row["order"] = i
        name, stage = str(row["touchpoint"]), row["stage"]
        if name == NO_TOUCHPOINT:
            name = ("(no stage or touchpoint)" if stage == NO_STAGE
                    else f"(no touchpoint, {stage})")
        elif names.count(name) > 1:
            name = f"{name} ({stage})"
        row["touchpoint"] = name
    totals = {s: 0 for s in order}
    for row in rows:
        totals[row["stage"]] += row["count"] or 0
    total = sum(totals.values())
    alt_text = "Issues by journey stage and touchpoint" + (f", {when}" if when else "")
    if total:
        stage = max(order, key=lambda s: totals[s])
        lead = next(r for r in rows if r["stage"] == stage)
        alt_text = b.sentence(
            f"{alt_text}: {b.number(total)} issues; most at the “{stage}” stage with "
            f"{b.number(totals[stage])} ({b.percent(totals[stage] / total * 100, 0)}), "
            f"led by “{lead['touchpoint']}” with {b.number(lead['count'])}")
    else:
        alt_text += ": no issues."
    table = Table(["Stage", "Touchpoint", "Issues"], [
        [r["stage"], r["touchpoint"], b.number(r["count"])] for r in rows])
    used = tuple((s, _stage_color(s, i)) for i, s in enumerate(order) if totals[s])
    spec = b.build_spec("hbar_count", profile, colors, rows, category="touchpoint",
                        measure_title="Issues", stages=used)
    return Chart(chart_id, title or "Issues by stage and touchpoint" + (f", {when}" if when else ""), spec,
                 alt_text, table)


def _stage_color(stage: str, index: int) -> str:
    """A stage's colour by its place in the journey; grey for "other" and no stage."""
    if stage == NO_STAGE or stage.strip().lower() == "other":
        return theme.MUTED
    palette = [c for c in theme.PALETTE if c != "#000000"]
    return palette[index % len(palette)]


@b.builder("ageing")
def _ageing(p: theme.Profile, colors: dict) -> alt.LayerChart:
    """Vertical bars of open issues per age bucket in the buckets' own order."""
    poster = p.name == "poster"  # big type: each bucket on two lines ("over 90", "days"), no axis title
    x = alt.X("bucket:N", title=None if poster else "Age of open issues", sort=None,
              axis=alt.Axis(labelAngle=0, labelExpr=(
                  "[slice(datum.label, 0, lastindexof(datum.label, ' ')), "
                  "slice(datum.label, lastindexof(datum.label, ' ') + 1)]") if poster else alt.Undefined))
    y = alt.Y("count:Q", title="Open issues")
    bars = alt.Chart().mark_bar(color=colors["primary"]).encode(
        x=x, y=y, tooltip=b.tips(p, alt.Tooltip("bucket:N", title="Age"),
                                 alt.Tooltip("count:Q", title="Open issues", format=",")))
    text = alt.Chart().mark_text(baseline="bottom", dy=-max(3, p.label_size // 4)).encode(
        x=x, y=y, text=alt.Text("count:Q", format=","))
    return alt.layer(bars, text, data=alt.Data(name=b.DATA))


@chart
def ageing_chart(buckets: pd.DataFrame, profile: str = "screen", colors: Any = None, *,
                 chart_id: str = "issue-ageing", title: str | None = None) -> Chart:
    """How long open issues have been open, as bars per age bucket (youngest first)."""
    rows = b.records(buckets, ["bucket", "count"])
    total = sum(r["count"] or 0 for r in rows)
    if total:
        oldest = rows[-1]
        share = b.percent(oldest["count"] / total * 100, 0)
        alt_text = b.sentence(
            f"Open issues by age: {b.number(total)} open; "
            + "; ".join(f"{r['bucket']}: {b.number(r['count'])}" for r in rows[:-1])
            + f"; {oldest['bucket']}: {b.number(oldest['count'])} ({share})")
    else:
        alt_text = "Open issues by age: no open issues."
    table = Table(["Age", "Open issues"],
                  [[r["bucket"], b.number(r["count"])] for r in rows])
    spec = b.build_spec("ageing", profile, colors, rows)
    return Chart(chart_id, title or "Age of open issues", spec, alt_text, table)


@b.builder("time_to_close")
def _time_to_close(p: theme.Profile, colors: dict) -> alt.LayerChart:
    """Median and 90th-percentile days to close as two lines (gaps where undefined)."""
    return b.two_lines(p, colors, ["median_days", "p90_days"], ["Median", "90th percentile"], "days",
                       "Days to close", [alt.Tooltip("label:N", title="Closed in"),
                                         alt.Tooltip("series:N", title="Measure"),
                                         alt.Tooltip("days:Q", title="Days", format=".1f")])


@chart
def time_to_close_chart(frame: pd.DataFrame, freq: str, profile: str = "screen",
                        colors: Any = None, *, chart_id: str = "time-to-close",
                        title: str | None = None) -> Chart:
    """Median and 90th-percentile time to close per period of the closing date."""
    rows, labels = b.period_rows(frame, freq, ["median_days", "p90_days", "n"])
    median = b.column(rows, "median_days")
    head = f"Time to close issues per {b.FREQ_WORDS.get(freq, freq)}, {b.span(labels)}"
    words = b.latest(median, labels,
                     lambda i: f"the median was {b.days(median[i])} in {labels[i]} (90 % closed "
                               f"within {b.days(rows[i]['p90_days'])})",
                     lambda i, j: b.change(median[i], median[j], b.days))
    alt_text = b.sentence(f"{head}: {words}") if words else f"{head}: no issues closed."
    has_n = "n" in frame
    table = Table(["Period"] + (["Closed"] if has_n else []) + ["Median", "90th percentile"], [
        [r["label"]] + ([b.number(r["n"])] if has_n else [])
        + [b.days(r["median_days"]), b.days(r["p90_days"])] for r in reversed(rows)])
    spec = b.build_spec("time_to_close", profile, colors, rows)
    return Chart(chart_id, title or f"Time to close, {b.span(labels)}", spec, alt_text, table)
