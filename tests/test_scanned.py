"""Big Parquet exports are scanned where they lie (issue 16): the embedded DuckDB reads
them, the figures are those of the same data as CSV, and bad cells are still named.

The golden room is copied with its customers, issues and surveys written as Parquet
(typed, as a warehouse export writes them); every figure on every page must equal the
CSV build's. Then one bad cell at a time: a date that is no date, a repeated id, a score
off its scale, a missing column.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES
from pagetext import same_figures

from customer_room.build import build_site
from customer_room.errors import RoomError
from customer_room.load.room import load_room
from customer_room.report import Reporter

DATES = {"customers": ["date"], "issues": ["opened", "closed"], "surveys": ["date"]}


def _parquet_room(tmp_path, change=None):
    """The golden room with its big files as Parquet; `change(name, frame)` may spoil one."""
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    for name, dates in DATES.items():
        csv = room / "data" / f"{name}.csv"
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False).replace("", None)
        for column in dates:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601")
        for column in ("value", "score"):
            if column in frame:
                frame[column] = pd.to_numeric(frame[column])
        if change is not None:
            frame = change(name, frame)
        frame.to_parquet(room / "data" / f"{name}.parquet", index=False)
        csv.unlink()
    return room


def test_every_figure_is_the_same_as_from_the_csv_files(tmp_path):
    files_room = tmp_path / "files"
    shutil.copytree(FIXTURES / "small_room", files_room)
    build_site(files_room, tmp_path / "files-site", Reporter(quiet=True))
    room = _parquet_room(tmp_path)
    loaded = load_room(room)
    assert set(loaded.tables) >= {"customers", "issues", "surveys"} and "issues" not in loaded.frames  # no rows held
    build_site(room, tmp_path / "site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "site") > 100


def _spoil(column, row, value, file="issues"):
    def change(name, frame):
        if name == file:  # a column of text (as an export with a bad cell has it), or of numbers
            frame[column] = frame[column].astype("float64" if isinstance(value, float) else "str")
            frame.loc[row, column] = value
        return frame
    return change


@pytest.mark.parametrize(("change", "message"), [
    (_spoil("opened", 3, "2026-13-45"), "data/issues.parquet:4: column 'opened': '2026-13-45' is not a date"),
    (_spoil("id", 5, "L2"), "data/issues.parquet:6: column 'id': 'L2' is a duplicate (first on line 2)"),
    (_spoil("score", 2, 11.0, "surveys"), "data/surveys.parquet:3: column 'score': 1 scores are outside"),
    (_spoil("event", 1, "upgraded", "customers"),
     "data/customers.parquet: has events the outcomes wall does not know: 'upgraded' (1 rows)"),
])
def test_a_bad_cell_is_named_by_its_row_and_the_last_site_stays(tmp_path, change, message):
    good = _parquet_room(tmp_path / "good")
    build_site(good, tmp_path / "site", Reporter(quiet=True))
    before = (tmp_path / "site" / "walls" / "issues.html").read_bytes()
    room = _parquet_room(tmp_path / "bad", change)
    with pytest.raises(RoomError) as caught:
        build_site(room, tmp_path / "site", Reporter(quiet=True))
    assert message in str(caught.value)
    assert (tmp_path / "site" / "walls" / "issues.html").read_bytes() == before


def test_a_missing_required_column_is_named(tmp_path):
    room = _parquet_room(tmp_path, lambda name, frame: frame.drop(columns=["category"]) if name == "issues" else frame)
    with pytest.raises(RoomError) as caught:
        load_room(room)
    assert "data/issues.parquet: has no column 'category'" in str(caught.value)


def test_a_date_in_the_year_9999_is_no_date_and_said(tmp_path):
    room = _parquet_room(tmp_path)
    table = pq.read_table(room / "data" / "issues.parquet")
    closed = table.column("closed").to_pylist()
    closed[0] = dt.datetime(9999, 12, 31)  # a ticket system's "never"
    table = table.set_column(table.schema.get_field_index("closed"), "closed", pa.array(closed, pa.timestamp("us")))
    pq.write_table(table, room / "data" / "issues.parquet")
    loaded = load_room(room)
    assert "data/issues.parquet: column 'closed': 1 cell of 9999-12-31 was read as no date (a common 'never')" in \
        [str(n) for n in loaded.notes]
    assert loaded.table("issues").closed.isnull().sum().execute() == sum(c is None for c in closed) + 1


def test_the_bounded_quantiles_give_the_same_figures(tmp_path, monkeypatch):
    """Past BOUNDED_ROWS scanned rows, time to close comes from two counting passes
    (`engine/quantiles.py`), not the engine's own quantile: the same figures."""
    from customer_room import compute

    files_room = tmp_path / "files"
    shutil.copytree(FIXTURES / "small_room", files_room)
    build_site(files_room, tmp_path / "files-site", Reporter(quiet=True))
    monkeypatch.setattr(compute, "BOUNDED_ROWS", 0)
    build_site(_parquet_room(tmp_path), tmp_path / "site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "site") > 100


def test_suspicious_rows_get_the_warnings_of_a_file_read_whole(tmp_path):
    """Issues closed before they were opened and a date decades from the rest are
    warnings of a scanned export too, naming the same rows as the CSV's."""
    def suspicious(name, frame):
        if name == "issues":
            frame.loc[0, "closed"] = pd.Timestamp("2026-01-01")  # before it was opened (2026-01-05)
            frame.loc[1, "opened"] = pd.Timestamp("1900-01-01")
        return frame
    room = _parquet_room(tmp_path, suspicious)
    warnings = [str(w) for w in load_room(room).warnings]
    assert "data/issues.parquet: 1 issues were closed before they were opened (the first on line 1); their time to " \
           "close is left out" in warnings
    assert any(w.startswith("data/issues.parquet:2: column 'opened': 1 date lies decades before the others "
                            "(1900-01-01; the rest start in 2026)") for w in warnings)
