"""Wall 1's owners of why customers leave (issue 17), on the hand-computed fixture room.

The fixture loses 3 customers for "Price" (2 in January 2026, 1 in February: $430 a
year) and 1 for "Delivery" (February, $100); the data runs to 2026-02-28, so February
is the latest complete month and the top reasons cover 2025-12 to 2026-02. Price gets
an owner who started in January with a target of 1: baseline 2, now 1, −50.0 %, and
at or below its target, so "reached". Delivery is the 2nd largest reason and nobody
owns it.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, write_room
from pagetext import read_page

from customer_room.build import build_site
from customer_room.deps import stale_pages
from customer_room.report import Reporter

NOTES = {
    "walls/reasons/price.md": "---\nowner: Sam Lee, Pricing\nstarted: 2026-01-10\ntarget: 1\n"
                              "target_date: 2026-06-30\n---\nWe **reprice** the Occasional plan in March.\n",
    "walls/reasons/cost.md": "---\nowner: Ana\n---\nA note named after no reason.\n",
    "walls/reasons/shipping.md": "---\nreason: Shipping\nowner: Ana\n---\nA reason the data never gives.\n",
    "walls/reasons/the-price.md": "---\nreason: Price\nowner: Bo\n---\nA second note for Price.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    room = tmp_path_factory.mktemp("reasons") / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    write_room(room, NOTES)
    result = build_site(room, room.parent / "site", Reporter(quiet=True))
    return result, room.parent / "site"


def test_an_owned_reason_has_a_card_with_its_numbers(built):
    _, site = built
    figures, text = read_page(site / "walls/outcomes.html")
    assert figures["reason-lost:price"] == "1 lost in 2026-02"
    assert figures["reason-change:price"] == ("Change since baseline: −50.0 % (baseline 2 in 2026-01) since 2026-01 "
                                              "· target 1 by 2026-06-30")
    # the owner in full for a screen, then by name alone for a sheet (each hidden in the other)
    assert "Price reached Owner: Sam Lee, Pricing Sam Lee · since 2026-01-10" in text
    assert "We reprice the Occasional plan in March." in text  # the owner's note, on the card


def test_the_large_reasons_nobody_owns_are_flagged(built):
    _, site = built
    figures, _ = read_page(site / "walls/outcomes.html")
    assert figures["unowned-reason:1"] == ("needs an owner Delivery — the 2nd largest reason, 1 customer lost "
                                           "in 2025-12 to 2026-02, $100 a year")
    assert "unowned-reason:2" not in figures  # Price has an owner


def test_a_note_for_a_reason_the_data_never_gives_is_a_warning_naming_the_file(built):
    result, site = built
    warnings = [str(w) for w in result.warnings]
    assert ("walls/reasons/cost.md: no loss reason in data/customers.csv has the key 'cost' (name the file after a "
            "reason's key (delivery, price), or set 'reason:' in its front matter)") in warnings
    assert any(w.startswith("walls/reasons/shipping.md: reason 'Shipping' does not appear as such among the customers "
                            "lost in data/customers.csv") for w in warnings)
    assert ("walls/reasons/the-price.md: reason 'Price' already has a note, walls/reasons/price.md; this one is left "
            "out (one note per reason: merge the two)") in warnings
    assert "walls/reasons/cost.md" in read_page(site / "index.html")[1]  # in the data health
    assert "reason-lost:cost" not in read_page(site / "walls/outcomes.html")[0]


def test_the_kiosk_has_a_slide_of_the_owners(built):
    _, site = built
    kiosk = (site / "kiosk.html").read_text(encoding="utf-8")
    assert 'id="slide-outcomes-owners"' in kiosk and 'data-reason="price"' in kiosk


def test_rules_a_reason_note_replans_the_outcomes_wall_and_the_kiosk():
    pages = {"walls/outcomes.html": ("wall", "outcomes"), "walls/issues.html": ("wall", "issues"),
             "kiosk.html": ("kiosk", "kiosk")}
    reads = {p: set() for p in pages}
    stale = stale_pages({"walls/reasons/price.md"}, {"walls/reasons/price.md": "notes"}, pages, reads,
                        {("reason", "price")})
    assert stale.pages == {"walls/outcomes.html": "it summarises the note of reason 'price'",
                           "kiosk.html": "its slides show the note of reason 'price'"}
