"""What a wall lists (issue 15): no zero-count bar among the top categories, the rest counted as
'other', and a customer's words shown once when two tables hold them."""

from __future__ import annotations

from types import SimpleNamespace

from customer_room.pages.issues import top_rows


def test_a_category_with_no_issue_in_the_window_is_no_bar():
    cats = [SimpleNamespace(name=n, recent=r) for n, r in (("Late", 50), ("Billing", 7), ("Spam", 0), ("Old", 0))]
    rows = top_rows(cats, 3)
    assert rows.to_dict("records") == [{"category": "Late", "count": 50}, {"category": "Billing", "count": 7}]
    # past the top n, the rest is one 'other' bar with their sum
    assert top_rows(cats[:2] + [SimpleNamespace(name="Returns", recent=3)], 2).to_dict("records")[-1] == \
        {"category": "other", "count": 3}


def test_a_quote_in_two_tables_is_shown_once():
    from customer_room.pages.touchpoints import once

    words = [{"text": "Box was crushed", "date": 1}, {"text": "Late again", "date": 2},
             {"text": "Box was crushed ", "date": 1}]
    assert [w["text"] for w in once(words)] == ["Box was crushed", "Late again"]
