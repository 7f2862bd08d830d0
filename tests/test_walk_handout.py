"""The walk's handout (issue 17): `posters` prints walk.html on A4 portrait, at most two
pages, with the walk's items as text a leader can read and write beside."""

from __future__ import annotations

import re
import shutil

import pdfplumber
import pytest
from conftest import FIXTURES
from pagetext import read_page
from walked_room import a_month_later, walked_room

from customer_room.cli import main

pytestmark = pytest.mark.slow  # a real printer

A4 = (595.3, 841.9)  # points, portrait


def _handout_text(room) -> tuple[list[tuple[float, float]], str]:
    with pdfplumber.open(room / "site" / "posters" / "walk-handout.pdf") as pdf:
        sizes = [(round(float(p.width), 1), round(float(p.height), 1)) for p in pdf.pages]
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    return sizes, re.sub(r"\s+", " ", text)


def test_the_handout_is_a4_portrait_with_the_walks_items(tmp_path):
    room = walked_room(tmp_path)
    assert main(["build", "--room", str(room), "-q"]) == 0
    a_month_later(room)
    assert main(["posters", "--room", str(room), "-q"]) == 0
    sizes, text = _handout_text(room)
    assert 1 <= len(sizes) <= 2 and all(size == A4 for size in sizes)
    assert "Since the walk of 2026-02-28 · data as of 2026-04-02" in text
    for item in ("Finding a product: Search success: ▲watch → ✗off target (now 70 %)",
                 "Late delivery reached its target: ●on track → ●reached",
                 "New packaging spec (Late delivery) became overdue , due 2026-03-31 · Ana",
                 "Outcomes wall · Dana, CX lead (walls/outcomes.md)", "Receiving a shipment · Sam"):
        assert item in text, item
    index = (room / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="posters/walk-handout.pdf"' in index


def test_a_long_walk_still_prints_on_two_pages_and_says_how_many_more(tmp_path):
    room = walked_room(tmp_path)
    assert main(["build", "--room", str(room), "-q"]) == 0
    a_month_later(room)
    with open(room / "data" / "actions.csv", "a", encoding="utf-8") as f:  # 80 due in March, none done: overdue
        f.writelines(f"late-delivery,Call back the customers of depot {i} about their late parcels,Ana,"
                     f"2026-03-{i % 28 + 1:02d},planned,\n" for i in range(1, 81))
    assert main(["posters", "--room", str(room), "-q"]) == 0
    sizes, text = _handout_text(room)
    assert len(sizes) == 2 and all(size == A4 for size in sizes)
    shown = len(re.findall(r"Call back the customers of depot \d+", text))
    assert 2 <= shown < 81
    assert f"+ {80 - shown} more items on the intranet" in text  # of the 80 and New packaging spec, shown first
    walk = (room / "site" / "walk.html").read_text(encoding="utf-8")
    assert len(re.findall(r"Call back the customers of depot \d+", walk)) == 80  # the page has them all


def test_a_room_with_no_review_dates_gets_no_handout(tmp_path):
    room = tmp_path / "plain"
    shutil.copytree(FIXTURES / "small_room", room)
    assert main(["posters", "--room", str(room), "-q", "--size", "A4"]) == 0
    assert not (room / "site" / "posters" / "walk-handout.pdf").exists()
    assert (room / "site" / "posters" / "outcomes.pdf").is_file()


def test_the_index_says_which_printed_sheets_the_data_has_overtaken(tmp_path):
    room = walked_room(tmp_path)
    assert main(["posters", "--room", str(room), "-q", "--size", "A4"]) == 0
    index = read_page(room / "site" / "index.html")[1]
    assert "print again" not in index  # just printed
    with open(room / "data" / "customers.csv", "a", encoding="utf-8") as f:
        f.write("2026-03-10,C20,acquired,Members,100,\n")  # the data now runs to 2026-03-10
    assert main(["build", "--room", str(room), "-q"]) == 0
    index = read_page(room / "site" / "index.html")[1]
    assert "Outcomes poster" not in index  # March is not complete: the wall's figures are still February's
    assert "Issues poster shows 2026-W08; the data now covers 2026-W10: print again" in index  # the last full week
    assert "Walk handout (A4) shows data as of 2026-02-28; the data now runs to 2026-03-10: print again" in index
    a_month_later(room)
    assert main(["build", "--room", str(room), "-q"]) == 0
    index = read_page(room / "site" / "index.html")[1]
    assert "Outcomes poster shows 2026-02; the data now covers 2026-03: print again" in index
    assert "Touchpoints poster shows 2026-02; the data now covers 2026-03: print again" in index
    assert main(["posters", "--room", str(room), "-q", "--size", "A4"]) == 0  # printed again
    assert "print again" not in read_page(room / "site" / "index.html")[1]
