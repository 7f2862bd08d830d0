"""Category hygiene (issue 15): one category however the export spells it, and a free-text
column mapped as the category still makes a usable room.

A complaints export whose category is the complaint's title (as in a telecom complaints
export with 1,841 titles) has a few real categories and hundreds of titles used once or
twice. Built with the defaults, the small ones share one page, the wall says how many and
where, and a category an owner's note or an action names keeps its page whatever its size.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import write_room
from pagetext import read_page

from customer_room.build import build_site
from customer_room.load.categories import (
    min_issues,
    named_elsewhere,
    tidy_counts,
    tidy_issues,
)
from customer_room.report import Reporter


def issues(names) -> pd.DataFrame:
    return pd.DataFrame({"category": pd.Series(names, dtype="str")})


def test_spellings_that_differ_by_case_or_spacing_are_one_category_under_the_most_frequent():
    frame = issues(["comcast", "Comcast", "Comcast", "COMCAST", "Data  cap", "data cap", "Billing", "Bill-ing"])
    tidied = tidy_issues(frame, 0, "t.csv", {}, [])
    assert tidied.categories == ("Comcast", "Data  cap", "Billing", "Bill-ing")
    # Comcast is written so twice, comcast and COMCAST once each; Data cap ties 1-1: the first seen wins
    assert tidied.issues["category"].tolist() == ["Comcast"] * 4 + ["Data  cap"] * 2 + ["Billing", "Bill-ing"]
    notes = tidied.notes
    assert [str(n) for n in notes] == [(
        "t.csv: column 'category': 2 categories are spelt in more than one way (case or spacing) and counted as one, "
        "under the most frequent spelling: 'Comcast' (also 'comcast', 'COMCAST'); 'Data  cap' (also 'data cap') "
        "(3 issues recounted)")]


def test_nothing_to_fold_is_the_same_frame_and_no_note():
    frame = issues(["Late", "Billing", "Late"])
    tidied = tidy_issues(frame, 0, "t.csv", {}, [])
    assert tidied.issues is frame and tidied.notes == [] and tidied.rename == {}


def test_the_automatic_threshold_groups_only_a_free_text_column():
    assert min_issues(0, 117) == (1, True)  # NYC 311's 117 complaint types keep a page each
    assert min_issues(0, 201) == (5, True)
    assert min_issues(3, 10) == (3, False)  # set in room.toml: applies whatever the count


def test_small_categories_are_grouped_unless_a_note_or_an_action_names_them():
    frame = issues(["Big"] * 5 + ["Tiny one", "Tiny two", "Noted", "Acted", "Acted"])
    assert named_elsewhere(["Tiny one", "Noted", "Acted"], {"noted": None, "other-note": "Big"}, ["Acted"]) == \
        {"Noted", "Acted"}
    tidied = tidy_issues(frame, 5, "t.csv", {"noted": None, "other-note": "Big"}, ["Acted"])
    assert tidied.issues["category"].value_counts().to_dict() == {
        "Big": 5, "Acted": 2, "Categories with fewer than 5 issues": 2, "Noted": 1}
    grouped = tidied.grouped
    assert grouped.members == (("Tiny one", 1), ("Tiny two", 1)) and grouped.issues == 2


def test_the_counts_alone_give_the_same_plan_as_the_rows():
    names = ["comcast", "Comcast", "Comcast", "Big", "Big", "Big", "Tiny one", "Tiny two", "data cap"]
    frame = issues(names)
    counts = frame["category"].value_counts(sort=False)
    plan = tidy_counts(counts, len(frame), 3, "t.csv", {}, [])
    assert plan.rename == {"comcast": "Comcast", "Tiny one": "Categories with fewer than 3 issues",
                           "Tiny two": "Categories with fewer than 3 issues",
                           "data cap": "Categories with fewer than 3 issues"}
    rows = tidy_issues(frame, 3, "t.csv", {}, [])
    assert rows.issues["category"].tolist() == [plan.rename.get(n, n) for n in names]
    assert rows.grouped == plan.grouped and [str(p) for p in rows.notes] == [str(p) for p in plan.notes]


def test_a_group_of_one_is_not_made():
    frame = issues(["Big"] * 5 + ["Tiny"])
    tidied = tidy_issues(frame, 5, "t.csv", {}, [])
    assert tidied.issues is frame and tidied.grouped is None


# ---------------------------------------------------------------- a free-text room, built

REAL = {"Billing": 40, "Internet speed": 25, "Data cap": 12}


def complaints() -> str:
    """Three real categories, 'Comcast' in four spellings, and 240 titles used once or twice."""
    rows, n = ["Ticket ID,Date,Closed,Customer Complaint"], 0

    def add(title, count):
        nonlocal n
        for _ in range(count):
            n += 1
            day = 1 + n % 27
            rows.append(f"T{n},2026-02-{day:02d},2026-03-{day:02d},{title}")

    for title, count in REAL.items():
        add(title, count)
    for spelling, count in (("Comcast", 9), ("comcast", 3), ("COMCAST", 2), ("Comcast ", 1)):
        add(spelling, count)
    for i in range(240):
        add(f"Complaint about thing {i}", 1 + (i % 7 == 0))
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def free_text(tmp_path_factory):
    room = tmp_path_factory.mktemp("free-text") / "room"
    write_room(room, {
        "room.toml": 'name = "Complaints"\n[data.issues]\nfile = "exports/complaints.csv"\n'
                     '[data.issues.columns]\nid = "Ticket ID"\nopened = "Date"\nclosed = "Closed"\n'
                     'category = "Customer Complaint"\n',
        "exports/complaints.csv": complaints(),
        "walls/issues/complaint-about-thing-3.md": "---\nowner: Ana\n---\nWe call each one back.\n",
    })
    result = build_site(room, room / "site", Reporter(quiet=True))
    return room / "site", result


def test_a_free_text_column_makes_a_page_per_real_category_and_one_for_the_rest(free_text):
    site, result = free_text
    pages = sorted(p.name for p in (site / "issues").glob("*.html"))
    # 244 names after folding: Billing, Internet speed, Data cap and Comcast (15) have 5 or more; thing 3 has a note
    assert pages == ["billing.html", "categories-with-fewer-than-5-issues.html", "comcast.html",
                     "complaint-about-thing-3.html", "data-cap.html", "internet-speed.html"]
    # 239 titles grouped: 35 used twice (i = 0, 7, … 238), the others once; thing 3 (once) has its own page
    twice = len([i for i in range(240) if i % 7 == 0])
    assert twice == 35
    grouped_issues = 240 + twice - 1  # thing 3 (once) keeps its own page
    figures, _ = read_page(site / "walls/issues.html")
    assert figures["grouped"] == (f"239 categories with fewer than 5 issues each ({grouped_issues:,} issues) have "
                                  "no page of their own: every figure counts them, and they share one page, "
                                  "Categories with fewer than 5 issues.")
    notes = [str(n) for n in result.notes]
    assert ("exports/complaints.csv: column 'category': 239 categories with fewer than 5 issues each (274 issues) "
            "have no page of their own: they are grouped as 'Categories with fewer than 5 issues' "
            "(min_category_issues in room.toml sets the threshold; 1 gives every category a page)") in notes
    assert ("exports/complaints.csv: column 'category': 1 category is spelt in more than one way (case or spacing) "
            "and counted as one, under the most frequent spelling: 'Comcast' (also 'comcast', 'COMCAST') "
            "(5 issues recounted)") in notes
    # 274 of the 367 issues (40 + 25 + 12 + 15 Comcast + 275 titles) are in the group
    assert ("exports/complaints.csv: column 'category': 75 % of the issues are in 239 categories with fewer than 5 "
            "issues each, grouped on one page; the category column looks like free text (map a coarser column "
            "with columns.category, or recode values with [data.issues.values.category])") in map(str, result.warnings)


def test_the_group_page_names_its_categories_and_the_wall_never_ranks_it(free_text):
    site, _ = free_text
    figures, text = read_page(site / "issues/categories-with-fewer-than-5-issues.html")
    assert figures["grouped"].startswith("239 categories with fewer than 5 issues each (274 issues in all)")
    assert "Complaint about thing 0 2" in text  # the largest first: used twice
    assert "… and 139 more with fewer issues." in text  # 100 named of 239
    assert "Needs an owner" not in text  # nobody owns "the small ones"
    _, wall = read_page(site / "walls/issues.html")
    assert "Categories with fewer than 5 issues —" not in wall  # not among the issues that need an owner
    assert "the largest is “Billing” with 40" in (site / "walls/issues.html").read_text()
