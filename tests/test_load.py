"""Loading data files: canonical columns, typed values, and errors that name the place."""

from __future__ import annotations

import pandas as pd
import pytest

from customer_room.errors import DataError
from customer_room.load import load_room

ISSUES_HEADER = "id,opened,closed,category\n"


def errors_of(room) -> list[str]:
    with pytest.raises(DataError) as err:
        load_room(room)
    return [str(p) for p in err.value.problems]


def test_csv_xlsx_and_parquet_read_alike(room_factory, tmp_path):
    rows = pd.DataFrame({"id": ["A", "B"], "opened": ["2026-01-05", "2026-01-06 10:30:00"],
                         "closed": ["2026-01-07", ""], "category": ["Late", "Billing"]})
    frames = {}
    for ext in ("csv", "xlsx", "parquet"):
        room = room_factory({})
        (room / "data").mkdir()
        path = room / "data" / f"issues.{ext}"
        {"csv": lambda: rows.to_csv(path, index=False), "xlsx": lambda: rows.to_excel(path, index=False),
         "parquet": lambda: rows.to_parquet(path)}[ext]()
        loaded = load_room(room)
        assert loaded.sources == {"issues": f"data/issues.{ext}"}
        frames[ext] = loaded.frames["issues"] if ext != "parquet" else \
            loaded.table("issues").to_pandas().astype({"opened": "datetime64[ns]", "closed": "datetime64[ns]"})
    pd.testing.assert_frame_equal(frames["csv"], frames["xlsx"])
    columns = ["id", "opened", "closed", "category"]  # a Parquet export is scanned in place: a view of its columns
    pd.testing.assert_frame_equal(frames["csv"][columns], frames["parquet"][columns], check_dtype=False)
    assert "touchpoint" not in frames["parquet"]
    issues = frames["csv"]
    assert issues["opened"].tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-06 10:30")]
    assert issues["closed"].isna().tolist() == [False, True]
    assert issues["touchpoint"].isna().all()  # optional column absent: filled, not an error


def test_errors_name_file_row_column_and_expectation(room_factory):
    room = room_factory({"data/issues.csv": ISSUES_HEADER + "A,2026-01-05,,Late\nB,2026-13-01,,Late\nC,2026-01-07,,\n"})
    assert errors_of(room) == [
        "data/issues.csv:3: column 'opened': '2026-13-01' is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, or set date_format in [data.issues])",
        "data/issues.csv:4: column 'category': expected a value (the cell is empty)",
    ]


def test_all_files_errors_are_listed_together(room_factory):
    room = room_factory({
        "data/issues.csv": "id,opened,category\nA,yesterday,Late\n",
        "data/customers.csv": "date,customer_id,event,value\n2026-01-01,C1,churned,-5\n",
        "data/surveys.csv": "date,touchpoint,instrument,score\n2026-01-01,web,nps,11\n",
    })
    assert errors_of(room) == [
        "data/customers.csv:2: column 'event': 'churned' is not one of acquired, lost, saved, at_risk, referred "
        "(recode the values with [data.customers.values.event])",
        "data/customers.csv:2: column 'value': '-5' is not a value of 0 or more",
        "data/issues.csv:2: column 'opened': 'yesterday' is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, or set date_format in [data.issues])",
        "data/surveys.csv:2: column 'score': '11' is not a nps score from 0 to 10",
    ]


def test_missing_required_column(room_factory):
    room = room_factory({"data/issues.csv": "id,opened\nA,2026-01-01\n"})
    assert errors_of(room) == [
        "data/issues.csv: column 'category': required column is missing (the file has: id, opened; if one of them "
        "is it, set columns.category = \"…\" in [data.issues])"]


def test_duplicate_ids(room_factory):
    room = room_factory({"data/issues.csv": ISSUES_HEADER + "A,2026-01-05,,Late\nA,2026-01-06,,Late\n"})
    assert errors_of(room) == [
        "data/issues.csv:3: column 'id': 'A' is a duplicate (first on line 2) (each id must be unique; if the export "
        "repeats a row per item, key = \"id\" in [data.issues] keeps the first)"]


def test_many_bad_rows_are_shown_then_counted(room_factory):
    bad = "".join(f"T{i},not-a-date,,Late\n" for i in range(12))
    room = room_factory({"data/issues.csv": ISSUES_HEADER + bad})
    errors = errors_of(room)
    assert len(errors) == 6 and errors[-1] == "data/issues.csv: column 'opened': 7 more rows like these"


def test_closed_before_opened_is_a_warning(room_factory):
    room = room_factory({"data/issues.csv": ISSUES_HEADER + "A,2026-01-05,2026-01-03,Late\nB,2026-01-05,,Late\n"})
    loaded = load_room(room)
    assert [str(w) for w in loaded.warnings] == [
        "data/issues.csv: 1 issues were closed before they were opened (the first on line 2); their time to close is left out",
        "data/issues.csv: 1 issue category has no owner: 'Late' (give each an owner in walls/issues/<issue-key>.md)"]


def test_as_of_is_the_latest_date_in_the_data(room_factory):
    room = room_factory({"data/issues.csv": ISSUES_HEADER + "A,2026-01-05,2026-02-03 10:00,Late\n",
                         "data/customers.csv": "date,customer_id,event\n2026-01-20,C1,acquired\n"})
    assert load_room(room).as_of == pd.Timestamp("2026-02-03")
