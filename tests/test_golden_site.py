"""The whole site of tests/fixtures/small_room against a committed expected tree.

A safety net for changes that must not change what a user sees (issue 12: moving the
code into stages): the list of files in the site, each page's visible text, and
build.json without its ids, times and digests. Where a change is meant to change the
site, look at the difference, then write the new tree with

    CUSTOMER_ROOM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_site.py

and commit it with the change, so that the review shows what moved on the pages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from customer_room.build import build_site
from customer_room.report import Reporter
from pagetext import read_page

EXPECTED = Path(__file__).parent / "golden" / "small_room"
UPDATE = bool(os.environ.get("CUSTOMER_ROOM_UPDATE_GOLDEN"))
_STAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?( ?UTC|Z|[+-]\d{2}:?\d{2})?")


def _text(page: Path) -> str:
    """A page's visible text, one sentence-ish chunk a line, with build times masked."""
    text = read_page(page)[1]
    return _STAMP.sub("<time>", text).replace(" · ", "\n").strip() + "\n"


def _manifest(site: Path) -> str:
    """build.json without what differs between two builds of the same room."""
    built = json.loads((site / "build.json").read_text())
    for key in ("build_id", "built_at", "inputs"):
        built.pop(key)
    for page in built["pages"]:
        page.pop("digest")
    return json.dumps(built, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _tree(site: Path) -> dict[str, str]:
    """{expected file: its text} for the site: files.txt, build.json and each page's text."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    out = {"files.txt": "\n".join(files) + "\n", "build.json": _manifest(site)}
    for rel in files:
        if rel.endswith(".html"):
            out[f"pages/{rel}.txt"] = _text(site / rel)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, str]:
    room = tmp_path_factory.mktemp("golden-site") / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    build_site(room, room.parent / "site", Reporter(quiet=True))
    return _tree(room.parent / "site")


def test_the_whole_site_is_as_expected(built):
    if UPDATE:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, text in built.items():
            (EXPECTED / rel).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(EXPECTED).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(EXPECTED.rglob("*")) if p.is_file()}
    assert sorted(built) == sorted(expected), "the site has other pages than the expected tree"
    for rel in expected:
        assert built[rel] == expected[rel], f"{rel} differs from tests/golden/small_room/{rel}"
