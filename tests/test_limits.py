"""Bounded work for bounded input (issue 11, finding 8): each limit of `limits.py` stops
a build with a message that names the file and what to do, before the work grows, and
leaves the room and the published site as they were. What a real room writes passes."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import FIXTURES, files_of
from customer_room.cli import main

pytestmark = pytest.mark.slow  # builds the small room twice per case

BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: *d\n')


@pytest.fixture
def room(tmp_path):
    """The small room, built once."""
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    assert main(["build", "--room", str(room), "-q"]) == 0
    return room


def note(text: str, meta: str = "title: The wall\n") -> dict:
    return {"walls/outcomes.md": f"---\n{meta}---\n{text}"}


def many_categories(n: int) -> dict:
    """n categories of 5 issues each: none is small enough to share the page of small ones."""
    rows = "".join(f"X{i}-{j},2026-01-{1 + i % 28:02d},,Category {i},ship\n" for i in range(n) for j in range(5))
    return {"data/issues.csv": "id,opened,closed,category,touchpoint\n" + rows}


CASES = [
    ("a YAML alias bomb", note("hi\n", BOMB), "walls/outcomes.md:3: front matter is not valid YAML: aliases (*name) "
     "are not allowed in front matter; write the value out"),
    ("front matter nested 5,000 deep", note("hi\n", "title: " + "[" * 5000 + "]" * 5000 + "\n"),
     "walls/outcomes.md:2: front matter is not valid YAML: it is nested more than 20 levels deep"),
    ("front matter of 20 KB", note("hi\n", "title: " + "x" * 20000 + "\n"),
     "walls/outcomes.md:2: front matter is 20 KB; it may be at most 16 KB of 'key: value' lines"),
    ("a note of 120 KB", note("[" * 120000 + "\n"), "walls/outcomes.md: is 117 KB; a note may be at most 64 KB (keep "
     "the wall's commentary short and link to a longer document)"),
    ("60 KB of nested brackets", note("[" * 30000 + "x" + "]" * 30000 + "\n"), "walls/outcomes.md: has 30,000 '[' "
     "characters; a note may have at most 2,000 (links and images each need one; escape a literal one as \\[)"),
    ("a paragraph of 300 brackets", note("Intro.\n\n" + "[x](" * 300 + "\n"),
     "walls/outcomes.md:6: a paragraph has 300 '[' characters; at most 200 are allowed in one (split it, or "
     "escape literal ones as \\[)"),
    ("a list 100 levels deep", note("".join("  " * i + "- item\n" for i in range(100))),
     "walls/outcomes.md:36: a list is nested 17 levels deep; at most 16 are allowed"),
    ("a room name of 1,000 characters", {"room.toml": 'name = "' + "N" * 1000 + '"\n'},
     "room.toml: 'name' is 1,000 characters long; at most 120 are allowed"),
    ("a room.toml of 10 MB", {"room.toml": 'name = "' + "N" * 10_000_000 + '"\n'},
     "room.toml: is 9,766 KB; settings may be at most 1,024 KB"),
    ("600 journey stages", {"room.toml": "stages = [" + ", ".join(f'"S{i}"' for i in range(600)) + "]\n"},
     "room.toml: 'stages' has 600 entries; at most 500 are allowed"),
    ("2,100 issue categories", many_categories(2100), "data/issues.csv: column 'category': has 2,100 distinct values, "
     "and customer-room makes a page for each; a build makes at most 2,000 (max_pages in room.toml) (map a coarser "
     "column with columns.category, recode values with [data.issues.values.category], group small categories with "
     "min_category_issues, or raise max_pages)"),
]


@pytest.mark.parametrize("case, files, expected", CASES, ids=[c[0] for c in CASES])
def test_input_past_a_limit_stops_the_build_with_a_message(room, capsys, case, files, expected):
    for rel, text in files.items():
        (room / rel).write_text(text, encoding="utf-8")
    before = files_of(room, skip=())
    assert main(["build", "--room", str(room), "-q"]) == 1
    err = capsys.readouterr().err
    assert err == f"customer-room: the room has 1 problem; nothing was written:\n  {expected}\n"
    assert files_of(room, skip=()) == before


def test_max_pages_counts_touchpoints_too(room, capsys):
    (room / "room.toml").write_text((room / "room.toml").read_text() + "max_pages = 3\n")
    assert main(["build", "--room", str(room), "-q"]) == 1
    assert ("data/issues.csv: column 'category': has 2 distinct values, and customer-room makes a page for each; a "
            "build makes at most 3 (max_pages in room.toml)") in capsys.readouterr().err


def test_what_a_real_note_writes_passes(room, capsys):
    links = "".join(f"See [report {i}](https://example.com/{i}).\n\n" for i in range(150))
    nested = "".join("    " * i + f"- level {i + 1}\n" for i in range(16))
    (room / "walls" / "outcomes.md").write_text(f"---\ntitle: A long note\n---\n{links}{nested}" + "Text. " * 8000)
    assert os.path.getsize(room / "walls" / "outcomes.md") < 64 * 1024
    assert main(["build", "--room", str(room), "-q"]) == 0
    page = (room / "site" / "walls" / "outcomes.html").read_text()
    assert "report 149" in page and "level 16" in page


def test_printed_warnings_stop_after_twenty_and_the_index_lists_them_all(room, capsys):
    notes = room / "walls" / "touchpoints"
    for i in range(30):
        (notes / f"ghost-{i:02d}.md").write_text("Nobody lists this touchpoint.\n")
    assert main(["build", "--room", str(room)]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 21
    assert warnings[-1] == "warning: … and 11 more (see the index page's data health)"  # 31 with the owner warning
    index = (room / "site" / "index.html").read_text()
    assert index.count("is not listed in data/touchpoints.csv") == 30


def test_a_kpi_chart_draws_the_latest_readings_and_says_how_many_there_are(room, capsys):
    """A kpis export of a million rows made charts of 62,500 points (gigabytes in the
    renderers): a chart draws the latest 400 readings, and its title says so."""
    import pandas as pd

    days = pd.date_range("2025-01-01", periods=450, freq="D")
    rows = "".join(f"{d:%Y-%m-%d},ship,On-time delivery,{90 + i % 7},95,higher,%\n" for i, d in enumerate(days))
    (room / "data" / "kpis.csv").write_text("period,touchpoint,kpi,actual,target,better,unit\n" + rows)
    assert main(["build", "--room", str(room), "-q"]) == 0
    page = (room / "site" / "touchpoints" / "ship.html").read_text()
    # The readings run to 2026-03-26 (the room's as-of), so March is not over: Wall 3 stops
    # at February, 365 + 59 = 424 daily readings, of which the chart draws the latest 400.
    assert "On-time delivery — the latest 400 of 424 readings" in page


def test_data_that_is_a_file_is_named(room, capsys):
    shutil.rmtree(room / "data")
    (room / "data").write_text("not a folder")
    before = files_of(room, skip=())
    assert main(["build", "--room", str(room), "-q"]) == 1
    assert capsys.readouterr().err == ("customer-room: the room has 1 problem; nothing was written:\n  data/: is a "
                                       "file, not a folder (the room's exports go in a folder named data)\n")
    assert files_of(room, skip=()) == before
