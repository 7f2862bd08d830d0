"""Review dates, the comparison of two snapshots and what the history keeps (issue 17):
pure functions pinned on small hand-worked cases."""

from __future__ import annotations

import datetime as dt

import pytest

from customer_room.errors import ConfigError
from customer_room.load.history import baseline, remembered
from customer_room.load.review import last_review, review_dates
from customer_room.load.settings import parse_settings
from customer_room.metrics.walk import changes, kept

D = dt.date


@pytest.mark.parametrize(("cadence", "expected"), [
    ("monthly on the first Tuesday", [D(2026, 10, 6), D(2026, 11, 3), D(2026, 12, 1)]),
    ("Monthly on the LAST friday", [D(2026, 10, 30), D(2026, 11, 27), D(2026, 12, 25)]),
    ("monthly on the 1st", [D(2026, 10, 1), D(2026, 11, 1), D(2026, 12, 1)]),
    ("quarterly on the second Monday", [D(2026, 10, 12)]),
    ("weekly on Wednesday", [D(2026, 12, 2), D(2026, 12, 9), D(2026, 12, 16), D(2026, 12, 23), D(2026, 12, 30)]),
])
def test_a_cadence_gives_its_dates(cadence, expected):
    first = D(2026, 12, 1) if cadence.startswith("weekly") else D(2026, 10, 1)
    assert review_dates(cadence, (), first, D(2026, 12, 31)) == expected


def test_listed_dates_join_the_cadence_and_the_last_review_is_before_the_data():
    dates = ("2026-11-20", "2026-11-03")  # one of them also a first Tuesday: listed once
    assert review_dates("monthly on the first Tuesday", dates, D(2026, 11, 1), D(2026, 11, 30)) == \
        [D(2026, 11, 3), D(2026, 11, 20)]
    assert last_review("monthly on the first Tuesday", (), D(2026, 12, 1)) == D(2026, 11, 3)  # strictly before
    assert last_review("", ("2027-01-01",), D(2026, 12, 1)) is None


@pytest.mark.parametrize(("review", "message"), [
    ({"cadence": "every full moon"}, "'every full moon' is not a cadence customer-room reads"),
    ({"cadence": "monthly on Tuesday"}, "say which Tuesday of the month"),
    ({"cadence": "monthly on the 31st"}, "a day of the month is 1 to 28"),
    ({"dates": ["2026-02-30"]}, "'review.dates': '2026-02-30' is not a date"),
])
def test_a_review_setting_that_cannot_be_read_names_itself(review, message):
    with pytest.raises(ConfigError) as caught:
        parse_settings({"review": review})
    assert message in str(caught.value)


def _snapshot(as_of, kpi="watch", issue="on track", owner="Sam", action="open", digest="a1", top=("late",)):
    return {"as_of": as_of, "top": list(top),
            "headlines": {"issues.opened": {"label": "Opened", "wall": "Issues", "value": 12.0, "text": "12",
                                            "period": "2026-W09", "page": "walls/issues.html"}},
            "kpis": {"web/Search": {"name": "Web: Search", "status": kpi, "text": "70%", "page": "touchpoints/web.html"}},
            "issues": {"late": {"name": "Late", "status": issue, "owner": owner, "page": "issues/late.html"}},
            "owners": {"late": {"name": "Late", "owner": owner, "page": "issues/late.html"},
                       "billing": {"name": "Billing", "owner": None, "page": "issues/billing.html"}},
            "actions": {"a": {"action": "Spec", "issue": "Late", "owner": "Ana", "due": "2026-03-31", "state": action,
                              "page": "issues/late.html"}},
            "notes": {"walls/outcomes.md": {"title": "Outcomes wall", "owner": "Dana", "digest": digest,
                                            "page": "walls/outcomes.html"}}}


def test_changes_between_two_snapshots():
    before = kept(_snapshot("2026-02-28"))
    now = _snapshot("2026-04-02", kpi="off target", issue="reached", action="overdue", top=("late", "billing"))
    moved = changes(before, now)
    assert [(k["name"], k["before"], k["now"]) for k in moved["kpis"]] == [("Web: Search", "watch", "off target")]
    assert [(i["name"], i["reached"]) for i in moved["issues"]] == [("Late", True)]
    assert [(c["name"], c["what"]) for c in moved["categories"]] == [("Billing", "entered the top categories")]
    assert [(a["action"], a["what"]) for a in moved["actions"]] == [("Spec", "became overdue")]
    assert [n["path"] for n in moved["notes"]] == ["walls/outcomes.md"]  # the same digest: not updated
    assert moved["headlines"][0]["before"] == "12" and not moved["headlines"][0]["moved"]


def test_nothing_moved_and_an_owner_lost():
    before = kept(_snapshot("2026-02-28", action="done"))
    now = _snapshot("2026-04-02", owner=None, action="done", digest="b2")
    moved = changes(before, now)
    assert moved["kpis"] == [] and moved["actions"] == [] and moved["notes"] == []
    assert [(c["name"], c["what"]) for c in moved["categories"]] == [("Late", "lost its owner (Sam)")]


def _with_reasons(snapshot, owner="Priya", top=("reason:price",)):
    snapshot["owners"].update({"reason:price": {"name": "Price", "owner": None, "page": "walls/outcomes.html"},
                               "reason:delivery": {"name": "Delivery", "owner": owner, "page": "walls/outcomes.html"}})
    snapshot["top"] += list(top)
    return snapshot


def test_loss_reasons_that_entered_the_top_or_lost_their_owner():
    before = kept(_with_reasons(_snapshot("2026-02-28")))
    now = _with_reasons(_snapshot("2026-04-02"), owner=None, top=("reason:price", "reason:delivery"))
    moved = changes(before, now)
    assert [(c["name"], c["what"], c["page"]) for c in moved["categories"]] == [
        ("Delivery", "entered the top loss reasons", "walls/outcomes.html"),
        ("Delivery", "lost its owner (Priya)", "walls/outcomes.html")]


def test_a_walk_kept_before_reasons_had_owners_does_not_see_every_reason_enter_the_top():
    before = kept(_snapshot("2026-02-28"))  # no "reason:" keys at all
    moved = changes(before, _with_reasons(_snapshot("2026-04-02"), top=("reason:price", "reason:delivery")))
    assert moved["categories"] == []


def test_the_history_keeps_what_a_walk_asks_for():
    entries = [{"as_of": f"2026-{m:02d}-{d:02d}"} for m, d in ((1, 10), (1, 20), (2, 2), (2, 14), (2, 27))]
    kept_now = remembered(entries, {"as_of": "2026-03-05"}, [D(2026, 2, 3)])
    # the newest; the last on or before the review of 2026-02-03; the last of each month
    assert [e["as_of"] for e in kept_now] == ["2026-01-20", "2026-02-02", "2026-02-27", "2026-03-05"]
    assert baseline(kept_now, D(2026, 2, 3))["as_of"] == "2026-02-02"
    assert [e["as_of"] for e in remembered(kept_now, {"as_of": "2026-03-05", "x": 1}, [])][-1] == "2026-03-05"
    assert len(remembered(kept_now, {"as_of": "2026-03-05"}, [])) == len(kept_now) - 1  # replaced, 02-02 let go
