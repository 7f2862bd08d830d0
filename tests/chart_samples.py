"""Small hand-made frames and their charts, shared by the chart tests.

Shaped like the metrics module's output; every number the tests assert can be checked by
eye against them.
"""

from __future__ import annotations


import jsonschema
import pandas as pd
import pytest
from altair.vegalite.v6.schema import load_schema

from customer_room.charts.model import Chart
from customer_room.charts.registry import ChartSet
from customer_room.charts.sparkline import sparkline


class _Recorded(ChartSet):
    """The registered charts, remembering which ones were called."""

    def __init__(self):
        super().__init__()
        self.called: set[str] = set()

    def __getattr__(self, name):
        if name == "sparkline":
            return sparkline
        self.called.add(name)
        return super().__getattr__(name)


specs = _Recorded()

NAN = float("nan")
STAGES = ["Discover", "Buy", "Receive", "Use"]


def months(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2026-01-01", periods=n, freq="MS")


def weeks(n: int, start: str = "2026-01-05") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="W-MON")


def flow() -> pd.DataFrame:
    return pd.DataFrame({
        "period": months(4), "acquired": [10, 20, 5, 8], "lost": [4, 6, 9, 2],
        "net": [6, 14, -4, 6], "active_end": [106, 120, 116, 122],
        "churn_pct": [NAN, 5.0, 7.5, 2.0], "retention_pct": [NAN, 95.0, 92.5, 98.0],
        "save_rate_pct": [50.0, NAN, 25.0, 40.0], "referral_rate_pct": [1.0, 2.0, NAN, 3.0],
    })


def issue_flow() -> pd.DataFrame:
    return pd.DataFrame({"period": weeks(5), "opened": [10, 12, 8, 9, 11],
                         "closed": [5, 10, 9, 12, 10], "backlog": [105, 107, 106, 103, 104]})


def by_stage() -> pd.DataFrame:
    return pd.DataFrame({
        "stage": ["Use", "Receive", "Receive", "Buy", None, "Mystery"],
        "touchpoint": ["Setup", "Returns", "Receiving a shipment", "Checkout", None, "X"],
        "count": [4, 2, 9, 3, 1, 1]})


def kpi() -> pd.DataFrame:
    return pd.DataFrame({
        "period": months(4), "touchpoint": "receive", "kpi": "On-time delivery",
        "actual": [88.0, 90.0, 96.0, 94.0], "target": [NAN, 95.0, 95.0, 95.0],
        "better": "higher", "unit": "%",
        "status": [None, "off target", "on target", "watch"]})


def survey() -> pd.DataFrame:
    return pd.DataFrame({"period": months(3), "score": [10.0, -5.0, 32.0], "n": [40, 12, 45],
                         "significant": [True, False, True]})


def follow_up() -> pd.DataFrame:
    return pd.DataFrame({"period": months(3), "detractors": [10, 8, 12], "within": [6, 6, 9], "late": [2, 1, 2],
                         "pending": [0, 0, 1], "missed": [2, 1, 0], "share_within": [60.0, 75.0, 9 / 11 * 100],
                         "median_hours": [30.0, 26.0, 20.5]})


def sample_charts(profile: str = "screen") -> dict[str, Chart]:
    """One chart of every kind, from the frames above."""
    f = flow()
    return {c.id: c for c in [
        specs.customer_flow_chart(f, "month", profile),
        specs.churn_chart(f, "month", profile),
        specs.rates_chart(f, "month", profile),
        specs.loss_reasons_chart(pd.DataFrame({
            "reason": ["Price", "all other reasons", "Service"], "count": [5, 3, 7],
            "value": [5000.0, 100.0, 20000.0], "rest": [False, True, False]}), profile),
        specs.lost_value_by_segment_chart(pd.DataFrame({
            "segment": ["SMB", "Enterprise", None], "count": [4, 1, 2],
            "value": [8000.0, 50000.0, 0.0]}), profile),
        specs.issue_flow_chart(issue_flow(), "week", profile),
        specs.top_categories_chart(pd.DataFrame({"category": ["A", "B", "C"],
                                                 "count": [30, 20, 5]}), profile),
        specs.by_stage_chart(by_stage(), STAGES, profile),
        specs.breakdown_chart(pd.DataFrame({"severity": ["critical", "high", "low"], "count": [2, 5, 13],
                                            "share": [10.0, 25.0, 65.0]}), "severity", profile,
                              when="2026-W01 to 2026-W13"),
        specs.ageing_chart(pd.DataFrame({
            "bucket": ["0–7 days", "8–30 days", "31–90 days", "over 90 days"],
            "count": [5, 3, 2, 1]}), profile),
        specs.time_to_close_chart(pd.DataFrame({
            "period": weeks(3), "n": [4, 0, 5], "median_days": [2.0, NAN, 3.5],
            "p90_days": [6.0, NAN, 9.0]}), "week", profile),
        specs.issue_trend_chart(
            pd.DataFrame({"period": weeks(6), "count": [20, 18, 15, 14, 12, 10]}), "week",
            pd.DataFrame({"period": weeks(3), "ideal": [20.0, 15.0, 10.0]}),
            pd.DataFrame({"period": weeks(2, "2026-02-09"), "projected": [10.0, 8.0]}),
            8.0, profile, name="Late delivery"),
        specs.kpi_chart(kpi(), profile),
        specs.survey_chart(survey(), "nps", profile),
        specs.follow_up_chart(follow_up(), 48.0, profile, name="Receiving a shipment"),
    ]}


KINDS = list(sample_charts())
SAMPLED = frozenset(specs.called)  # the chart functions the samples call


@pytest.fixture(scope="module")
def charts() -> dict[str, Chart]:
    return sample_charts()


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft7Validator(load_schema())


def data(chart: Chart) -> list[dict]:
    return chart.spec["data"]["values"]
