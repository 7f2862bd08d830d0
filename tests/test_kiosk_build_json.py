"""The kiosk survives any build.json (issue 11, finding 11), in Debian's Chromium.

The fixture room is built once with half-second screens and polls, and served by
Python's `http.server`. Each test overwrites the site's build.json while the kiosk runs:
with a broken one (not JSON, an array, `"kiosk": {}`, `"playlist": null`, entries that
are not entries, seconds out of range, pages of another site...) the kiosk must go on
turning on what it had, then take a good build.json written after it. A turn that
throws must not stop the turns nor the timed self-reload.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from browser import CHROMIUM, serve
from conftest import FIXTURES
from customer_room.build import build_site
from customer_room.report import Reporter

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                 reason="Debian's chromium is not installed (bash .ci/setup installs it)")]

PLAYLIST = ["walls/outcomes.html", "issues/late-delivery.html"]
KIOSK = """
[kiosk]
pages = ["walls/outcomes", "issues/late-delivery"]
seconds = 0.5
poll_seconds = 0.5
"""
FIXED = [{"path": "walls/touchpoints.html", "seconds": 0.5}]  # the playlist of the good build.json
RECORD_TURNS = """
window.__turns = [];
addEventListener("kiosk:turn", (event) => window.__turns.push(event.detail));
"""


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kiosk-hostile") / "room"
    shutil.copytree(FIXTURES / "small_room", root, ignore=shutil.ignore_patterns(".cache", "site"))
    with open(root / "room.toml", "a", encoding="utf-8") as toml:
        toml.write(KIOSK)
    build_site(root, root / "site", Reporter(quiet=True))
    return root


@pytest.fixture(scope="module")
def url(room):
    with serve(room / "site") as base:
        yield base


@pytest.fixture
def site(room):
    """The served site folder, its build.json and kiosk.html put back after each test."""
    folder = room / "site"
    saved = {name: (folder / name).read_bytes() for name in ("build.json", "kiosk.html")}
    yield folder
    for name, data in saved.items():
        write(folder / name, data)


def write(path: Path, data: bytes | str) -> None:
    """Replace a file at once, as a build does (the kiosk never reads half of it)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


@pytest.fixture(scope="module")
def build_json(room):
    """The site's own build.json, as built, with some keys changed."""
    built = json.loads((room / "site/build.json").read_text(encoding="utf-8"))

    def changed(**changes) -> str:
        return json.dumps({**built, **changes})

    return changed


class Kiosk:
    """kiosk.html open in a fresh context: its turns, its errors and its polls of build.json."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1920, "height": 1080})
        self.page = self.context.new_page()
        self.page.add_init_script(RECORD_TURNS)
        self.errors, self.polls = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfinished", lambda r: self.polls.append(r.url) if r.url.endswith("/build.json") else None)
        self.page.goto(url + "kiosk.html")

    def turns(self) -> list[dict]:
        return self.page.evaluate("() => window.__turns")

    def wait_turn(self, n: int, timeout: float = 15000) -> None:
        self.page.wait_for_function("n => Number(document.documentElement.dataset.turn || 0) >= n",
                                    arg=n, timeout=timeout)

    def wait_polls(self, more: int) -> None:
        """Until the kiosk has read build.json `more` times again."""
        target, deadline = len(self.polls) + more, time.monotonic() + 15
        while len(self.polls) < target and time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
        assert len(self.polls) >= target, "the kiosk stopped polling build.json"

    def wait_for(self, build: str, path: str) -> None:
        self.page.wait_for_function("([b, p]) => window.__turns.some((t) => t.build === b && t.path === p)",
                                    arg=[build, path], timeout=15000)


# Each broken build.json: a text as it is, or keys changed in the site's own build.json
# (with a new build id, to tempt the kiosk to take it).
BROKEN = [
    ("not JSON", '{"build_id": "broken", "kiosk": {"playlist": ['),
    ("empty file", ""),
    ("an array", "[1, 2, 3]"),
    ("a string", '"build"'),
    ("null", "null"),
    ("an empty object", "{}"),
    ("nested 100,000 deep", "[" * 100_000 + "]" * 100_000),
    ("kiosk is {}", {"kiosk": {}}),
    ("kiosk is an array", {"kiosk": [FIXED]}),
    ("kiosk is a string", {"kiosk": "walls/touchpoints.html"}),
    ("playlist is null", {"kiosk": {"playlist": None, "hours": None, "reload_hours": 6, "poll_seconds": 0.5}}),
    ("playlist is a string", {"kiosk": {"playlist": "walls/touchpoints.html"}}),
    ("playlist of non-entries", {"kiosk": {"playlist": [1, None, True, [], "walls/touchpoints.html"]}}),
    ("entries missing fields", {"kiosk": {"playlist": [{"path": "walls/touchpoints.html"}, {"seconds": 0.5}, {}]}}),
    ("negative seconds", {"kiosk": {"playlist": [{"path": "walls/touchpoints.html", "seconds": -5}]}}),
    ("huge seconds", {"kiosk": {"playlist": [{"path": "walls/touchpoints.html", "seconds": 1e300}]}}),
    ("seconds as text", {"kiosk": {"playlist": [{"path": "walls/touchpoints.html", "seconds": "0.5"}]}}),
    ("pages of another site", {"kiosk": {"playlist": [
        {"path": "https://example.com/", "seconds": 0.5}, {"path": "//example.com/x.html", "seconds": 0.5},
        {"path": "javascript:alert(1)", "seconds": 0.5}, {"path": "data:text/html,<h1>x", "seconds": 0.5}]}}),
    ("build id not a string", {"build_id": 42, "kiosk": {"playlist": FIXED}}),
]


@pytest.mark.parametrize("name, variant", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_build_json_leaves_the_kiosk_turning_and_a_good_one_is_taken(site, url, browser, build_json, name,
                                                                               variant):
    text = variant if isinstance(variant, str) else build_json(**{"build_id": "broken-" + name, **variant})
    kiosk = Kiosk(browser, url)
    try:
        kiosk.wait_turn(1)
        build = kiosk.turns()[-1]["build"]
        write(site / "build.json", text)
        kiosk.wait_polls(2)  # it has read the broken one, twice
        shown = len(kiosk.turns())
        kiosk.wait_turn(shown + 3)
        during = kiosk.turns()[shown:]
        assert {t["build"] for t in during} == {build}, "the kiosk took a broken build.json"
        assert {t["path"] for t in during} <= set(PLAYLIST)

        write(site / "build.json", build_json(build_id="fixed", kiosk={
            "playlist": FIXED, "hours": None, "reload_hours": 6, "poll_seconds": 0.5}))
        kiosk.wait_for("fixed", "walls/touchpoints.html")
        assert kiosk.errors == []
    finally:
        kiosk.context.close()


def test_settings_out_of_range_keep_their_last_value_and_the_playlist_is_taken(site, url, browser, build_json):
    kiosk = Kiosk(browser, url)
    try:
        kiosk.wait_turn(1)
        write(site / "build.json", build_json(build_id="odd-settings", kiosk={
            "playlist": FIXED + [{"path": "walls/nothing.html"}, 7],  # the entries that are not entries are dropped
            "hours": {"start": "dawn", "end": 99999}, "reload_hours": "soon", "poll_seconds": -1}))
        kiosk.wait_for("odd-settings", "walls/touchpoints.html")
        kiosk.wait_turn(len(kiosk.turns()) + 3)
        assert kiosk.turns()[-1]["path"] == "walls/touchpoints.html"
        assert kiosk.page.evaluate("() => !document.documentElement.hasAttribute('data-resting')")
        kiosk.wait_polls(2)  # still every half second, not in a tight loop nor never
        assert kiosk.errors == []
    finally:
        kiosk.context.close()


def test_a_kiosk_page_with_a_broken_config_starts_from_build_json(site, url, browser):
    page = (site / "kiosk.html").read_text(encoding="utf-8")
    start = page.index('<script type="application/json" id="kiosk-config">')
    end = page.index("</script>", start)
    write(site / "kiosk.html", page[:start] + '<script type="application/json" id="kiosk-config">{"playlist": [' +
          page[end:])
    kiosk = Kiosk(browser, url)
    try:
        kiosk.wait_turn(3)
        assert {t["path"] for t in kiosk.turns()} <= set(PLAYLIST)
        assert kiosk.errors == []
    finally:
        kiosk.context.close()


def test_the_self_reload_comes_even_when_every_turn_throws(site, url, browser, build_json):
    # due about 2 s after the page opened; taken from build.json at the first poll
    write(site / "build.json", build_json(build_id="reloading", kiosk={
        "playlist": [{"path": p, "seconds": 0.5} for p in PLAYLIST], "hours": None,
        "reload_hours": 0.0006, "poll_seconds": 0.5}))
    kiosk = Kiosk(browser, url)
    try:
        kiosk.wait_turn(1)
        kiosk.page.evaluate("() => { window.__same = true; document.getElementById('k-title').remove(); }")
        began = time.monotonic()
        turned = None
        while time.monotonic() - began < 20:  # the turns throw (show() finds no title) until the page reloads
            try:
                if kiosk.page.evaluate("() => window.__same") is not True:
                    break
                turned = kiosk.page.evaluate("() => Number(document.documentElement.dataset.turn)")
            except Exception:  # the page is navigating
                pass
            kiosk.page.wait_for_timeout(100)
        else:
            pytest.fail("the kiosk never reloaded itself after its turns threw")
        assert turned == 1, "a turn succeeded without a title: the test did not make turns throw"
        assert any("kiosk: a turn failed" in e for e in kiosk.errors), kiosk.errors
        kiosk.wait_turn(1)  # the reloaded page turns again
        assert kiosk.page.evaluate("() => document.getElementById('k-title') !== null")
    finally:
        kiosk.context.close()
