"""The page stage: which pages a room has, and the figures and charts each one shows.

Each module plans the pages of one wall from the computed figures: it slices what the
page needs, builds its charts (pure specs from `charts`) and returns `Page` objects for
the render stage. Nothing here reads or writes files.
"""

from .common import Page, PageKit, stale_list
from .index import index_page
from .issues import issue_page_makers, issues_wall
from .kiosk import kiosk_page
from .outcomes import outcomes_wall
from .playlist import packed_pages, room_kiosk
from .printed import read_printed
from .touchpoints import touchpoint_page_makers, touchpoints_wall
from .walk import walk_page


def page_makers(kit: PageKit) -> list[tuple[str, tuple[str, str], object]]:
    """Every page but the index, in site order, not yet planned.

    Each is (site path, subject, planner): the subject, e.g. ("issue", "late-delivery"),
    says what the page is about, so that the build can tell which pages a changed note
    touches; calling the planner returns the `Page`. The kiosk comes last: its playlist
    is made from the other pages' paths (known before any page is planned).
    """
    walls = [(f"walls/{name}.html", ("wall", name), (lambda make=make: make(kit)))
             for name, make in (("outcomes", outcomes_wall), ("issues", issues_wall),
                                ("touchpoints", touchpoints_wall))]
    issues = [(path, ("issue", key), make) for path, key, make in issue_page_makers(kit)]
    tps = [(path, ("touchpoint", key), make) for path, key, make in touchpoint_page_makers(kit)]
    paths = ["index.html", "walk.html", *(path for path, _, _ in (*walls, *issues, *tps))]
    packed = set(packed_pages(room_kiosk(kit.room.settings), paths))
    kiosk = ("kiosk.html", ("kiosk", "kiosk"), lambda: kiosk_page(kit, paths))
    return [_noting_stale(kit, m) for m in (*walls, *(_undrawn(m, packed) for m in (*issues, *tps)))] + [kiosk]


def _noting_stale(kit: PageKit, maker: tuple) -> tuple:
    """A page's maker whose page says which of its data files lag the room (`stale_list`)."""
    path, subject, make = maker

    def plan():
        page = make()
        page.stale = stale_list(kit, page.kind)
        return page

    return path, subject, plan


def _undrawn(maker: tuple, packed: set[str]) -> tuple:
    """An issue or touchpoint page's maker, whose page has no build-time chart SVGs
    unless the kiosk packs it into screens (which show the SVGs)."""
    path, subject, make = maker

    def plan():
        page = make()
        page.drawn = path in packed
        return page

    return path, subject, plan


__all__ = ["Page", "PageKit", "index_page", "issues_wall", "kiosk_page", "outcomes_wall", "page_makers",
           "read_printed", "touchpoints_wall", "walk_page"]
