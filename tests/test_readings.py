"""Several readings of one export (`[[data.<file>]]`, issue 15): a subscription table read
as acquisitions at creation and losses at deletion, with value and reason."""

from __future__ import annotations

import pandas as pd
import pytest

from customer_room.errors import ConfigError, RoomError
from customer_room.load.room import load_room
from through_engine import customer_flow

SUBSCRIPTIONS = ("id,customer,plan_value,created_at,deleted_at,cancel_reason\n"
                 "S1,C1,120,2026-01-05,2026-02-10,Price\nS2,C2,80,2026-01-12,,\n"
                 "S3,C3,200,2026-02-03,2026-02-20,Moved away\nS4,C4,50,2026-02-14,,\n")
TWO_READINGS = '''
[[data.customers]]
file = "exports/subscriptions.csv"
constants = { event = "acquired" }
[data.customers.columns]
customer_id = "customer"
date = "created_at"
value = "plan_value"

[[data.customers]]
file = "exports/subscriptions.csv"
constants = { event = "lost" }
[data.customers.columns]
customer_id = "customer"
date = "deleted_at"
value = "plan_value"
reason = "cancel_reason"
[data.customers.drop]
deleted_at = { empty = true }
'''


def room(tmp_path, toml: str, subscriptions: str = SUBSCRIPTIONS):
    (tmp_path / "exports").mkdir(exist_ok=True)
    (tmp_path / "room.toml").write_text('name = "Subscriptions"\n' + toml, encoding="utf-8")
    (tmp_path / "exports" / "subscriptions.csv").write_text(subscriptions, encoding="utf-8")
    return load_room(tmp_path)


def test_a_subscription_export_read_twice_gives_acquisitions_and_losses(tmp_path):
    loaded = room(tmp_path, TWO_READINGS)
    frame = loaded.frame("customers")
    assert frame["event"].tolist() == ["acquired"] * 4 + ["lost"] * 2
    lost = frame[frame["event"] == "lost"]
    assert lost["customer_id"].tolist() == ["C1", "C3"] and lost["reason"].tolist() == ["Price", "Moved away"]
    assert lost["date"].tolist() == [pd.Timestamp("2026-02-10"), pd.Timestamp("2026-02-20")]
    assert lost["value"].tolist() == [120.0, 200.0]
    # by hand: January 2 in, 0 out; February 2 in (S3, S4), 2 out (C1, C3): active 2 then 2
    flow = customer_flow(frame, "month")
    assert flow["acquired"].tolist() == [2, 2] and flow["lost"].tolist() == [0, 2]
    assert flow["active_end"].tolist() == [2, 2]
    assert loaded.sources["customers"] == "exports/subscriptions.csv"
    assert "exports/subscriptions.csv: kept 2 of 4 rows (drop deleted_at, in [[data.customers]] #2)" in \
        [str(n) for n in loaded.notes]


def test_a_problem_names_the_reading_it_is_in(tmp_path):
    bad = SUBSCRIPTIONS.replace("2026-02-20", "20/02/2026")
    with pytest.raises(RoomError) as err:
        room(tmp_path, TWO_READINGS, bad)
    assert [str(p) for p in err.value.problems] == [
        "exports/subscriptions.csv:4: column 'date': '20/02/2026' is not a date (expected YYYY-MM-DD, or set "
        "date_format in [[data.customers]] #2) (looks like day-first dates: set dayfirst = true in "
        "[[data.customers]] #2)"]


def test_a_bad_key_of_one_reading_is_named_with_its_place(tmp_path):
    with pytest.raises(ConfigError) as err:
        room(tmp_path, TWO_READINGS.replace('constants = { event = "lost" }', 'constants = { event = "lost" }\n'
                                                                          'dayfirts = true'))
    assert [str(p) for p in err.value.problems] == [
        "room.toml: unknown setting 'data.customers[1].dayfirts' (did you mean 'data.customers[1].dayfirst'?)"]


def test_acquisitions_alone_are_said_not_to_be_the_whole_story(tmp_path):
    one = TWO_READINGS.split("[[data.customers]]")[1]  # the first reading only
    loaded = room(tmp_path, "[[data.customers]]" + one)
    assert ("exports/subscriptions.csv: has customers acquired but none lost: churn reads 0 % and retention 100 % "
            "(a subscription export with a deletion date is read twice, as acquisitions and as losses "
            "([[data.customers]]: see docs/guide/mapping-exports.md))") in [str(w) for w in loaded.warnings]
    assert not any("none lost" in str(w) for w in room(tmp_path, TWO_READINGS).warnings)
