"""The closed loop of Wall 3 (issue 17): detractors contacted back within the target, the
median time to contact and the outcome mix, on a hand-counted fixture, counted by the
embedded engine (`through_engine.py`) as a build counts them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from through_engine import follow_up_cells

from customer_room.metrics.follow_up import (
    follow_up_table,
    outcome_mix,
    pending_from,
    weighted_median,
)

T = pd.Timestamp
AS_OF = T("2026-02-28")
NAT = None

# date, touchpoint, instrument, score, followed_up, outcome
ROWS = [
    ("2026-01-05", "ship", "csat", 1, "2026-01-05", "resolved"),  # 0 h: within
    ("2026-01-06", "ship", "csat", 2, "2026-01-08", "resolved"),  # 2 days = 48 h: within (the edge)
    ("2026-01-07", "ship", "csat", 2, "2026-01-10 12:00", "no answer"),  # 3 days 12 h = 84 h: late
    ("2026-01-09", "ship", "csat", 3, "2026-01-09", "resolved"),  # CSAT 3 is no detractor
    ("2026-01-10", "ship", "nps", 6, NAT, None),  # never contacted: missed
    ("2026-01-12", "ship", "ces", 3, "2026-01-13 09:30", None),  # 24 h + 9.5 h = 33.5 h: within, no outcome
    ("2026-01-15", "ship", "ces", 4, NAT, None),  # CES 4 is no detractor
    ("2026-01-20", "ship", "nps", 7, NAT, None),  # NPS 7 is a passive
    ("2026-01-21", "ship", "nps", 0, "2026-01-19", "resolved"),  # contacted before answering: left out
    ("2026-02-02", "ship", "csat", 1, "2026-02-05", "refund"),  # 3 days = 72 h: late
    ("2026-02-26", "ship", "nps", 5, NAT, None),  # 26th + 48 h = 28th, over by the end of the 28th: missed
    ("2026-02-27", "ship", "nps", 3, NAT, None),  # 27th + 48 h = 1 March: still open: pending
    ("2026-01-03", "web", "nps", 2, "2026-01-04", "resolved"),  # 24 h: within
]


def surveys() -> pd.DataFrame:
    date, tp, inst, score, followed, outcome = zip(*ROWS)
    return pd.DataFrame({"date": pd.to_datetime(list(date)), "touchpoint": list(tp), "instrument": list(inst),
                         "score": np.array(score, dtype="float64"), "followed_up": pd.to_datetime(list(followed), format="ISO8601").astype("datetime64[ns]"),
                         "outcome": pd.Series(outcome, dtype=object)})


@pytest.fixture(scope="module")
def cells():
    return follow_up_cells(surveys(), AS_OF, 48.0)


def row(table, period, touchpoint=None):
    found = table[(table["period"] == T(period)) & ((table["touchpoint"] == touchpoint) if touchpoint else True)]
    assert len(found) == 1
    return found.iloc[0]


def test_one_touchpoint_month_by_hand(cells):
    table = follow_up_table(cells, 48.0)
    jan = row(table, "2026-01-01", "ship")
    # detractors: csat 1, csat 2, csat 2, nps 6, ces 3 = 5 (the nps 0 contacted before it answered is left out)
    assert (jan.detractors, jan.within, jan.late, jan.pending, jan.missed, jan.contacted) == (5, 3, 1, 0, 1, 4)
    assert jan.share_within == pytest.approx(60.0)  # 3 within / (3 + 1 late + 1 missed) = 60 %
    assert jan.median_hours == pytest.approx(40.75)  # contacted: 0, 33.5, 48, 84 h → (33.5 + 48) / 2


def test_a_window_still_open_at_as_of_is_pending_not_missed(cells):
    feb = row(follow_up_table(cells, 48.0), "2026-02-01", "ship")
    # 2 Feb late (72 h), 26 Feb missed, 27 Feb pending: the share is of the 2 settled ones
    assert (feb.detractors, feb.within, feb.late, feb.pending, feb.missed) == (3, 0, 1, 1, 1)
    assert feb.share_within == 0.0  # 0 / (0 + 1 + 1)
    assert feb.median_hours == 72.0


def test_the_whole_room_per_month(cells):
    room = follow_up_table(cells, 48.0, by=())
    assert list(room.columns[:2]) == ["period", "detractors"]
    jan = row(room, "2026-01-01")
    assert (jan.detractors, jan.within) == (6, 4)  # ship's 5 and web's 1; web within (24 h)
    assert jan.share_within == pytest.approx(400 / 6)  # 4 / (4 + 1 + 1) = 66.7 %
    assert jan.median_hours == 33.5  # 0, 24, 33.5, 48, 84 h: the middle one


def test_the_target_decides_within_or_late(cells):
    jan = row(follow_up_table(cells, 24.0), "2026-01-01", "ship")
    assert (jan.within, jan.late) == (1, 3)  # only the 0 h contact is within 24 h
    jan = row(follow_up_table(cells, 96.0), "2026-01-01", "ship")
    assert (jan.within, jan.late, jan.share_within) == (4, 0, 80.0)  # 4 / (4 + 0 + 1 missed)


def test_outcome_mix_of_the_month(cells):
    mix = outcome_mix(cells, T("2026-01-01"))
    ship = mix[mix["touchpoint"] == "ship"]
    # contacted in January: resolved ×2, no answer ×1, and the 33.5 h one with no outcome
    assert list(zip(ship["outcome"], ship["count"], ship["share"])) == [
        ("resolved", 2, 50.0), ("no answer", 1, 25.0), ("not recorded", 1, 25.0)]


def test_pending_from_counts_to_the_end_of_the_as_of_day():
    assert pending_from(T("2026-02-28"), 48.0) == T("2026-02-27")  # 1 March 00:00 − 48 h
    assert pending_from(T("2026-02-28 15:00"), 36.0) == T("2026-02-27 12:00")


def test_no_follow_up_column_counts_every_detractor_as_not_contacted():
    frame = surveys().drop(columns=["followed_up", "outcome"])
    table = follow_up_table(follow_up_cells(frame, AS_OF), 48.0)
    jan = row(table, "2026-01-01", "ship")
    assert (jan.detractors, jan.contacted, jan.missed) == (6, 0, 6)  # the nps 0 of the 21st counts now
    assert math.isnan(jan.median_hours)


@pytest.mark.parametrize(("values", "weights", "expected"), [
    ([1, 2, 3], [1, 1, 1], 2.0),
    ([1, 2, 3, 4], [1, 1, 1, 1], 2.5),
    ([5, 1], [3, 1], 5.0),  # 1, 5, 5, 5
    ([5, 1], [1, 1], 3.0),
    ([2.0, float("nan")], [1, 4], 2.0),  # a missing value is not counted
    ([], [], float("nan")),
])
def test_weighted_median_is_numpy_median_of_the_repeated_values(values, weights, expected):
    found = weighted_median(values, weights)
    assert (math.isnan(found) and math.isnan(expected)) or found == expected
    if values and not any(map(math.isnan, map(float, values))):
        assert found == np.median(np.repeat(values, weights))


@pytest.mark.parametrize(("hours", "text"), [(0.0, "0 h"), (4.5, "4.5 h"), (37.0, "37 h"), (36.55, "37 h"),
                                             (71.9, "72 h"), (72.0, "3.0 days"), (96.0, "4.0 days"),
                                             (float("nan"), "—")])
def test_a_time_to_contact_reads_in_hours_then_days(hours, text):
    from customer_room import fmt

    assert fmt.hours(hours) == text
