"""Issue trend: baseline, burn-down line and projected date (SPEC section 4)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from customer_room.metrics.trend import HORIZON, issue_trend

T = pd.Timestamp


def counts(first: str, values: list[float], freq: str) -> pd.DataFrame:
    """A no-gap counts frame starting at `first`."""
    step = {"month": "MS", "week": "W-MON"}[freq]
    periods = pd.date_range(first, periods=len(values), freq=step)
    return pd.DataFrame({"period": periods.astype("datetime64[ns]"), "count": values})


# Monthly counts Jul 2025 … Feb 2026; the last 6 (Sep … Feb) fall exactly 10 a month.
MONTHLY = counts("2025-07-01", [100, 95, 90, 80, 70, 60, 50, 40], "month")


@pytest.fixture
def trend() -> dict:
    return issue_trend(MONTHLY, "month", started=T("2025-07-10"), as_of=T("2026-03-05"),
                       target=10, target_date=T("2026-06-30"))


def test_baseline_current_and_change(trend):
    assert trend["baseline_period"] == T("2025-07-01") and trend["baseline"] == 100
    # 5 March is not March's last day, so February is the last complete month.
    assert trend["current_period"] == T("2026-02-01") and trend["current"] == 40
    assert trend["change_pct"] == pytest.approx(-60.0)  # (40 − 100) / 100 × 100
    # 10 Jul → 10 Mar = 31+31+30+31+30+31+31+28 = 243 days, minus 5 → 238.
    assert trend["days_since_start"] == 238


def test_ideal_burn_down_line(trend):
    ideal = trend["ideal"]
    # Jul 2025 → Jun 2026 is 11 steps of (10 − 100) / 11 = −8.1818… each.
    assert len(ideal) == 12
    assert ideal["period"].iloc[0] == T("2025-07-01")
    assert ideal["period"].iloc[-1] == T("2026-06-01")
    np.testing.assert_allclose(ideal["ideal"].iloc[[0, 1, 6, 11]],
                               [100, 100 - 90 / 11, 100 - 90 * 6 / 11, 10])


def test_exact_linear_fall_converges(trend):
    # Sep … Feb = 90 80 70 60 50 40: slope −10, fitted value at Feb = 40.
    assert trend["slope"] == pytest.approx(-10.0)
    assert trend["fitted"] == pytest.approx(40.0)
    # 40 → 30 (Mar) → 20 (Apr) → 10 (May) reaches the target 10 after 3 months.
    assert trend["projected_date"] == T("2026-05-01")
    assert trend["projection"]["period"].tolist() == [
        T("2026-02-01"), T("2026-03-01"), T("2026-04-01"), T("2026-05-01")]
    np.testing.assert_allclose(trend["projection"]["projected"], [40, 30, 20, 10])
    # May 2026 is before the target date's month (June): on track.
    assert trend["status"] == "on track"


def test_a_projection_after_the_target_date_is_late():
    trend = issue_trend(MONTHLY, "month", started=T("2025-07-10"), as_of=T("2026-03-05"),
                        target=10, target_date=T("2026-04-30"))
    # The same fall reaches 10 in May, one month after April's target date.
    assert trend["projected_date"] == T("2026-05-01")
    assert trend["status"] == "late"
    same_month = issue_trend(MONTHLY, "month", started=T("2025-07-10"), as_of=T("2026-03-05"),
                             target=10, target_date=T("2026-05-02"))
    assert same_month["status"] == "on track"  # projected in the target date's own month


def test_a_fall_too_slow_to_project_is_late_when_there_is_a_target_date():
    slow = counts("2025-01-01", [100 - 0.1 * i for i in range(12)], "month")
    trend = issue_trend(slow, "month", started=T("2025-01-01"), as_of=T("2025-12-31"), target=0,
                        target_date=T("2026-12-31"))
    assert pd.isna(trend["projected_date"]) and trend["status"] == "late"


def test_without_a_target_the_projection_runs_to_zero_and_there_is_no_ideal():
    trend = issue_trend(MONTHLY, "month", started=T("2025-07-10"), as_of=T("2026-03-05"))
    assert trend["ideal"].empty
    # 40 − 10 × 4 = 0 in June.
    assert trend["projected_date"] == T("2026-06-01")
    assert trend["status"] == "converging"


def test_least_squares_over_noisy_weeks_converges_on_a_hand_computed_date():
    weekly = counts("2026-01-05", [10, 12, 9, 11, 8, 10], "week")
    # as_of Sunday 15 Feb ends the week of 9 Feb, which is therefore complete.
    trend = issue_trend(weekly, "week", started=T("2026-01-05"), as_of=T("2026-02-15"),
                        target=8)
    # x = 0..5, x̄ = 2.5, ȳ = 60/6 = 10;
    # Σ(x−x̄)(y−ȳ) = (−2.5)(0) + (−1.5)(2) + (−0.5)(−1) + (0.5)(1) + (1.5)(−2) + (2.5)(0)
    #             = −5;  Σ(x−x̄)² = 17.5  → slope = −5/17.5 = −2/7.
    assert trend["slope"] == pytest.approx(-2 / 7)
    # Fitted at x = 5: 10 + (−2/7)(2.5) = 65/7 ≈ 9.2857.
    assert trend["fitted"] == pytest.approx(65 / 7)
    # Need 65/7 − 2/7 × j <= 8 → j >= (65/7 − 8) / (2/7) = 9/2 = 4.5 → j = 5 weeks.
    assert trend["projected_date"] == T("2026-02-09") + pd.Timedelta(weeks=5)  # 16 Mar
    assert len(trend["projection"]) == 6  # j = 0..5
    assert trend["projection"]["projected"].iloc[-1] == pytest.approx(65 / 7 - 10 / 7)
    assert trend["status"] == "converging"
    assert trend["current"] == 10 and trend["change_pct"] == 0.0  # baseline 10 → 10


@pytest.mark.parametrize(
    "values",
    [
        [5, 5, 5, 5, 5, 5],  # flat: slope 0
        [1, 2, 3, 4, 5, 6],  # rising
        [6],  # one point: no slope at all
    ],
)
def test_not_converging(values):
    weekly = counts("2026-01-05", values, "week")
    last = weekly["period"].iloc[-1]
    trend = issue_trend(weekly, "week", started=T("2026-01-05"),
                        as_of=last + pd.Timedelta(days=6), target=0)
    assert trend["status"] == "not converging"
    assert trend["projection"].empty and pd.isna(trend["projected_date"])


def test_reached_when_the_current_count_is_at_or_below_target():
    weekly = counts("2026-01-05", [1, 2, 3, 4, 5, 6], "week")
    trend = issue_trend(weekly, "week", started=T("2026-01-05"), as_of=T("2026-02-15"),
                        target=6)
    assert trend["current"] == 6 and trend["status"] == "reached"


def test_a_baseline_outside_the_data_or_zero_leaves_change_undefined():
    before = issue_trend(MONTHLY, "month", started=T("2025-01-15"), as_of=T("2026-03-05"),
                         target=10, target_date=T("2026-06-30"))
    assert math.isnan(before["baseline"]) and math.isnan(before["change_pct"])
    assert before["ideal"].empty
    zero = counts("2026-01-01", [0, 3, 2], "month")
    trend = issue_trend(zero, "month", started=T("2026-01-02"), as_of=T("2026-03-31"))
    assert trend["baseline"] == 0 and math.isnan(trend["change_pct"])


def test_a_slow_fall_beyond_the_horizon_has_no_date_but_a_capped_projection():
    slow = counts("2025-01-01", [100 - 0.1 * i for i in range(12)], "month")
    trend = issue_trend(slow, "month", started=T("2025-01-01"), as_of=T("2025-12-31"))
    # Fitted 98.9 at Dec 2025, falling 0.1 a month: 0 is 989 months away (> 104).
    assert trend["status"] == "converging"
    assert pd.isna(trend["projected_date"])
    assert len(trend["projection"]) == HORIZON + 1
