"""HTML to PDF with WeasyPrint, kept inside the site: the posters' printer.

WeasyPrint lays out a page as a print engine would (no browser, no JavaScript) and draws
SVG images as vectors, so a poster's charts stay sharp at any size. This module is the
only one that imports it (about a second), and only `customer-room posters` does.

Everything a poster loads comes from the site being published or from memory: its
stylesheet and the fonts shipped in `assets/fonts/` (declared by room.css's @font-face
and held in one `FontConfiguration`, so a poster looks the same on every machine and no
font is ever fetched), the room's images in `media/`, and the poster-profile chart SVGs,
which are handed over in memory because the site's pages do not use them. Any other
address, on the network or outside the site, is refused.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STYLESHEET = "assets/room.css"
# What print never shows, taken out before layout so that WeasyPrint need not parse and
# style it: chart specs and the tables behind charts, parts marked for the screen only,
# and the items a sheet leaves out (hidden by room.css's print rules all the same).
_NOT_PRINTED = re.compile(
    r'<script type="application/json"[^>]*>.*?</script>'
    r'|<div class="chart-table".*?</table>\s*</div>'
    r'|<(table|h2|p|section|article|li|tr|ul)\b[^>]*\bclass="[^"]*\b(?:screen-only|beyond-sheet)\b[^"]*"[^>]*>.*?</\1>',
    re.S)
_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="(?:\.\./)*' + re.escape(STYLESHEET) + '">')


class SiteFetcher(URLFetcher):
    """Serves a poster's files from one site folder and from memory; refuses the rest."""

    def __init__(self, site: Path, files: dict[Path, str]):
        super().__init__(allowed_protocols=("file", "data"))
        self.site = site.resolve()
        self.files = {path.resolve(): text for path, text in files.items()}

    def fetch(self, url, headers=None):
        """The file at `url`, if it is one of ours (a data: URI, such as a QR code, as is)."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if path in self.files:
            return URLFetcherResponse(url, self.files[path].encode("utf-8"), {"Content-Type": "image/svg+xml"})
        if urlsplit(url).scheme != "file" or not path.is_relative_to(self.site):
            raise ValueError(f"a poster loads only files of its site, not {url}")
        return super().fetch(url, headers)


class Printer:
    """Lays out pages of one site folder as PDF; fonts and the stylesheet are loaded once."""

    def __init__(self, site: Path, files: dict[str, str] | None = None, verbose: bool = False):
        """`files`: more files by site path (the poster charts), served from memory."""
        # WeasyPrint warns about CSS it ignores (screen-only rules); say so only with --verbose.
        logging.getLogger("weasyprint").setLevel(logging.WARNING if verbose else logging.ERROR)
        self.site, self.files = site, files or {}
        self.fetcher = SiteFetcher(site, {site / rel: text for rel, text in self.files.items()})
        self.fonts = FontConfiguration()
        # Parsed once for every poster (a page links it; see `prepare`). It comes in as a
        # user stylesheet, so a page's own <style> (the sheet, the brand colours) still wins.
        self.css = CSS(filename=str(site / STYLESHEET), url_fetcher=self.fetcher, font_config=self.fonts)

    @staticmethod
    def prepare(html: str) -> str:
        """A page's HTML without what print never shows (and without its link to room.css,
        which `layout` brings in already parsed)."""
        return _STYLESHEET_LINK.sub("", _NOT_PRINTED.sub("", html), count=1)

    def layout(self, html: str, page_path: str):
        """Lay out prepared `html` as the site's page at `page_path` (relative links
        resolve from there); returns WeasyPrint's document, whose `pages` say how many
        sheets it needs."""
        document = HTML(string=html, base_url=str(self.site / page_path), url_fetcher=self.fetcher)
        return document.render(font_config=self.fonts, stylesheets=[self.css])

    @staticmethod
    def pdf(document, zoom: float = 1.0) -> bytes:
        """The laid-out document as PDF bytes, scaled by `zoom` (every length, type and
        page size alike: the layout stays the same, only smaller or larger)."""
        return document.write_pdf(zoom=zoom)

    def fit(self, variants, page_path: str, zoom: float, start: int = 0,
            sheets: int = 1) -> tuple[int | None, bytes | None]:
        """The first of `variants` from `start` on (a page's prepared HTML, each showing
        less than the one before) that fits on `sheets` pages (a poster: one), as (its
        index, its PDF), or (None, None). A variant the same as the one before (it leaves
        out nothing this page shows) is not laid out again."""
        tried = None
        for step in range(start, len(variants)):
            if variants[step] == tried:
                continue
            tried = variants[step]
            document = self.layout(tried, page_path)
            if len(document.pages) <= sheets:
                return step, self.pdf(document, zoom)
        return None, None


_PRINTER: list = []  # in a worker process: the printer of the last request's site and files


def warm_up() -> None:
    """Nothing to do: importing this module (WeasyPrint, a second) is the warm-up."""


def handle(request) -> tuple[int | None, bytes | None]:
    """The worker pool's entry ("posters" service): `Printer.fit` for one poster.

    `request` is ((site folder, files, verbose), fit's arguments). The printer is kept
    while requests name the same site and files (the posters of one build), so that its
    fonts and stylesheet load once.
    """
    (site, files, verbose), args = request
    if not _PRINTER or _PRINTER[0] != (site, files, verbose):
        _PRINTER[:] = [(site, files, verbose), Printer(Path(site), files, verbose)]
    return _PRINTER[1].fit(*args)
