"""What a wall lists (issue 15): no zero-count bar among the top categories, the rest counted as
one bar for the rest, and a customer's words shown once when two tables hold them."""

from __future__ import annotations

from types import SimpleNamespace

from customer_room.pages.issues import top_rows


def test_a_category_with_no_issue_in_the_window_is_no_bar():
    cats = [cat(n, r) for n, r in (("Late", 50), ("Billing", 7), ("Spam", 0), ("Old", 0))]
    rows = top_rows(cats, 3)
    assert rows.to_dict("records") == [{"category": "Late", "count": 50, "rest": False},
                                       {"category": "Billing", "count": 7, "rest": False}]
    # past the top n, the rest is one bar with their sum
    assert top_rows(cats[:2] + [cat("Returns", 3)], 2).to_dict("records")[-1] == \
        {"category": "all other categories", "count": 3, "rest": True}


def test_the_group_of_small_categories_is_never_ranked_but_counted_in_the_rest():
    cats = [cat("Late", 50), cat("Categories with fewer than 5 issues", 60, group=True), cat("Billing", 7)]
    assert top_rows(cats, 2).to_dict("records") == [
        {"category": "Late", "count": 50, "rest": False}, {"category": "Billing", "count": 7, "rest": False},
        {"category": "all other categories", "count": 60, "rest": True}]


def test_a_category_called_like_the_rest_keeps_its_name_and_the_rest_changes():
    cats = [cat("all other categories", 9), cat("Late", 5), cat("Billing", 1)]
    assert top_rows(cats, 2)["category"].tolist() == ["all other categories", "Late", "all other categories (the rest)"]


def cat(name, recent, group=False):
    return SimpleNamespace(name=name, recent=recent, group=group)


def test_a_quote_in_two_tables_is_shown_once():
    from customer_room.pages.touchpoints import once

    words = [{"text": "Box was crushed", "date": 1}, {"text": "Late again", "date": 2},
             {"text": "Box was crushed ", "date": 1}]
    assert [w["text"] for w in once(words)] == ["Box was crushed", "Late again"]
