"""Headline comparisons: direction, better or worse, and how a change reads (metrics.headline, fmt)."""

from __future__ import annotations

import math

import pytest

from customer_room import fmt
from customer_room.metrics.headline import DOWN, UP, good_for_kpi, headline


def test_a_rise_in_churn_is_worse_and_reads_in_points():
    h = headline("Churn", 3.4, 2.31, "2026-10", "2026-09", "percent")
    # Shown as 3.4 % and 2.3 %: up 1.1 points, and churn is good when it falls.
    assert (h.change, h.direction, h.verdict, h.arrow) == (1.1, UP, "worse", "▲")
    assert fmt.change(h) == "▲ 1.1 points vs 2026-09 · worse"


def test_two_figures_that_read_the_same_are_no_change():
    h = headline("Churn", 2.34, 2.26, "2026-10", "2026-09", "percent")
    # 2.34 and 2.26 both read 2.3 %: their 0.08 difference is not shown, so neither is a move.
    assert h.direction == "same" and h.verdict is None
    assert fmt.change(h) == "no change vs 2026-09"


def test_more_active_customers_is_better():
    h = headline("Active customers", 41_000, 40_100, "2026-10", "2026-09")
    assert fmt.change(h) == "▲ 900 vs 2026-09 · better" and h.good == UP


def test_a_faster_close_is_better_in_days():
    h = headline("Time to close", 0.6, 0.9, "2026-W46", "2026-W45", "days")
    assert fmt.figure(h) == "0.6 days"
    assert fmt.change(h) == "▼ 0.3 days vs 2026-W45 · better"
    assert fmt.change(h, short=True) == "▼ 0.3 days"


def test_nothing_to_compare_when_the_earlier_period_has_no_figure():
    for previous in (None, float("nan")):
        h = headline("Backlog", 100, previous, "2026-W46", "2026-W45")
        assert h.change is None and h.direction is None and h.verdict is None
        assert fmt.change(h) == "no 2026-W45 figure to compare"


def test_a_kpi_takes_its_good_direction_from_better():
    assert (good_for_kpi("lower"), good_for_kpi(" Higher "), good_for_kpi(None)) == (DOWN, UP, UP)
    assert good_for_kpi("sideways") is None
    hold = headline("Hold time", 3.2, 3.0, "2026-10", "2026-09", "reading", good=good_for_kpi("lower"), unit="min")
    assert fmt.change(hold) == "▲ 0.20 min vs 2026-09 · worse"
    small = headline("Unsubscribe rate", 0.28, 0.25, "2026-10", "2026-09", "reading", good=DOWN, unit="%")
    assert fmt.figure(small) == "0.28 %"  # a small rate keeps the places that show it move
    assert fmt.change(small) == "▲ 0.03 points vs 2026-09 · worse"


def test_a_figure_with_no_good_direction_moves_without_a_verdict():
    h = headline("Lost value", 12_345, 2_000, "2026-10", "2026-09", "money")
    assert h.good is None and h.verdict is None
    assert fmt.change(h) == "▲ $10k vs 2026-09"


@pytest.mark.parametrize(("n", "word"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                         (12, "12th"), (13, "13th"), (21, "21st"), (102, "102nd")])
def test_ordinals(n, word):
    assert fmt.ordinal(n) == word


def test_infinite_values_are_missing():
    assert headline("Churn", math.inf, 1.0, "a", "b", "percent").change is None
