"""The tracked-issue chart: is the count coming down, and how fast compared to the plan?

An issue page (SPEC section 5) shows one category's count per period as bars with the
owner's target as a horizontal rule, the ideal burn-down from the baseline to the target
and the projection at the recent trend, dashed. All four go into one long dataset (a
`series` column) so a single legend names each; the template is cached per set of series
present, so an issue with no target has no "Target" in its legend.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..slug import slugify
from . import _base as b
from ._base import alt
from . import theme
from .model import Chart, Table
from .registry import chart

ISSUES, TARGET, IDEAL, PROJECTION = "Issues", "Target", "Ideal burn-down", "Projection"


@b.builder("issue_trend")
def _issue_trend(p: theme.Profile, colors: dict, series: tuple[str, ...], word: str
                 ) -> alt.LayerChart:
    """Bars for the counts; target rule, ideal line and dashed projection on top."""
    palette = {ISSUES: colors["primary"], TARGET: theme.TARGET, IDEAL: theme.IDEAL,
               PROJECTION: theme.PROJECTION}
    dashes = {ISSUES: [1, 0], TARGET: theme.DOTTED, IDEAL: [1, 0],
              PROJECTION: theme.DASHED}
    color = alt.Color("series:N", scale=alt.Scale(domain=list(series),
                                                  range=[palette[s] for s in series]),
                      legend=alt.Legend(title=None, symbolType="stroke", symbolOpacity=1))
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=list(series),
                                                      range=[dashes[s] for s in series]),
                          legend=alt.Legend(title=None, symbolType="stroke"))
    y = alt.Y("value:Q", title=f"Issues per {word}")
    tooltip = b.tips(p, alt.Tooltip("series:N", title="Series"),
                     alt.Tooltip("label:N", title="Period"),
                     alt.Tooltip("value:Q", title="Issues", format=",.0f"))
    layers = [alt.Chart().transform_filter(f"datum.series == '{ISSUES}'").mark_bar(
        opacity=0.85).encode(x=b.time_x("period", p=p), x2="end:T", y=y, y2=alt.Y2(datum=0),
                             color=color, strokeDash=dash, tooltip=tooltip)]
    for name in (IDEAL, PROJECTION):
        if name in series:
            layers.append(alt.Chart().transform_filter(f"datum.series == '{name}'")
                          .mark_line().encode(x=b.time_x("mid", p=p), y=y, color=color,
                                              strokeDash=dash, tooltip=tooltip))
    if TARGET in series:
        layers.append(alt.Chart().transform_filter(f"datum.series == '{TARGET}'")
                      .mark_rule().encode(y=y, color=color, strokeDash=dash,
                                          tooltip=tooltip))
    return alt.layer(*layers, data=alt.Data(name=b.DATA))


def _series_rows(frame: pd.DataFrame | None, freq: str, column: str, name: str
                 ) -> list[dict]:
    """One series' records with its values under `value`."""
    if frame is None or not len(frame):
        return []
    rows = b.period_records(frame, freq, [column])
    for row in rows:
        row["series"] = name
        row["value"] = row.pop(column)
    return rows


@chart
def issue_trend_chart(counts: pd.DataFrame, freq: str, ideal: pd.DataFrame | None = None,
                      projection: pd.DataFrame | None = None,
                      target: float | None = None, profile: str = "screen",
                      colors: Any = None, *, name: str | None = None,
                      chart_id: str | None = None, title: str | None = None) -> Chart:
    """One tracked issue's count per period with target, ideal burn-down and projection.

    `counts` has period, count; `ideal` period, ideal; `projection` period, projected
    (either may be empty); `target` a count or None. Both None: an issue nobody tracks,
    whose chart is its count alone (no burn-down or projection columns or words).
    `name` is the issue category, used in the id, the title and the alt text.
    """
    tracked = ideal is not None or projection is not None
    if target is not None and pd.isna(target):
        target = None
    bars = _series_rows(counts, freq, "count", ISSUES)
    ideal_rows = _series_rows(ideal, freq, "ideal", IDEAL)
    projected = _series_rows(projection, freq, "projected", PROJECTION)
    rows = bars + ideal_rows + projected
    if target is not None:
        rows.append({"series": TARGET, "value": float(target), "label": "target"})
    series = tuple(s for s, present in ((ISSUES, True), (TARGET, target is not None),
                                        (IDEAL, bool(ideal_rows)),
                                        (PROJECTION, bool(projected))) if present)
    word = b.FREQ_WORDS.get(freq, freq)
    what = f"“{name}” issues" if name else "Issues"
    labels = b.column(bars, "label")
    parts = [f"{what} per {word}, {b.span(labels)}"
             + (f", against a target of {b.number(target)}" if target is not None else "")
             + "."]
    counts = b.column(bars, "value")
    words = b.latest(counts, labels, lambda i: f"{b.number(counts[i])} in {labels[i]}",
                     lambda i, j: b.change(counts[i], counts[j], b.number))
    if words:
        parts.append(b.sentence(words))
    if projected:
        end = projected[-1]
        goal = target if target is not None else 0
        if end["value"] is not None and end["value"] <= goal + 1e-9:
            parts.append(f"At the recent trend it reaches {b.number(goal)} in "
                         f"{end['label']}.")
        else:
            parts.append(f"At the recent trend it is still {b.number(end['value'])} by "
                         f"{end['label']}.")
    elif tracked:
        parts.append("The recent trend is not falling, so there is no projection.")
    by_period: dict[str, dict[str, Any]] = {}
    for row in bars + ideal_rows + projected:
        by_period.setdefault(row["period"], {"label": row["label"]})[row["series"]] = \
            row["value"]
    plan = ["Ideal", "Projected"] if tracked else []
    table = Table(["Period", "Issues", *plan] + (
        ["Target"] if target is not None else []), [
        [cell["label"], b.number(cell.get(ISSUES))]
        + ([b.number(cell.get(IDEAL), 1), b.number(cell.get(PROJECTION), 1)] if tracked else [])
        + ([b.number(target)] if target is not None else [])
        for _, cell in sorted(by_period.items(), reverse=True)])
    spec = b.build_spec("issue_trend", profile, colors, rows, series=series, word=word)
    chart_id = chart_id or (f"trend-{slugify(name)}" if name else "issue-trend")
    return Chart(chart_id, title or (f"{name}: count against target, {b.span(labels)}" if name
                                     else f"Count against target, {b.span(labels)}"),
                 spec, " ".join(parts), table)
