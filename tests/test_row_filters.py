"""Row filters (`keep`, `drop`) of a reading (issue 15), on small exports written here.

Each case loads a room and checks which rows the frame holds, the note that counts them,
and that a problem below a left-out row still names that row's own line.
"""

from __future__ import annotations

import pytest

from customer_room.errors import ConfigError, RoomError
from customer_room.load.room import load_room

SNAPSHOT = ("customerID,Churn,tenure,MonthlyCharges\n"
            "A1,No,10,20\nA2,Yes,3,70\nA3,No,40,55\nA4,Yes,1,99\n")
CUSTOMERS = ('[data.customers]\nfile = "exports/churn.csv"\nconstants = { date = "2022-09-30", event = "lost" }\n'
             '[data.customers.columns]\ncustomer_id = "customerID"\nvalue = "MonthlyCharges"\n')
REVIEWS = ("review_id,created,score,comment,answered\n"
           "R1,2024-01-03,5,Great,2024-01-04\nR2,2024-01-05,1,Broken on arrival,\nR3,2023-12-30,2,Late,2024-01-02\n"
           "R4,2024-02-01,2,Wrong size,2024-02-03\nR5,2024-02-02,4,Fine,\n")
ISSUES = ('[data.issues]\nfile = "exports/reviews.csv"\nconstants = { category = "Low review" }\n'
          '[data.issues.columns]\nid = "review_id"\nopened = "created"\nclosed = "answered"\ntext = "comment"\n')


def room(tmp_path, toml: str, files: dict[str, str]):
    (tmp_path / "exports").mkdir(exist_ok=True)
    (tmp_path / "room.toml").write_text('name = "Filters"\n' + toml, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_room(tmp_path)


def test_keep_the_churned_rows_of_a_snapshot(tmp_path):
    loaded = room(tmp_path, CUSTOMERS + '[data.customers.keep]\nChurn = "Yes"\n', {"exports/churn.csv": SNAPSHOT})
    frame = loaded.frame("customers")
    assert frame["customer_id"].tolist() == ["A2", "A4"] and frame["event"].tolist() == ["lost", "lost"]
    assert "exports/churn.csv: kept 2 of 4 rows (keep Churn, in [data.customers])" in [str(n) for n in loaded.notes]


@pytest.mark.parametrize("filters, ids", [
    ("[data.issues.keep]\nscore = { max = 2 }\n", ["R2", "R3", "R4"]),             # a numeric range
    ("[data.issues.keep]\nscore = { min = 2, max = 2 }\n", ["R3", "R4"]),
    ('[data.issues.keep]\ncreated = { min = "2024-01-01" }\n', ["R1", "R2", "R4", "R5"]),  # a date range
    ("[data.issues.keep]\nanswered = { empty = true }\n", ["R2", "R5"]),           # empty or not
    ('[data.issues.drop]\ncomment = ["Great", "Fine"]\n', ["R2", "R3", "R4"]),     # in a list
    ('[data.issues.keep]\nscore = { max = 2 }\n[data.issues.drop]\nopened = { max = "2023-12-31" }\n',
     ["R2", "R4"]),                                                               # canonical names, both at once
])
def test_keep_and_drop_by_value(tmp_path, filters, ids):
    assert room(tmp_path, ISSUES + filters, {"exports/reviews.csv": REVIEWS}).frame("issues")["id"].tolist() == ids


def test_a_problem_below_a_left_out_row_names_its_own_line(tmp_path):
    bad = REVIEWS.replace("R4,2024-02-01", "R4,someday")  # line 5, below R1 (line 2), which is left out
    with pytest.raises(RoomError) as err:
        room(tmp_path, ISSUES + "[data.issues.keep]\nscore = { max = 2 }\n", {"exports/reviews.csv": bad})
    assert [str(p).split(" (")[0] for p in err.value.problems] == [
        "exports/reviews.csv:5: column 'opened': 'someday' is not a date"]


def test_a_filter_on_a_column_the_file_lacks_names_its_columns(tmp_path):
    with pytest.raises(RoomError) as err:
        room(tmp_path, ISSUES + '[data.issues.keep]\nrating = { max = 2 }\n', {"exports/reviews.csv": REVIEWS})
    assert [str(p) for p in err.value.problems] == [
        "exports/reviews.csv: has no column 'rating' (named in [data.issues.keep]) (the file has: review_id, "
        "created, score, comment, answered)"]


@pytest.mark.parametrize("toml, message", [
    ("[data.issues]\nkeep = 3\n", "room.toml: 'data.issues.keep' must be a table of column = condition, e.g. Churn = "
                                  "\"Yes\""),
    ('[data.issues.keep]\nscore = { below = 2 }\n', "room.toml: 'data.issues.keep' 'score' must be a value, a list "
                                                    "of values, or a table of min, max, empty, in or equal"),
    ('[data.issues.keep]\ncreated = { min = "soon" }\n', "room.toml: 'data.issues.keep' 'created' 'min' is 'soon', "
                                                         "not a number or an ISO date"),
])
def test_a_bad_filter_is_named(tmp_path, toml, message):
    with pytest.raises((ConfigError, RoomError)) as err:
        room(tmp_path, toml, {"exports/reviews.csv": REVIEWS})
    assert message in [str(p) for p in err.value.problems]


ORDERS = ("order_id,item,created,comment,answered\n"
          "O1,tent,2024-01-03,Late,2024-01-04\nO1,stove,2024-01-03,Late,2024-01-04\n"
          "O2,boots,2024-01-05,Wrong size,\nO3,tent,2024-01-06,Torn,\nO3,tent,2024-01-06,Torn,\n")
ORDER_ISSUES = ('[data.issues]\nfile = "exports/orders.csv"\nconstants = { category = "Order" }\n'
                '[data.issues.columns]\nid = "order_id"\nopened = "created"\nclosed = "answered"\ntext = "comment"\n')


def test_a_key_keeps_the_first_row_of_each_and_counts_the_rest(tmp_path):
    # O1 twice (two items), O3 twice (an exact repeat): each order once, each quote once
    loaded = room(tmp_path, ORDER_ISSUES.replace("[data.issues.columns]", 'key = "order_id"\n[data.issues.columns]'),
                  {"exports/orders.csv": ORDERS})
    frame = loaded.frame("issues")
    assert frame["id"].tolist() == ["O1", "O2", "O3"] and frame["text"].tolist() == ["Late", "Wrong size", "Torn"]
    said = [str(n) for n in loaded.notes] + [str(w) for w in loaded.warnings]
    assert "exports/orders.csv: 1 rows repeat the key (order_id) of an earlier row and were left out (the first on " \
        "line 3)" \
        in said  # O3's exact repeat is dropped first, as a duplicate row (line 6)
    assert "exports/orders.csv: 1 duplicate rows were dropped (the first on line 6)" in said


def test_a_key_of_several_columns(tmp_path):
    loaded = room(tmp_path, ORDER_ISSUES.replace("[data.issues.columns]",
                                                 'key = ["order_id", "item"]\n[data.issues.columns]')
                  , {"exports/orders.csv": ORDERS.replace("O1,stove", "O4,stove")})
    assert loaded.frame("issues")["id"].tolist() == ["O1", "O4", "O2", "O3"]


def test_without_a_key_a_repeated_id_is_an_error_that_names_the_option(tmp_path):
    with pytest.raises(RoomError) as err:
        room(tmp_path, ORDER_ISSUES, {"exports/orders.csv": ORDERS})
    assert str(err.value.problems[0]).startswith("exports/orders.csv:3: column 'id': 'O1' is a duplicate (first on line 2)")
