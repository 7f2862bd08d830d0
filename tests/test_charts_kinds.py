"""Each chart kind: the input numbers in its data, its order, gaps, shapes and words."""

from __future__ import annotations

import json
import math
import re
import statistics
import time
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from chart_samples import specs
from customer_room.charts import _base, theme

from chart_samples import NAN, data, flow, issue_flow, survey, weeks


def test_customer_flow(charts):
    chart = charts["customer-flow"]
    assert [(r["acquired"], r["lost"], r["active_end"]) for r in data(chart)] == [
        (10, 4, 106), (20, 6, 120), (5, 9, 116), (8, 2, 122)]
    assert "8 were acquired and 2 lost (net +6)" in chart.alt
    assert "122 customers were active" in chart.alt
    assert "up 6 from 116 in 2026-03" in chart.alt
    assert chart.table.rows[-3] == ["2026-03", "5", "9", "−4", "116"]  # newest first


def test_churn_keeps_undefined_as_a_gap(charts):
    chart = charts["churn"]
    assert [r["churn_pct"] for r in data(chart)] == [None, 5.0, 7.5, 2.0]
    assert chart.spec["config"]["mark"]["invalid"].startswith("break-paths")
    assert chart.table.rows[-1] == ["2026-01", "—", "—"]  # the oldest is last
    assert "2.0 % in 2026-04 (retention 98.0 %)" in chart.alt
    assert "down 5.5 points from 7.5 % in 2026-03" in chart.alt


def test_churn_all_undefined_says_so():
    f = flow().assign(churn_pct=NAN, retention_pct=NAN)
    assert "undefined" in specs.churn_chart(f, "month").alt


def test_rates(charts):
    chart = charts["save-referral-rates"]
    assert [r["save_rate_pct"] for r in data(chart)] == [50.0, None, 25.0, 40.0]
    assert [r["referral_rate_pct"] for r in data(chart)] == [1.0, 2.0, None, 3.0]
    assert "save rate was 40.0 %" in chart.alt and "referral rate was 3.0 %" in chart.alt
    assert chart.table.rows[-2] == ["2026-02", "—", "2.0 %"]


def test_loss_reasons_largest_first_other_last(charts):
    chart = charts["loss-reasons"]
    rows = sorted(data(chart), key=lambda r: r["order"])
    assert [(r["reason"], r["count"], r["value"]) for r in rows] == [
        ("Service", 7, 20000.0), ("Price", 5, 5000.0), ("all other reasons", 3, 100.0)]
    assert [r[0] for r in chart.table.rows] == ["Service", "Price", "all other reasons"]
    assert "“Service” with 7 customers ($20k a year)" in chart.alt
    assert chart.table.rows[0] == ["Service", "7", "$20k"]


def test_lost_value_by_segment(charts):
    chart = charts["lost-value-by-segment"]
    assert chart.table.rows == [["Enterprise", "1", "$50k"], ["SMB", "4", "$8.0k"],
                                ["(no segment)", "2", "$0"]]
    assert "$58k in all" in chart.alt and "“Enterprise” with $50k" in chart.alt


def test_issue_flow(charts):
    chart = charts["issue-flow"]
    assert [(r["opened"], r["closed"], r["backlog"]) for r in data(chart)] == [
        (10, 5, 105), (12, 10, 107), (8, 9, 106), (9, 12, 103), (11, 10, 104)]
    assert "11 were opened and 10 closed; the backlog is 104, down 1 from 105 in 2026-W02" \
        in chart.alt
    assert chart.table.rows[-4] == ["2026-W05", "9", "12", "−3", "103"]


def test_top_categories_keep_order(charts):
    chart = charts["top-categories"]
    assert [(r["category"], r["count"], r["order"]) for r in data(chart)] == [
        ("A", 30, 0), ("B", 20, 1), ("C", 5, 2)]
    assert "“A” with 30" in chart.alt and "55 issues" in chart.alt


def test_by_stage_follows_the_journey(charts):
    chart = charts["issues-by-stage"]
    rows = sorted(data(chart), key=lambda r: r["order"])
    assert [(r["stage"], r["touchpoint"], r["count"]) for r in rows] == [
        ("Buy", "Checkout", 3), ("Receive", "Receiving a shipment", 9),
        ("Receive", "Returns", 2), ("Use", "Setup", 4), ("Mystery", "X", 1),
        ("(no stage)", "(no stage or touchpoint)", 1)]
    color = chart.spec["layer"][0]["encoding"]["color"]["scale"]
    assert color["domain"] == ["Buy", "Receive", "Use", "Mystery", "(no stage)"]
    # a stage keeps its colour whichever stages have issues: Buy is the 2nd journey stage
    assert color["range"][0] == theme.PALETTE[1]
    assert color["range"][-1] == theme.MUTED
    assert "“Receive” stage with 11 (55 %)" in chart.alt
    assert chart.table.rows[0] == ["Buy", "Checkout", "3"]


def test_ageing_keeps_bucket_order(charts):
    chart = charts["issue-ageing"]
    assert [(r["bucket"], r["count"]) for r in data(chart)] == [
        ("0–7 days", 5), ("8–30 days", 3), ("31–90 days", 2), ("over 90 days", 1)]
    assert chart.spec["layer"][0]["encoding"]["x"]["sort"] is None
    assert "11 open" in chart.alt and "over 90 days: 1 (9 %)" in chart.alt


def test_time_to_close_gaps(charts):
    chart = charts["time-to-close"]
    assert [(r["median_days"], r["p90_days"]) for r in data(chart)] == [
        (2.0, 6.0), (None, None), (3.5, 9.0)]
    assert "3.5 days in 2026-W04 (90 % closed within 9.0 days)" in chart.alt
    assert "up 1.5 days from 2.0 days in 2026-W02" in chart.alt
    assert chart.table.rows[1] == ["2026-W03", "0", "—", "—"]


def test_issue_trend_series_and_target(charts):
    chart = charts["trend-late-delivery"]
    values = data(chart)
    by = {name: [r["value"] for r in values if r["series"] == name]
          for name in ("Issues", "Ideal burn-down", "Projection", "Target")}
    assert by == {"Issues": [20, 18, 15, 14, 12, 10], "Ideal burn-down": [20.0, 15.0, 10.0],
                  "Projection": [10.0, 8.0], "Target": [8.0]}
    domain = chart.spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Issues", "Target", "Ideal burn-down", "Projection"]
    assert "against a target of 8" in chart.alt and "10 in 2026-W07" in chart.alt
    assert "reaches 8 in 2026-W08" in chart.alt
    assert chart.table.columns[-1] == "Target" and len(chart.table.rows) == 7
    assert chart.table.rows[0] == ["2026-W08", "—", "—", "8.0", "8"]  # newest (projected) first


def test_issue_trend_of_an_issue_nobody_tracks_is_its_count_alone():
    counts = pd.DataFrame({"period": weeks(3), "count": [5, 6, 7]})
    chart = specs.issue_trend_chart(counts, "week", None, None, None, name="Billing")
    domain = chart.spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Issues"] and chart.id == "trend-billing"
    assert "projection" not in chart.alt and chart.table.columns == ["Period", "Issues"]


def test_issue_trend_of_a_tracked_issue_that_is_not_falling_says_so():
    counts = pd.DataFrame({"period": weeks(3), "count": [5, 6, 7]})
    empty_ideal = pd.DataFrame(columns=["period", "ideal"])
    empty_projection = pd.DataFrame(columns=["period", "projected"])
    chart = specs.issue_trend_chart(counts, "week", empty_ideal, empty_projection, None, name="Billing")
    assert "not falling" in chart.alt and chart.table.columns == ["Period", "Issues", "Ideal", "Projected"]


def test_kpi_status_shapes_and_words(charts):
    chart = charts["kpi-on-time-delivery"]
    rows = data(chart)
    assert [(r["actual"], r["target"], r["status"]) for r in rows] == [
        (88.0, None, "no target"), (90.0, 95.0, "off target"), (96.0, 95.0, "on target"),
        (94.0, 95.0, "watch")]
    points = chart.spec["layer"][2]["encoding"]
    shapes = points["shape"]["scale"]
    assert len(set(shapes["range"])) == len(shapes["range"]) == 4
    assert points["color"]["scale"]["domain"] == shapes["domain"]
    assert "94 % in 2026-04, watch against a target of 95 %" in chart.alt
    assert "down 2.0 points from 96 %" in chart.alt
    assert chart.table.rows[-2] == ["2026-02", "90 %", "95 %", "off target"]
    assert chart.spec["layer"][2]["encoding"]["y"]["title"] == "On-time delivery (%)"


def test_status_shapes_differ():
    shapes = [theme.STATUS_SHAPES[s] for s in theme.STATUSES]
    colors = [theme.STATUS_COLORS[s] for s in theme.STATUSES]
    assert len(set(shapes)) == len(shapes) and len(set(colors)) == len(colors)


def test_survey_hollow_when_not_significant(charts):
    chart = charts["survey-nps"]
    rows = data(chart)
    assert [(r["score"], r["n"], r["significant"]) for r in rows] == [
        (10.0, 40, True), (-5.0, 12, False), (32.0, 45, True)]
    assert rows[1]["note"] == "n = 12, not significant"
    points = chart.spec["layer"][-1]
    assert points["mark"]["filled"] is False
    assert points["encoding"]["fill"]["scale"]["range"][1] == "white"
    assert points["encoding"]["y"]["scale"]["domain"] == [-100, 100]
    assert "+32 in 2026-03 (n = 45), up 37 from −5 in 2026-02" in chart.alt
    assert chart.table.rows[-2] == ["2026-02", "−5", "12", "no"]


@pytest.mark.parametrize("instrument, domain, text", [("csat", [0, 100], "87 %"),
                                                      ("ces", [0, 100], "87 %")])
def test_survey_percent_instruments(instrument, domain, text):
    frame = survey().assign(score=[80.0, 85.0, 87.0])
    chart = specs.survey_chart(frame, instrument)
    assert chart.spec["layer"][-1]["encoding"]["y"]["scale"]["domain"] == domain
    assert text in chart.alt and chart.id == f"survey-{instrument}"


def test_empty_frames_give_empty_charts():
    empty = flow().iloc[0:0]
    for chart in (specs.customer_flow_chart(empty, "month"), specs.churn_chart(empty, "month"),
                  specs.issue_flow_chart(issue_flow().iloc[0:0], "week")):
        assert data(chart) == [] and chart.table.rows == [] and chart.alt


def test_nullable_and_timezone_columns_become_plain_json():
    frame = pd.DataFrame({
        "period": pd.date_range("2026-01-01", periods=2, freq="MS", tz="UTC"),
        "opened": pd.array([3, None], dtype="Int64"), "closed": [1, 2],
        "backlog": np.array([2, 3], dtype="int32")})
    rows = data(specs.issue_flow_chart(frame, "month"))
    assert [(r["period"], r["opened"], r["backlog"]) for r in rows] == [
        ("2026-01-01", 3, 2), ("2026-02-01", None, 3)]
    json.dumps(rows, allow_nan=False)


def test_room_colours_are_used_and_cached_per_colour():
    chart = specs.churn_chart(flow(), "month", "screen", {"primary": "#123456"})
    assert chart.spec["config"]["mark"]["color"] == "#123456"
    before = _base.template.cache_info().misses
    specs.churn_chart(flow(), "month", "screen", {"primary": "#123456"})
    assert _base.template.cache_info().misses == before


def test_unknown_profile_is_an_error():
    with pytest.raises(ValueError, match="unknown chart profile"):
        specs.churn_chart(flow(), "month", "billboard")


def test_spec_is_cheap_after_the_first():
    f = issue_flow()
    specs.issue_flow_chart(f, "week")
    times = []
    for _ in range(30):
        start = time.perf_counter()
        specs.issue_flow_chart(f, "week")
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.010  # ~1 ms measured; generous for busy machines


# ---------------------------------------------------------------- sparkline

def test_sparkline_is_accessible_svg_with_gaps():
    svg = specs.sparkline([3, 4, None, 5, NAN, 6, 7], aria_label='Late "delivery" <trend>',
                          target=4)
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label") == 'Late "delivery" <trend>'
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}polyline")) == 2  # [3, 4] and [6, 7]; 5 stands alone
    assert len(root.findall(f"{ns}circle")) == 2  # the lone 5 and the last point
    assert len(root.findall(f"{ns}line")) == 1  # the target


def test_sparkline_edge_cases():
    assert "polyline" not in specs.sparkline([], aria_label="none")
    flat = ET.fromstring(specs.sparkline([2, 2, 2], aria_label="flat"))
    coords = flat.find("{http://www.w3.org/2000/svg}polyline").get("points")
    assert {p.split(",")[1] for p in coords.split()} == {"14.0"}
    one = specs.sparkline([5], width=100, aria_label="one")
    assert 'cx="50.0"' in one and not math.isnan(float(re.search(r'cy="([\d.]+)"', one)[1]))


def test_a_chart_table_escapes_its_cells_once_and_keeps_every_cell():
    from customer_room.charts.model import Table

    table = Table(["Category", "Open"], [["<b>Late</b> & 'lost'", "3"], ["Billing", "\x00 1"], ["", ""]])
    assert table.rows_html == ("<tr><td>&lt;b&gt;Late&lt;/b&gt; &amp; &#39;lost&#39;</td><td>3</td></tr>\n"
                               "<tr><td>Billing</td><td> 1</td></tr>\n"
                               "<tr><td></td><td></td></tr>\n")
    assert Table(["x"]).rows_html == ""


def test_time_series_tables_open_on_the_newest_period(charts):
    """A reader opening a chart's numbers sees this period first, not January of last year."""
    seen = 0
    for chart in charts.values():
        if chart.table.columns[:1] == ["Period"] and len(chart.table.rows) > 1:
            labels = [row[0] for row in chart.table.rows]
            assert labels == sorted(labels, reverse=True), chart.id
            seen += 1
    assert seen >= 8  # every time series among the samples


def test_every_chart_title_names_its_period(charts):
    for chart in charts.values():
        if chart.table.columns[:1] == ["Period"] and chart.table.rows:
            assert re.search(r"\d{4}-(W\d\d|\d\d|Q\d)", chart.title), chart.title


def test_a_change_too_small_to_show_is_no_change():
    frame = pd.DataFrame({"period": pd.date_range("2026-01-01", periods=2, freq="MS"),
                          "churn_pct": [2.01, 2.04], "retention_pct": [97.99, 97.96]})
    chart = specs.churn_chart(frame, "month")
    # 2.01 % and 2.04 % both read 2.0 %: never "up 0.0 points".
    assert "no change from 2.0 % in 2026-01" in chart.alt and "0.0 points" not in chart.alt


def test_the_rest_is_grey_last_and_never_called_the_largest():
    frame = pd.DataFrame({"category": ["Refund delay", "Late delivery", "all other categories"],
                          "count": [755, 723, 1319], "rest": [False, False, True]})
    chart = specs.top_categories_chart(frame)
    assert "the largest is “Refund delay” with 755" in chart.alt
    assert "1,319 more are in other categories" in chart.alt and "the 2 largest categories" in chart.alt
    assert [r[0] for r in chart.table.rows][-1] == "all other categories"
    bars = chart.spec["layer"][0]["encoding"]["color"]
    assert bars["condition"]["test"] == "datum.rest"
    assert bars["condition"]["value"] == theme.MUTED and bars["value"] != theme.MUTED


def test_a_category_called_other_is_ranked_like_any_other():
    # issue 15: an export's own "other" was taken for the rest: "the top 11 categories … the largest is 'other'"
    frame = pd.DataFrame({"category": ["Other", "Late delivery", "all other categories"],
                          "count": [900, 723, 40], "rest": [False, False, True]})
    chart = specs.top_categories_chart(frame)
    assert chart.alt == ("Issues by category: the 2 largest categories hold 1,623 issues and 40 more are in other "
                         "categories; the largest is “Other” with 900.")
    assert [r["rest"] for r in sorted(data(chart), key=lambda r: r["order"])] == [False, False, True]


def test_breakdown_keeps_its_order_and_says_each_share(charts):
    chart = charts["issues-by-severity"]
    assert [r["severity"] for r in data(chart)] == ["critical", "high", "low"]  # severity's order, not size
    assert chart.title == "Issues by severity, 2026-W01 to 2026-W13"
    assert "20 issues; critical 2 (10 %), high 5 (25 %), low 13 (65 %)" in chart.alt
    assert chart.table.rows[0] == ["critical", "2", "10 %"]


@pytest.mark.parametrize("profile", ["poster", "kiosk"])
def test_every_time_label_on_a_poster_or_tv_carries_its_year(profile):
    """Big type leaves room for few ticks, and dropping the January one lost the year
    ("Jul Jul Jul"): on a poster or a TV each label says its year."""
    import vl_convert

    weeks_ = pd.date_range("2025-06-02", periods=80, freq="W-MON")
    frame = pd.DataFrame({"period": weeks_, "opened": range(100, 180), "closed": range(90, 170), "backlog": range(80)})
    svg = vl_convert.vegalite_to_svg(json.dumps(specs.issue_flow_chart(frame, "week", profile).spec))
    dates = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
             if re.search(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|^20\d\d$", t)]
    assert dates and all(re.search(r"^20\d\d$|'\d\d$", t) for t in dates), dates
