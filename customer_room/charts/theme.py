"""The one visual theme of every chart, in three profiles: screen, kiosk and poster.

A chart on the intranet is read at arm's length, on a corridor TV from a few metres and
on a printed poster from two metres; the same theme serves all three by scaling type,
lines and points per profile and by showing fewer labels on the kiosk. Colours that
carry meaning (inflow vs outflow, target, ideal burn-down, projection, KPI status) are
fixed here, from the Okabe–Ito palette, so that they read for colour-blind viewers; KPI
statuses also get distinct shapes so that status reads without colour at all.

Sizes are fixed pixels per profile so that the SVG rendered at build time is
deterministic; the page's JavaScript may switch the width to "container" later. They
are the size of the plot area: axes and legend add roughly 60–120 px, so a screen chart
comes out about 560 × 240 in all, a kiosk chart 960 × 680 (half of a TV slide, drawn
at about the size a 1080p screen shows it) and a poster chart at most
970 × 370, which a poster shows three across on A1 in a box of about 30 × 11.5 rem
(730 × 276 pt, i.e. 970 × 368 px): never shrunk, its 32 px labels print at 24 pt or
more, like the poster's body text. (Vega-Lite's `autosize: fit` would make the totals exact, but it lays out
every chart twice and made vl-convert ~30 % slower.)
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any

PROFILES = ("screen", "kiosk", "poster")
# Room Sans ships in assets/fonts and is what vl-convert measures labels with (see
# scripts/make_room_sans.py for why); DejaVu Sans has the same widths.
FONT = "Room Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif"

# Okabe & Ito (2008), ordered so that the first colours are the most distinct on white,
# with the orange, the sky blue and the yellow darkened until each has at least 3:1
# contrast on white (WCAG 1.4.11, non-text contrast: a bar or a marker must be seen).
PALETTE = (
    "#0072B2",  # blue, 5.2:1
    "#B07600",  # orange (Okabe–Ito #E69F00 darkened), 3.9:1
    "#009E73",  # bluish green, 3.4:1
    "#D55E00",  # vermillion, 3.9:1
    "#CC79A7",  # reddish purple, 3.1:1
    "#3A8DBF",  # sky blue (#56B4E9 darkened), 3.7:1
    "#000000",  # black
    "#8C7A00",  # yellow (#F0E442 darkened to an olive), 4.3:1
)

DEFAULT_COLORS = {"primary": "#1d3557", "accent": "#e76f51"}

INFLOW = "#0072B2"  # customers acquired, issues opened
OUTFLOW = "#D55E00"  # customers lost, issues closed
TARGET = "#222222"  # the target rule and KPI target line
IDEAL = "#009E73"  # the ideal burn-down line
PROJECTION = "#B07600"  # the projected trend, always dashed (orange darkened to 3.9:1)
GRID = "#e3e3e3"
INK = "#333333"
MUTED = "#767676"  # 4.5:1 on white

ON_TARGET, WATCH, OFF_TARGET, NO_TARGET = "on target", "watch", "off target", "no target"
STATUSES = (ON_TARGET, WATCH, OFF_TARGET, NO_TARGET)
STATUS_COLORS = {ON_TARGET: "#009E73", WATCH: "#9A6700", OFF_TARGET: "#D55E00",
                 NO_TARGET: MUTED}
STATUS_SHAPES = {ON_TARGET: "circle", WATCH: "triangle-up", OFF_TARGET: "cross",
                 NO_TARGET: "square"}

DASHED = [8, 5]
DOTTED = [2, 4]


@dataclass(frozen=True)
class Profile:
    """The sizes of one profile: plot size in pixels, type sizes, line and point sizes."""

    name: str
    width: int
    height: int
    label_size: int
    title_size: int
    line_width: float
    point_size: int
    tick_count: int
    label_limit: int
    tooltips: bool
    bar_width: int = 0  # plot width of horizontal bar charts, whose names sit beside the bars (0: `width`)
    title_chars: int = 0  # axis titles longer than this go on two lines (0: never)

    @property
    def hbar_width(self) -> int:
        """The plot width of a horizontal bar chart in this profile."""
        return self.bar_width or self.width


_PROFILES = {
    "screen": Profile("screen", 480, 190, 12, 13, 2.0, 40, 8, 180, True),
    # A TV slide's chart is drawn at about the size it is shown in half of a 1080p screen.
    "kiosk": Profile("kiosk", 860, 560, 26, 26, 4.5, 220, 5, 360, False, bar_width=560, title_chars=16),
    # A poster's box is about 30 × 13 rem; bar charts give their plot's width to the names.
    "poster": Profile("poster", 540, 220, 32, 32, 4.5, 280, 4, 340, False, bar_width=360, title_chars=14),
}


def profile(name: str) -> Profile:
    """The sizes of profile `name`; an unknown name is an error, not a silent default."""
    try:
        return _PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown chart profile {name!r} (expected one of "
                         f"{', '.join(PROFILES)})") from None


def color_items(colors: Any) -> tuple[tuple[str, str], ...]:
    """The room's colours as a sorted, hashable tuple (for template caches).

    Accepts None (the defaults), a mapping such as {"primary": "#1d3557"} or the
    settings' `Colors` dataclass; missing keys fall back to the default colours.
    """
    merged = dict(DEFAULT_COLORS)
    if colors is None:
        pass
    elif is_dataclass(colors):
        merged.update({f.name: getattr(colors, f.name) for f in fields(colors)})
    else:
        merged.update(dict(colors))
    return tuple(sorted((str(k), str(v)) for k, v in merged.items()))


def config(profile_name: str, colors: Any = None) -> dict:
    """The Vega-Lite `config` for one profile: fonts, sizes, grid, palette, marks.

    No external fonts: Room Sans ships with the site, then system sans faces with
    the same widths. Only category axes and the stage legend truncate labels: Vega
    measures a label once more to truncate it, and our own labels (dates, numbers,
    series names) are short. The view border is off and the grid is a light grey.
    """
    p = profile(profile_name)
    room = dict(color_items(colors))
    axis = {
        "labelFont": FONT, "titleFont": FONT,
        "labelFontSize": p.label_size, "titleFontSize": p.title_size,
        "titleFontWeight": "normal", "labelColor": INK, "titleColor": INK,
        "gridColor": GRID, "gridWidth": 1 if p.name == "screen" else 1.5,
        "domainColor": MUTED, "tickColor": MUTED, "labelLimit": 0, "titleLimit": 0,
        "labelOverlap": "greedy", "titlePadding": max(8, p.label_size // 2),
        "labelPadding": max(4, p.label_size // 4),
    }

    return {
        "font": FONT,
        "background": "white",
        "padding": max(5, p.label_size // 2),
        "view": {"stroke": None},
        "axis": axis,
        "axisX": {"tickCount": p.tick_count, "grid": False},
        "axisY": {"tickCount": max(3, p.tick_count - 2)},
        "axisBand": {"grid": False, "ticks": False, "labelLimit": p.label_limit,
                     **({"labelOverlap": False} if p.name == "poster" else {})},  # every bar named
        # A poster's big type: a tick every six months, and numbers kept apart; a count
        # along a bar chart gets three ticks, which its narrow plot can label every one
        # of (with more, Vega drops every other label: "0 500 1,500 2,500").
        **({"axisTemporal": {"tickCount": {"interval": "month", "step": 6}},
            "axisQuantitative": {"labelSeparation": p.label_size // 3},
            "axisXQuantitative": {"tickCount": 3}} if p.name == "poster" else {}),
        "legend": {
            "orient": "top", "direction": "horizontal", "labelFont": FONT,
            "titleFont": FONT, "labelFontSize": p.label_size,
            "titleFontSize": p.label_size, "titleFontWeight": "normal",
            "titleOrient": "left", "titleAnchor": "middle",
            "labelColor": INK, "titleColor": INK, "labelLimit": 0,
            "symbolSize": p.point_size * 2, "symbolStrokeWidth": p.line_width,
            "columnPadding": p.label_size, "padding": 0,
        },
        "mark": {"color": room["primary"], "invalid": "break-paths-filter-domains"},
        "line": {"strokeWidth": p.line_width},
        "point": {"size": p.point_size, "strokeWidth": max(1.5, p.line_width / 2)},
        "rule": {"strokeWidth": max(1.5, p.line_width * 0.75)},
        "text": {"font": FONT, "fontSize": p.label_size, "color": INK},
        "range": {"category": list(PALETTE)},
    }
