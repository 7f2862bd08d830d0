"""What a mapping or an encoding gets silently wrong (load/text_checks.py), on small frames."""

from __future__ import annotations

import pandas as pd

from customer_room.load.text_checks import mojibake, recode_problems


def test_mis_decoded_utf8_is_found_where_it_is_and_plain_accents_are_not():
    frame = pd.DataFrame({"id": ["1", "2", "3"], "text": ["Não chegou", "Ã©tait là", "Café crème"]})
    assert mojibake(frame) == ("text", 1, "Ã©tait là")  # 'é' read as latin-1: 'Ã©'
    assert mojibake(frame.drop(index=1)) is None  # "Não", "Café crème": real accents
    assert mojibake(pd.DataFrame({"text": ["â€œquotedâ€\x9d"]})) == ("text", 0, "â€œquotedâ€\x9d")  # cp1252 quotes
    assert mojibake(pd.DataFrame({"n": [1, 2]})) is None


def test_recodes_that_change_nothing_are_named():
    frame = pd.DataFrame({"event": ["acquired", " lost ", None]})
    problems = recode_problems(frame, {"event": {"lost": "lost", "Churnd": "lost"}, "segment": {"A": "B"}},
                               "data/customers.csv", "[data.customers]")
    assert [str(p) for p in problems] == [
        "room.toml: 'data.customers.values.event': 'Churnd' matches no value of column 'event' in "
        "data/customers.csv (the recode changed nothing there) (its values include acquired, lost)",
        "room.toml: 'data.customers.values.segment' recodes a column that data/customers.csv does not have (it "
        "changed nothing) (map the export's column with columns.segment = \"…\" in [data.customers])"]
    assert recode_problems(frame, {"event": {"lost": "lost"}}, "x.csv", "[data.customers]") == []
