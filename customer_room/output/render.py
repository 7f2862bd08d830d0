"""The render stage: Jinja2 templates turn each page's figures and charts into HTML.

Templates are looked up in one ordered list: the room's own `templates/` folder first,
then the built-in ones, so a user can override a single page (or the shared `base.html`)
without copying the rest. Pages ask for the most specific template first, e.g.
`issue-late-delivery.html` before `issue.html`.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import fmt
from ..charts.model import script_json
from ..errors import DataError, Problem
from ..load.room_files import RoomFileError, reason, room_file
from ..load.schema import DATES
from ..paths import BUILTIN_TEMPLATES, TEMPLATES_DIR
from ..sheets import FITS, Sheet, sheet, sheet_css

BUILT_AT = "\x1bcustomer-room:built-at\x1b"  # stands in for the build time while pages are compared


class RoomTemplates(jinja2.FileSystemLoader):
    """The room's `templates/` first, then the built-ins; a room template is read
    through the room's rules (`room_files.py`): a link out of the room, a loop, a
    folder or an unreadable file is a problem naming it, never a traceback or a
    silent fall back to the built-in template."""

    def __init__(self, room: Path):
        self.room = room
        search = [room / TEMPLATES_DIR, BUILTIN_TEMPLATES]
        super().__init__([str(p) for p in search if p.is_dir()])

    def get_source(self, environment, template):
        """The template's text, checked first when the room has its own."""
        own = (self.room / TEMPLATES_DIR).joinpath(*jinja2.loaders.split_template_path(template))
        rel = f"{TEMPLATES_DIR}/{template}"
        if os.path.lexists(own):
            try:
                room_file(self.room, own)
            except RoomFileError as exc:
                raise DataError([Problem(rel, str(exc))]) from None
        try:
            return super().get_source(environment, template)
        except jinja2.TemplateNotFound:  # an OSError too: the next template name is tried
            raise
        except UnicodeDecodeError as exc:
            raise DataError([Problem(rel, f"is not UTF-8 text (byte {exc.start})", hint="save it as UTF-8")]) from None
        except OSError as exc:
            raise DataError([Problem(rel, reason(exc))]) from None


def environment(room: Path, currency: str = "$") -> jinja2.Environment:
    """The Jinja environment for a room: its overrides first, then the built-ins.

    `money(value)` is available in every template, in the room's currency, and so are the
    filters `figure` and `change` for a headline (`metrics.headline.Headline`).
    """
    env = jinja2.Environment(
        loader=RoomTemplates(room),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        number=fmt.number, signed=fmt.signed, percent=fmt.percent, signed_percent=fmt.signed_percent,
        score=fmt.score, date=fmt.date, datetime=fmt.datetime, period=fmt.period, days=fmt.days, hours=fmt.hours,
        spec_json=script_json, reading=fmt.reading, figure_kind=figure_kind, figure_html=figure_html,
    )
    env.filters.update(figure=lambda h: fmt.figure(h, currency), change=lambda h, short=False: fmt.change(h, currency, short))
    env.globals["money"] = lambda value: fmt.money(value, currency)
    env.globals["currency"] = currency
    env.globals["qr"] = qr_data_uri
    return env


_FIGURE = re.compile(r"^([−+-]?[$€£¥₹]?[0-9][0-9.,]*[kM]?)( ?)(%|days?|hours?|s|[a-z]{1,3})?$")


def figure_kind(value) -> str:
    """'number' for a headline figure that is a number ('1,278', '2.0 %', '0.6 days',
    '$570k'), 'text' otherwise ('not converging', '2026-W50'): print sets numbers in
    headline type on one line and lets text wrap smaller."""
    return "number" if _FIGURE.match(str(value)) else "text"


def figure_html(value) -> Markup:
    """A headline figure with its unit in a span of its own ('0.6<span class="unit"> days</span>'),
    so that the number stands out and a long unit does not push it off its card."""
    match = _FIGURE.match(str(value))
    if not match or not match.group(3):
        return Markup.escape(str(value))
    number, space, unit = match.groups()
    return Markup('{}<span class="unit">{}{}</span>').format(number, space, unit)


def render_page(env: jinja2.Environment, templates: list[str], context: dict) -> str:
    """Render a page with the first of `templates` that exists (most specific first)."""
    try:
        template = env.select_template(templates)
    except jinja2.TemplatesNotFound as exc:
        searched = ", ".join(str(p) for p in env.loader.searchpath)
        raise jinja2.TemplateNotFound(f"none of {', '.join(templates)} in {searched}") from exc
    return template.render(context)


def base_context(room, logo: str | None, on: Sheet | None = None, zoom: float = 1.0) -> dict:
    """What every template gets, whatever the page: the room's settings, the data's
    dates, and the sheet that print CSS lays a page out for (room.toml's `[posters]`
    unless a poster is being made for another one, laid out for `zoom`: see `sheet_css`)."""
    posters = room.settings.posters
    on = on or sheet(posters.size, posters.orientation)
    return {
        "room": room.settings,
        "as_of": room.as_of,
        "built_at": BUILT_AT,  # the real time goes in after the page is compared
        "data_period": data_period(room),
        "logo": logo,
        "sheet": on,
        "sheet_css": Markup(sheet_css(on, zoom)),
        "fit": BROWSER_FIT,
        "chart_sizes": {},  # a poster's: each chart's printed size, all at one scale (posters/chart_scale.py)
    }


# How much of each list a sheet printed from a browser shows. `posters` tries the
# `FITS` ladder until a wall fits its sheet; a browser's Print cannot, and Chromium lays a
# page out taller than WeasyPrint, so a printed page takes a step that leaves room: the
# demo's three walls print on one A1 sheet from the step with 3 tracked issues, 2 unowned,
# 1 touchpoint per stage (2 KPIs each, no artifact image, no closed-loop line), with
# "+ N more on the intranet", measured in Chromium.
BROWSER_FIT = FITS[11]


def page_context(base: dict, page) -> dict:
    """One page's template context: the base, the page's own figures and its charts, and
    its intranet address when room.toml gives `base_url` (posters print it with a QR code)."""
    url = base["room"].base_url
    return {
        **base,
        **page.context,
        "page": page,
        "root": page.root,
        "charts": page.charts,
        "has_charts": bool(page.charts),
        "page_url": f"{url.rstrip('/')}/{page.path}" if url else "",
    }


def data_period(room) -> str:
    """'2025-01-01 to 2026-11-15': the span of dates in the data (`schema.DATES`)."""
    firsts = [f[c].min() for n, c in DATES if (f := room.frame(n)) is not None and len(f) and f[c].notna().any()]
    firsts += [first for first, _ in room.spans.values()]  # a warehouse's tables
    if not firsts or room.as_of is None:
        return "no data"
    return f"{fmt.date(min(firsts))} to {fmt.date(room.as_of)}"


@functools.lru_cache(maxsize=256)
def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI: vector, so it prints sharp at any size, and
    self-contained, so a page or poster needs no file for it. segno writes SVG itself
    (no imaging library) and is only imported when a room sets `base_url`."""
    import segno

    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=2, dark="#000", light="#fff")
