"""What the chart stage hands to the page renderer: a chart with its words and numbers.

Every chart on a wall carries, besides its Vega-Lite spec, a text alternative stating
what it shows and the key numbers, and the table of every number it plots (SPEC
section 5), so that a reader without sight, without JavaScript or with a printed page
gets the same facts. The SVG is filled in later by `svg.render_svgs`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass
class Table:
    """The numbers behind a chart, as already-formatted text cells (see `fmt`)."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    @property
    def rows_html(self) -> Markup:
        """The rows as escaped `<tr>` elements: a big chart's table has hundreds of cells,
        and escaping them here is ten times cheaper than cell by cell in a template."""
        return Markup("".join(
            "<tr><td>" + "</td><td>".join(html.escape(str(cell)) for cell in row) + "</td></tr>\n"
            for row in self.rows))


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
