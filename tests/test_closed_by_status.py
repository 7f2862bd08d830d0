"""Tickets with a status but no close date (issue 15): which statuses mean closed.

A small export of Open, Pending, Solved and Closed tickets with no close date at all is
built twice: as it is (every ticket stays open, and a warning says the file can close
nothing), and with `closed_statuses = ["Solved", "Closed"]` (those are out of the backlog,
the wall says how many, and time to close has nothing to measure).
"""

from __future__ import annotations

import pytest

from conftest import write_room
from customer_room.build import build_site
from customer_room.report import Reporter
from pagetext import read_page

pytestmark = pytest.mark.slow  # builds rooms

TICKETS = ("Ticket,Created,Type,Status\n"
           "T1,2026-01-05,Late delivery,Open\nT2,2026-01-06,Late delivery,Solved\nT3,2026-01-07,Billing,Closed\n"
           "T4,2026-01-13,Billing,Pending\nT5,2026-01-14,Late delivery,closed\nT6,2026-01-20,Billing,Open\n")
MAPPING = ('[data.issues]\nfile = "exports/tickets.csv"\n'
           '[data.issues.columns]\nid = "Ticket"\nopened = "Created"\ncategory = "Type"\nstatus = "Status"\n')


def build(tmp_path, extra: str = ""):
    room = tmp_path / "room"
    write_room(room, {"room.toml": 'name = "Tickets"\n' + MAPPING.replace("[data.issues.columns]", extra +
                                                                         "[data.issues.columns]"),
                      "exports/tickets.csv": TICKETS})
    result = build_site(room, room / "site", Reporter(quiet=True))
    return result, read_page(room / "site" / "walls/issues.html")


def test_a_file_that_can_close_nothing_is_said(tmp_path):
    result, (figures, _) = build(tmp_path)
    # the headline is the last complete week's (ending Sunday 18 January): T1 to T5 opened by then, none closed
    assert figures["backlog"] == "5"
    assert ("exports/tickets.csv: no issue has a close date: all 6 stay open, so the backlog is every issue ever "
            "opened (map the close date with columns.closed, or say which statuses mean closed with "
            "closed_statuses = [\"Closed\"] in [data.issues])") in [str(w) for w in result.warnings]


def test_statuses_that_mean_closed_take_their_issues_out_of_the_backlog(tmp_path):
    result, (figures, text) = build(tmp_path, 'closed_statuses = ["Solved", "Closed"]\n')
    # open at the end of the week to 18 January, by hand: T1 (Open), T4 (Pending) = 2; T2, T3 and T5 are closed
    # by their status (in any case); T6 was opened on the 20th
    assert figures["backlog"] == "2"
    assert figures["closed-unknown"].startswith("3 issues closed by their status have no close date")
    assert figures["closed"] == "0"  # a closed count needs a close date
    assert "exports/tickets.csv: 3 issues closed by their status (closed, solved) have no close date: counted as " \
           "closed, and left out of the closed counts and of time to close" in [str(n) for n in result.notes]
    assert not any("no issue has a close date" in str(w) for w in result.warnings)


def test_a_closing_status_the_file_never_uses_is_a_warning(tmp_path):
    result, _ = build(tmp_path, 'closed_statuses = ["Resolved"]\n')
    assert ("room.toml: 'data.issues.closed_statuses' matches no status of exports/tickets.csv (its statuses "
            "include closed, open, pending, solved)") in [str(w) for w in result.warnings]
