"""Wall 3 charts: a touchpoint's KPI against target, its survey score over time, and its
detractors contacted back within the target (the closed loop).

KPI points are coloured AND shaped by status (on target, watch, off target) so status
reads without colour; survey points below the minimum response count are hollow and
say "not significant" in the tooltip and the table. Survey charts fix the y domain per
instrument (NPS −100…100, CSAT and CES 0…100 %) so a small wobble does not look like a
crisis.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import fmt
from ..slug import slugify
from . import _base as b
from ._base import alt
from . import theme
from .model import Chart, Table
from .registry import chart

INSTRUMENTS = {
    "nps": ("NPS", (-100, 100), "NPS (−100 to 100)"),
    "csat": ("CSAT", (0, 100), "CSAT (% satisfied)"),
    "ces": ("CES", (0, 100), "CES (% low effort)"),
}
SIGNIFICANT, NOT_SIGNIFICANT = "significant", "not significant"


def kpi_value(value: Any, unit: str | None) -> str:
    """A KPI reading in its unit (see `fmt.reading`, which the pages use too)."""
    return fmt.reading(value, unit)


@b.builder("kpi")
def _kpi(p: theme.Profile, colors: dict, y_title: str, statuses: tuple[str, ...]
         ) -> alt.LayerChart:
    """Target as a dashed step line, actual as a line with status-shaped points."""
    x, y = b.time_x("mid", p=p), alt.Y("actual:Q", title=y_title, scale=alt.Scale(zero=False))
    tooltip = b.tips(p, alt.Tooltip("label:N", title="Period"),
                     alt.Tooltip("actual_text:N", title="Actual"),
                     alt.Tooltip("target_text:N", title="Target"),
                     alt.Tooltip("status:N", title="Status"))
    target = alt.Chart().transform_calculate(line="'Target'").mark_line(
        interpolate="step", color=theme.TARGET).encode(
        x=x, y=alt.Y("target:Q"),
        strokeDash=alt.StrokeDash("line:N", scale=alt.Scale(
            domain=["Target"], range=[theme.DASHED]), legend=alt.Legend(title=None)))
    line = alt.Chart().mark_line(color=colors["primary"]).encode(x=x, y=y)
    legend = alt.Legend(title="Status")
    points = alt.Chart().mark_point(filled=True, opacity=1, size=p.point_size * 2).encode(
        x=x, y=y,
        color=alt.Color("status:N", scale=alt.Scale(
            domain=list(statuses), range=[theme.STATUS_COLORS[s] for s in statuses]),
            legend=legend),
        shape=alt.Shape("status:N", scale=alt.Scale(
            domain=list(statuses), range=[theme.STATUS_SHAPES[s] for s in statuses]),
            legend=legend),
        tooltip=tooltip)
    return alt.layer(target, line, points, data=alt.Data(name=b.DATA))


@chart
def kpi_chart(history: pd.DataFrame, profile: str = "screen", colors: Any = None, *,
              freq: str = "month", kpi: str | None = None, unit: str | None = None,
              chart_id: str | None = None, title: str | None = None) -> Chart:
    """One KPI's readings per period against its target, points shaped by status.

    `history` has period, actual, target, status and, unless given as arguments, the
    `kpi` name and `unit` (first non-blank value). A reading with no status (no target)
    shows as "no target".
    """
    def first(name: str) -> str | None:
        found = (str(v).strip() for v in b.values(history[name]) if v is not None) \
            if name in history else iter(())
        return next((v for v in found if v), None)

    kpi = kpi or first("kpi") or "KPI"
    unit = unit if unit is not None else first("unit")
    rows = b.period_records(history, freq, ["actual", "target", "status"])
    for row in rows:
        row["status"] = row["status"] if row["status"] in theme.STATUSES else theme.NO_TARGET
        row["actual_text"] = kpi_value(row["actual"], unit)
        row["target_text"] = kpi_value(row["target"], unit)
    labels = b.column(rows, "label")
    actual = b.column(rows, "actual")
    percent = bool(unit) and unit.strip() == "%"
    head = f"{kpi} per {b.FREQ_WORDS.get(freq, freq)} against target, {b.span(labels)}"

    def now(i: int) -> str:
        r = rows[i]
        against = f"{r['status']} against a target of {r['target_text']}" if r["target"] is not None else "no target set"
        return f"{r['actual_text']} in {labels[i]}, {against}"

    words = b.latest(actual, labels, now,
                     lambda i, j: b.change(actual[i], actual[j], lambda v: kpi_value(v, unit), points=percent),
                     joint="; ")
    alt_text = b.sentence(f"{head}: {words}") if words else f"{head}: no readings."
    table = Table(["Period", "Actual", "Target", "Status"], [
        [r["label"], r["actual_text"], r["target_text"], r["status"]] for r in reversed(rows)])
    statuses = tuple(s for s in theme.STATUSES if s != theme.NO_TARGET or
                     any(r["status"] == s for r in rows))
    y_title = f"{kpi} ({unit.strip()})" if unit and unit.strip() else kpi
    spec = b.build_spec("kpi", profile, colors, rows, y_title=y_title, statuses=statuses)
    return Chart(chart_id or f"kpi-{slugify(kpi)}", title or f"{kpi}, {b.span(labels)}", spec, alt_text, table)


@b.builder("survey")
def _survey(p: theme.Profile, colors: dict, instrument: str) -> alt.LayerChart:
    """Score line with points; points below the minimum n are hollow (white fill)."""
    _, domain, y_title = INSTRUMENTS[instrument]
    x = b.time_x("mid", p=p)
    y = alt.Y("score:Q", title=y_title, scale=alt.Scale(domain=list(domain), nice=False))
    line = alt.Chart().mark_line(color=colors["primary"]).encode(x=x, y=y)
    points = alt.Chart().mark_point(filled=False, opacity=1, color=colors["primary"],
                                    strokeWidth=max(1.5, p.line_width * 0.75),
                                    size=p.point_size * 1.6).encode(
        x=x, y=y,
        fill=alt.Fill("significance:N", scale=alt.Scale(
            domain=[SIGNIFICANT, NOT_SIGNIFICANT], range=[colors["primary"], "white"]),
            legend=alt.Legend(title=None, symbolStrokeColor=colors["primary"])),
        tooltip=b.tips(p, alt.Tooltip("label:N", title="Period"),
                       alt.Tooltip("score_text:N", title="Score"),
                       alt.Tooltip("note:N", title="Responses")))
    layers = [line, points]
    if domain[0] < 0:
        layers.insert(0, alt.Chart().mark_rule(color=theme.MUTED, strokeWidth=1).encode(
            y=alt.Y(datum=0)))
    return alt.layer(*layers, data=alt.Data(name=b.DATA))


def survey_text(value: Any, instrument: str) -> str:
    """A survey score as the wall writes it: NPS +32, CSAT 87 %."""
    if instrument == "nps":
        return b.signed(value)
    return b.percent(value, 0)


@chart
def survey_chart(summary: pd.DataFrame, instrument: str, profile: str = "screen",
                 colors: Any = None, *, freq: str = "month", chart_id: str | None = None,
                 title: str | None = None, name: str | None = None) -> Chart:
    """One survey instrument's score per period with n; few responses show hollow.

    `summary` has period, score, n, significant (from `metrics.survey_summary`, one
    touchpoint and instrument); `name` (the touchpoint) goes into the alt text.
    """
    instrument = instrument.strip().lower()
    if instrument not in INSTRUMENTS:
        raise ValueError(f"unknown survey instrument {instrument!r} "
                         f"(expected one of {', '.join(INSTRUMENTS)})")
    rows = b.period_records(summary, freq, ["score", "n", "significant"])
    for row in rows:
        significant = bool(row["significant"])
        row["significance"] = SIGNIFICANT if significant else NOT_SIGNIFICANT
        row["score_text"] = survey_text(row["score"], instrument)
        n = b.number(row["n"])
        row["note"] = f"n = {n}" if significant else f"n = {n}, not significant"
    label = INSTRUMENTS[instrument][0]
    labels = b.column(rows, "label")
    scores = b.column(rows, "score")
    head = f"{label}{' for ' + name if name else ''} per {b.FREQ_WORDS.get(freq, freq)}, {b.span(labels)}"
    words = b.latest(scores, labels, lambda i: f"{rows[i]['score_text']} in {labels[i]} ({rows[i]['note']})",
                     lambda i, j: b.change(scores[i], scores[j], lambda v: survey_text(v, instrument), b.number,
                                           points=instrument != "nps"))
    alt_text = b.sentence(f"{head}: {words}") if words else f"{head}: no responses."
    table = Table(["Period", label, "Responses", "Significant"], [
        [r["label"], r["score_text"], b.number(r["n"]),
         "yes" if r["significance"] == SIGNIFICANT else "no"] for r in reversed(rows)])
    spec = b.build_spec("survey", profile, colors, rows, instrument=instrument)
    return Chart(chart_id or f"survey-{instrument}", title or f"{label}, {b.span(labels)}", spec, alt_text, table)


@b.builder("follow_up")
def _follow_up(p: theme.Profile, colors: dict, y_title: str) -> alt.LayerChart:
    """Share of detractors contacted within the target, a line with points on 0–100 %."""
    x = b.time_x("mid", p=p)
    y = alt.Y("share:Q", title=y_title, scale=alt.Scale(domain=[0, 100], nice=False))
    line = alt.Chart().mark_line(color=colors["primary"]).encode(x=x, y=y)
    points = alt.Chart().mark_point(filled=True, opacity=1, color=colors["primary"], size=p.point_size * 1.6).encode(
        x=x, y=y, tooltip=b.tips(p, alt.Tooltip("label:N", title="Period"),
                                 alt.Tooltip("share_text:N", title="Within target"),
                                 alt.Tooltip("note:N", title="Detractors")))
    return alt.layer(line, points, data=alt.Data(name=b.DATA))


@chart
def follow_up_chart(table: pd.DataFrame, hours: float, profile: str = "screen", colors: Any = None, *,
                    freq: str = "month", chart_id: str | None = None, title: str | None = None,
                    name: str | None = None) -> Chart:
    """The closed loop per period: the share of detractors contacted within `hours`.

    `table` has period, share_within, detractors, within, late, missed, pending and
    median_hours (`metrics.follow_up.follow_up_table`, one touchpoint or the room);
    `name` (the touchpoint) goes into the alt text.
    """
    target = fmt.hours(hours)
    rows = b.period_records(table, freq, ["share_within", "detractors", "within", "late", "missed", "pending",
                                          "median_hours"])
    for row in rows:
        row["share"] = row.pop("share_within")
        row["share_text"] = b.percent(row["share"], 0)
        row["note"] = f"{b.number(row['within'])} of {b.number(row['detractors'])} within {target}"
    labels, shares = b.column(rows, "label"), b.column(rows, "share")
    head = (f"Detractors{' of ' + name if name else ''} contacted within {target}, per "
            f"{b.FREQ_WORDS.get(freq, freq)}, {b.span(labels)}")
    words = b.latest(shares, labels, lambda i: f"{rows[i]['share_text']} in {labels[i]} ({rows[i]['note']})",
                     lambda i, j: b.change(shares[i], shares[j], lambda v: b.percent(v, 0), points=True))
    alt_text = b.sentence(f"{head}: {words}") if words else f"{head}: no detractors."
    pending = any(r["pending"] for r in rows)  # a column of its own only when a window is still open
    table_rows = [[r["label"], b.number(r["detractors"]), b.number(r["within"]), r["share_text"],
                   fmt.hours(r["median_hours"]), b.number(r["missed"]), *([b.number(r["pending"])] if pending else [])]
                  for r in reversed(rows)]
    spec = b.build_spec("follow_up", profile, colors, rows, y_title=f"% within {target}")
    return Chart(chart_id or "follow-up", title or f"Detractors contacted within {target}, {b.span(labels)}", spec,
                 alt_text, Table(["Period", "Detractors", f"Within {target}", "Share", "Median to contact",
                                  "Not contacted", *(["Pending"] if pending else [])], table_rows))
