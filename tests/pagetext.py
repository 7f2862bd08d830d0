"""Read what a person sees on a built page: figures by their data-figure name, and text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Figures(HTMLParser):
    """Collects the text inside every element carrying a data-figure attribute."""

    def __init__(self):
        super().__init__()
        self.figures: dict[str, str] = {}
        self.text: list[str] = []
        self._stack: list[tuple[str, str | None]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            return
        self._stack.append((tag, attrs.get("data-figure")))
        if attrs.get("data-figure"):
            self.figures.setdefault(attrs["data-figure"], "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        for _, name in self._stack:
            if name:
                self.figures[name] += data


def read_page(path: Path) -> tuple[dict[str, str], str]:
    """({figure name: its visible text, whitespace folded}, the page's visible text)."""
    parser = _Figures()
    parser.feed(path.read_text(encoding="utf-8"))
    fold = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    return {k: fold(v) for k, v in parser.figures.items()}, fold(" ".join(parser.text))




def same_figures(expected_site: Path, site: Path) -> int:
    """Assert that two builds of one room made the same pages with the same figures on
    each (the same room from files and from a warehouse, say); how many were compared."""
    pages = sorted(p.relative_to(expected_site) for p in expected_site.rglob("*.html"))
    assert sorted(p.relative_to(site) for p in site.rglob("*.html")) == pages
    compared = 0
    for page in pages:
        expected = read_page(expected_site / page)[0]
        assert read_page(site / page)[0] == expected, page
        compared += len(expected)
    return compared
