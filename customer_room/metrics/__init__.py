"""The numbers on the walls: pure pandas functions from small tables to figures.

This is the "compute" stage of the pipeline (load → compute → chart → render →
publish). Every function here takes small tables (the engine's aggregated cells, the
KPI readings) and returns new DataFrames, Series or plain dicts; nothing reads files,
touches settings or mutates its input, so each definition in SPEC section 4 is pinned
by a unit test on a hand-computed fixture, run through the embedded engine. Figures
that are undefined (churn with no customers at the start, a score with no responses)
are NaN, which the pages show as "—".

- `periods`: where a day, ISO week, month or quarter starts and ends.
- `outcomes`: Wall 1, the flow of customers, churn, saves, referrals, loss reasons.
- `issues`: Wall 2, opened/closed/backlog, counts by category, ageing, time to close.
- `nature`: how issues divide by channel and severity.
- `trend`: one tracked issue's baseline, burn-down line and projected date.
- `reasons`: the owned loss reasons' losses and trends, and the large ones nobody owns.
- `touchpoints`: Wall 3, KPI status, survey scores, complaints per 1,000.
- `follow_up`: Wall 3's closed loop, detractors contacted back within the target.
"""

from __future__ import annotations

from .follow_up import follow_up_table, outcome_mix, pending_from
from .issues import (
    age_bounds,
    age_buckets,
    backlog,
    close_table,
    close_tables_by,
    flows,
    opened_per_period,
    per_thousand,
    time_to_close,
)
from .nature import breakdown
from .outcomes import customer_flow, loss_reasons, lost_value_by_segment, tote_board
from .periods import (
    FREQS,
    next_period,
    period_end,
    period_ordinals,
    period_range,
    period_start,
    periods_between,
    reporting_period,
)
from .touchpoints import (
    complaints_per_thousand,
    kpi_history,
    kpi_latest,
    kpi_status,
    survey_score,
    survey_summary,
)
from .trend import ideal_line, issue_trend

__all__ = [
    "FREQS",
    "age_bounds",
    "age_buckets",
    "backlog",
    "breakdown",
    "close_table",
    "close_tables_by",
    "complaints_per_thousand",
    "customer_flow",
    "flows",
    "follow_up_table",
    "ideal_line",
    "issue_trend",
    "kpi_history",
    "kpi_latest",
    "kpi_status",
    "loss_reasons",
    "lost_value_by_segment",
    "next_period",
    "opened_per_period",
    "outcome_mix",
    "pending_from",
    "per_thousand",
    "period_end",
    "period_ordinals",
    "period_range",
    "period_start",
    "periods_between",
    "reporting_period",
    "survey_score",
    "survey_summary",
    "time_to_close",
    "tote_board",
]
