"""Wall 2 metrics pinned on a hand-counted set of issues (SPEC section 4, issues), counted
by the embedded engine and made into figures by `metrics.issues` (`through_engine.py`)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from through_engine import (
    age_buckets,
    backlog_by,
    breakdown,
    counts_by,
    issue_flow,
    issue_flow_by,
    time_to_close,
    time_to_close_by,
    time_to_close_by_period,
)

from customer_room.metrics.issues import per_thousand
from customer_room.metrics.periods import period_end

T = pd.Timestamp
NAN = float("nan")
W1, W2, W3 = T("2026-01-05"), T("2026-01-12"), T("2026-01-19")  # ISO week starts


def issues_frame(rows: list[tuple]) -> pd.DataFrame:
    """issues frame from (id, opened, closed, category) tuples."""
    frame = pd.DataFrame(rows, columns=["id", "opened", "closed", "category"])
    for column in ("opened", "closed"):
        parsed = pd.to_datetime(frame[column], format="ISO8601")
        frame[column] = parsed.astype("datetime64[ns]")
    return frame


# Week 1 ends Sun 2026-01-11 23:59:59.999999999.
ISSUES = issues_frame([
    ("A", "2026-01-05 09:00", "2026-01-11 23:59", "billing"),  # closed on W1's last day
    ("B", "2026-01-06 00:00", "2026-01-12 00:01", "delivery"),  # closed 1 min after W1
    ("C", "2026-01-07 00:00", None, "billing"),  # still open
    ("D", "2026-01-13 00:00", "2026-01-20 10:00", None),
    ("E", "2026-01-14 00:00", "2026-01-10 00:00", None),  # closed before opened; blank (the loader makes it missing)
    ("G", "2026-01-15 00:00", None, "billing"),
    ("F", "2026-01-21 00:00", None, "delivery"),
])


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("period", [W1, W2, W3]),  # first opened (5 Jan) to as_of = latest date, 21 Jan
        ("opened", [3, 3, 1]),  # A B C | D E G | F
        ("closed", [2, 1, 1]),  # A, E (by its closed date) | B | D
        ("net_flow", [1, 2, 0]),  # 3−2, 3−1, 1−1
        # W1 end: A closed by then (23:59 on the last day), B closed after → B, C = 2.
        # W2 end: C, D (closes 20 Jan), G; E is "closed" (10 Jan) → 3.
        # W3 end: C, G, F → 3.
        ("backlog", [2, 3, 3]),
    ],
)
def test_issue_flow(column, expected):
    assert issue_flow(ISSUES, "week")[column].tolist() == expected


def test_issue_flow_stops_at_as_of_and_handles_no_issues():
    flow = issue_flow(ISSUES, "week", as_of=T("2026-01-12"))
    assert flow["period"].tolist() == [W1, W2]
    empty = issue_flow(ISSUES.iloc[:0], "week")
    assert empty.empty and list(empty.columns) == [
        "period", "opened", "closed", "net_flow", "backlog"]


def test_issue_flow_backlog_matches_its_definition_on_random_issues():
    rng = np.random.default_rng(7)
    opened = T("2026-01-01") + pd.to_timedelta(rng.integers(0, 90 * 24, 300), unit="h")
    lasted = pd.to_timedelta(rng.integers(-48, 40 * 24, 300), unit="h")
    closed = pd.Series(opened + lasted).where(rng.random(300) < 0.7)
    issues = pd.DataFrame({"opened": opened, "closed": closed, "category": "x"})
    flow = issue_flow(issues, "week")
    for start, backlog in zip(flow["period"], flow["backlog"]):
        end = period_end(start, "week")
        expected = ((issues["opened"] <= end) & ~(issues["closed"] <= end)).sum()
        assert backlog == expected


def test_counts_by_is_tidy_and_zero_filled():
    table = counts_by(ISSUES, "week", by="category")
    assert list(table.columns) == ["period", "category", "count"]
    # Values sorted: "(none)" (D NA, E blank), billing, delivery; 3 weeks × 3 values.
    assert table.to_dict("list") == {
        "period": [W1] * 3 + [W2] * 3 + [W3] * 3,
        "category": ["(none)", "billing", "delivery"] * 3,
        "count": [0, 2, 1,  # W1: A C billing, B delivery
                  2, 1, 0,  # W2: D E none, G billing
                  0, 0, 1],  # W3: F delivery
    }


def test_counts_by_a_missing_column_counts_everything_as_none():
    table = counts_by(ISSUES, "week", by="touchpoint")
    assert table["touchpoint"].unique().tolist() == ["(none)"]
    assert table["count"].tolist() == [3, 3, 1]


def test_backlog_by_at_an_instant():
    backlog = backlog_by(ISSUES, period_end(W2, "week"))
    # Open at W2's end: C, G billing; D (none). delivery listed with 0.
    assert backlog.to_dict() == {"billing": 2, "(none)": 1, "delivery": 0}
    assert list(backlog.index) == ["billing", "(none)", "delivery"]


def test_open_ages_in_days():
    table = age_buckets(ISSUES, T("2026-01-21 12:00"))
    # Open at noon on 21 Jan: C (7 Jan 00:00) 14.5 d, G (15 Jan) 6.5 d, F (21 Jan) 0.5 d.
    # D closed on 20 Jan 10:00, so it is not open.
    assert table["count"].tolist() == [2, 1, 0, 0]


def test_age_buckets_boundaries():
    now = T("2026-06-30 12:00")
    ages = [0, 7, 7.0001, 8, 30, 30.5, 90, 91, 400]
    issues = pd.DataFrame({"opened": [now - pd.Timedelta(days=a) for a in ages], "closed": pd.NaT,
                           "category": "x"}).astype({"opened": "datetime64[us]", "closed": "datetime64[us]"})
    table = age_buckets(issues, now)
    # <=7: 0, 7 | <=30: 7.0001, 8, 30 | <=90: 30.5, 90 | over: 91, 400.
    assert table.to_dict("list") == {
        "bucket": ["0–7 days", "8–30 days", "31–90 days", "over 90 days"],
        "count": [2, 3, 2, 2],
    }


def test_age_buckets_of_nothing_lists_every_bucket():
    assert age_buckets(ISSUES.iloc[:0], T("2026-01-21"))["count"].tolist() == [0, 0, 0, 0]


# Days to close 1, 3 (January), 2, 4, 10 (March); one closed before opened; one open.
CLOSED = issues_frame([
    ("a", "2026-01-01", "2026-01-02", "x"),
    ("b", "2026-01-10", "2026-01-13", "x"),
    ("c", "2026-03-01", "2026-03-03", "x"),
    ("d", "2026-03-02", "2026-03-06", "x"),
    ("e", "2026-02-25", "2026-03-07", "x"),
    ("f", "2026-03-20", "2026-03-19", "x"),  # closed before opened: left out
    ("g", "2026-03-21", None, "x"),
])


def test_time_to_close():
    summary = time_to_close(CLOSED)
    # Sorted days [1, 2, 3, 4, 10]: median 3; p90 at position 0.9×4 = 3.6 →
    # 4 + 0.6×(10−4) = 7.6; mean 20/5 = 4.
    assert summary == {"n": 5, "median_days": 3.0, "p90_days": pytest.approx(7.6),
                       "mean_days": 4.0}


def test_time_to_close_of_nothing_is_nan():
    summary = time_to_close(CLOSED.iloc[5:])
    assert summary["n"] == 0 and math.isnan(summary["median_days"])
    assert math.isnan(summary["p90_days"]) and math.isnan(summary["mean_days"])


def test_time_to_close_by_period_of_the_closed_date():
    table = time_to_close_by_period(CLOSED, "month")
    assert table["period"].tolist() == [T("2026-01-01"), T("2026-02-01"), T("2026-03-01")]
    assert table["n"].tolist() == [2, 0, 3]  # Feb has none (e opened Feb, closed Mar)
    # Jan [1, 3]: median 2, p90 1 + 0.9×2 = 2.8. Mar [2, 4, 10]: median 4,
    # p90 at 0.9×2 = 1.8 → 4 + 0.8×6 = 8.8.
    np.testing.assert_allclose(table["median_days"], [2.0, NAN, 4.0], equal_nan=True)
    np.testing.assert_allclose(table["p90_days"], [2.8, NAN, 8.8], equal_nan=True)


def test_per_thousand():
    counts = pd.Series([5, 3, 2, 7, 2], index=list("abcde"))
    active = pd.Series([1000, 0, -5, 2500], index=list("abce"))
    # a 5/1000×1000 = 5; b active 0 → NaN; c negative → NaN; d missing → NaN;
    # e 2/2500×1000 = 0.8.
    np.testing.assert_allclose(per_thousand(counts, active).to_numpy(),
                               [5.0, NAN, NAN, NAN, 0.8], equal_nan=True)


def test_by_category_functions_equal_the_per_category_ones():
    """issue_flow_by / time_to_close_by give each category what a per-slice call gives."""
    rng = np.random.default_rng(7)
    opened = pd.Timestamp("2026-01-05") + pd.to_timedelta(rng.integers(0, 60 * 24, 300), unit="h") * 2
    closed = opened + pd.to_timedelta(rng.integers(-5, 400, 300), unit="h")
    closed = closed.where(rng.random(300) > 0.2)
    issues = pd.DataFrame({"opened": opened, "closed": closed,
                           "category": rng.choice(["Late", "Billing", "Damaged"], 300)})
    as_of = pd.Timestamp("2026-03-20")
    flows = issue_flow_by(issues, "week", as_of)
    summaries, by_period = time_to_close_by(issues, "week", as_of)
    for category, rows in issues.groupby("category"):
        alone = issue_flow(rows, "week", as_of)
        together = flows[category][flows[category]["period"] >= alone["period"].min()].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone, together, check_dtype=False)
        alone = time_to_close_by_period(rows, "week", as_of)
        together = by_period[category][by_period[category]["period"] >= alone["period"].min()]
        pd.testing.assert_frame_equal(alone, together.reset_index(drop=True), check_dtype=False)
        assert summaries[category] == pytest.approx(time_to_close(rows))


def test_breakdown_by_channel_and_severity():
    frame = pd.DataFrame({"opened": pd.Timestamp("2026-01-05"), "category": ["A", "A", "B", "B", "B"],
                          "channel": ["email", "phone", "email", None, "email"],
                          "severity": ["low", "high", "low", "low", "critical"]})
    # channel: email 3 of 5 = 60 %, phone 1, blank 1 (as "(none)", last).
    by_channel = breakdown(frame, "channel")
    assert by_channel.values.tolist() == [["email", 3, 60.0], ["phone", 1, 20.0], ["(none)", 1, 20.0]]
    # severity runs worst first whatever the counts: critical 1, high 1, low 3.
    assert breakdown(frame, "severity")["severity"].tolist() == ["critical", "high", "low"]
    # per category: B has critical 1 of 3 (33.3 %) and low 2 of 3.
    per = breakdown(frame, "severity", "category")
    b = per[per["category"] == "B"]
    assert b[["severity", "count"]].values.tolist() == [["critical", 1], ["low", 2]]
    assert b["share"].round(1).tolist() == [33.3, 66.7]


def test_issues_closed_by_their_status_leave_every_open_count_and_no_closed_count():
    # C (opened W1) and G (opened W2) have no close date but a closing status: closed at a
    # date nobody knows. Backlog by hand: W1 end: B only (A closed, C closed by status) = 1;
    # W2 end: D = 1 (E closed before opened, G closed by status); W3 end: F = 1.
    # The closed counts stay those of real close dates: 2, 1, 1.
    issues = ISSUES.assign(closed_unknown=ISSUES["id"].isin(["C", "G"]))
    flow = issue_flow(issues, "week")
    assert flow["backlog"].tolist() == [1, 1, 1]
    assert flow["closed"].tolist() == [2, 1, 1] and flow["opened"].tolist() == [3, 3, 1]
    assert backlog_by(issues, T("2026-01-21 12:00")).to_dict() == {"delivery": 1, "(none)": 0, "billing": 0}
    assert age_buckets(issues, T("2026-01-21 12:00"))["count"].tolist() == [1, 0, 0, 0]  # F alone
    assert time_to_close(issues) == time_to_close(ISSUES)  # no close date: no time to close either way
