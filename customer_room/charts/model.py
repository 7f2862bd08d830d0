"""What the chart stage hands to the page renderer: a chart with its words and numbers.

Every chart on a wall carries, besides its Vega-Lite spec, a text alternative stating
what it shows and the key numbers, and the table of every number it plots (SPEC
section 5), so that a reader without sight, without JavaScript or with a printed page
gets the same facts. The SVG is filled in later by `svg.render_svgs`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .svg import cache_key, canonical, static_spec


@dataclass
class Table:
    """The numbers behind a chart, as already-formatted text cells (see `fmt`)."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    @functools.cached_property
    def rows_html(self) -> Markup:
        """The rows as escaped `<tr>` elements. A big room's charts have hundreds of
        thousands of cells; escaping each table as one string costs a fraction of
        escaping cell by cell in a template."""
        text = "\x01".join("\x00".join(map(str, row)) for row in self.rows)
        if text.count("\x00") + text.count("\x01") != sum(len(row) for row in self.rows) - 1:
            text = "\x01".join("\x00".join(str(c).replace("\x00", "").replace("\x01", "") for c in row)
                               for row in self.rows)  # a cell held a separator: drop it
        body = str(escape(text)).replace("\x00", "</td><td>").replace("\x01", "</td></tr>\n<tr><td>")
        return Markup(f"<tr><td>{body}</td></tr>\n" if self.rows else "")


@dataclass
class Chart:
    """One chart: a slug id unique within its page, a title, the spec and its words.

    `spec` is a complete Vega-Lite spec with its data inline, JSON-serialisable (dates
    as "YYYY-MM-DD" strings, NaN as null) and without a title: the page shows `title`.
    `alt` says what the chart shows and its key numbers in one to three sentences.
    """

    id: str
    title: str
    spec: dict
    alt: str
    table: Table
    svg: str | None = None
    svg_path: str | None = None  # where the build put the SVG, relative to the site root
    svg_spec: dict | None = None  # the spec the SVG is made from (no tooltips)
    svg_text: str | None = None  # its canonical JSON, whose hash names the SVG

    @functools.cached_property
    def spec_json(self) -> Markup:
        """`script_json` of the spec, made once per chart (a watch keeps an unchanged
        chart from build to build)."""
        return script_json(self.spec)


def script_json(value) -> Markup:
    """`value` as JSON that is safe inside a <script type="application/json">."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    # \u003c and friends are plain JSON, and leave no "<" in the page for an HTML parser to act on.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def name_svg(chart: Chart) -> None:
    """Name a chart's build-time SVG after the hash of its static spec's canonical JSON
    (which also keys the SVG cache); kept on the chart as `svg_spec` and `svg_text`."""
    if chart.svg_text is None:
        chart.svg_spec = static_spec(chart.spec)
        chart.svg_text = canonical(chart.svg_spec)
        chart.svg_path = f"charts/{cache_key(chart.svg_text)[:20]}.svg"
