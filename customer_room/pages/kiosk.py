"""The kiosk page: the playlist a TV in the room cycles through (SPEC section 7).

kiosk.html is a frame with no figures of its own: its script fetches each page of the
playlist from the site, splits it into screens and shows them in turn (see
`assets/kiosk.js`). What the page needs from the build is the playlist, worked out
from room.toml's `[kiosk]` table and the site's pages (`playlist.py`); a wildcard that
matches nothing or a page that does not exist is a warning on the index page.
"""

from __future__ import annotations

from .playlist import KIOSK_PAGE, kiosk_config
from .common import Page, PageKit


def kiosk_page(kit: PageKit, paths: list[str]) -> Page:
    """The kiosk page, given the paths of every other page of the site."""
    config, problems = kiosk_config(kit.room.settings.kiosk, paths)
    page = Page(KIOSK_PAGE, ["kiosk.html"], "kiosk", "Kiosk", "",
                lede="Full-screen playlist for the room's screens.", problems=problems)
    page.context["kiosk"] = config
    return page
