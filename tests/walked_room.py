"""The small room walked on 2026-02-28, and its data a month later: what the walk tests
build at two review dates (see test_walk.py's docstring for what moves in between)."""

from __future__ import annotations

import shutil

from conftest import FIXTURES


def walked_room(tmp_path):
    """A copy of the small room, walked on 2026-02-28 (its data's "as of")."""
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    with open(room / "room.toml", "a", encoding="utf-8") as f:
        f.write('\n[review]\ndates = ["2026-02-28"]\n')
    return room


def a_month_later(room):
    """The data and notes as they are at the next walk."""
    with open(room / "data" / "issues.csv", "a", encoding="utf-8") as f:
        f.write("L7,2026-04-02,,Late delivery,ship,email,low,C5,Still waiting.\n")
    with open(room / "data" / "kpis.csv", "a", encoding="utf-8") as f:
        f.write("2026-03-01,web,Search success,70,80,higher,%\n")
    note = room / "walls" / "issues" / "late-delivery.md"
    note.write_text(note.read_text(encoding="utf-8").replace("target: 0", "target: 5"), encoding="utf-8")
