"""Rooms on real public exports, mapped in room.toml as they are (SPEC section 3).

The files in ../shared/realdata/ are read where they lie (the test room links to them;
nothing is copied or edited), and the figures on the built pages are checked against
the same numbers computed here independently with plain pandas.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import REPO, write_room
from customer_room.build import build_site
from customer_room.report import Reporter
from pagetext import read_page

REALDATA = REPO.parent / "shared" / "realdata"
NYC = REALDATA / "nyc311-2020" / "nyc_311.csv"
OLIST = REALDATA / "olist-classified" / "olist_classified_public_dataset.csv"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not REALDATA.is_dir(),
                                reason="../shared/realdata is not beside this checkout (CI always has it)")]  # builds rooms on the real exports

NYC_TOML = '''name = "NYC 311 service requests, 2020"

[data.issues]
file = "exports/nyc_311.csv"
header = ["unique_key", "created_date", "closed_date", "complaint_type", "borough"]
date_format = "%m/%d/%Y %I:%M:%S %p"
columns = { id = "unique_key", opened = "created_date", closed = "closed_date", category = "complaint_type", channel = "borough" }
'''

OLIST_TOML = '''name = "Olist orders"
currency = "R$"

[data.issues]
file = "exports/olist.csv"
columns = { opened = "order_purchase_timestamp", closed = "review_answer_timestamp", category = "most_voted_class", text = "review_comment_message" }
constants = { touchpoint = "receiving-a-shipment" }
skip_bad_rows = true

[data.issues.values.category]
problemas_de_entrega = "Delivery problem"
problemas_de_qualidade = "Quality problem"
satisfeito_com_pedido = "Satisfied"

[data.surveys]
file = "exports/olist.csv"
columns = { date = "review_creation_date", score = "review_score", comment = "review_comment_message" }
constants = { touchpoint = "receiving-a-shipment", instrument = "csat" }

[periods]
issues = "month"
'''


def linked_room(root, toml: str, links: dict) -> object:
    """A room whose exports are symlinks to the real files (read in place, never copied)."""
    write_room(root, {"room.toml": toml})
    for name, target in links.items():
        (root / "exports").mkdir(exist_ok=True)
        (root / "exports" / name).symlink_to(target)
    return root


def reporting_period(as_of: pd.Timestamp, freq: str) -> pd.Timestamp:
    """The last complete period, computed by hand: weeks end on Sunday, months on their last day."""
    if freq == "week":
        start = as_of.normalize() - pd.Timedelta(days=as_of.day_of_week)
        return start if as_of.day_of_week == 6 else start - pd.Timedelta(days=7)
    start = as_of.normalize().replace(day=1)
    return start if (as_of + pd.Timedelta(days=1)).day == 1 else (start - pd.Timedelta(days=1)).replace(day=1)


@pytest.fixture(scope="module")
def nyc(tmp_path_factory):
    room = linked_room(tmp_path_factory.mktemp("nyc"), NYC_TOML, {"nyc_311.csv": NYC})
    result = build_site(room, room / "site", Reporter(quiet=True))
    raw = pd.read_csv(NYC, header=None, names=["id", "opened", "closed", "category", "borough"])
    for col in ("opened", "closed"):
        raw[col] = pd.to_datetime(raw[col], format="%m/%d/%Y %I:%M:%S %p")
    return room / "site", raw, result


def test_nyc_weekly_flow_backlog_and_time_to_close(nyc):
    site, raw, _ = nyc
    as_of = max(raw["opened"].max(), raw["closed"].max()).normalize()
    start = reporting_period(as_of, "week")
    end = start + pd.Timedelta(days=7) - pd.Timedelta(1, "ns")
    opened = ((raw["opened"] >= start) & (raw["opened"] <= end)).sum()
    closed = ((raw["closed"] >= start) & (raw["closed"] <= end)).sum()
    backlog = ((raw["opened"] <= end) & ~(raw["closed"] <= end)).sum()
    # Time to close is for the week: the issues closed in it (and not before they opened).
    ok = raw[(raw["closed"] >= raw["opened"]) & (raw["closed"] >= start) & (raw["closed"] <= end)]
    took = (ok["closed"] - ok["opened"]) / pd.Timedelta(days=1)
    median, p90 = took.median(), took.quantile(0.9)
    f = read_page(site / "walls/issues.html")[0]
    assert f["opened"] == f"{opened:,}"
    assert f["closed"] == f"{closed:,}"
    assert f["backlog"] == f"{backlog:,}"

    def days(d):
        return "1 day" if round(d, 9) == 1 else (f"{d:,.1f} days" if d < 10 else f"{d:,.0f} days")

    assert f["time-to-close"] == days(median)
    assert f["time-to-close-detail"].startswith(f"median of the {len(ok):,} closed · 90th percentile {days(p90)}")


def test_nyc_every_complaint_type_has_a_page_and_oddities_are_warned(nyc):
    site, raw, result = nyc
    pages = {p.title for p in result.pages if p.kind == "issue"}
    # cells are read with spaces trimmed; a type spelt in two cases (PLUMBING 160 and Plumbing 43, Elevator 124
    # and ELEVATOR 9) is one type under its most frequent spelling, and 117 types (fewer than 200) keep a page each
    names = raw["category"].str.strip()
    spelt = names.groupby(names.str.casefold()).agg(lambda s: s.value_counts().index[0])
    assert pages == set(spelt) and len(pages) == 115
    assert ("exports/nyc_311.csv: column 'category': 2 categories are spelt in more than one way (case or spacing) and "
            "counted as one, under the most frequent spelling: 'PLUMBING' (also 'Plumbing'); 'Elevator' (also "
            "'ELEVATOR') (52 issues recounted)") in [str(n) for n in result.notes]
    early = (raw["closed"] < raw["opened"]).sum()
    assert f"nyc_311.csv: {early:,} issues were closed before they were opened" in \
        " ".join(str(w) for w in result.warnings)
    assert f"{early:,} issues were closed before they were opened" in read_page(site / "index.html")[1]


@pytest.fixture(scope="module")
def olist(tmp_path_factory):
    room = linked_room(tmp_path_factory.mktemp("olist"), OLIST_TOML, {"olist.csv": OLIST})
    write_room(room, {"data/touchpoints.csv": "id,name,stage,owner,priority\n"
                                              "receiving-a-shipment,Receiving a shipment,Receive,Logistics,1\n"})
    result = build_site(room, room / "site", Reporter(quiet=True))
    raw = pd.read_csv(OLIST)
    return room / "site", raw, result


def _olist_as_of(raw) -> pd.Timestamp:
    """The room's "as of": the latest date of the issues (opened, answered) and reviews."""
    kept = raw[raw["most_voted_class"].notna()]
    opened = pd.to_datetime(kept["order_purchase_timestamp"], format="ISO8601")
    answered = pd.to_datetime(kept["review_answer_timestamp"], format="ISO8601", utc=True).dt.tz_localize(None)
    reviewed = pd.to_datetime(raw["review_creation_date"], format="ISO8601")
    return max(opened.max(), answered.max(), reviewed.max()).normalize()


def test_olist_csat_for_receiving_a_shipment(olist):
    site, raw, _ = olist
    dates = pd.to_datetime(raw["review_creation_date"], format="ISO8601")
    # Wall 3 shows the last complete month as of the room's date, not one still running.
    month = reporting_period(_olist_as_of(raw), "month")
    last = raw[(dates >= month) & (dates < month + pd.offsets.MonthBegin(1))]
    csat = (last["review_score"] >= 4).mean() * 100
    f = read_page(site / "walls/touchpoints.html")[0]
    assert f["csat:receiving-a-shipment"] == f"{csat:.0f} %"
    assert f["n:csat:receiving-a-shipment"].startswith(f"(n = {len(last):,}")


def test_olist_problem_classes_are_issue_categories(olist):
    site, raw, result = olist
    unclassified = raw["most_voted_class"].isna().sum()
    assert unclassified == 171
    assert re.search(rf"olist.csv: {unclassified} of [\d,]+ rows could not be read and were skipped",
                     " ".join(str(w) for w in result.warnings))
    kept = raw[raw["most_voted_class"].notna()]
    opened = pd.to_datetime(kept["order_purchase_timestamp"], format="ISO8601")
    answered = pd.to_datetime(kept["review_answer_timestamp"], format="ISO8601", utc=True).dt.tz_localize(None)
    reviewed = pd.to_datetime(raw["review_creation_date"], format="ISO8601")
    as_of = max(opened.max(), answered.max(), reviewed.max()).normalize()
    start = reporting_period(as_of, "month")
    in_month = (opened >= start) & (opened < start + pd.offsets.MonthBegin(1))
    f = read_page(site / "walls/issues.html")[0]
    for name, key in (("problemas_de_entrega", "delivery-problem"), ("problemas_de_qualidade", "quality-problem"),
                      ("satisfeito_com_pedido", "satisfied")):
        assert f[f"opened:{key}"] == f"{(in_month & (kept['most_voted_class'] == name)).sum():,}"
        still_open = ((kept["most_voted_class"] == name) & answered.isna()).sum()
        assert f[f"open:{key}"] == f"{still_open:,}"
