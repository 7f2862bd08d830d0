"""Dates in exports that customer-room cannot hold or should not trust, built through the
real command line: years outside 1678–2261 (a row error naming the file, line and
column), 9999-12-31 as "never" (read as no date, and said), and a date decades away
from the rest of its column (warned about and kept). See `export_rooms` for the room.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import FIXTURES
from export_rooms import (  # noqa: F401 - `room` is a fixture
    HEADER, ISSUES, LINES, assert_built_unharmed, build, problems_printed, rewrite, room, with_line,
)
from pagetext import read_page

pytestmark = pytest.mark.slow  # builds a room per case


# --- finding 9: dates customer-room cannot hold ------------------------------------------

NEVER_NOTE = "data/issues.csv: column 'closed': 2 cells of 9999-12-31 were read as no date (a common 'never')"
OUTSIDE_HINT = "(fix the date, or leave the cell empty if there is none)"


def _parquet(path: Path, unit: str = "us", tz: str | None = None, dates: bool = False):
    """data/issues.parquet with real date columns: one 'never', one date in year 1."""
    kind = pa.date32() if dates else pa.timestamp(unit, tz=tz)
    day = dt.date if dates else dt.datetime
    pq.write_table(pa.table({
        "id": ["A", "B", "C"], "category": ["Late delivery"] * 3,
        "opened": pa.array([day(2026, 1, 5), day(2026, 1, 6), day(2026, 1, 7)], kind),
        "closed": pa.array([day(9999, 12, 31), day(1, 1, 1), None], kind)}), path)


def _excel(path: Path):
    """data/issues.xlsx whose 'closed' cells are real Excel dates, one of them 9999-12-31."""
    import pandas as pd

    pd.DataFrame({"id": ["A", "B"], "opened": [dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 6, 10, 30)],
                  "closed": [dt.datetime(9999, 12, 31), dt.datetime(2026, 1, 9)],
                  "category": ["Late delivery", "Billing"]}).to_excel(path, index=False)


OUT_OF_RANGE = [
    ("ISO 0001-01-01", "", with_line(3, LINES[2].replace("2026-01-11 23:00", "0001-01-01")), None,
     ["data/issues.csv:3: column 'closed': '0001-01-01' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("ISO year 20260 typo, with a time zone", "",
     with_line(3, LINES[2].replace("2026-01-11 23:00", "20260-01-11T23:00+01:00")), None,
     ["data/issues.csv:3: column 'closed': '20260-01-11T23:00+01:00' is not a date (expected YYYY-MM-DD or "
      "YYYY-MM-DD HH:MM, or set date_format in [data.issues])"]),
    ("date_format", '[data.issues]\ndate_format = "%d/%m/%Y"\n',
     "id,opened,closed,category\nA,05/01/2026,31/12/9999,Late delivery\nB,06/01/2026,01/01/1066,Late delivery\n",
     None,
     ["data/issues.csv:3: column 'closed': '01/01/1066' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("dayfirst", "[data.issues]\ndayfirst = true\n",
     "id,opened,closed,category\nA,25/01/2026,31/12/9999,Late delivery\nB,26/01/2026,25/01/1200,Late delivery\n",
     None,
     ["data/issues.csv:3: column 'closed': '25/01/1200' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("9999 in a required column", "", with_line(2, LINES[1].replace("L1,2026-01-05", "L1,9999-12-31")), None,
     ["data/issues.csv:2: column 'opened': '9999-12-31' means no date (a common 'never'), but every row needs "
      "one"]),
    ("Parquet datetime64[us]", "", None, _parquet,
     ["data/issues.parquet:2: column 'closed': '0001-01-01' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("Parquet date32", "", None, lambda p: _parquet(p, dates=True),
     ["data/issues.parquet:2: column 'closed': '0001-01-01' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("Parquet seconds with a time zone", "", None, lambda p: _parquet(p, "s", "UTC"),
     ["data/issues.parquet:2: column 'closed': '0001-01-01 00:00:00+00:00' is outside the dates "
      "customer-room can use (1678 to 2261) " + OUTSIDE_HINT]),
]


@pytest.mark.parametrize("case, toml, csv_text, write, expected", OUT_OF_RANGE, ids=[c[0] for c in OUT_OF_RANGE])
def test_a_date_outside_the_supported_years_is_a_row_error(room, capfd, case, toml, csv_text, write, expected):
    if toml:
        rewrite(room, "room.toml", (room / "room.toml").read_text() + toml)
    if write is not None:
        (room / "data" / "issues.csv").unlink()
        write(room / "data" / "issues.parquet")
    else:
        rewrite(room, "data/issues.csv", csv_text)
    printed = assert_built_unharmed(room, capfd, 1)
    assert problems_printed(printed) == expected


NEVERS = [
    ("ISO date and datetime", with_line(2, LINES[1].replace("2026-01-07", "9999-12-31"))
     .replace("2026-01-20,Late", "9999-12-31 23:59:59,Late"), None, NEVER_NOTE),
    ("Excel date cells", None, _excel,
     "data/issues.xlsx: column 'closed': 1 cell of 9999-12-31 was read as no date (a common 'never')"),
]


@pytest.mark.parametrize("case, csv_text, write, note", NEVERS, ids=[c[0] for c in NEVERS])
def test_9999_12_31_is_read_as_no_date_and_said(room, capfd, case, csv_text, write, note):
    if write is not None:
        (room / "data" / "issues.csv").unlink()
        write(room / "data" / "issues.xlsx")
    else:
        rewrite(room, "data/issues.csv", csv_text)
    printed = assert_built_unharmed(room, capfd, 0, "--verbose")
    assert note in printed.splitlines()
    assert note in read_page(room / "site" / "index.html")[1]  # the index page's data health


def test_9999_12_31_in_the_closed_column_leaves_the_issue_open(room, capfd):
    assert_built_unharmed(room, capfd, 0)
    figures = read_page(room / "site" / "walls" / "issues.html")[0]
    rewrite(room, "data/issues.csv", with_line(10, LINES[9].replace(",,", ",9999-12-31,", 1)))
    assert_built_unharmed(room, capfd, 0)
    assert read_page(room / "site" / "walls" / "issues.html")[0] == figures  # backlog, time to close, as of


# --- finding 16 (1900): a date far from all the others, which every chart would stretch to --

CUSTOMERS = "date,customer_id,event,segment,value,reason\n"

STRAYS = [
    ("one opened date in 1900", "data/issues.csv", with_line(4, LINES[3].replace("2026-01-07", "1900-01-01")),
     "data/issues.csv:4: column 'opened': 1 date lies decades before the others (1900-01-01; the rest start in "
     "2026): charts will start there; fix the date or drop the row"),
    ("two closed dates twelve years early", "data/issues.csv",
     with_line(4, LINES[3].replace("2026-01-07,2026-01-20", "2013-01-07,2013-01-20")).replace(
         "L4,2026-01-13,2026-01-14", "L4,2026-01-13,1999-01-14").replace("L3,2013-01-07", "L3,2026-01-07"),
     "data/issues.csv:4: column 'closed': 2 dates lie at least 12 years before the others (from 1999-01-14; "
     "the rest start in 2026): charts will start there; fix the dates or drop the rows"),
    ("a closed date in 2099", "data/issues.csv", with_line(5, LINES[4].replace("2026-01-09", "2099-01-09")),
     "data/issues.csv:5: column 'closed': 1 date lies decades after the others (2099-01-09; the rest end in "
     "2026): charts and the 'as of' date will run to there; fix the date or drop the row"),
    ("a customer event in 1900", "data/customers.csv",
     (FIXTURES / "small_room" / "data" / "customers.csv").read_text().replace("2026-01-10,C2", "1900-01-10,C2"),
     "data/customers.csv:3: column 'date': 1 date lies decades before the others (1900-01-10; the rest start in "
     "2026): charts will start there; fix the date or drop the row"),
]


@pytest.mark.parametrize("case, rel, text, warning", STRAYS, ids=[c[0] for c in STRAYS])
def test_a_date_far_from_the_others_is_warned_about_and_kept(room, capfd, case, rel, text, warning):
    assert_built_unharmed(room, capfd, 0)
    rewrite(room, rel, text)
    printed = assert_built_unharmed(room, capfd, 0)
    assert "warning: " + warning in printed.splitlines()
    assert warning in read_page(room / "site" / "index.html")[1]  # the index page's data health
    if rel == "data/issues.csv" and "closed" not in case:  # the row is not dropped: the wall starts there
        assert "Weekly, 1900-W01 to 2026-W" in read_page(room / "site" / "walls" / "issues.html")[1]


def test_dates_that_run_on_for_decades_without_a_gap_are_not_strays(room, capfd):
    rows = [f"{year}-01-05,C{year},acquired,Members,100,\n" for year in range(1990, 2027, 9)]  # 9-year steps
    rewrite(room, "data/customers.csv", CUSTOMERS + "".join(rows) + "2026-01-10,C2,lost,Members,100,Price\n")
    printed = assert_built_unharmed(room, capfd, 0)
    assert "lies" not in printed and "lie " not in printed
