"""The chart functions the pages call: frames in, `Chart` out, one per chart kind.

The functions live in one module per wall (`outcomes`, `issues`, `trend`,
`touchpoints`) to keep each small; this module is the one place that lists them all,
so the page renderer and the tests import from here. `KINDS` names every template kind
(one Altair chart each, built once per profile and cached; see `_base`).
"""

from __future__ import annotations

from . import issues, outcomes, touchpoints, trend
from .memo import remembered
from .sparkline import sparkline

# Each remembered: equal inputs in a later build give the chart made before (see `memo`).
ageing_chart = remembered(issues.ageing_chart)
by_stage_chart = remembered(issues.by_stage_chart)
issue_flow_chart = remembered(issues.issue_flow_chart)
time_to_close_chart = remembered(issues.time_to_close_chart)
top_categories_chart = remembered(issues.top_categories_chart)
churn_chart = remembered(outcomes.churn_chart)
customer_flow_chart = remembered(outcomes.customer_flow_chart)
loss_reasons_chart = remembered(outcomes.loss_reasons_chart)
lost_value_by_segment_chart = remembered(outcomes.lost_value_by_segment_chart)
rates_chart = remembered(outcomes.rates_chart)
kpi_chart = remembered(touchpoints.kpi_chart)
survey_chart = remembered(touchpoints.survey_chart)
issue_trend_chart = remembered(trend.issue_trend_chart)

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
