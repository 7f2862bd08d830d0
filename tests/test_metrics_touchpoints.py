"""Wall 3 metrics: KPI status, survey scores, complaints per 1,000 (SPEC section 4); the
survey scores and complaints are counted by the embedded engine (`through_engine.py`)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from through_engine import complaints_per_thousand, survey_summary

from customer_room.metrics.touchpoints import (
    kpi_history,
    kpi_latest,
    kpi_status,
    status_counts,
    survey_score,
)

T = pd.Timestamp
NAN = float("nan")


@pytest.mark.parametrize(
    ("actual", "target", "better", "expected"),
    [
        (101, 100, "higher", "on target"),
        (100, 100, "higher", "on target"),  # meets it exactly
        (96, 100, "higher", "watch"),  # band = 5 % of 100 = 5 → watch down to 95
        (95, 100, "higher", "watch"),  # exactly on the band edge
        (94.99, 100, "higher", "off target"),
        (76, 80, "higher", "watch"),  # band 4: edge 76 despite 0.05 × 80 in floats
        (-21, -20, "higher", "watch"),  # band = 5 % of |−20| = 1 → edge −21
        (-21.5, -20, "higher", "off target"),
        (90, 100, "lower", "on target"),
        (100, 100, "lower", "on target"),
        (105, 100, "lower", "watch"),  # exactly on the band edge
        (105.01, 100, "lower", "off target"),
        (3.15, 3.0, "lower", "watch"),  # band 0.15: edge 3.15
        (100, NAN, "higher", None),  # no target: no status
        (NAN, 100, "lower", None),
        (100, 100, None, "on target"),  # no "better": higher is assumed
    ],
)
def test_kpi_status(actual, target, better, expected):
    assert kpi_status(actual, target, better) == expected


def test_kpi_status_other_amber_band_and_bad_word():
    assert kpi_status(90, 100, "higher", amber_pct=10) == "watch"  # band 10 → edge 90
    assert kpi_status(89.9, 100, "higher", amber_pct=10) == "off target"
    with pytest.raises(ValueError, match="'up'"):
        kpi_status(1, 1, "up")


KPIS = pd.DataFrame({
    "period": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01",
                              "2026-01-01", "2026-03-01", "2026-03-01"]),
    "touchpoint": ["checkout", "checkout", "checkout", "delivery", "delivery", "delivery"],
    "kpi": ["conversion", "conversion", "conversion", "late %", "late %", "volume"],
    "actual": [3.0, 2.9, 2.8, 4.0, 5.5, 1200.0],
    "target": [3.0, 3.0, 3.0, 5.0, 5.0, NAN],
    "better": ["higher", "higher", "higher", "lower", "lower", "higher"],
    "unit": ["%", "%", "%", "%", "%", None],
})


def test_kpi_history_adds_a_status_per_reading():
    statuses = kpi_history(KPIS)["status"].tolist()
    # conversion: 3.0 meets 3.0; 2.9 ≥ 3.0 − 0.15; 2.8 < 2.85. late %: 4.0 ≤ 5;
    # 5.5 > 5 + 0.25. volume has no target.
    assert statuses[:5] == ["on target", "watch", "off target", "on target", "off target"]
    assert pd.isna(statuses[5])
    assert "status" not in KPIS  # the input is not modified


def test_kpi_latest_with_the_reading_before():
    latest = kpi_latest(KPIS).set_index(["touchpoint", "kpi"])
    conversion = latest.loc[("checkout", "conversion")]
    assert conversion["period"] == T("2026-03-01") and conversion["actual"] == 2.8
    assert conversion["status"] == "off target"
    assert conversion["previous_actual"] == 2.9  # February
    late = latest.loc[("delivery", "late %")]
    # The reading before March is January's (no February reading).
    assert late["previous_actual"] == 4.0 and late["previous_period"] == T("2026-01-01")
    assert math.isnan(latest.loc[("delivery", "volume")]["previous_actual"])
    assert len(latest) == 3


@pytest.mark.parametrize(
    ("scores", "instrument", "score", "n", "mean"),
    [
        # promoters 10 9 9 10 10 9 = 6, passives 8 7 = 2, detractors 6 0 = 2:
        # 6/10 − 2/10 = 40; mean 78/10 = 7.8.
        ([10, 9, 9, 8, 7, 6, 0, 10, 10, 9], "nps", 40.0, 10, 7.8),
        # passives only count in n: 1 promoter, 3 passives → 1/4 = 25.
        ([9, 7, 8, 8], "nps", 25.0, 4, 8.0),
        # 4–5: 5 4 5 4 = 4 of 7 → 57.14; mean 24/7.
        ([5, 4, 3, 2, 5, 1, 4], "csat", 400 / 7, 7, 24 / 7),
        # 5–7: 7 5 6 = 3 of 5 → 60; mean 23/5 = 4.6; NaN ignored.
        ([7, 5, 4, 6, 1, NAN], "CES", 60.0, 5, 4.6),
    ],
)
def test_survey_score(scores, instrument, score, n, mean):
    result = survey_score(pd.Series(scores), instrument)
    assert result == {"score": pytest.approx(score), "n": n, "mean": pytest.approx(mean)}


def test_survey_score_without_responses_is_nan():
    result = survey_score(pd.Series([NAN]), "nps")
    assert result["n"] == 0 and math.isnan(result["score"]) and math.isnan(result["mean"])


SURVEYS = pd.DataFrame({
    "date": pd.to_datetime(["2026-01-03", "2026-01-09", "2026-01-20", "2026-02-02",
                            "2026-02-27", "2026-01-05", "2026-01-06", "2026-01-07",
                            "2026-01-08", "2026-02-10", "2026-02-11", "2026-02-12",
                            "2026-01-13"]),
    "touchpoint": ["checkout"] * 5 + ["delivery"] * 8,
    "instrument": ["nps"] * 5 + ["csat"] * 4 + ["ces"] * 2 + ["xyz", "csat"],
    "score": [10, 7, 3, 9, 9, 5, 4, 2, 1, 6, 3, 5, NAN],
})


def test_survey_summary_per_month_with_significance():
    table = survey_summary(SURVEYS, "month", min_n=3)
    assert list(table.columns) == ["touchpoint", "instrument", "period", "n", "score",
                                   "mean", "significant"]
    rows = {(r.touchpoint, r.instrument, r.period): r for r in table.itertuples()}
    assert len(rows) == 4  # unknown instrument "xyz" and the NaN score are dropped
    jan_nps = rows[("checkout", "nps", T("2026-01-01"))]
    # 10 promoter, 7 passive, 3 detractor: (1 − 1)/3 = 0; mean 20/3; n 3 ≥ 3.
    assert (jan_nps.n, jan_nps.score, jan_nps.significant) == (3, 0.0, True)
    assert jan_nps.mean == pytest.approx(20 / 3)
    feb_nps = rows[("checkout", "nps", T("2026-02-01"))]
    assert (feb_nps.n, feb_nps.score, feb_nps.significant) == (2, 100.0, False)
    csat = rows[("delivery", "csat", T("2026-01-01"))]
    # 5 4 2 1 → 2 of 4 = 50 %; mean 12/4 = 3.
    assert (csat.n, csat.score, csat.mean, csat.significant) == (4, 50.0, 3.0, True)
    ces = rows[("delivery", "ces", T("2026-02-01"))]
    # 6 3 → 1 of 2 = 50 %; mean 4.5; n 2 < 3 → not significant.
    assert (ces.n, ces.score, ces.mean, ces.significant) == (2, 50.0, 4.5, False)


def test_complaints_per_thousand_only_where_a_volume_exists():
    kpis = pd.DataFrame({
        "period": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-01-01", "2026-03-01",
                                  "2026-01-01"]),
        "touchpoint": ["checkout", "checkout", "delivery", "delivery", "delivery"],
        "kpi": ["volume", "volume", "Volume ", "volume", "late %"],
        "actual": [2000.0, 0.0, 500.0, 1000.0, 3.0],
    })
    issues = pd.DataFrame({
        "opened": pd.to_datetime(["2026-01-03", "2026-01-10", "2026-01-31 23:00",
                                  "2026-02-14", "2026-01-05", "2026-01-06", "2026-01-07",
                                  "2026-01-08"], format="ISO8601"),
        "touchpoint": ["checkout", "checkout", "checkout", "checkout", "delivery",
                       "delivery", "returns", None],
    })
    table = complaints_per_thousand(issues, kpis)
    # checkout Jan 3/2000×1000 = 1.5; Feb 1/0 → NaN; delivery Jan 2/500×1000 = 4;
    # delivery Mar 0/1000 = 0; "returns" has no volume, so it is not listed.
    assert table["touchpoint"].tolist() == ["checkout", "checkout", "delivery", "delivery"]
    assert table["period"].tolist() == [T("2026-01-01"), T("2026-02-01"),
                                        T("2026-01-01"), T("2026-03-01")]
    assert table["complaints"].tolist() == [3, 1, 2, 0]
    assert table["volume"].tolist() == [2000.0, 0.0, 500.0, 1000.0]
    np.testing.assert_allclose(table["per_thousand"], [1.5, NAN, 4.0, 0.0], equal_nan=True)


def test_status_counts_take_each_touchpoints_worst_kpi_of_the_period():
    # T1: off target and on target in October -> off target; T2: watch; T3: on target;
    # T4's only October reading has no status (no target): not counted. In September T1
    # was on target and T2 off target.
    oct_, sep = pd.Timestamp("2026-10-01"), pd.Timestamp("2026-09-01")
    history = pd.DataFrame({
        "touchpoint": ["T1", "T1", "T2", "T3", "T4", "T1", "T2"],
        "kpi": ["a", "b", "a", "a", "volume", "a", "a"],
        "period": [oct_, oct_, oct_, oct_, oct_, sep, sep],
        "status": ["off target", "on target", "watch", "on target", None, "on target", "off target"],
    })
    assert status_counts(history, oct_) == {"off target": 1, "watch": 1, "on target": 1}
    assert status_counts(history, sep) == {"off target": 1, "watch": 0, "on target": 1}
    assert status_counts(history, pd.Timestamp("2026-08-01")) == {"off target": 0, "watch": 0, "on target": 0}
