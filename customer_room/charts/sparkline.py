"""Tiny inline trend lines for KPI cards and issue cards, written by hand as SVG.

A touchpoints wall has a card per KPI and an issues wall a card per tracked issue; a
full Vega-Lite chart per card would cost a vl-convert render each (25–65 ms) and a
vega-embed view in the browser. A sparkline needs neither: a polyline and a dot on the
last point, a few hundred bytes, identical on screen, kiosk and poster.
"""

from __future__ import annotations

import math
from html import escape
from typing import Iterable

from . import theme


def _finite(value: object) -> float | None:
    """`value` as a float, or None when missing or not finite."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def describe(values: Iterable[object], labels: Iterable[str], text=str) -> str:
    """A sparkline's words for a screen reader: its first, last, lowest and highest
    values with their periods ('first 30 in 2025-W21, last 53 in 2026-W46, lowest 27 in
    2025-W30, highest 129 in 2026-W10'); `text` writes a value."""
    known = [(v, label) for v, label in zip((_finite(v) for v in values), labels) if v is not None]
    if not known:
        return "no readings"
    low = min(known, key=lambda item: item[0])
    high = max(known, key=lambda item: item[0])
    return (f"first {text(known[0][0])} in {known[0][1]}, last {text(known[-1][0])} in {known[-1][1]}, "
            f"lowest {text(low[0])} in {low[1]}, highest {text(high[0])} in {high[1]}")


def sparkline(values: Iterable[object], width: int = 120, height: int = 28, *,
              aria_label: str = "", color: str = theme.DEFAULT_COLORS["primary"],
              dot_color: str | None = None, target: float | None = None,
              stroke_width: float = 1.5) -> str:
    """An inline `<svg role="img">` of `values` in order, named `aria_label` for readers.

    Missing values (None, NaN) break the line instead of dropping to zero; a lone point
    between gaps is drawn as a dot. `target`, when given, is a dotted horizontal line
    and is kept inside the vertical range. The last point gets a dot (in `dot_color`,
    e.g. the KPI status colour). With no values at all, only the frame is drawn.
    """
    points = [_finite(v) for v in values]
    known = [v for v in points if v is not None]
    goal = _finite(target)
    radius = max(1.5, stroke_width * 1.4)
    pad = radius + stroke_width / 2
    open_tag = (f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" role="img" '
                f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
                f'aria-label="{escape(aria_label, quote=True)}">')
    parts = [open_tag]
    if aria_label:
        parts.append(f"<title>{escape(aria_label)}</title>")
    if not known:
        parts.append("</svg>")
        return "".join(parts)
    low = min(known + ([goal] if goal is not None else []))
    high = max(known + ([goal] if goal is not None else []))
    span = high - low

    def x(i: int) -> float:
        if len(points) == 1:
            return width / 2
        return pad + i * (width - 2 * pad) / (len(points) - 1)

    def y(v: float) -> float:
        if span == 0:
            return height / 2
        return height - pad - (v - low) * (height - 2 * pad) / span

    if goal is not None:
        parts.append(f'<line x1="0" x2="{width}" y1="{y(goal):.1f}" y2="{y(goal):.1f}" '
                     f'stroke="{theme.MUTED}" stroke-width="1" stroke-dasharray="2 2"/>')
    runs: list[list[int]] = [[]]
    for i, v in enumerate(points):
        if v is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(i)
    for run in runs:
        if len(run) > 1:
            coords = " ".join(f"{x(i):.1f},{y(points[i]):.1f}"  # type: ignore[arg-type]
                              for i in run)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{color}" '
                         f'stroke-width="{stroke_width}" stroke-linejoin="round" '
                         f'stroke-linecap="round"/>')
        elif run:
            lone = points[run[0]]
            assert lone is not None
            parts.append(f'<circle cx="{x(run[0]):.1f}" cy="{y(lone):.1f}" '
                         f'r="{stroke_width:.1f}" fill="{color}"/>')
    last = max(i for i, v in enumerate(points) if v is not None)
    end = points[last]
    assert end is not None
    parts.append(f'<circle cx="{x(last):.1f}" cy="{y(end):.1f}" r="{radius:.1f}" '
                 f'fill="{dot_color or color}"/>')
    parts.append("</svg>")
    return "".join(parts)
