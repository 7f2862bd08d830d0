"""Numbers as exports write them: `thousands` and `decimal` in a file's mapping (issue 15)."""

from __future__ import annotations

import pytest

from customer_room.load.room import load_room

CSV = "date,customer_id,event,value\n"


def values(tmp_path, mapping: str, cells: list[str]) -> list[float]:
    (tmp_path / "data").mkdir()
    (tmp_path / "room.toml").write_text('name = "Marks"\n[data.customers]\n' + mapping, encoding="utf-8")
    rows = "".join(f'2026-01-0{i + 1},C{i},acquired,"{cell}"\n' for i, cell in enumerate(cells))
    (tmp_path / "data" / "customers.csv").write_text(CSV + rows, encoding="utf-8")
    return load_room(tmp_path).frame("customers")["value"].tolist()


@pytest.mark.parametrize("mapping, cells, read", [
    ('thousands = ","\n', ["68,701", "1,234,567.5", "950", "12.5"], [68701.0, 1234567.5, 950.0, 12.5]),
    ('thousands = "."\ndecimal = ","\n', ["68.701", "1.234.567,5", "950", "12,5"], [68701.0, 1234567.5, 950.0, 12.5]),
    ('decimal = ","\n', ["12,5", "0,75", "3"], [12.5, 0.75, 3.0]),
    ('thousands = " "\n', ["68 701", "1 234"], [68701.0, 1234.0]),
])
def test_numbers_are_read_as_the_export_writes_them(tmp_path, mapping, cells, read):
    assert values(tmp_path, mapping, cells) == read


def test_a_separator_out_of_place_is_not_read_as_another_number(tmp_path):
    from customer_room.errors import RoomError

    with pytest.raises(RoomError) as err:
        values(tmp_path, 'thousands = ","\n', ["6,87,01"])
    assert [str(p) for p in err.value.problems] == ["data/customers.csv:2: column 'value': '6,87,01' is not a number"]
