"""Wall 1 charts: customers in and out, churn, save and referral rates, why they left.

Each public function takes a frame from `metrics.outcomes` and returns a `Chart`; the
Altair chart of each kind is built once (see `_base.template`), so a call costs only
its data. Undefined rates (NaN) stay null in the data, which leaves a gap in the line.
"""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd

from .. import fmt
from . import _base as b
from ._base import alt
from . import theme
from .model import Chart, Table
from .registry import chart



@b.builder("customer_flow")
def _customer_flow(p: theme.Profile, colors: dict) -> alt.VConcatChart:
    """Mirrored bars (acquired up, lost down) above, active customers below: two panels
    on one time axis, so that no reader has to line up the zeros of two axes."""
    domain = ["Acquired", "Lost", "Active customers"]
    color = b.series_color(domain, [theme.INFLOW, theme.OUTFLOW, colors["primary"]])
    bars = alt.Chart().transform_fold(["acquired", "lost"], as_=["key", "customers"]) \
        .transform_calculate(
            series="datum.key == 'lost' ? 'Lost' : 'Acquired'",
            signed="datum.key == 'lost' ? -datum.customers : datum.customers",
        ).mark_bar(stroke="white", strokeWidth=1 if p.name == "screen" else 2).encode(
            x=b.time_x("period", labels=False, p=p), x2="end:T",
            y=alt.Y("signed:Q", title=b.panel_title(p, "In (up), out (down)"),
                    axis=alt.Axis(labelExpr="format(abs(datum.value), ',')")),
            y2=alt.Y2(datum=0),
            color=alt.Color("series:N", **color),
            tooltip=b.tips(p, alt.Tooltip("label:N", title="Period"),
                           alt.Tooltip("series:N", title="Customers"),
                           alt.Tooltip("customers:Q", title="Count", format=",")),
        )
    line = alt.Chart().transform_calculate(series="'Active customers'").mark_line(
        point=True).encode(
        x=b.time_x("mid", p=p),
        y=alt.Y("active_end:Q", title=b.panel_title(p, "Active"), scale=alt.Scale(zero=False),
                axis=alt.Axis(tickCount=3)),
        color=alt.Color("series:N", **color),
        tooltip=b.tips(p, alt.Tooltip("label:N", title="Period"),
                       alt.Tooltip("active_end:Q", title="Active at end", format=",")),
    )
    return b.panels(p, bars, line)


@chart
def customer_flow_chart(flow: pd.DataFrame, freq: str, profile: str = "screen",
                        colors: Any = None, *, chart_id: str = "customer-flow",
                        title: str | None = None) -> Chart:
    """Customers acquired vs lost per period, with active customers at period end."""
    rows = b.period_records(flow, freq, ["acquired", "lost", "active_end"])
    for row in rows:
        row["net"] = (None if row["acquired"] is None or row["lost"] is None
                      else row["acquired"] - row["lost"])
    labels = b.column(rows, "label")
    word = b.FREQ_WORDS.get(freq, freq)
    alt_text = f"Customers acquired and lost per {word}, {b.span(labels)}."
    if rows:
        last = rows[-1]
        active = last["active_end"]
        prev = rows[-2] if len(rows) > 1 else None
        alt_text = b.sentence(
            alt_text, f"In {last['label']}, {b.number(last['acquired'])} were acquired "
            f"and {b.number(last['lost'])} lost (net {b.signed(last['net'])});",
            f"{b.number(active)} customers were active at the end"
            + (f", {b.change(active, prev['active_end'], b.number)} in {prev['label']}"
               if prev is not None else ""))
    table = Table(["Period", "Acquired", "Lost", "Net", "Active at end"], [
        [r["label"], b.number(r["acquired"]), b.number(r["lost"]),
         b.signed(r["net"]), b.number(r["active_end"])] for r in reversed(rows)])
    spec = b.build_spec("customer_flow", profile, colors, rows)
    return Chart(chart_id, title or f"Customers in and out, {b.span(labels)}", spec, alt_text, table)


@b.builder("churn")
def _churn(p: theme.Profile, colors: dict) -> alt.Chart:
    """Churn % per period as a line with points; retention in the tooltip."""
    return alt.Chart(alt.Data(name=b.DATA)).mark_line(point=True).encode(
        x=b.time_x("mid", p=p),
        y=alt.Y("churn_pct:Q", title="Churn (%)", scale=alt.Scale(zero=True)),
        tooltip=b.tips(p, alt.Tooltip("label:N", title="Period"),
                       alt.Tooltip("churn_pct:Q", title="Churn %", format=".1f"),
                       alt.Tooltip("retention_pct:Q", title="Retention %", format=".1f")),
    )


@chart
def churn_chart(flow: pd.DataFrame, freq: str, profile: str = "screen",
                colors: Any = None, *, chart_id: str = "churn",
                title: str | None = None) -> Chart:
    """Churn % per period (NaN where nobody was active at the start: a gap, not 0)."""
    rows, labels = b.period_rows(flow, freq, ["churn_pct", "retention_pct"])
    churn = b.column(rows, "churn_pct")
    head = f"Churn per {b.FREQ_WORDS.get(freq, freq)}, {b.span(labels)}"
    words = b.latest(churn, labels,
                     lambda i: f"{b.percent(churn[i])} in {labels[i]} (retention {b.percent(rows[i]['retention_pct'])})",
                     lambda i, j: b.change(churn[i], churn[j], b.percent, points=True))
    alt_text = (b.sentence(f"{head}: {words}") if words
                else f"{head}: undefined in every period (no customers active at the start).")
    table = Table(["Period", "Churn", "Retention"], [
        [r["label"], b.percent(r["churn_pct"]), b.percent(r["retention_pct"])]
        for r in reversed(rows)])
    spec = b.build_spec("churn", profile, colors, rows)
    return Chart(chart_id, title or f"Churn, {b.span(labels)}", spec, alt_text, table)


@b.builder("rates")
def _rates(p: theme.Profile, colors: dict) -> alt.VConcatChart:
    """Save rate above, referral rate below, each on its own axis fitted to its values
    (a 0.5 % referral rate would be a flat line on a save rate's 0–50 % axis)."""
    domain = ["Save rate", "Referral rate"]
    color = alt.Color("series:N", **b.series_color(domain, [colors["primary"], colors["accent"]]))

    def line(field: str, name: str, labels: bool) -> alt.Chart:
        tooltip = b.tips(p, alt.Tooltip("label:N", title="Period"),
                         alt.Tooltip(f"{field}:Q", title=f"{name} %", format=".1f"))
        return alt.Chart().transform_calculate(series=f"'{name}'").mark_line(point=True).encode(
            x=b.time_x("mid", labels=labels, p=p),
            y=alt.Y(f"{field}:Q", title=b.panel_title(p, f"{name} (%)"), axis=alt.Axis(tickCount=3, format=".1~f")),
            color=color, tooltip=tooltip)

    return b.panels(p, line("save_rate_pct", "Save rate", False), line("referral_rate_pct", "Referral rate", True),
                    share=0.5)


@chart
def rates_chart(flow: pd.DataFrame, freq: str, profile: str = "screen",
                colors: Any = None, *, chart_id: str = "save-referral-rates",
                title: str | None = None) -> Chart:
    """Save rate % and referral rate % per period (gaps where undefined)."""
    rows, labels = b.period_rows(flow, freq, ["save_rate_pct", "referral_rate_pct"])
    parts = [f"Save rate and referral rate per {b.FREQ_WORDS.get(freq, freq)}, "
             f"{b.span(labels)}."]
    for name, field in (("save rate", "save_rate_pct"),
                        ("referral rate", "referral_rate_pct")):
        series = b.column(rows, field)
        i = b.last_index(series)
        if i is not None:
            parts.append(f"The {name} was {b.percent(series[i])} in {labels[i]}.")
    table = Table(["Period", "Save rate", "Referral rate"], [
        [r["label"], b.percent(r["save_rate_pct"]), b.percent(r["referral_rate_pct"])]
        for r in reversed(rows)])
    spec = b.build_spec("rates", profile, colors, rows)
    return Chart(chart_id, title or f"Saves and referrals, {b.span(labels)}", spec, " ".join(parts), table)


@b.builder("hbar_value")
def _hbar_value(p: theme.Profile, colors: dict, category: str, measure: str,
                measure_title: str, label: str, category_title: str) -> alt.LayerChart:
    """Horizontal bars in a given order with a text label at the end of each bar."""
    y = alt.Y(f"{category}:N", title=None, sort=alt.EncodingSortField("order", op="min"),
              axis=alt.Axis(title=category_title or None))
    x = alt.X(f"{measure}:Q", title=measure_title, axis=alt.Axis(format="~s"))
    tooltip = b.tips(p, alt.Tooltip(f"{category}:N", title=category_title or "Name"),
                     alt.Tooltip("count:Q", title="Count", format=","),
                     alt.Tooltip("value_text:N", title="Value"))
    grey = alt.condition("datum.rest", alt.value(theme.MUTED), alt.value(colors["primary"]))
    bars = alt.Chart().mark_bar().encode(x=x, y=y, color=grey, tooltip=tooltip)
    text = alt.Chart().mark_text(align="left", dx=max(4, p.label_size // 3)).encode(
        x=x, y=y, text=f"{label}:N")
    return alt.layer(bars, text, data=alt.Data(name=b.DATA))


def _money_rows(frame: pd.DataFrame, key: str, by: str, missing: str, currency: str
                ) -> list[dict]:
    """Records largest first by `by` with the rest (the row `rest` marks, if any) last
    (blank keys named `missing`), each with count, value, value_text ("$12k"),
    count_text and its order."""
    rows = b.records(frame, [key, "count", "value", *(["rest"] if "rest" in frame else [])])
    for row in rows:
        row[key] = missing if row[key] is None else str(row[key])
        row["rest"] = bool(row.get("rest"))
    rows.sort(key=lambda r: (r["rest"], -(r[by] or 0)))
    for i, row in enumerate(rows):
        row["order"] = i
        row["value_text"] = fmt.money(row["value"], currency)
        row["count_text"] = b.number(row["count"])
    return rows


@chart
def loss_reasons_chart(reasons: pd.DataFrame, profile: str = "screen", colors: Any = None,
                       *, chart_id: str = "loss-reasons", title: str | None = None,
                       when: str | None = None, currency: str = "$") -> Chart:
    """Why customers left: lost customers by reason (count), value as a label; the rest last.

    `when` names the window in words for the alt text, e.g. "2026-08 to 2026-10".
    """
    rows = _money_rows(reasons, "reason", "count", "(not given)", currency)
    alt_text = _ranked("Customers lost by reason" + (f", {when}" if when else ""), rows,
                       b.number(sum(r["count"] or 0 for r in rows)),
                       lambda top: f"the top reason was “{top['reason']}” with {b.number(top['count'])} customers "
                                   f"({top['value_text']} a year)")
    table = Table(["Reason", "Customers lost", "Value lost"], [
        [r["reason"], r["count_text"], r["value_text"]] for r in rows])
    spec = b.build_spec("hbar_value", profile, colors, rows, category="reason",
                        measure="count", measure_title="Customers lost",
                        label="value_text", category_title="")
    return Chart(chart_id, title or "Why customers left" + (f", {when}" if when else ""), spec, alt_text, table)


@chart
def lost_value_by_segment_chart(segments: pd.DataFrame, profile: str = "screen",
                                colors: Any = None, *, chart_id: str = "lost-value-by-segment",
                                title: str | None = None, when: str | None = None,
                                currency: str = "$") -> Chart:
    """Annual value lost per customer segment, largest first, as horizontal bars."""
    rows = _money_rows(segments, "segment", "value", "(no segment)", currency)
    alt_text = _ranked("Annual value of lost customers by segment" + (f", {when}" if when else ""), rows,
                       fmt.money(sum(r["value"] or 0 for r in rows), currency),
                       lambda top: f"the most was in “{top['segment']}” with {top['value_text']} "
                                   f"({b.number(top['count'])} customers)")
    table = Table(["Segment", "Customers lost", "Value lost"], [
        [r["segment"], b.number(r["count"]), r["value_text"]] for r in rows])
    spec = b.build_spec("hbar_value", profile, colors, rows, category="segment",
                        measure="value", measure_title=f"Annual value lost ({currency})",
                        label="value_text", category_title="")
    return Chart(chart_id, title or "Value lost by segment" + (f", {when}" if when else ""), spec, alt_text, table)


def _ranked(head: str, rows: list[dict], total: str, top: Callable[[dict], str]) -> str:
    """'<head>: <total> in all; <top(first row)>.', or that no customers were lost."""
    return b.sentence(f"{head}: {total} in all; {top(rows[0])}") if rows else f"{head}: no customers lost."
