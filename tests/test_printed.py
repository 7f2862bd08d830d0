"""Which printed sheets the data has overtaken (pages/printed.py), on hand-made figures."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from customer_room.pages.printed import (
    printed_json,
    read_printed,
    reprints,
    sheet_period,
)


def _figures(as_of, outcomes, issues):
    return SimpleNamespace(as_of=pd.Timestamp(as_of), touchpoints=None,
                           outcomes=SimpleNamespace(period=pd.Timestamp(outcomes), freq="month"),
                           issues=SimpleNamespace(period=pd.Timestamp(issues), freq="week"))


SHEETS = {"posters/outcomes.pdf": "walls/outcomes.html", "posters/issues/late-delivery.pdf": "issues/late-delivery.html",
          "posters/touchpoints.pdf": "walls/touchpoints.html", "posters/walk-handout.pdf": "walk.html"}
TITLES = {"posters/outcomes.pdf": "Outcomes", "posters/issues/late-delivery.pdf": "Late delivery",
          "posters/walk-handout.pdf": "Walk handout (A4)"}


def test_each_sheet_records_the_period_of_its_wall():
    then = _figures("2026-11-15", "2026-10-01", "2026-11-02")
    assert sheet_period(then, "walls/outcomes.html") == {"key": "2026-10-01", "shows": "2026-10"}
    assert sheet_period(then, "issues/late-delivery.html") == {"key": "2026-11-02", "shows": "2026-W45"}
    assert sheet_period(then, "walls/touchpoints.html") is None  # no touchpoint data: nothing printed of it
    recorded = read_printed(printed_json(then, SHEETS))
    assert set(recorded) == {"posters/outcomes.pdf", "posters/issues/late-delivery.pdf", "posters/walk-handout.pdf"}


def test_only_the_sheets_whose_period_moved_are_to_print_again():
    recorded = read_printed(printed_json(_figures("2026-11-15", "2026-10-01", "2026-11-02"), SHEETS))
    now = _figures("2026-11-20", "2026-10-01", "2026-11-09")  # same month, a week on
    again = reprints(recorded, now, list(SHEETS), TITLES)
    assert [(r["label"], r["shows"], r["now"]) for r in again] == [
        ("Late delivery poster", "2026-W45", "2026-W46"), ("Walk handout (A4)", "data as of 2026-11-15", "2026-11-20")]
    assert reprints(recorded, now, ["posters/outcomes.pdf"], TITLES) == []  # only sheets still published count


def test_a_missing_or_broken_record_says_nothing():
    now = _figures("2026-11-20", "2026-11-01", "2026-11-09")
    for text in (None, "", "{not json", '{"format": 2, "sheets": {}}', '{"format": 1, "sheets": {"x": 3}}', "[1]"):
        assert reprints(read_printed(text), now, list(SHEETS), TITLES) == []
