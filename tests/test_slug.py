"""Page addresses: safe, readable in any script, and stable for the category that had
them (issue 11, findings 13 and 16)."""

from __future__ import annotations

import json

import pytest

from customer_room.build import build_site
from customer_room.report import Reporter
from customer_room.slug import collisions, slugify, unique_slugs


@pytest.mark.parametrize("name, slug", [
    ("Late delivery!", "late-delivery"),
    ("../../x", "x"),
    ("Café crème", "cafe-creme"),
    ("Straße", "strasse"),
    ("Доставка", "dostavka"),
    ("配送遅延", "peisongchiyan"),
    ("Ελληνικά", "ellinika"),
    ("!!!", "item-" + __import__("hashlib").sha256(b"!!!").hexdigest()[:6]),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_names_in_other_scripts_get_distinct_readable_slugs():
    assert unique_slugs(["Доставка", "Оплата", "配送遅延"]) == {
        "Доставка": "dostavka", "Оплата": "oplata", "配送遅延": "peisongchiyan"}


def test_the_first_name_to_appear_keeps_the_plain_slug():
    assert unique_slugs(["Late delivery", "Late Delivery", "late-delivery"]) == {
        "Late delivery": "late-delivery", "Late Delivery": "late-delivery-2", "late-delivery": "late-delivery-3"}


def test_published_names_keep_their_slugs_whatever_comes_first():
    published = {"Late delivery": "late-delivery", "Billing": "billing"}
    assert unique_slugs(["Late Delivery", "Billing", "Late delivery"], published) == {
        "Late Delivery": "late-delivery-2", "Billing": "billing", "Late delivery": "late-delivery"}


def test_a_published_slug_is_not_kept_for_a_name_that_is_gone_or_a_bad_slug():
    assert unique_slugs(["Late Delivery"], {"Late delivery": "late-delivery"}) == {"Late Delivery": "late-delivery"}
    assert unique_slugs(["A"], {"A": "../evil"}) == {"A": "a"}


def test_collisions_name_the_groups():
    assert collisions({"Late delivery": "late-delivery", "Late Delivery": "late-delivery-2", "Billing": "billing"}) \
        == [["Late delivery", "Late Delivery"]]


def built_with_new_category(room, category: str):
    """The small room built, then built again with one new issue of `category` first in
    its export: (site, result, the late-delivery page)."""
    out = room / "site"
    build_site(room, out, Reporter(quiet=True))
    assert "Sam, Fulfilment" in (out / "issues" / "late-delivery.html").read_text()
    issues = room / "data" / "issues.csv"
    header, rows = issues.read_text().split("\n", 1)
    issues.write_text(f"{header}\nZ1,2026-02-20,,{category},ship,email,low,C7,Late again.\n{rows}")
    result = build_site(room, out, Reporter(quiet=True))
    return out, result, (out / "issues" / "late-delivery.html").read_text()


def test_a_new_spelling_that_differs_only_by_case_is_counted_on_the_category_page(small_room):
    out, result, page = built_with_new_category(small_room, "Late Delivery")
    assert "<title>Late delivery ·" in page and "Sam, Fulfilment" in page  # the owner's note stayed with it
    assert "Late again." in page  # the new spelling is counted there (issue 15: names folded for case and spacing)
    assert not (out / "issues" / "late-delivery-2.html").exists()
    assert ("data/issues.csv: column 'category': 1 category is spelt in more than one way (case or spacing) and "
            "counted as one, under the most frequent spelling: 'Late delivery' (also 'Late Delivery') (1 issue "
            "recounted)") in map(str, result.notes)


def test_a_new_category_that_differs_only_by_punctuation_does_not_take_over_a_page(small_room):
    out, result, page = built_with_new_category(small_room, "Late-delivery")
    assert "<title>Late delivery ·" in page and "Sam, Fulfilment" in page  # the owner's note stayed with it
    assert "Second carrier for the north" in page  # and its actions, keyed late-delivery
    assert "<title>Late-delivery ·" in (out / "issues" / "late-delivery-2.html").read_text()
    assert ("data/issues.csv: column 'category': 2 categories differ only by punctuation, and each has its "
            "own page: 'Late delivery' issues/late-delivery.html, 'Late-delivery' issues/late-delivery-2.html (if "
            "they are one issue, recode them into one with [data.issues.values.category])") in map(str, result.warnings)
    built = json.loads((out / "build.json").read_text())
    assert {"issues/late-delivery.html", "issues/late-delivery-2.html"} <= {p["path"] for p in built["pages"]}
