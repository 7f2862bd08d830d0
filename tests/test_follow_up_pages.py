"""The closed loop on the pages (issue 17): a small room whose survey export says when each
detractor was contacted back, under its own column names (mapped in room.toml), built
whole; Wall 3 and a touchpoint page must show the hand-counted figures. A room without
the column shows nothing of it; a bad date in it is an error naming file, row, column.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import FIXTURES
from customer_room.build import build_site
from customer_room.errors import DataError
from customer_room.report import Reporter
from pagetext import read_page

# The small room's data runs to 2026-02-28: February is the latest complete month, so a
# detractor of the 27th or 28th not contacted yet is still within 48 h (pending).
SURVEYS = """date,touchpoint,instrument,score,comment,Contacted,Result
2026-01-20,web,nps,10,,,
2026-01-22,web,nps,4,,2026-01-23,resolved
2026-01-25,ship,csat,1,,2026-01-29,no answer
2026-02-02,web,nps,10,Great search.,,
2026-02-03,web,nps,9,,,
2026-02-10,web,nps,8,,,
2026-02-11,web,nps,7,,,
2026-02-12,web,nps,3,Could not find the tent.,2026-02-13 10:00,resolved
2026-02-20,web,nps,6,,,
2026-02-04,ship,csat,5,,,
2026-02-15,ship,csat,4,,,
2026-02-10,ship,csat,2,,2026-02-14,resolved
2026-02-16,ship,csat,1,,2026-02-17,refund
2026-02-28,ship,csat,2,Box was crushed.,,
"""
MAPPING = '\n[data.surveys.columns]\nfollowed_up = "Contacted"\noutcome = "Result"\n'


def make_room(tmp_path, surveys=SURVEYS, mapping=MAPPING):
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    (room / "data" / "surveys.csv").write_text(surveys, encoding="utf-8")
    with (room / "room.toml").open("a", encoding="utf-8") as f:
        f.write(mapping)
    return room


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    room = make_room(tmp_path_factory.mktemp("loop"))
    out = room.parent / "site"
    build_site(room, out, Reporter(quiet=True))
    return out


def test_wall_3_shows_the_room_and_each_touchpoint(site):
    f, _ = read_page(site / "walls/touchpoints.html")
    # February: web 12th (34 h, within), web 20th (missed), ship 10th (96 h, late), ship 16th (24 h, within),
    # ship 28th (pending): 2 within of 4 settled = 50 %; median of 24, 34, 96 h = 34 h. January: web 22nd
    # (24 h, within), ship 25th (96 h, late): 50 % too.
    assert f["follow-up:room"] == ("Closed loop, 2026-02: 50 % of 5 detractors contacted within 48 h (1 pending) · "
                                   "median 34 h · no change vs 2026-01")
    # web: 1 within, 1 missed = 50 % (January 1 of 1 = 100 %)
    assert f["follow-up:web"] == "50 %"
    assert f["follow-up-n:web"] == "n = 2"
    assert f["change:follow-up:web"] == "▼ 50.0 points vs 2026-01 · worse"
    # ship: 1 within, 1 late, 1 pending = 1 of 2 settled = 50 % (January 0 of 1)
    assert f["follow-up:ship"] == "50 %"
    assert f["change:follow-up:ship"] == "▲ 50.0 points vs 2026-01 · better"


def test_the_kiosk_journey_slide_shows_the_room(site):
    f, _ = read_page(site / "kiosk.html")
    assert f["total:follow-up"] == "Detractors contacted within 48 h 50 % no change"  # 2 of 4 settled, both months


def test_the_touchpoint_page_shows_share_median_counts_and_outcomes(site):
    f, text = read_page(site / "touchpoints/ship.html")
    assert f["follow-up:share"] == "50 %"
    assert f["follow-up:median"] == "60 h"  # (24 + 96) / 2
    assert f["follow-up:median-change"] == "▼ 36 h vs 2026-01 · better"  # January: 96 h alone
    assert f["follow-up:counts"] == ("3 detractors: 1 contacted within 48 h, 1 later, 0 not contacted, "
                                     "1 pending (within 48 h of answering)")
    assert "What came of the contacts, 2026-02 Outcome Detractors Share refund 1 50 % resolved 1 50 %" in text
    # the trend's table, newest first: detractors, within, share, median, not contacted, pending
    assert "2026-02 3 1 50 % 60 h 0 1" in text
    assert "2026-01 1 0 0 % 4.0 days 0 0" in text


def test_a_room_without_the_column_shows_no_follow_up(tmp_path):
    plain = "".join(line.rsplit(",", 2)[0] + "\n" for line in SURVEYS.splitlines())
    room = make_room(tmp_path, plain, mapping="")
    out = tmp_path / "site"
    build_site(room, out, Reporter(quiet=True))
    wall, wall_text = read_page(out / "walls/touchpoints.html")
    page, page_text = read_page(out / "touchpoints/ship.html")
    assert not [k for k in [*wall, *page] if k.startswith("follow-up")]
    assert "contacted" not in wall_text + page_text


def test_a_bad_follow_up_date_names_file_row_and_column(tmp_path):
    room = make_room(tmp_path, SURVEYS.replace("2026-02-17,refund", "2026-02-31,refund"))
    with pytest.raises(DataError) as err:
        build_site(room, tmp_path / "site", Reporter(quiet=True))
    assert [str(p) for p in err.value.problems] == [
        "data/surveys.csv:14: column 'followed_up': '2026-02-31' is not a date (expected YYYY-MM-DD or "
        "YYYY-MM-DD HH:MM, or set date_format in [data.surveys])"]


def test_a_contact_before_the_answer_is_a_warning(tmp_path):
    room = make_room(tmp_path, SURVEYS.replace("2026-02-17,refund", "2026-02-01,refund"))
    out = tmp_path / "site"
    build_site(room, out, Reporter(quiet=True))
    _, text = read_page(out / "index.html")
    assert ("data/surveys.csv: column 'followed_up': 1 responses were followed up before they were given (the first "
            "on line 14); they are left out of the follow-up figures") in text


EARLY = SURVEYS.replace("2026-02-17,refund", "2026-02-01,refund")  # line 14: contacted before answering
WARNING = ("data/surveys.{ext}: column 'followed_up': 1 responses were followed up before they were given (the "
           "first on line {line}); they are left out of the follow-up figures")


def test_a_parquet_export_scanned_in_place_gives_the_same_figures_and_warning(tmp_path):
    from pagetext import same_figures

    files_room = make_room(tmp_path / "files", EARLY)
    build_site(files_room, tmp_path / "files-site", Reporter(quiet=True))
    room = make_room(tmp_path / "parquet", EARLY)
    frame = pd.read_csv(room / "data" / "surveys.csv", dtype=str, keep_default_na=False).replace("", None)
    frame["date"], frame["score"] = pd.to_datetime(frame["date"]), pd.to_numeric(frame["score"])
    frame.to_parquet(room / "data" / "surveys.parquet", index=False)  # Contacted stays text
    (room / "data" / "surveys.csv").unlink()
    build_site(room, tmp_path / "parquet-site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "parquet-site") > 50
    _, text = read_page(tmp_path / "parquet-site" / "index.html")
    assert WARNING.format(ext="parquet", line=13) in text  # row 13 of the rows: a Parquet file has no header line


def test_a_csv_read_through_the_typed_cache_warns_as_a_whole_read_does(tmp_path, monkeypatch):
    from customer_room.load import cached

    monkeypatch.setattr(cached, "CACHE_MIN_BYTES", 0)
    monkeypatch.setattr(cached, "BLOCK_BYTES", 256)  # several chunks
    room = make_room(tmp_path, EARLY)
    build_site(room, tmp_path / "site", Reporter(quiet=True))
    _, text = read_page(tmp_path / "site" / "index.html")
    assert WARNING.format(ext="csv", line=14) in text
    assert read_page(tmp_path / "site" / "touchpoints" / "ship.html")[0]["follow-up:counts"].startswith("2 detractors")
