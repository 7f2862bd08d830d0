"""Reading only the rows appended to a grown export, inside a running watch (issue 4).

Each test loads the hand-computed fixture room's issues with the cache a watch keeps,
grows or changes `data/issues.csv` on disk, loads again, and compares with what a
fresh, whole read of the same file gives. The size below which files are simply read
whole is lowered so that the small fixture takes the appended path.
"""

from __future__ import annotations

import pandas as pd
import pytest

from customer_room.load import appended
from customer_room.load import tables
from conftest import Rebuilds
from customer_room.errors import DataError
from customer_room.load import LoadCache, load_room
from customer_room.load.settings import load_settings

NEW_ROWS = ("L20,2026-02-21,,Late delivery,ship,email,low,C4,Still waiting.\n"
            "B20,2026-02-21 09:30,2026-02-21 17:00,Billing,web,phone,high,C5,Charged three times.\n")


@pytest.fixture(autouse=True)
def small_files_may_grow(monkeypatch):
    monkeypatch.setattr(appended, "APPEND_MIN_BYTES", 0)


def load(room, cache=None):
    return tables.load_tables(room, load_settings(room), cache, appends=cache is not None)


def whole_reads(monkeypatch):
    """Count the whole-file reads from now on."""
    calls = []
    real = tables._load_file
    monkeypatch.setattr(tables, "_load_file", lambda *a: calls.append(a[1].name) or real(*a))
    return calls


def test_a_grown_export_reads_only_its_new_rows_and_gives_the_same_frame(small_room, monkeypatch):
    cache = {}
    before = load(small_room, cache).frames["issues"]
    with open(small_room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write(NEW_ROWS)
    reads = whole_reads(monkeypatch)
    grown = load(small_room, cache)
    assert reads == []  # nothing was read whole: the other files are unchanged, issues grew
    frame = grown.frames["issues"]
    assert len(frame) == len(before) + 2
    assert list(frame["id"].tail(2)) == ["L20", "B20"]
    pd.testing.assert_frame_equal(frame, load(small_room).frames["issues"])
    reads.clear()
    with open(small_room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write("L21,2026-02-22,,Late delivery,ship,email,low,C6,And again.\n")
    assert len(load(small_room, cache).frames["issues"]) == len(before) + 3 and reads == []


def test_a_row_changed_above_the_old_end_makes_a_whole_read(small_room, monkeypatch):
    cache = {}
    load(small_room, cache)
    path = small_room / "data/issues.csv"
    text = path.read_text(encoding="utf-8")
    assert "L1,2026-01-05,2026-01-07," in text
    path.write_text(text.replace("L1,2026-01-05,2026-01-07,", "L1,2026-01-05,2026-01-09,") + NEW_ROWS,
                    encoding="utf-8")
    reads = whole_reads(monkeypatch)
    frame = load(small_room, cache).frames["issues"]
    assert reads == ["issues.csv"]
    assert frame.loc[frame["id"] == "L1", "closed"].iloc[0] == pd.Timestamp("2026-01-09")


def test_a_bad_appended_row_is_reported_on_its_own_line(small_room):
    cache = LoadCache(appends=True)
    load_room(small_room, cache)
    path = small_room / "data/issues.csv"
    lines = path.read_text(encoding="utf-8").count("\n")
    with open(path, "a", encoding="utf-8") as f:
        f.write("L20,21/02/2026,,Late delivery,ship,email,low,C4,Still waiting.\n")
    with pytest.raises(DataError) as caught:
        load_room(small_room, cache)
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("data/issues.csv", lines + 1, "opened")


def test_an_appended_row_repeating_an_old_id_is_reported_as_a_duplicate(small_room):
    cache = LoadCache(appends=True)
    load_room(small_room, cache)
    with open(small_room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write("L1,2026-02-21,,Late delivery,ship,email,low,C4,Again.\n")
    with pytest.raises(DataError, match="'L1' is a duplicate"):
        load_room(small_room, cache)


@pytest.mark.slow  # builds the room three times
def test_a_watching_session_builds_the_same_pages_as_a_fresh_build_after_an_append(small_room, tmp_path):
    session = Rebuilds(small_room, small_room / "site", appends=True)
    session.build()
    with open(small_room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write(NEW_ROWS)
    grown = session.build()
    fresh = Rebuilds(small_room, tmp_path / "fresh").build()
    assert grown.build_id == fresh.build_id  # the same pages, byte for byte
    assert "Charged three times." in (small_room / "site/issues/billing.html").read_text()
