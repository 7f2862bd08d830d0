"""Wall 1 metrics pinned on a hand-counted customer ledger (SPEC section 4, customers),
counted by the embedded engine and made into figures by `metrics.outcomes` (`through_engine.py`)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from through_engine import customer_flow, loss_reasons, lost_value_by_segment

from customer_room.metrics.outcomes import tote_board

T = pd.Timestamp
NAN = float("nan")


def ledger(rows: list[tuple]) -> pd.DataFrame:
    """customers frame from (date, customer_id, event, value, reason, segment) tuples."""
    frame = pd.DataFrame(rows, columns=["date", "customer_id", "event", "value", "reason",
                                        "segment"])
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["value"] = frame["value"].astype("float64")
    return frame.astype({c: "str" for c in ("customer_id", "event", "reason", "segment")})


# January 2026: c1, c2, c3 come in; c3 leaves in the same month; c4 is flagged and saved.
# February 2026: c1, c6 (an old customer) and c7 leave; c5 and c7 come in (c7 comes back
# AFTER leaving, so its loss is a loss from the start); c5 refers twice, c2 once.
CUSTOMERS = ledger([
    ("2026-01-05", "c1", "acquired", 100, None, "retail"),
    ("2026-01-10", "c2", "acquired", 200, None, "retail"),
    ("2026-01-12", "c3", "acquired", 50, None, "trade"),
    ("2026-01-20", "c3", "lost", 50, "price", "trade"),
    ("2026-01-15", "c4", "at_risk", NAN, None, None),
    ("2026-01-18", "c4", "saved", NAN, "discount", None),
    ("2026-02-03", "c1", "lost", 100, "price", "retail"),
    ("2026-02-05", "c5", "acquired", NAN, None, "retail"),
    ("2026-02-01", "c6", "lost", 30, None, None),
    ("2026-02-02", "c7", "lost", 20, "moved", "trade"),
    ("2026-02-15", "c7", "acquired", 20, None, "trade"),
    ("2026-02-10", "c5", "referred", NAN, None, None),
    ("2026-02-20", "c5", "referred", NAN, None, None),
    ("2026-02-11", "c2", "referred", NAN, None, None),
    ("2026-02-12", "c2", "at_risk", NAN, None, None),
    ("2026-02-01", "c1", "at_risk", NAN, None, None),
])


@pytest.fixture
def flow() -> pd.DataFrame:
    return customer_flow(CUSTOMERS, "month", opening_balance=10, last=T("2026-03-15"))


def test_flow_has_one_row_per_month_through_last(flow):
    assert list(flow["period"]) == [T("2026-01-01"), T("2026-02-01"), T("2026-03-01")]
    assert flow["period"].dtype == "datetime64[ns]"


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("acquired", [3, 2, 0]),  # Jan c1 c2 c3; Feb c5 c7
        ("lost", [1, 3, 0]),  # Jan c3; Feb c1 c6 c7
        ("net", [2, -1, 0]),  # 3−1, 2−3
        ("acquired_value", [350, 20, 0]),  # 100+200+50; NaN(c5)→0 + 20
        ("lost_value", [50, 150, 0]),  # 50; 100+30+20
        ("net_value", [300, -130, 0]),  # 350−50; 20−150
        ("active_start", [10, 12, 11]),  # opening 10; 10+2; 12−1
        ("active_end", [12, 11, 11]),  # 10+2; 12−1; 11+0
        ("lost_same_period", [1, 0, 0]),  # c3 acquired 12 Jan, lost 20 Jan
        ("lost_from_start", [0, 3, 0]),  # c7 came back after it left: still L_s
        ("at_risk", [1, 2, 0]),
        ("saved", [1, 0, 0]),
        ("referrers", [0, 2, 0]),  # c5 (twice) and c2: 2 distinct
    ],
)
def test_flow_counts(flow, column, expected):
    assert flow[column].tolist() == expected


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("churn_pct", [0.0, 25.0, 0.0]),  # 0/10; 3/12 = 25 %; 0/11
        ("retention_pct", [100.0, 75.0, 100.0]),
        ("save_rate_pct", [100.0, 0.0, NAN]),  # 1/1; 0/2; no one at risk → undefined
        ("referral_rate_pct", [0.0, 2 / 11 * 100, 0.0]),  # 2 referrers / 11 active
    ],
)
def test_flow_rates(flow, column, expected):
    np.testing.assert_allclose(flow[column].to_numpy(), expected, equal_nan=True)


def test_churn_is_undefined_when_no_one_was_active_at_the_start():
    flow = customer_flow(CUSTOMERS, "month")  # opening balance 0
    jan = flow.iloc[0]
    assert jan["active_start"] == 0  # S = 0
    assert math.isnan(jan["churn_pct"]) and math.isnan(jan["retention_pct"])
    assert jan["lost_same_period"] == 1  # c3 is shown apart, not as churn
    # February: S = 0 + 3 − 1 = 2, L_s = 3 → 150 % (the ledger lacks c6's acquisition).
    assert flow.iloc[1]["churn_pct"] == pytest.approx(150.0)


def test_loss_on_the_day_of_acquisition_is_a_same_period_loss():
    customers = ledger([
        ("2026-01-01", "old", "acquired", 1, None, None),
        ("2026-02-07", "x", "acquired", 1, None, None),
        ("2026-02-07", "x", "lost", 1, None, None),  # same day: on or before → apart
        ("2026-02-09", "old", "lost", 1, None, None),
    ])
    feb = customer_flow(customers, "month").iloc[1]
    assert (feb["lost_from_start"], feb["lost_same_period"]) == (1, 1)
    assert feb["churn_pct"] == pytest.approx(100.0)  # S = 1 (old), L_s = 1


def test_same_period_losses_match_a_plain_merge_on_random_events():
    rng = np.random.default_rng(3)
    size = 400
    customers = pd.DataFrame({
        "date": (T("2026-01-01") + pd.to_timedelta(rng.integers(0, 120, size), unit="D"))
        .astype("datetime64[ns]"),
        "customer_id": [f"c{i}" for i in rng.integers(0, 40, size)],
        "event": rng.choice(["acquired", "lost", "referred"], size),
        "value": 1.0,
    })
    flow = customer_flow(customers, "month")
    month = customers["date"].dt.to_period("M")
    lost = customers[customers["event"] == "lost"].assign(month=month)
    acquired = customers[customers["event"] == "acquired"].assign(month=month)
    pairs = lost.reset_index().merge(acquired, on=["customer_id", "month"], how="left",
                                     suffixes=("", "_acq"))
    pairs["same"] = pairs["date_acq"] <= pairs["date"]
    same = pairs.groupby("index")["same"].any()  # any earlier acquisition that month
    expected = same.groupby(lost.loc[same.index, "month"]).sum()
    assert flow["lost_same_period"].tolist() == expected.astype(int).tolist()
    referred = customers[customers["event"] == "referred"]
    distinct = referred.groupby(month[referred.index])["customer_id"].nunique()
    assert flow["referrers"].tolist() == distinct.tolist()


def test_negative_active_makes_referral_rate_undefined():
    customers = ledger([("2026-01-03", "a", "lost", 5, None, None),
                        ("2026-01-04", "b", "referred", NAN, None, None)])
    row = customer_flow(customers, "month").iloc[0]
    assert row["active_end"] == -1 and math.isnan(row["referral_rate_pct"])


def test_empty_ledger_gives_an_empty_flow():
    assert customer_flow(ledger([]), "month").empty


def test_tote_board_this_and_last(flow):
    board = tote_board(flow, T("2026-02-01"))
    assert board["period"] == T("2026-02-01") and board["previous"] == T("2026-01-01")
    assert board["this"] == {"acquired": 2, "lost": 3, "net": -1, "acquired_value": 20,
                             "lost_value": 150, "net_value": -130, "active_end": 11}
    assert board["last"] == {"acquired": 3, "lost": 1, "net": 2, "acquired_value": 350,
                             "lost_value": 50, "net_value": 300, "active_end": 12}
    assert board["change"]["net"] == -3  # −1 − 2


def test_tote_board_missing_previous_row_is_nan(flow):
    board = tote_board(flow, T("2026-01-20"))  # any date in January
    assert board["period"] == T("2026-01-01") and board["previous"] == T("2025-12-01")
    assert board["this"]["acquired"] == 3
    assert all(math.isnan(value) for value in board["last"].values())


# Losses for the reasons table; window = the 3 months Jan–Mar 2026 ending with March.
LOSSES = ledger([
    ("2025-12-31", "z0", "lost", 999, "price", None),  # before the window
    ("2026-04-01", "z1", "lost", 999, "price", None),  # after the window
    ("2026-01-10", "z2", "saved", 999, "price", None),  # not a loss
    ("2026-01-05", "a1", "lost", 10, "price", "retail"),
    ("2026-02-05", "a2", "lost", 10, "price", "retail"),
    ("2026-03-05", "a3", "lost", 10, "price", None),
    ("2026-01-06", "b1", "lost", 50, "service", "trade"),
    ("2026-01-07", "b2", "lost", NAN, "service", "trade"),
    ("2026-02-08", "c1", "lost", 5, "  ", "retail"),
    ("2026-02-09", "c2", "lost", 7, None, "retail"),
    ("2026-03-10", "d1", "lost", 20, "delivery", "trade"),
    ("2026-03-11", "d2", "lost", 40, "delivery", None),
    ("2026-03-12", "e1", "lost", 100, "quality", "trade"),
    ("2026-03-13", "f1", "lost", 1, "app", "retail"),
    ("2026-03-14", "g1", "lost", 2, "billing", "retail"),
])


def test_loss_reasons_top_five_and_other():
    table = loss_reasons(LOSSES, "month", T("2026-03-01"))
    # price 3 (30); count 2 ranked by value: delivery 60, service 50 (NaN→0),
    # (not given) 12 (blank 5 + NA 7); count 1: quality 100 wins; app 1 + billing 2 → other.
    assert table.to_dict("list") == {
        "reason": ["price", "delivery", "service", "(not given)", "quality", "all other reasons"],
        "count": [3, 2, 2, 2, 1, 2],
        "value": [30.0, 60.0, 50.0, 12.0, 100.0, 3.0],
        "rest": [False, False, False, False, False, True],
    }


def test_a_reason_called_other_is_a_reason_and_the_rest_is_apart():
    # issue 15: an export's own "Other" reason was greyed and sorted with the rest; now it ranks by its count
    losses = LOSSES.assign(reason=LOSSES["reason"].replace({"price": "Other"}))
    table = loss_reasons(losses, "month", T("2026-03-01"))
    assert table["reason"].tolist()[0] == "Other" and not table["rest"].iat[0]
    assert table["reason"].tolist()[-1] == "all other reasons" and table["rest"].iat[-1]


def test_loss_reasons_without_a_rest_has_no_other_row():
    table = loss_reasons(LOSSES, "month", T("2026-03-01"), periods=1, top=5)
    # March only: delivery 2 (60); then the singles by value: quality 100, price 10,
    # billing 2, app 1 → exactly 5 reasons.
    assert table["reason"].tolist() == ["delivery", "quality", "price", "billing", "app"]
    assert not table["rest"].any()


def test_lost_value_by_segment():
    table = lost_value_by_segment(LOSSES, "month", T("2026-03-01"))
    # trade: 50+0+20+100 = 170 (4); (no segment): 10+40 = 50 (2);
    # retail: 10+10+5+7+1+2 = 35 (6).
    assert table.to_dict("list") == {
        "segment": ["trade", "(no segment)", "retail"],
        "count": [4, 2, 6],
        "value": [170.0, 50.0, 35.0],
    }


def test_an_export_with_no_referral_at_all_has_no_referral_rate():
    # 2 acquired, 1 lost: with a referral the rate is 1 / 1 active = 100 %; with none it is
    # unknown (NaN: "no referral data"), never 0 %
    events = [("2026-01-03", "a", "acquired", 5, None, None), ("2026-01-04", "b", "acquired", 5, None, None),
              ("2026-01-05", "a", "lost", 5, None, None)]
    without = customer_flow(ledger(events), "month").iloc[0]
    assert without["referrers"] == 0 and math.isnan(without["referral_rate_pct"])
    with_one = customer_flow(ledger(events + [("2026-01-06", "b", "referred", NAN, None, None)]), "month").iloc[0]
    assert with_one["referral_rate_pct"] == 100.0
