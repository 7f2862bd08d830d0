"""The monthly walk (issue 17): walk.html says what moved since the last review, from a
history of what each build showed that no failed, killed or forced build loses.

The golden room is walked on 2026-02-28 (its data's "as of" then). By the next build,
a month of data has come in: the issue data runs to 2026-04-02, Search success read
70 % against 80 % in March (watch → off target), Late delivery's owner set a target of
5 issues a week, which the current week's 1 meets (reached), the action "New packaging
spec" (due 2026-03-31, planned) is overdue, and only that issue's note was edited, so
the outcomes note and the Ship touchpoint's note were not updated since the walk.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, REPO
from pagetext import read_page
from walked_room import a_month_later as _month_later
from walked_room import walked_room as _room

from customer_room.build import build_site
from customer_room.errors import RoomError
from customer_room.load.history import HISTORY_FILE, read_history
from customer_room.report import Reporter


def _build(room):
    build_site(room, room / "site", Reporter(quiet=True))
    return (room / "site" / "walk.html").read_text(encoding="utf-8")


def _section(html, name):
    found = re.search(rf'<section class="panel walk-section" aria-labelledby="walk-{name}">(.*?)</section>', html, re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else None


def test_the_first_build_says_there_is_nothing_to_compare(tmp_path):
    room = _room(tmp_path)
    html = _build(room)
    assert "nothing to compare yet" in html
    assert 'href="walk.html"' in (room / "site" / "index.html").read_text(encoding="utf-8")
    entries = read_history(room).entries
    assert [e["as_of"] for e in entries] == ["2026-02-28"]
    assert len(json.dumps(entries[0])) < 8_000  # a few KB a build


def test_the_walk_lists_what_moved_since_the_last_review(tmp_path):
    room = _room(tmp_path)
    _build(room)
    _month_later(room)
    html = _build(room)
    assert "walk of 2026-02-28" in html
    assert _section(html, "kpis") == "KPIs whose status changed Finding a product: Search success : watch → off target (now 70 %)"
    assert _section(html, "issues") == ("Tracked issues Late delivery reached its target : on track → reached "
                                        "· owner Sam, Fulfilment")
    assert _section(html, "actions") == "Actions New packaging spec (Late delivery) became overdue , due 2026-03-31 · Ana"
    assert _section(html, "notes") == ("Commentary not updated since the walk Outcomes wall · Dana, CX lead "
                                       "(walls/outcomes.md) Receiving a shipment · Sam (walls/touchpoints/ship.md)")
    links = re.findall(r'<li>\s*<a href="([^"]+)"', html)
    assert links == ["touchpoints/web.html", "issues/late-delivery.html", "issues/late-delivery.html",
                     "walls/outcomes.html", "touchpoints/ship.html"]
    for link in links:
        assert (room / "site" / link).is_file()
    heads = _section(html, "headlines")
    assert "Issues Opened" in heads and "Outcomes Churn" in heads
    assert [e["as_of"] for e in read_history(room).entries] == ["2026-02-28", "2026-04-02"]


def test_the_history_survives_a_failed_build_and_a_forced_one(tmp_path):
    room = _room(tmp_path)
    _build(room)
    before = (room / HISTORY_FILE).read_bytes()
    with open(room / "data" / "issues.csv", "a", encoding="utf-8") as f:
        f.write("X1,2026-13-45,,Late delivery,ship,email,low,C5,Bad date.\n")
    with pytest.raises(RoomError):
        _build(room)
    assert (room / HISTORY_FILE).read_bytes() == before
    lines = (room / "data" / "issues.csv").read_text(encoding="utf-8").splitlines()
    (room / "data" / "issues.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    shutil.rmtree(room / "site")  # a re-publish from nothing
    _month_later(room)
    assert "walk of 2026-02-28" in _build(room)


def test_a_corrupted_history_is_a_warning_and_a_fresh_start(tmp_path):
    room = _room(tmp_path)
    (room / "history").mkdir()
    (room / HISTORY_FILE).write_text('{"format": 1, "entries": [{"as_of": 12', encoding="utf-8")
    html = _build(room)
    assert "nothing to compare yet" in html
    index = read_page(room / "site" / "index.html")[1]
    assert "history/walks.json: could not be read" in index
    assert [e["as_of"] for e in read_history(room).entries] == ["2026-02-28"]


def test_a_forced_rebuild_keeps_the_history(tmp_path):
    room = _room(tmp_path)
    _build(room)
    _month_later(room)
    _build(room)
    kept = read_history(room).entries
    forced = subprocess.run([sys.executable, str(REPO / "build.py"), "--room", str(room), "--force", "-q"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert forced.returncode == 0, forced.stderr
    assert [e["as_of"] for e in read_history(room).entries] == [e["as_of"] for e in kept]
    assert "walk of 2026-02-28" in (room / "site" / "walk.html").read_text(encoding="utf-8")


def test_the_kiosk_shows_the_walk_in_a_walked_room(tmp_path):
    room = _room(tmp_path)
    _build(room)
    playlist = json.loads((room / "site" / "build.json").read_text())["kiosk"]["playlist"]
    assert "walk.html" in [e["path"] for e in playlist]
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURES / "small_room", plain)
    build_site(plain, plain / "site", Reporter(quiet=True))
    playlist = json.loads((plain / "site" / "build.json").read_text())["kiosk"]["playlist"]
    assert "walk.html" not in [e["path"] for e in playlist]
    assert "no review dates yet" in (plain / "site" / "walk.html").read_text(encoding="utf-8")
