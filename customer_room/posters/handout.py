"""The walk's handout: walk.html on A4 portrait, at most two pages, for the meeting.

Leaders walk the room with something in hand to write on. The handout is the walk page
(`pages/walk.py`) printed: the same template and the same items, laid out by WeasyPrint
as a document to read at arm's length (10 pt body text), not as a poster scaled down.
When the items run past two pages, each section shows fewer of them (the steps of
`LIMITS`), with a line saying how many more the intranet has, so the handout stays two
sheets however much moved. `customer-room posters` writes it beside the posters, for a
room that has review dates.
"""

from __future__ import annotations

from markupsafe import Markup

from .. import fmt
from ..errors import Problem
from ..output.render import BUILT_AT, base_context, page_context, render_page
from ..pages import Page
from ..pages.walk import walk_page
from ..paths import WALK_HANDOUT
from ..sheets import MM, sheet
from .layout import PosterError, PosterSet, Variants

HANDOUT = WALK_HANDOUT
SHEET = sheet("A4", "portrait")
PAGES = 2  # sheets at most
BODY_PT = 10.0
LIMITS = (None, 12, 8, 5, 3, 2)  # items shown in each section, step by step (None: all)


def wants_handout(room) -> bool:
    """Whether the room is walked (it has review dates), so that a handout is wanted."""
    review = room.settings.review
    return bool(review.cadence or review.dates)


def handout_css() -> str:
    """The handout's sheet: A4 portrait with a 14 mm margin, 10 pt text, and its page
    number at the foot ("1 / 2")."""
    margin = 14 * MM
    return (f"@page {{ size: {SHEET.width:.3f}pt {SHEET.height:.3f}pt; margin: {margin:.3f}pt {margin:.3f}pt "
            f"{margin + 4:.3f}pt; @bottom-right {{ content: counter(page) ' / ' counter(pages); "
            f"font-size: {BODY_PT * .8:.1f}pt; color: #555 }} }}\n"
            f"@media print {{ html {{ font-size: {BODY_PT:.1f}pt }} }}")


def handout_html(posters: PosterSet, page: Page, limit: int | None) -> str:
    """The walk page's HTML for the handout, each section showing at most `limit` items."""
    base = {**base_context(posters.kit.room, posters.kit.logo, SHEET), "sheet_css": Markup(handout_css()),
            "limit": limit, "handout": True}
    html = render_page(posters.staged.env, page.templates, page_context(base, page))
    return html.replace(BUILT_AT, fmt.datetime(posters.staged.built_at))


def handout_pdf(posters: PosterSet) -> bytes:
    """The handout of this build's walk (`posters` prepared against the staged site):
    the first of `LIMITS` whose layout takes at most two A4 pages."""
    page = walk_page(posters.kit)
    variants = Variants(lambda limit: posters.printer.prepare(handout_html(posters, page, limit)), LIMITS)
    _, pdf = posters.printer.fit(variants, page.path, 1.0, sheets=PAGES)
    if pdf is not None:
        return pdf
    raise PosterError([Problem(HANDOUT, f"does not fit on {PAGES} A4 pages, even showing {LIMITS[-1]} items "
                               "a section", hint="shorten the room's names, or print walk.html from a browser")])
