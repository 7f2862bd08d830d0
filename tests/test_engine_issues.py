"""The engine's issue aggregations (issue 16) give the figures the row-by-row metrics give.

`engine/issues.py` counts per period and value with Ibis on the embedded DuckDB; the
pure functions of `metrics/issue_cells.py` turn those cells into the flow, backlog and
time-to-close tables. On a hand-worked fixture and on the demo room's 39,257 issues, for
every period length, they equal `metrics.issues` computed row by row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from customer_room import metrics as m
from customer_room.engine import Embedded, close_times, flow_cells
from customer_room.load.room import load_room
from customer_room.metrics import issue_cells

pytestmark = [pytest.mark.filterwarnings("ignore:The 'future.infer_string' option"),  # inside Ibis 12
              pytest.mark.filterwarnings("ignore:fetch_arrow_table")]
REPO = Path(__file__).resolve().parent.parent
T = pd.Timestamp


@pytest.fixture(scope="module")
def engine():
    return Embedded()


def hand_issues() -> pd.DataFrame:
    # week of Mon 5 Jan: A opened, B opened and closed; week of 12 Jan: C opened; A closed on the 14th;
    # D opened on the 13th closed by its status (no date); E closed before it opened (data error)
    return pd.DataFrame({
        "opened": pd.to_datetime(["2026-01-05 09:00", "2026-01-06 10:00", "2026-01-12 08:00", "2026-01-13 12:00",
                                  "2026-01-14 12:00"]),
        "closed": pd.to_datetime(["2026-01-14 17:00", "2026-01-06 16:00", None, None, "2026-01-07 12:00"]),
        "category": pd.Series(["Late", "Billing", "Late", None, "Billing"], dtype="str"),  # canonical: blank is missing
        "closed_unknown": [False, False, False, True, False],
    })


def test_the_flow_of_a_hand_worked_fixture(engine):
    cells = engine.run(flow_cells(engine.table("hand", hand_issues()), "week"))
    room, by = issue_cells.flows(cells, "week", T("2026-01-14"))
    # week 1: opened A, B (2), closed B and E (E's close date is in week 1): 2; backlog A (1)
    # week 2: opened C, D, E (3), closed A (1); open at its end: C only (D closed by status, E closed)
    assert room.to_dict("list") == {"period": [T("2026-01-05"), T("2026-01-12")], "opened": [2, 3],
                                    "closed": [2, 1], "net_flow": [0, 2], "backlog": [1, 1]}
    assert sorted(by) == ["(none)", "Billing", "Late"]
    assert by["Late"]["backlog"].tolist() == [1, 1] and by["(none)"]["opened"].tolist() == [0, 1]
    summary = engine.run(close_times(engine.table("hand", hand_issues()), "week", by=None))
    table = issue_cells.close_table(summary, "week", T("2026-01-14"))
    # week 1: B took 6 h = 0.25 days (E closed before it opened: left out); week 2: A took 9 days 8 h
    assert table["n"].tolist() == [1, 1]
    assert table["median_days"].tolist() == pytest.approx([0.25, 9 + 8 / 24])


@pytest.fixture(scope="module")
def demo_issues():
    return load_room(REPO).frames["issues"]


@pytest.mark.parametrize("freq", ["day", "week", "month", "quarter"])
def test_the_demo_room_counts_the_same_through_the_engine(engine, demo_issues, freq):
    as_of = m.default_as_of(demo_issues)
    table = engine.table("demo", demo_issues)
    cells = engine.run(flow_cells(table, freq))
    if freq != "day":  # what comes back is small (a day holds about 7 issues of a category here)
        assert len(cells) < len(demo_issues) / 5
    room, by = issue_cells.flows(cells, freq, as_of)
    pd.testing.assert_frame_equal(room, m.issue_flow(demo_issues, freq, as_of), check_dtype=False)
    rows = m.issue_flow_by(demo_issues, freq, as_of)
    assert sorted(by) == sorted(rows)
    for value, flow in rows.items():
        pd.testing.assert_frame_equal(by[value], flow, check_dtype=False)
    per_period = issue_cells.close_table(engine.run(close_times(table, freq, by=None)), freq, as_of)
    pd.testing.assert_frame_equal(per_period, m.time_to_close_by_period(demo_issues, freq, as_of),
                                  check_dtype=False, rtol=1e-9)


@pytest.mark.parametrize("freq", ["week", "month"])
def test_time_to_close_per_category_is_the_same_through_the_engine(engine, demo_issues, freq):
    as_of = m.default_as_of(demo_issues)
    summaries, by_period = m.time_to_close_by(demo_issues, freq, as_of)
    table = engine.table("demo", demo_issues)
    got, got_by_period = issue_cells.close_tables_by(engine.run(close_times(table, freq)),
                                                     engine.run(close_times(table, None)), sorted(summaries), freq, as_of)
    assert sorted(got) == sorted(summaries) and sorted(got_by_period) == sorted(by_period)
    figures = ("median_days", "p90_days", "mean_days")
    for value, expected in summaries.items():
        assert got[value]["n"] == expected["n"]
        assert np.allclose([got[value][k] for k in figures], [expected[k] for k in figures], rtol=1e-9)
        pd.testing.assert_frame_equal(got_by_period[value], by_period[value], check_dtype=False, rtol=1e-9)


def test_a_category_that_never_closed_has_no_figures(engine):
    frame = hand_issues().assign(category=pd.Series(["Late", "Billing", "Late", "Never", "Billing"], dtype="str"))
    table = engine.table("hand", frame)
    got, by_period = issue_cells.close_tables_by(engine.run(close_times(table, "week")), engine.run(close_times(table, None)),
                                                 ["Billing", "Late", "Never"], "week", T("2026-01-14"))
    assert got["Never"]["n"] == 0 and np.isnan(got["Never"]["median_days"])
    assert by_period["Never"]["n"].tolist() == [0, 0] and by_period["Late"]["n"].tolist() == [0, 1]
    assert got["Billing"] == {"n": 1, "median_days": 0.25, "p90_days": 0.25, "mean_days": 0.25}
