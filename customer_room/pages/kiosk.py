"""The kiosk page: the slides a TV in the room cycles through, and their playlist (SPEC section 7).

kiosk.html holds every slide of its playlist, rendered at build time (templates
`slides.html`), with their charts drawn in the kiosk profile, and the playlist that
names them; its script (`assets/kiosk.js`) shows them in turn and takes a new build's
slides from the new kiosk.html. A page of the playlist with no slides of its own is
fetched and cut into screens as it is. Only the slides the playlist names are planned:
a room of 200 issues whose kiosk shows the walls draws no chart for the issues.
"""

from __future__ import annotations

from .common import Page, PageKit
from .playlist import KIOSK_PAGE, kiosk_config, room_kiosk
from .slides import issue_makers, issue_slide, wall_slides
from .walk import WALK_PAGE, walk_slide


class SlideMaker:
    """Each page's slides, planned the first time the playlist asks for them."""

    def __init__(self, kit: PageKit, page: Page):
        self.kit, self.page = kit, page
        self.walls: dict | None = None
        self.issues = issue_makers(self.kit)
        self.made: dict[str, list] = {}

    def __call__(self, path: str) -> list | None:
        """The slides of the page at `path`, or None when it has none of its own."""
        if path in self.made:
            return self.made[path]
        if path.startswith("walls/"):
            found = self._wall(path) or None
        elif path in self.issues:
            key, make, tracked = self.issues[path]
            if tracked:
                found = [issue_slide(self.kit, make, key)]
            else:  # an issue with no owner is on their summary, once
                found = [s for s in self._wall("walls/issues.html") if s.kind == "unowned"]
        elif path == WALK_PAGE:
            found = [walk_slide(self.kit)]
        else:
            found = None
        self.made[path] = found
        return found

    def _wall(self, path: str) -> list:
        if self.walls is None:
            self.walls = wall_slides(self.kit, self.page)
        return self.walls.get(path, [])


def kiosk_page(kit: PageKit, paths: list[str]) -> Page:
    """The kiosk page, given the paths of every other page of the site."""
    page = Page(KIOSK_PAGE, ["kiosk.html"], "kiosk", "Kiosk", "",
                lede="Full-screen playlist for the room's screens.")
    maker = SlideMaker(kit, page)
    config, problems = kiosk_config(room_kiosk(kit.room.settings), paths, maker)
    slides = {}
    for found in maker.made.values():
        for slide in found or ():
            slides.setdefault(slide.id, slide)
    wanted = {e["slide"] for e in config["playlist"] if "slide" in e}
    page.context["kiosk"] = config
    page.context["slides"] = [s for s in slides.values() if s.id in wanted]
    page.charts = list({id(c): c for s in page.context["slides"] for c in s.charts}.values())
    page.problems = problems
    return page
