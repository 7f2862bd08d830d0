"""Ibis expressions over a customers table (canonical columns: `customer_id`, `date`,
`event`, and optional `value`, `reason`, `segment`): what Wall 1 counts per period.

The flow of customers, churn and the reasons for loss are worked out in
`metrics/outcomes.py` from these few small tables; only they come back from the engine.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .issues import period_of


def _value(table: ir.Table) -> ir.FloatingValue:
    """A customer's annual value, 0 where the export has none."""
    return table.value.cast("float64").fill_null(0.0) if "value" in table.columns else ibis.literal(0.0)


def label_of(table: ir.Table, column: str, missing: str) -> ir.StringValue:
    """A column's text as the wall shows it, trimmed; blank or missing as `missing`."""
    if column not in table.columns:
        return ibis.literal(missing)
    return table[column].cast("string").strip().nullif("").fill_null(missing)


def event_cells(table: ir.Table, freq: str) -> ir.Table:
    """Events per period and kind: period, event, count, value (summed)."""
    rows = table.filter(table.date.notnull())
    cells = rows.select(period=period_of(rows.date, freq), event=rows.event.cast("string"), value=_value(rows))
    return cells.group_by(["period", "event"]).aggregate(count=cells.count(), value=cells.value.sum())


def same_period_loss_cells(table: ir.Table, freq: str) -> ir.Table:
    """Losses of customers acquired in the same period on or before the loss date, per
    period: period, count. Such a customer was not active at the period's start, so its
    loss is not churn of the customers the period started with."""
    known = table.filter(table.date.notnull() & table.customer_id.notnull())
    keyed = known.select(id=known.customer_id.cast("string"), period=period_of(known.date, freq),
                         date=known.date, event=known.event)
    acquired = keyed.filter(keyed.event == "acquired").group_by(["id", "period"]).aggregate(first=keyed.date.min())
    lost = keyed.filter(keyed.event == "lost")
    joined = lost.join(acquired, [lost.id == acquired.id, lost.period == acquired.period])
    joined = joined.filter(joined.first <= joined.date)
    return joined.group_by("period").aggregate(count=joined.count())


def referrer_cells(table: ir.Table, freq: str) -> ir.Table:
    """Distinct customers with a `referred` event per period: period, count."""
    rows = table.filter(table.date.notnull() & table.customer_id.notnull() & (table.event == "referred"))
    cells = rows.select(period=period_of(rows.date, freq), id=rows.customer_id.cast("string"))
    return cells.group_by("period").aggregate(count=cells.id.nunique())


def loss_cells(table: ir.Table, freq: str, column: str, missing: str) -> ir.Table:
    """Losses per period and value of `column` (reason, segment): period, label, count,
    value; a blank or missing value is `missing`."""
    rows = table.filter(table.date.notnull() & (table.event == "lost"))
    cells = rows.select(period=period_of(rows.date, freq), label=label_of(rows, column, missing), value=_value(rows))
    return cells.group_by(["period", "label"]).aggregate(count=cells.count(), value=cells.value.sum())
