"""The built demo site in a real browser: charts render, no console errors, nothing external.

Debian's Chromium, headless, opens every wall, one issue page and one touchpoint page of
the demo room served on 127.0.0.1. Screenshots of the walls are written to the folder the
test run names (printed at the end of the run) for a person to look at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import CHROMIUM, artifacts_dir

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (bash .ci/setup installs it)")]


def pages_to_open(site: Path) -> list[str]:
    build = json.loads((site / "build.json").read_text())
    paths = [p["path"] for p in build["pages"]]
    issue = next(p for p in paths if p.startswith("issues/"))
    touchpoint = next(p for p in paths if p.startswith("touchpoints/"))
    return ["index.html", "walls/outcomes.html", "walls/issues.html", "walls/touchpoints.html", issue, touchpoint]


def test_pages_render_charts_offline_without_errors(demo_site, demo_url, browser):
    shots = artifacts_dir("browser")
    for path in pages_to_open(demo_site):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        errors, requests = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(demo_url + path, wait_until="load")
        figures = page.locator("figure.chart").count()
        if figures:
            page.wait_for_function(
                "n => document.querySelectorAll('figure.chart.is-live').length === n", arg=figures, timeout=20000)
            marks = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(
                f => f.querySelectorAll('.chart-live svg .role-mark > *, .chart-live svg path.mark, .chart-live svg [class*="mark-"] path, .chart-live svg [class*="mark-"] rect').length)""")
            assert all(n > 0 for n in marks), f"{path}: a chart drew no marks: {marks}"
        assert errors == [], f"{path}: console errors {errors}"
        foreign = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1",) and not u.startswith("data:")]
        assert foreign == [], f"{path}: requests left the site: {foreign}"
        if path.startswith("walls/") or path == "index.html":
            page.screenshot(path=str(shots / (path.replace("/", "_").replace(".html", ".png"))), full_page=True)
        page.close()
    print(f"\nscreenshots: {shots}")


def test_walls_without_javascript_show_the_build_time_svgs(demo_site, demo_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "walls/outcomes.html")
    images = page.locator("figure.chart img.chart-static")
    assert images.count() >= 4
    widths = page.evaluate("() => [...document.querySelectorAll('img.chart-static')].map(i => i.naturalWidth)")
    assert all(w > 100 for w in widths), widths
    context.close()


def test_pages_work_from_a_file_share(demo_site, browser):
    """Relative links only: the walls open straight from disk (file://) with live charts."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((demo_site / "walls" / "outcomes.html").as_uri())
    figures = page.locator("figure.chart").count()
    page.wait_for_function("n => document.querySelectorAll('figure.chart.is-live').length === n",
                           arg=figures, timeout=20000)
    page.click("text=2 · Issues")
    assert page.url.endswith("/walls/issues.html")
    assert errors == []
    page.close()


@pytest.mark.parametrize("wall", ["outcomes", "issues", "touchpoints"])
def test_printing_a_wall_from_the_browser_gives_one_sheet_of_the_poster_size(browser, demo_url, wall):
    import io

    import pdfplumber

    page = browser.new_page()
    page.goto(demo_url + f"walls/{wall}.html")
    page.wait_for_load_state("load")
    pdf = page.pdf(prefer_css_page_size=True)  # what "Print" in Chromium makes, with the page's @page size
    page.close()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 1
        sheet = doc.pages[0]
        assert (round(sheet.width), round(sheet.height)) == (2384, 1684)  # A1 landscape, the demo's [posters]
        assert wall.capitalize() in sheet.extract_text()
