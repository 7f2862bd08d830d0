"""Freshness per figure (issue 17): each data file's own latest date, and the figures of
a file that lags the room's "as of" by more than one of its periods marked stale."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pdfplumber
import pytest
from conftest import FIXTURES
from pagetext import read_page

from customer_room.build import build_site
from customer_room.cli import main
from customer_room.metrics.freshness import latest_dates, stale_files, stale_since
from customer_room.report import Reporter

FREQS = {"customers": "month", "issues": "week", "kpis": "month", "surveys": "month"}
T = pd.Timestamp


def test_each_files_latest_date_and_which_lag():
    latest = latest_dates({"customers": [T("2026-11-14 17:30")], "issues": [T("2026-11-10"), T("2026-11-12")],
                           "kpis": [T("2026-09-01")], "surveys": [None, T("2026-10-31")]}, FREQS)
    assert latest == {"customers": T("2026-11-14"), "issues": T("2026-11-12"),
                      "kpis": T("2026-09-30"), "surveys": T("2026-10-31")}  # September's readings run to its end
    as_of = T("2026-11-14")  # W46 (9–15 Nov); November
    # issues: W46, fresh; surveys: October, one month back, fresh; kpis: September, two back, stale
    assert stale_files(latest, as_of, FREQS) == {"kpis": T("2026-09-30")}
    # a week on, the issues' last (W46) is two weeks before W48: stale
    assert stale_files(latest, T("2026-11-23"), FREQS) == {"kpis": T("2026-09-30"), "issues": T("2026-11-12")}
    assert stale_files(latest, None, FREQS) == {}


def test_a_figure_from_several_files_is_as_stale_as_its_oldest():
    stale = {"issues": T("2026-11-02"), "customers": T("2026-09-30")}
    assert stale_since(stale, "issues", "customers") == "2026-09-30"
    assert stale_since(stale, "kpis") is None


def _marks(path):
    html = path.read_text(encoding="utf-8")
    return re.findall(r'class="stale-mark" data-stale="([^"]+)"', html)


def _kpis_stop_in_february(tmp_path):
    """The small room run on to 10 April, with its KPI readings stopped at February."""
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    with open(room / "data" / "customers.csv", "a", encoding="utf-8") as f:
        f.write("2026-04-10,C30,acquired,Members,100,\n")  # the room now runs to 10 April
    with open(room / "data" / "issues.csv", "a", encoding="utf-8") as f:
        f.write("L8,2026-04-08,,Late delivery,ship,email,low,C5,Where is it?\n")
    with open(room / "data" / "surveys.csv", "a", encoding="utf-8") as f:
        f.write("2026-03-15,ship,csat,4,\n")  # March: one month back, fresh
    return room


def test_a_stale_source_marks_exactly_the_figures_from_it(tmp_path):
    room = _kpis_stop_in_february(tmp_path)
    build_site(room, room / "site", Reporter(quiet=True))  # the KPIs stop at February: two months back
    site = room / "site"
    wall3 = read_page(site / "walls" / "touchpoints.html")[1]
    assert "Stale data : data/kpis.csv has nothing after 2026-02-28" in wall3
    # the four KPIs read (not the volume), each marked; the survey scores are not
    assert _marks(site / "walls" / "touchpoints.html") == ["2026-02-28"] * 4
    assert _marks(site / "touchpoints" / "ship.html") == ["2026-02-28"] * 2
    for page in ("walls/outcomes.html", "walls/issues.html", "issues/late-delivery.html"):
        assert _marks(site / page) == [], page
        assert "Stale data" not in read_page(site / page)[1], page
    index = site / "index.html"
    assert _marks(index) == ["2026-02-28"] * 3  # on target, watch, off target: the KPIs' counts
    assert "data/kpis.csv has nothing after 2026-02-28" in read_page(index)[1]
    kiosk = (site / "kiosk.html").read_text(encoding="utf-8")
    assert set(re.findall(r'class="stale-mark" data-stale="([^"]+)"', kiosk)) == {"2026-02-28"}
    journey = kiosk[kiosk.index('class="k-totals'):]
    assert len(re.findall('class="stale-mark"', journey[:journey.index("</div>\n</div>")])) == 1  # once for its KPIs


def test_fresh_data_marks_nothing(tmp_path):
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    build_site(room, room / "site", Reporter(quiet=True))
    for page in (room / "site").rglob("*.html"):
        assert 'class="stale' not in page.read_text(encoding="utf-8"), page


@pytest.mark.slow  # a real printer
def test_the_poster_marks_the_stale_figures_too(tmp_path):
    room = _kpis_stop_in_february(tmp_path)
    assert main(["posters", "--room", str(room), "-q", "--size", "A3"]) == 0
    texts = {}
    for wall in ("touchpoints", "outcomes"):
        with pdfplumber.open(room / "site" / "posters" / f"{wall}.pdf") as pdf:
            texts[wall] = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    assert texts["touchpoints"].count("STALE · data to 2026-02-28") == 4  # the four KPIs on their cards
    assert "data/kpis.csv has nothing after 2026-02-28" in texts["touchpoints"]
    assert "STALE" not in texts["outcomes"]
