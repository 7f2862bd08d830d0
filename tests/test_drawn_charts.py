"""Charts drawn where they are needed (issue 16): build-time SVGs only for a wall (printed,
and its no-JavaScript fallback), the kiosk's slides and a page the kiosk packs into
screens. An issue or touchpoint page draws its charts in the browser; without
JavaScript it shows their tables, and it prints what the browser drew.
"""

from __future__ import annotations

import re

import pytest
from browser import serve

from customer_room.build import build_site
from customer_room.report import Reporter

pytestmark = pytest.mark.slow  # builds rooms and drives Chromium

IMG = re.compile(r'<img class="chart-static" src="(?:\.\./)?(charts/[0-9a-f]+\.svg)"')


def svgs_of(page) -> list[str]:
    return IMG.findall(page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import shutil

    from conftest import FIXTURES

    room = tmp_path_factory.mktemp("drawn") / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    with (room / "room.toml").open("a", encoding="utf-8") as toml:  # the kiosk packs one touchpoint page
        toml.write('\n[kiosk]\npages = ["walls/*", "issues/*", "touchpoints/web.html"]\n')
    build_site(room, room / "site", Reporter(quiet=True))
    return room / "site"


def test_walls_and_pages_the_kiosk_packs_have_svgs_and_the_rest_have_none(site):
    for wall in ("outcomes", "issues"):  # the touchpoints wall of this room has no chart
        found = svgs_of(site / f"walls/{wall}.html")
        assert found and all((site / svg).is_file() for svg in found)
    assert svgs_of(site / "touchpoints/web.html")  # packed into the kiosk's screens: it shows the SVGs
    for page in [*(site / "issues").glob("*.html"), site / "touchpoints/ship.html"]:
        text = page.read_text(encoding="utf-8")
        assert svgs_of(page) == [] and 'class="chart no-static"' in text, page.name
    kiosk = (site / "kiosk.html").read_text(encoding="utf-8")
    slides = re.findall(r'<img class="k-chart-img" src="(charts/[0-9a-f]+\.svg)"', kiosk)
    assert slides and all((site / svg).is_file() for svg in slides)
    # nothing else is drawn: every SVG of the site is one a page shows
    shown = {svg for page in site.rglob("*.html") for svg in svgs_of(page)} | set(slides)
    assert {p.relative_to(site).as_posix() for p in (site / "charts").glob("*.svg")} == shown


def test_an_issue_page_shows_its_tables_without_javascript_and_prints_what_the_browser_drew(site, browser):
    with serve(site) as url:
        plain = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
        page = plain.new_page()
        page.goto(url + "issues/late-delivery.html")
        figures = page.locator("figure.chart")
        assert figures.count() == 3
        for i in range(3):
            assert figures.nth(i).locator(".chart-table").is_visible()
            assert figures.nth(i).locator("img").count() == 0
        page.emulate_media(media="print")
        assert figures.nth(0).locator(".chart-table").is_visible()  # on paper too, with no JavaScript
        plain.close()

        live = browser.new_context(viewport={"width": 1280, "height": 900})
        page = live.new_page()
        page.goto(url + "issues/late-delivery.html")
        page.wait_for_function("document.querySelectorAll('figure.chart.is-live').length === 3")
        page.emulate_media(media="print")
        first = page.locator("figure.chart").nth(0)
        assert first.locator(".chart-live svg, .chart-live canvas").first.is_visible()
        assert not first.locator(".chart-table").is_visible()
        live.close()
