"""One size of chart type on a poster: every chart drawn at the same scale.

A poster's charts sit in boxes of one size (three across on a landscape sheet, two on
a portrait one, `room.css`), but their SVGs are not all of one shape: a bar chart is
narrower than a time series, a chart with a legend taller. Fitted each to its box,
each would be scaled by its own factor and their labels would print at as many sizes.
Instead the poster works out the one factor at which every chart fits its box (the
smallest of their own) and draws each at its SVG's size times that factor: one label
size per poster, as large as the fullest box allows.

Everything is in the layout's own units: a poster is laid out at A1's type sizes on a
page of about A1's size (`sheets.sheet_css`), so the boxes are nearly the same on every
sheet of one orientation; the stylesheet's `max-width: 100%` stays as a safety net.
"""

from __future__ import annotations

import re

from ..sheets import BODY_PT, MARGIN_PT, Sheet

PX_PER_PT = 4 / 3
GRID_GAP_REM, FIGURE_PAD_REM, BORDER_PX = 0.6, 0.8, 2  # room.css, @media print: .grid, figure.chart
BOX_REM = {"outcomes": 12.5, "issue": 12.5}  # a chart's height; other pages 11.5 rem
MAX_SCALE = 1.6  # a chart is never blown up past this (its lines would look heavy)

_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def svg_size(svg: str | None) -> tuple[float, float] | None:
    """An SVG's own width and height in px, from its root element; None if it has none."""
    found = _SIZE.search(svg or "")
    return (float(found.group(1)), float(found.group(2))) if found else None


def box(on: Sheet, kind: str) -> tuple[float, float]:
    """The width and height in px of a chart's box on a poster of page `kind` on `on`."""
    columns = 2 if on.orientation == "portrait" else 3
    content = on.width / on.scale - 2 * MARGIN_PT
    width = (content - (columns - 1) * GRID_GAP_REM * BODY_PT) / columns - FIGURE_PAD_REM * BODY_PT
    return width * PX_PER_PT - BORDER_PX, BOX_REM.get(kind, 11.5) * BODY_PT * PX_PER_PT


def chart_sizes(charts, on: Sheet, kind: str) -> dict[str, tuple[float, float]]:
    """Each chart's printed size in px by its SVG's site path, all at one scale: the
    largest at which every chart of the page fits its box."""
    sizes = {c.svg_path: svg_size(c.svg) for c in charts}
    sizes = {path: size for path, size in sizes.items() if size}
    if not sizes:
        return {}
    width, height = box(on, kind)
    factor = min(MAX_SCALE, *(min(width / w, height / h) for w, h in sizes.values()))
    return {path: (round(w * factor, 1), round(h * factor, 1)) for path, (w, h) in sizes.items()}
