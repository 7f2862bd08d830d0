"""Every cache of `state.CACHES` can be switched off without changing a figure: the same
builds (a first build, a note edit, a day appended, as a watch makes them) give the
same pages with it off as with every cache on. A wrong figure cannot hide in a cache."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, Rebuilds
from customer_room.state import CACHES

pytestmark = pytest.mark.slow  # builds the room three times per cache

NEW_ROW = "L30,2026-02-27,,Late delivery,ship,email,low,C5,A day later.\n"


def watch_three_builds(root, monkeypatch, off: str) -> dict:
    """The pages (path → digest) and files of the site after three builds in one state."""
    monkeypatch.setenv("CUSTOMER_ROOM_NO_CACHE", off)
    monkeypatch.setenv("CUSTOMER_ROOM_CACHE", "")  # each room its own chart cache, so "svg files" off means off
    shutil.copytree(FIXTURES / "small_room", root)
    builds = Rebuilds(root, root / "site", appends=True)
    assert builds.build().pages
    note = root / "walls/issues/late-delivery.md"
    note.write_text(note.read_text().replace("Second carrier is live.", "A third carrier starts Monday."))
    builds.build()
    with open(root / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write(NEW_ROW)
    result = builds.build()
    built = json.loads((root / "site/build.json").read_text())
    files = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file())
    return {"build_id": result.build_id, "pages": {p["path"]: p["digest"] for p in built["pages"]}, "files": files,
            "words": "A third carrier starts Monday." in (root / "site/issues/late-delivery.html").read_text()
            and "A day later." in (root / "site/issues/late-delivery.html").read_text()}


@pytest.fixture(scope="module")
def all_on(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    try:
        return watch_three_builds(tmp_path_factory.mktemp("all-on") / "room", mp, "")
    finally:
        mp.undo()


@pytest.mark.parametrize("cache", [c.name for c in CACHES])
def test_a_cache_switched_off_changes_no_page(all_on, tmp_path, monkeypatch, cache):
    off = watch_three_builds(tmp_path / "room", monkeypatch, cache)
    assert all_on["words"] and off["words"]
    assert off["pages"] == all_on["pages"]
    assert off["files"] == all_on["files"]
    assert off["build_id"] == all_on["build_id"]
