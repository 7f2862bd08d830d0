"""Ibis expressions over a surveys table (canonical columns: `touchpoint`, `date`,
`instrument`, `score`, and `followed_up`, `outcome` when the export has them): responses
counted by score, which is all a score needs, and detractors counted by how soon they
were contacted back, which is all the closed loop needs.

NPS, CSAT and CES are shares of responses at given scores, and a mean is a weighted sum,
so `metrics/touchpoints.py` scores every touchpoint from these counts; a share contacted
in time and a median time to contact come from counts per contact time just as well
(`metrics/follow_up.py`).
"""

from __future__ import annotations

import functools
import operator

import ibis
import ibis.expr.types as ir

from ..load.schema import INSTRUMENT_TABLE
from .issues import period_of


def score_cells(table: ir.Table, freq: str) -> ir.Table:
    """Responses per touchpoint, instrument (trimmed, lower case), period and score:
    touchpoint, instrument, period, score, count. Responses without a touchpoint or a
    score are left out; an undated one has no period."""
    rows = table.filter(table.touchpoint.notnull() & table.score.notnull() & table.instrument.notnull())
    cells = rows.select(touchpoint=rows.touchpoint.cast("string"), instrument=rows.instrument.cast("string").strip().lower(),
                        period=period_of(rows.date, freq), score=rows.score.cast("float64"))
    return cells.group_by(["touchpoint", "instrument", "period", "score"]).aggregate(count=cells.count())


def detractor(table: ir.Table) -> ir.BooleanValue:
    """Whether a response is a detractor's: NPS 0–6, CSAT 1–2, CES 1–3 (`schema.INSTRUMENT_TABLE`)."""
    instrument = table.instrument.cast("string").strip().lower()
    found = [(instrument == i.name) & table.score.between(*i.detractors) for i in INSTRUMENT_TABLE.values()]
    return functools.reduce(operator.or_, found)


def follow_up_cells(table: ir.Table, freq: str, pending_from) -> ir.Table:
    """Detractors per touchpoint, period, time to contact, pending and outcome: touchpoint,
    period, hours, pending, outcome, count (what `metrics/follow_up.py` makes the closed
    loop's figures of; it grows with the distinct contact times, never with responses).

    `hours` is followed_up − the response's day (its start: a response carries a date,
    not a time), missing for a detractor not contacted; `pending` marks one not contacted
    whose response day is on or after `pending_from` (its target window was still open
    at the end of the as-of day). A contact dated before the response's day is a slip in
    the data (the load checks warn of it) and is left out."""
    rows = table.filter(table.touchpoint.notnull() & table.date.notnull() & table.score.notnull()
                        & table.instrument.notnull())
    rows = rows.filter(detractor(rows))
    followed = rows.followed_up if "followed_up" in rows.columns else ibis.null("timestamp")
    rows = rows.mutate(day=rows.date.truncate("D"), contact=followed)
    rows = rows.filter(rows.contact.isnull() | (rows.contact.truncate("D") >= rows.day))
    # microseconds as a float, as time to close is (exact on every backend)
    hours = rows.contact.delta(rows.day, unit="microsecond").cast("float64") / 3_600e6
    outcome = rows.outcome.cast("string") if "outcome" in rows.columns else ibis.null("string")
    cells = rows.select(touchpoint=rows.touchpoint.cast("string"), period=period_of(rows.date, freq), hours=hours,
                        pending=rows.contact.isnull() & (rows.day >= ibis.literal(pending_from, type="timestamp")),
                        outcome=outcome)
    return cells.group_by(["touchpoint", "period", "hours", "pending", "outcome"]).aggregate(count=cells.count())
