"""The engine's issue aggregations (issue 16) give the figures their definitions give.

`engine/issues.py` counts per period and value with Ibis on the embedded DuckDB; the
pure functions of `metrics/issues.py` turn those cells into the flow, backlog and
time-to-close tables. On a hand-worked fixture, and on the demo room's 39,257 issues for
every period length against a plain pandas count of each definition, they agree.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from customer_room import metrics as m
from customer_room.engine import Embedded
from customer_room.engine.issues import close_times, flow_cells
from customer_room.load.room import load_room
from customer_room.metrics import issues as issue_cells

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


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    """Period starts the plain pandas way (weeks from Monday)."""
    code = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q"}[freq]
    return dates.dt.to_period(code).dt.start_time


@pytest.mark.parametrize("freq", ["day", "week", "month", "quarter"])
def test_the_demo_room_counts_what_its_definitions_count(engine, demo_issues, freq):
    as_of = max(demo_issues["opened"].max(), demo_issues["closed"].max())
    table = engine.table("demo", demo_issues)
    cells = engine.run(flow_cells(table, freq))
    if freq != "day":  # what comes back is small (a day holds about 7 issues of a category here)
        assert len(cells) < len(demo_issues) / 5
    room, by = issue_cells.flows(cells, freq, as_of)
    opened = demo_issues.groupby(_periods(demo_issues["opened"], freq)).size()
    closed = demo_issues.groupby(_periods(demo_issues["closed"], freq)).size()
    assert room["opened"].tolist() == opened.reindex(room["period"], fill_value=0).tolist()
    assert room["closed"].tolist() == closed.reindex(room["period"], fill_value=0).tolist()
    unknown = demo_issues.get("closed_unknown", False)
    for start, backlog in list(zip(room["period"], room["backlog"]))[-5:]:  # open at the period's end, by definition
        end = m.period_end(start, freq)
        assert backlog == int(((demo_issues["opened"] <= end) & ~(demo_issues["closed"] <= end) & ~unknown).sum())
    biggest = demo_issues["category"].value_counts().index[0]
    mine = demo_issues[demo_issues["category"] == biggest]
    assert by[biggest]["opened"].sum() == len(mine)
    per_period = issue_cells.close_table(engine.run(close_times(table, freq, by=None)), freq, as_of)
    done = demo_issues[demo_issues["closed"] >= demo_issues["opened"]]
    days = (done["closed"] - done["opened"]) / pd.Timedelta(days=1)
    grouped = days.groupby(_periods(done["closed"], freq))
    expected = pd.DataFrame({"n": grouped.size(), "median_days": grouped.median(), "p90_days": grouped.quantile(0.9)})
    got = per_period.set_index("period").loc[expected.index]
    assert got["n"].tolist() == expected["n"].tolist()
    np.testing.assert_allclose(got[["median_days", "p90_days"]], expected[["median_days", "p90_days"]], rtol=1e-9)


def test_a_category_that_never_closed_has_no_figures(engine):
    frame = hand_issues().assign(category=pd.Series(["Late", "Billing", "Late", "Never", "Billing"], dtype="str"))
    table = engine.table("hand", frame)
    got, by_period = issue_cells.close_tables_by(engine.run(close_times(table, "week")), engine.run(close_times(table, None)),
                                                 ["Billing", "Late", "Never"], "week", T("2026-01-14"))
    assert got["Never"]["n"] == 0 and np.isnan(got["Never"]["median_days"])
    assert by_period["Never"]["n"].tolist() == [0, 0] and by_period["Late"]["n"].tolist() == [0, 1]
    assert got["Billing"] == {"n": 1, "median_days": 0.25, "p90_days": 0.25, "mean_days": 0.25}


@pytest.mark.slow
def test_a_bad_date_deep_in_a_big_export_names_its_line(tmp_path):
    from customer_room.build import build_site
    from customer_room.errors import RoomError
    from customer_room.report import Reporter

    n = 1_000_000
    opened = (pd.Timestamp("2025-01-01") + pd.to_timedelta(np.arange(n) % 500, unit="D")).strftime("%Y-%m-%d")
    frame = pd.DataFrame({"id": np.arange(n), "opened": opened, "category": "Late"})
    frame.loc[699_999, "opened"] = "2025-13-45"  # data row 700,000: line 700,001 after the header
    (tmp_path / "room" / "data").mkdir(parents=True)
    frame.to_csv(tmp_path / "room" / "data" / "issues.csv", index=False)
    with pytest.raises(RoomError) as caught:
        build_site(tmp_path / "room", tmp_path / "site", Reporter(quiet=True))
    assert "data/issues.csv:700001: column 'opened': '2025-13-45' is not a date" in str(caught.value)


@pytest.mark.parametrize(("freq", "by"), [(None, None), ("week", None), (None, "category"), ("month", "category")])
def test_quantiles_in_bounded_memory_equal_the_backends_own(engine, demo_issues, freq, by):
    """The two-pass quantiles (`engine/quantiles.py`, for rows that are not in memory)
    give what DuckDB's QUANTILE_CONT gives, to the last digit that matters."""
    table = engine.table("demo", demo_issues)
    keys = [k for k, used in (("period", freq), ("value", by)) if used]
    own = engine.run(close_times(table, freq, by)).sort_values(keys).reset_index(drop=True) if keys else \
        engine.run(close_times(table, freq, by))
    bounded = engine.run(close_times(table, freq, by, bounded=True))
    bounded = bounded.sort_values(keys).reset_index(drop=True) if keys else bounded
    assert own["n"].tolist() == bounded["n"].tolist()
    np.testing.assert_allclose(bounded[["median_days", "p90_days", "mean_days"]],
                               own[["median_days", "p90_days", "mean_days"]], rtol=1e-9)


def test_bounded_quantiles_of_tiny_groups_and_ties(engine):
    # one issue (n 1), two issues a bin apart, and four with ties across an hour's bin edge
    opened = pd.to_datetime(["2026-01-05"] * 7)
    closed = opened + pd.to_timedelta([5, 30, 90, 60, 60, 60, 61.5], unit="min")
    frame = pd.DataFrame({"opened": opened, "closed": closed, "category": list("ABBCCCC")})
    got = engine.run(close_times(engine.table("ties", frame), None, "category", bounded=True)).sort_values("value")
    minutes = {"A": [5], "B": [30, 90], "C": [60, 60, 60, 61.5]}
    for (_, row), (name, values) in zip(got.iterrows(), minutes.items()):
        days = np.asarray(values) / 1440
        assert row["n"] == len(values)
        assert row["median_days"] == pytest.approx(np.quantile(days, 0.5), rel=1e-12)
        assert row["p90_days"] == pytest.approx(np.quantile(days, 0.9), rel=1e-12)


def test_the_newest_words_found_by_the_engine_are_the_pages_own(engine, demo_issues):
    """A scanned export's or a warehouse's quotes (`engine/words.py`) are the ones a
    file's frame gives (`pages.common.latest_words`): the same dates, newest first, and
    the same words wherever two quotes of a category do not share their time."""
    from customer_room.engine.words import latest_words as engine_words
    from customer_room.pages.common import latest_words

    expected = latest_words(demo_issues, "category", "text", "opened", limit=5)
    found = engine.run(engine_words(engine.table("demo", demo_issues), "category", "text", "opened", 5))
    assert sorted(found["key"].unique()) == sorted(expected)
    for key, quotes in expected.items():
        mine = found[found["key"] == key]
        assert [pd.Timestamp(d) for d in mine["date"]] == [q["date"] for q in quotes], key
        dates = [q["date"] for q in quotes]
        for text, quote in zip(mine["text"], quotes):
            if dates.count(quote["date"]) == 1:
                assert text == quote["text"], key
