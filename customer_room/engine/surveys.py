"""Ibis expressions over a surveys table (canonical columns: `touchpoint`, `date`,
`instrument`, `score`): responses counted by score, which is all a score needs.

NPS, CSAT and CES are shares of responses at given scores, and a mean is a weighted sum,
so `metrics/touchpoints.py` scores every touchpoint from these counts.
"""

from __future__ import annotations

import ibis.expr.types as ir

from .issues import period_of


def score_cells(table: ir.Table, freq: str) -> ir.Table:
    """Responses per touchpoint, instrument (trimmed, lower case), period and score:
    touchpoint, instrument, period, score, count. Responses without a touchpoint or a
    score are left out; an undated one has no period."""
    rows = table.filter(table.touchpoint.notnull() & table.score.notnull() & table.instrument.notnull())
    cells = rows.select(touchpoint=rows.touchpoint.cast("string"), instrument=rows.instrument.cast("string").strip().lower(),
                        period=period_of(rows.date, freq), score=rows.score.cast("float64"))
    return cells.group_by(["touchpoint", "instrument", "period", "score"]).aggregate(count=cells.count())
