"""`serve`: the preview server with live reload, in a real Chromium (issue 5).

The watcher, the HTTP server and the browser are all real: a test saves a file in the
room, and the open page must show the new build by itself, or, after a broken save,
the error banner over the last good page.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from browser import artifacts_dir, chromium
from customer_room.report import Reporter
from customer_room.live.serve import LiveState, address, make_server
from customer_room.live.watch import Watcher

pytestmark = pytest.mark.slow  # a real browser, printer, watcher or killed process

NEW_ROW = "L20,2026-02-21,,Late delivery,ship,email,low,C4,Still waiting for the tent.\n"


@pytest.fixture
def served(small_room):
    """The room watched and served on a free port: yields (base URL, watcher)."""
    state = LiveState()
    watcher = Watcher(small_room, small_room / "site", Reporter(quiet=True), settle=0.2, on_build=state.update)
    watcher.start()
    assert watcher.build().ok
    server = make_server(watcher.out, state, port=0)
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watcher.loop, daemon=True)]
    for thread in threads:
        thread.start()
    yield address(server), watcher
    watcher.close()
    server.shutdown()
    server.server_close()


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8"), response.headers


def test_served_pages_carry_the_live_script_and_the_files_on_disk_do_not(served, small_room):
    base, watcher = served
    html, headers = fetch(base + "issues/late-delivery.html")
    build_id = json.loads((small_room / "site/build.json").read_text())["build_id"]
    assert f'<script src="/__live__/reload.js" data-build="{build_id}" defer></script></body>' in html
    assert headers["Cache-Control"] == "no-store"
    assert "__live__" not in (small_room / "site/issues/late-delivery.html").read_text()
    assert "__live__" in fetch(base)[0]  # the folder's index page too
    state = json.loads(fetch(base + "__live__/wait")[0])  # no epoch: answered at once
    assert state["build_id"] == build_id and state["problems"] == []
    assert "location.reload" in fetch(base + "__live__/reload.js")[0]


def test_a_waiting_page_is_answered_as_soon_as_a_build_finishes(served, small_room):
    base, watcher = served
    epoch = json.loads(fetch(base + "__live__/wait")[0])["epoch"]
    began = time.monotonic()
    answer = {}
    waiter = threading.Thread(target=lambda: answer.update(json.loads(fetch(f"{base}__live__/wait?epoch={epoch}")[0])))
    waiter.start()
    time.sleep(0.5)
    assert waiter.is_alive()  # held while nothing is built
    with open(small_room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write(NEW_ROW)
    waiter.join(timeout=20)
    assert answer["epoch"] == epoch + 1 and answer["problems"] == []
    assert answer["build_id"] == json.loads((small_room / "site/build.json").read_text())["build_id"]
    assert time.monotonic() - began < 20


def test_an_open_page_reloads_itself_after_a_data_change_and_shows_a_broken_save_in_a_banner(served, small_room):
    base, watcher = served
    issues = small_room / "data/issues.csv"
    good = issues.read_text(encoding="utf-8")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "issues/late-delivery.html")
        page.wait_for_function("() => window.fetch && document.readyState === 'complete'")
        assert "Still waiting for the tent." not in page.inner_text("body")
        page.evaluate("window.keptAcrossReloads = 'old page'")

        issues.write_text(good + NEW_ROW, encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('Still waiting for the tent.')", timeout=15000)
        assert page.evaluate("window.keptAcrossReloads") is None  # it was a real reload

        issues.write_text(good + NEW_ROW + "L21,soon,,Late delivery,ship,email,low,C5,Broken.\n", encoding="utf-8")
        banner = page.wait_for_selector("#live-build-error", timeout=15000)
        text = banner.inner_text()
        assert "The last build failed" in text and "data/issues.csv" in text and "'soon'" in text
        assert "Still waiting for the tent." in page.inner_text("body")  # the last good page stays
        page.screenshot(path=str(artifacts_dir("serve") / "error-banner.png"))

        issues.write_text(good + NEW_ROW + "L21,2026-02-22,,Late delivery,ship,email,low,C5,Fixed again.\n",
                          encoding="utf-8")
        page.wait_for_function("() => document.body.innerText.includes('Fixed again.')", timeout=15000)
        assert page.query_selector("#live-build-error") is None


def test_a_room_that_was_never_built_shows_why_and_reloads_when_it_is_fixed(small_room):
    issues = small_room / "data/issues.csv"
    good = issues.read_text(encoding="utf-8")
    issues.write_text(good + "L21,soon,,Late delivery,ship,email,low,C5,Broken.\n", encoding="utf-8")
    state = LiveState()
    watcher = Watcher(small_room, small_room / "site", Reporter(quiet=True), settle=0.2, on_build=state.update)
    watcher.start()
    assert not watcher.build().ok and not (small_room / "site").exists()
    server = make_server(watcher.out, state, port=0)
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watcher.loop, daemon=True)]
    for thread in threads:
        thread.start()
    try:
        with pytest.raises(urllib.error.HTTPError) as caught:
            fetch(address(server) + "walls/issues.html")
        body = caught.value.read().decode("utf-8")
        assert caught.value.code == 503 and "The room is not built yet" in body and "&#x27;soon&#x27;" in body
        with chromium() as browser:
            page = browser.new_page()
            page.goto(address(server) + "walls/issues.html")
            issues.write_text(good, encoding="utf-8")
            page.wait_for_selector("h1:has-text('Issues')", timeout=15000)
    finally:
        watcher.close()
        server.shutdown()
        server.server_close()
