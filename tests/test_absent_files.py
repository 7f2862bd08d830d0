"""Any data file may be absent: the pages that need it say so plainly; the rest is built."""

from __future__ import annotations

import json

from customer_room.build import build_site
from customer_room.report import Reporter
from pagetext import read_page

ISSUES = "id,opened,closed,category\nA,2026-01-05,2026-01-06,Late\nB,2026-01-12,,Late\n"


def test_a_room_with_only_issues_builds(room_factory):
    room = room_factory({"data/issues.csv": ISSUES})
    out = room / "site"
    build_site(room, out, Reporter(quiet=True))
    assert "No customer events yet: add data/customers.csv" in read_page(out / "walls/outcomes.html")[1]
    assert "No touchpoints yet" in read_page(out / "walls/touchpoints.html")[1]
    assert read_page(out / "walls/issues.html")[0]["opened"] == "1"
    build = json.loads((out / "build.json").read_text())
    assert build["files"] == {"issues": "data/issues.csv"}
    health = read_page(out / "index.html")[1]
    assert "customers — one row per customer event not in the room" in health
    assert "issues — one row per customer issue (complaint, ticket) data/issues.csv" in health


def test_an_empty_room_builds_a_site_that_says_there_is_no_data(room_factory):
    room = room_factory({"room.toml": 'name = "Empty"\n'})
    out = room / "site"
    build_site(room, out, Reporter(quiet=True))
    text = read_page(out / "index.html")[1]
    assert "No data yet" in text and "No customer data yet." in text
