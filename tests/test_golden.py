"""A golden build of a tiny room: the figures on the pages equal hand-computed numbers.

The room is tests/fixtures/small_room (opening balance 10, data as of 2026-02-28). Each
expected value carries its arithmetic, so a reader can check it without running code.
"""

from __future__ import annotations

import json

import shutil

import pytest

from customer_room.build import build_site
from customer_room.report import Reporter
from pagetext import read_page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import FIXTURES

    room = tmp_path_factory.mktemp("golden") / "room"
    shutil.copytree(FIXTURES / "small_room", room)  # a build writes its chart cache into the room
    out = room.parent / "site"
    build_site(room, out, Reporter(quiet=True))
    return out


def figures(site, page):
    return read_page(site / page)[0]


def test_tote_board(site):
    f = figures(site, "walls/outcomes.html")
    # February (the last complete month, as of 2026-02-28): acquired C4 ($400);
    # lost C1 ($100) and O3 ($80); net 1 − 2 = −1 and $400 − $180 = $220.
    assert (f["acquired"], f["lost"], f["net"]) == ("1", "2", "−1")
    assert (f["acquired_value"], f["lost_value"], f["net_value"]) == ("$400", "$180", "$220")
    # active: 10 + (3 − 2) in January = 11; 11 + (1 − 2) = 10 at the end of February.
    assert f["active-customers"] == "10"
    # churn: both February losses were active at the start: 2 / 11 = 18.18 %.
    assert (f["churn"], f["retention"]) == ("18.2 %", "81.8 %")
    # saves: O4 saved of O4, O5 at risk = 1 / 2; referrals: C2 twice = 1 distinct / 10 active.
    assert (f["save-rate"], f["referral-rate"]) == ("50.0 %", "10.0 %")


def test_outcome_headlines_compare_with_the_month_before(site):
    f = figures(site, "walls/outcomes.html")
    # Active: 11 at the end of January, 10 at the end of February: down 1, and fewer
    # customers is worse.
    assert f["active-customers-change"] == "▼ 1 vs 2026-01 · worse"
    # Churn: January 1 / 10 = 10.0 %, February 18.2 %: up 8.2 points, worse.
    assert f["churn-change"] == "▲ 8.2 points vs 2026-01 · worse"
    assert f["retention-change"] == "▼ 8.2 points vs 2026-01 · worse"  # 90.0 → 81.8
    # Save rate: January O2 saved of O2 at risk = 100 %; February 50 %: down 50 points.
    assert f["save-rate-change"] == "▼ 50.0 points vs 2026-01 · worse"
    # Referral rate: January C1 of 11 active = 9.1 %; February 10.0 %: up 0.9, better.
    assert f["referral-rate-change"] == "▲ 0.9 points vs 2026-01 · better"
    # Came in: 3 in January, 1 in February (printed sheets show it as a card).
    assert f["came-in-change"] == "▼ 2 vs 2026-01 · worse"


def test_last_period_and_same_period_losses(site):
    text = read_page(site / "walls/outcomes.html")[1]
    # January: in 3, out 2 (O1 from the start, C3 acquired and lost in January), net +1.
    assert "In (acquired) 1 3 $400 $600" in text
    assert "Out (lost) 2 2 $180 $350" in text
    # January churn counts only O1: 1 / 10 = 10.0 %; C3 is shown apart.
    assert "2026-01 10.0 % 90.0 %" in text


def test_backlog_and_time_to_close(site):
    f = figures(site, "walls/issues.html")
    # Week 2026-W08 (16–22 Feb; W09 is not over on 28 Feb): opened L6, B2, B3; closed B2.
    assert (f["opened"], f["closed"]) == ("3", "1")
    # open at the end of W08: L5, L6, B3. (L2 closed 11 Jan 23:00, the last day of W02,
    # so it is out of W02's backlog: W02 ends with only L3 open.)
    assert f["backlog"] == "3"
    text = read_page(site / "walls/issues.html")[1]
    assert "2026-W02 4 3 +1 1" in text
    # W07 (9–15 Feb) opened and closed nothing and ended with L5 alone open.
    assert f["opened-change"] == "▲ 3 vs 2026-W07 · worse"
    assert f["closed-change"] == "▲ 1 vs 2026-W07 · better"
    assert f["backlog-change"] == "▲ 2 vs 2026-W07 · worse"
    # Time to close is for the week: B2 alone closed in W08, after 1 day; nothing closed
    # in W07, so there is nothing to compare it with.
    assert f["time-to-close"] == "1 day"
    assert f["time-to-close-change"] == "no 2026-W07 figure to compare"
    assert f["time-to-close-detail"] == "median of the 1 closed · 90th percentile 1 day, nothing to compare"
    # issues per 1,000 customers: 3 opened in February / 10 active × 1,000; January: 6
    # opened (L1–L5, B1) / 11 active × 1,000 = 545.5.
    assert f["per-1000-customers"] == "300.0"
    assert f["per-1000-customers-change"] == "▼ 245.5 vs 2026-01 · better"


def test_issue_change_since_baseline(site):
    f = figures(site, "issues/late-delivery.html")
    # started 2026-01-12 → baseline week W03 had L4, L5 = 2; W08 has L6 = 1: (1 − 2) / 2.
    assert f["change-since-baseline"] == "−50.0 %"
    assert f["change-since-baseline-detail"] == "from 2 in 2026-W03 to 1 in 2026-W08 · better"
    assert f["days-since-start"] == "47"  # 12 Jan → 28 Feb


def test_tracked_issue_status_compares_the_projection_with_the_target_date(site):
    f = figures(site, "issues/late-delivery.html")
    # weeks W03..W08 = 2, 0, 0, 0, 0, 1: slope −2.5 / 17.5 = −0.143; fitted W08 = 0.143,
    # so the line reaches the target 0 one week later, in W09: before the target date
    # 2026-04-26 (W17), so on track.
    assert f["status-meaning"] == ("On track: at the fall of the last 6 weeks, the count is projected to reach "
                                   "its target of 0 in 2026-W09, by the target date 2026-04-26.")


def test_untracked_issue_needs_an_owner(site):
    text = read_page(site / "issues/billing.html")[1]
    # Billing: 1 issue (B1) in the 13 weeks to W08 before W08... recent = B1, B2, B3 = 3
    # in 13 weeks = 0.2 a week; Late delivery has 6: Billing is the 2nd largest.
    assert "Needs an owner Billing is the 2nd largest issue, 0.2 a week, and nobody has taken it on yet." in text
    assert "Ideal" not in text and "Projected" not in text and "target" not in text.lower()
    assert "data/actions.csv" not in text
    assert "needs an owner Billing — the 2nd largest, 0.2 a week, 1 open" in read_page(
        site / "walls/issues.html")[1]


def test_kpi_status_and_survey_scores(site):
    f = figures(site, "walls/touchpoints.html")
    assert f["status:ship:On-time delivery"] == "on target"  # 96 ≥ 95
    assert f["status:web:Search success"] == "watch"  # 77 < 80 but ≥ 80 − 5 % × 80 = 76
    assert f["status:ship:Cost per parcel"] == "off target"  # lower is better: 5.5 > 5.0 + 0.25
    assert f["status:web:Pages per visit"] == "no target"  # a KPI without a target has no status
    # NPS in February: 10, 9 promoters (40 %), 8, 7 passives, 3 detractor (20 %): +20.
    assert f["nps:web"] == "+20"
    assert f["n:nps:web"].startswith("(n = 5")
    # CSAT: 5, 4 satisfied of 5, 4, 2 → 66.7 %.
    assert f["csat:ship"] == "67 %"


def test_index_headlines(site):
    f = figures(site, "index.html")
    assert (f["came-in"], f["left"], f["churn"]) == ("1", "2", "18.2 %")
    assert f["churn-change"] == "▲ 8.2 points vs 2026-01 · worse"
    assert (f["opened"], f["backlog"], f["time-to-close"]) == ("3", "3", "1 day")
    assert f["backlog-change"] == "▲ 2 vs 2026-W07 · worse"
    assert (f["on-target"], f["watch"], f["off-target"]) == ("1", "1", "1")
    # January: on-time 93 ≥ 95 − 4.75 watch, cost 5.1 ≤ 5.0 + 0.25 watch, search 75 < 80 − 4
    # off target: 0 on target, 2 watch, 1 off target.
    assert f["on-target-change"] == "▲ 1 vs 2026-01 · better"
    assert f["watch-change"] == "▼ 1 vs 2026-01"  # watch is neither good nor bad
    assert f["off-target-change"] == "no change vs 2026-01"


def test_every_page_says_its_period_and_build_time(site):
    build = json.loads((site / "build.json").read_text())
    assert build["data_as_of"] == "2026-02-28"
    for page in build["pages"]:
        text = read_page(site / page["path"])[1]
        assert "Data period: 2026-01-01 to 2026-02-28" in text and " built 20" in text, page["path"]


def test_scripts_in_data_and_commentary_do_not_run(site):
    html = (site / "issues/late-delivery.html").read_text()
    assert "<script>alert" not in html and "javascript:" not in html
    assert "Second carrier is live." in html
    billing = (site / "issues/billing.html").read_text()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; refund please" in billing


def test_the_index_says_when_posters_can_carry_no_address(site):
    # The fixture room sets no base_url: its posters have no QR code, and the index says why.
    text = read_page(site / "index.html")[1]
    assert "Posters print no address or QR code of this site: give its intranet address as base_url in room.toml" in text
