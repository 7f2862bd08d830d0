"""A big CSV export goes through the typed Parquet cache (issue 16): read a block at a
time, checked as a whole read checks it, written under `.cache/typed/`, scanned by the
embedded DuckDB, and read again only as far as it changed.

The cache is for exports of 256 MB and more; here the threshold is lowered to nothing
and the block made small, so the golden room and the demo room's exports (7 MB) go
through it in many blocks. Every expectation is what the whole read of the same file
gives: the same figures on every page, the same problems with the same lines, the same
warnings and notes.
"""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import FIXTURES, REPO
from pagetext import same_figures

from customer_room.build import build_site
from customer_room.errors import RoomError
from customer_room.load import cached
from customer_room.load.room import load_room
from customer_room.paths import room_cache
from customer_room.report import Reporter


@pytest.fixture
def through_cache(monkeypatch):
    """Every big-data-file CSV goes through the cache, in blocks of `size` bytes."""
    def use(size=2048):
        monkeypatch.setattr(cached, "CACHE_MIN_BYTES", 0)
        monkeypatch.setattr(cached, "BLOCK_BYTES", size)
    return use


def _room(tmp_path, source=FIXTURES / "small_room", name="room"):
    room = tmp_path / name
    shutil.copytree(source, room, ignore=shutil.ignore_patterns("site", ".cache", ".git", ".venv", "tests", "docs",
                                                                 "customer_room", "bench", "node_modules"))
    return room


def _typed(room):
    return room_cache(room, make=False) / "typed"


def _parts(room):
    """The cache's parts of this room's exports, as 'issues-…/part-0.parquet'."""
    found = []
    for manifest in _typed(room).rglob("manifest.json"):
        if str(room) in manifest.read_text():
            found += [p.relative_to(_typed(room)).as_posix() for p in manifest.parent.glob("*.parquet")]
    return sorted(found)


def _messages(loaded):
    return sorted(str(p) for p in loaded.warnings), sorted(str(p) for p in loaded.notes)


def test_the_golden_room_has_the_same_figures_through_the_cache(tmp_path, through_cache):
    files = _room(tmp_path, name="files")
    build_site(files, tmp_path / "files-site", Reporter(quiet=True))
    through_cache(256)
    room = _room(tmp_path)
    loaded = load_room(room)
    assert {"customers", "issues", "surveys"} <= set(loaded.tables) and "issues" not in loaded.frames  # no rows held
    build_site(room, tmp_path / "site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "site") > 100
    assert [p.split("/")[0].split("-")[0] for p in _parts(room)] == ["customers", "issues", "surveys"]


@pytest.mark.slow
def test_the_demo_room_in_blocks_has_the_same_figures_warnings_and_notes(tmp_path, monkeypatch):
    files = _room(tmp_path, REPO, "files")
    build_site(files, tmp_path / "files-site", Reporter(quiet=True))
    whole = _messages(load_room(files))
    monkeypatch.setattr(cached, "CACHE_MIN_BYTES", 0)
    monkeypatch.setattr(cached, "BLOCK_BYTES", 1 << 20)  # the 7 MB issues export in 7 blocks
    room = _room(tmp_path, REPO)
    build_site(room, tmp_path / "site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "site") > 500
    assert _messages(load_room(room)) == whole


def _issues(room, rows):
    """Append `rows` (CSV text lines) to the golden room's issues export."""
    with open(room / "data" / "issues.csv", "a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in rows))


SUSPICIOUS = [
    "X1,2026-01-20,2026-01-19,Late delivery,ship,email,low,C1,Closed before it was opened.",
    "X2,1900-01-01,,Late delivery,ship,email,low,C1,A date far from the others.",
    "X3,2026-01-21,9999-12-31,Late delivery,ship,email,low,C1,\"A quoted cell\nover two lines.\"",
    "X4,2026-01-22,,Wrong item,ship,email,low,C1,CafÃ© was mis-decoded.",
]


def test_warnings_and_notes_are_those_of_the_whole_read(tmp_path, through_cache):
    files = _room(tmp_path, name="files")
    _issues(files, SUSPICIOUS)
    whole = _messages(load_room(files))
    assert any("closed before they were opened (the first on line 11)" in w for w in whole[0])
    assert any("before the others" in w for w in whole[0])
    through_cache(300)
    room = _room(tmp_path)
    _issues(room, SUSPICIOUS)
    assert _messages(load_room(room)) == whole


def _bad_dates(count):
    return [f"D{i},2026-02-{30 + i},,Late delivery,ship,email,low,C1,\"Bad date,\nline {i}\"" for i in range(count)]


def test_every_bad_cell_is_named_on_its_line_as_the_whole_read_names_it(tmp_path, through_cache):
    files = _room(tmp_path, name="files")
    _issues(files, _bad_dates(8))
    with pytest.raises(RoomError) as whole:
        load_room(files)
    assert "data/issues.csv:13: column 'opened': '2026-02-31' is not a date" in str(whole.value)  # line counted
    assert "3 more rows like these" in str(whole.value)
    through_cache(200)  # the bad rows fall in several blocks
    room = _room(tmp_path)
    _issues(room, _bad_dates(8))
    build_site(_room(tmp_path, name="good"), tmp_path / "site", Reporter(quiet=True))
    before = (tmp_path / "site" / "walls" / "issues.html").read_bytes()
    with pytest.raises(RoomError) as caught:
        build_site(room, tmp_path / "site", Reporter(quiet=True))
    assert str(caught.value) == str(whole.value)
    assert (tmp_path / "site" / "walls" / "issues.html").read_bytes() == before  # the last good site stays
    assert not [p for p in _parts(room) if p.startswith("issues")]  # a cache is kept only when its file checks out


def test_a_repeated_id_is_found_as_the_whole_read_finds_it(tmp_path, through_cache):
    through_cache(300)
    room = _room(tmp_path)
    _issues(room, ["L2,2026-01-20,,Late delivery,ship,email,low,C9,Another ticket with an old id."])
    with pytest.raises(RoomError) as caught:
        load_room(room)
    assert "data/issues.csv:11: column 'id': 'L2' is a duplicate (first on line 3)" in str(caught.value)


def _edited_in_place(room):
    """The issues export with one category renamed, at the same size and time."""
    export = room / "data" / "issues.csv"
    stat = export.stat()
    export.write_text(export.read_text(encoding="utf-8").replace("Late delivery", "Late deliverX"), encoding="utf-8")
    os.utime(export, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return export


def test_an_unchanged_export_is_not_read_again(tmp_path, through_cache):
    through_cache()
    room = _room(tmp_path)
    load_room(room)
    parts = _parts(room)
    export = _edited_in_place(room)
    assert "Late delivery" in set(load_room(room).table("issues").category.execute())  # the cache, as it is
    assert _parts(room) == parts
    os.utime(export)  # now it has changed: read again, whole
    assert "Late deliverX" in set(load_room(room).table("issues").category.execute())


def test_with_the_cache_switched_off_the_export_is_read_every_time(tmp_path, through_cache, monkeypatch):
    through_cache()
    room = _room(tmp_path)
    load_room(room)
    _edited_in_place(room)
    monkeypatch.setenv("CUSTOMER_ROOM_NO_CACHE", "typed")
    assert "Late deliverX" in set(load_room(room).table("issues").category.execute())


def test_an_export_that_only_grew_has_only_its_new_rows_read(tmp_path, through_cache):
    through_cache()
    room = _room(tmp_path)
    load_room(room)
    new = ["N1,2026-01-23,,Wrong item,ship,chat,high,C3,Sent the wrong size.",
           "N2,2026-01-23,2026-01-24,Wrong item,ship,chat,high,C4,Wrong colour."]
    _issues(room, new)
    loaded = load_room(room)
    issues = [p for p in _parts(room) if p.startswith("issues")]
    assert [p.split("/")[1] for p in issues] == ["part-0.parquet", "part-1.parquet"]
    fresh = _room(tmp_path, name="fresh")
    _issues(fresh, new)
    expected = load_room(fresh).table("issues").execute().sort_values("id").reset_index(drop=True)
    assert loaded.table("issues").execute().sort_values("id").reset_index(drop=True).equals(expected)
    assert len(expected) == 11
    _issues(room, ["L1,2026-01-24,,Wrong item,ship,chat,high,C5,An old id again."])  # a bad appended row
    with pytest.raises(RoomError) as caught:
        load_room(room)
    assert "data/issues.csv:13: column 'id': 'L1' is a duplicate (first on line 2)" in str(caught.value)


def test_an_export_changed_in_the_middle_is_read_again_whole(tmp_path, through_cache):
    through_cache()
    room = _room(tmp_path)
    load_room(room)
    export = room / "data" / "issues.csv"
    export.write_text(export.read_text(encoding="utf-8").replace("Two days late.", "Two days late!!")
                      + "N1,2026-01-23,,Wrong item,ship,chat,high,C3,New.\n", encoding="utf-8")
    loaded = load_room(room)
    assert [p for p in _parts(room) if p.startswith("issues")][-1].endswith("part-0.parquet")
    assert "Two days late!!" in set(loaded.table("issues").text.execute())


def test_a_spoilt_cache_is_made_again(tmp_path, through_cache):
    through_cache()
    room = _room(tmp_path)
    load_room(room)
    parts = {p.split("-")[0]: _typed(room) / p for p in _parts(room)}
    (parts["issues"].parent / "manifest.json").write_text("{not json")
    parts["surveys"].write_bytes(b"PAR1 cut short")
    loaded = load_room(room)
    assert len(loaded.table("issues").execute()) == 9 and len(loaded.table("surveys").execute()) == 9
