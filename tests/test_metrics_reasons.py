"""Owners for why customers leave (`metrics/reasons.py`), pinned on a hand-counted
ledger of losses run through the embedded engine (`through_engine.py`).

Customers lost per month, January to July 2026 (July is running: as of 15 July):

    Price     10  8 12  9  6  4 | 3
    Delivery   2  0  5  5  5  5 | 0
    price      0  0  0  0  0  1 | 0   (spelt apart by the export: a reason of its own)
    (blank)    0  0  0  0  0  1 | 0   -> "(not given)"
"""

from __future__ import annotations

import pandas as pd
import pytest
from through_engine import loss_reasons, reason_cells

from customer_room.load.commentary import Note
from customer_room.metrics.periods import period_range
from customer_room.metrics.reasons import (
    match_notes,
    reason_counts,
    reason_keys,
    track_reasons,
    unowned_reasons,
)

T = pd.Timestamp
MONTHS = [T(f"2026-0{m}-01") for m in range(1, 8)]
PER_MONTH = {"Price": [10, 8, 12, 9, 6, 4, 3], "Delivery": [2, 0, 5, 5, 5, 5, 0], "price": [0, 0, 0, 0, 0, 1, 0],
             "": [0, 0, 0, 0, 0, 1, 0]}
AS_OF, JUNE = T("2026-07-15"), T("2026-06-01")


def _losses() -> pd.DataFrame:
    rows = [(month + pd.Timedelta(days=2 + i), f"{reason or 'x'}-{month:%m}-{i}", "lost", 10.0, reason)
            for reason, counts in PER_MONTH.items() for month, n in zip(MONTHS, counts) for i in range(n)]
    frame = pd.DataFrame(rows, columns=["date", "customer_id", "event", "value", "reason"])
    frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame


LOSSES = _losses()
CELLS = reason_cells(LOSSES, "month")
SPANS = pd.Series(period_range(MONTHS[0], MONTHS[-1], "month"))
COUNTS = reason_counts(CELLS, "month", SPANS)
KEYS = reason_keys(COUNTS)


def note(key: str, **meta) -> Note:
    typed = {k: T(v) if k in ("started", "target_date") else v for k, v in meta.items()}
    return Note(f"walls/reasons/{key}.md", key, typed, "Body.")


def test_losses_per_period_for_each_reason_with_no_gaps():
    assert sorted(COUNTS) == ["(not given)", "Delivery", "Price", "price"]
    assert COUNTS["Price"]["count"].tolist() == [10, 8, 12, 9, 6, 4, 3]
    assert COUNTS["Delivery"]["count"].tolist() == [2, 0, 5, 5, 5, 5, 0]  # February and July filled with 0
    assert COUNTS["(not given)"]["count"].tolist() == [0, 0, 0, 0, 0, 1, 0]
    assert list(COUNTS["Price"]["period"]) == MONTHS
    assert sorted(reason_counts(CELLS, "month", SPANS, ["Delivery", "Nowhere"])) == ["Delivery"]  # only those asked for


def test_keys_are_the_slugs_of_the_reasons_as_spelt_and_never_merge_two():
    assert KEYS == {"(not given)": "not-given", "Delivery": "delivery", "Price": "price", "price": "price-2"}


def test_notes_match_by_file_key_or_by_the_reason_they_name():
    notes = {"price": note("price"), "lowercase": note("lowercase", reason="price"), "cost": note("cost"),
             "shout": note("shout", reason="DELIVERY "), "both": note("both", reason="PRICE")}
    matched, stray = match_notes(KEYS, notes)
    assert {name: n.key for name, n in matched.items()} == {"Price": "price", "price": "lowercase", "Delivery": "shout"}
    # no such key; "PRICE" could be either spelling
    assert [(n.key, taken) for n, taken in stray] == [("both", None), ("cost", None)]
    _, stray = match_notes(KEYS, {"price": note("price"), "again": note("again", reason="Price")})
    assert [(n.key, taken) for n, taken in stray] == [("price", "Price")]  # "again" came first, by file name


def test_an_owned_reason_has_the_issue_trend_of_its_losses():
    notes = {"price": note("price", owner="Sam", started="2026-03-05", target=3, target_date="2026-09-30"),
             "delivery": note("delivery", owner="Ana")}
    tracked, stray = track_reasons(CELLS, SPANS, KEYS, notes, "month", JUNE, AS_OF)
    assert stray == []
    price, delivery = tracked  # the most lost in April to June first: 19, then 15
    assert (price.name, price.key, price.owner, price.current, price.recent) == ("Price", "price", "Sam", 4, 19)
    t = price.trend
    assert t["baseline_period"] == T("2026-03-01") and t["baseline"] == 12
    assert t["current_period"] == JUNE and t["current"] == 4
    assert t["change_pct"] == pytest.approx((4 - 12) / 12 * 100)  # −66.7 %
    # least squares over January to June (10 8 12 9 6 4): slope −19.5 / 17.5, fitted 5.381 in June,
    # so 3 is reached ceil((3 − 5.381) / −1.114) = 3 months on: September, by the target date
    assert t["slope"] == pytest.approx(-19.5 / 17.5)
    assert t["projected_date"] == T("2026-09-01")
    assert t["status"] == "on track"
    assert (delivery.name, delivery.current, delivery.recent, delivery.trend) == ("Delivery", 5, 15, None)


def test_a_reason_at_or_below_its_target_has_reached_it():
    notes = {"delivery": note("delivery", owner="Ana", started="2026-01-10", target=5)}
    [delivery], _ = track_reasons(CELLS, SPANS, KEYS, notes, "month", JUNE, AS_OF)
    assert delivery.trend["baseline"] == 2 and delivery.trend["current"] == 5
    assert delivery.trend["change_pct"] == pytest.approx(150.0)
    assert delivery.trend["status"] == "reached"


def test_the_large_reasons_nobody_owns_are_the_top_reasons_less_the_owned_ones():
    top = loss_reasons(LOSSES, "month", JUNE)  # April to June: Price 19, Delivery 15, then 1 each
    assert top["reason"].tolist() == ["Price", "Delivery", "(not given)", "price"]
    nobody = unowned_reasons(top, [])
    assert nobody["reason"].tolist() == ["Price", "Delivery", "price"]  # a blank reason is never flagged
    assert nobody["rank"].tolist() == [1, 2, 4]
    assert nobody["count"].tolist() == [19, 15, 1]
    assert nobody["value"].tolist() == [190.0, 150.0, 10.0]
    tracked, _ = track_reasons(CELLS, SPANS, KEYS, {"price": note("price", owner="Sam"),
                                              "delivery": note("delivery", started="2026-02-01")}, "month", JUNE, AS_OF)
    # a note without an owner does not make its reason owned
    assert unowned_reasons(top, tracked)["reason"].tolist() == ["Delivery", "price"]


def test_a_room_with_no_losses_has_no_reasons():
    assert reason_counts(CELLS.iloc[:0], "month", pd.Series(MONTHS)) == {}
    assert reason_counts(CELLS, "month", pd.Series([], dtype="datetime64[ns]")) == {}
