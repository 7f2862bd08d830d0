"""The chart functions the pages call: frames in, `Chart` out, one per chart kind.

The functions live in one module per wall (`outcomes`, `issues`, `trend`,
`touchpoints`) to keep each small; this module is the one place that lists them all,
so the page renderer and the tests import from here. `KINDS` names every template kind
(one Altair chart each, built once per profile and cached; see `_base`).
"""

from __future__ import annotations

from .issues import (
    ageing_chart,
    by_stage_chart,
    issue_flow_chart,
    time_to_close_chart,
    top_categories_chart,
)
from .outcomes import (
    churn_chart,
    customer_flow_chart,
    loss_reasons_chart,
    lost_value_by_segment_chart,
    rates_chart,
)
from .sparkline import sparkline
from .touchpoints import kpi_chart, survey_chart
from .trend import issue_trend_chart

__all__ = [
    "ageing_chart",
    "by_stage_chart",
    "churn_chart",
    "customer_flow_chart",
    "issue_flow_chart",
    "issue_trend_chart",
    "kpi_chart",
    "loss_reasons_chart",
    "lost_value_by_segment_chart",
    "rates_chart",
    "sparkline",
    "survey_chart",
    "time_to_close_chart",
    "top_categories_chart",
]
