"""Sheet sizes for posters and print, and the scale that keeps type legible on each.

A poster is laid out once, for A1, in `rem`: on A1 the root font is 24 pt (body text read
from two metres) and headline numbers are 4 rem (96 pt). Any other sheet gets the same
layout scaled by one factor, the largest that keeps the A1 layout inside the sheet
(`scale`), so an A4 print is an A1 poster in miniature and a 24×36 in poster is an A1
with a little more room across. The page size and the root font size are the only things
that change per sheet (`sheet_css`); the pages, their templates and room.css are the same.

Pure: no I/O, no WeasyPrint. `room.toml`'s `[posters]` and `--size` name sheets here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MM = 72 / 25.4  # points per millimetre
INCH = 72.0

# Portrait width × height in points, by the name room.toml uses.
SIZES: dict[str, tuple[float, float]] = {
    "A0": (841 * MM, 1189 * MM),
    "A1": (594 * MM, 841 * MM),
    "A2": (420 * MM, 594 * MM),
    "A3": (297 * MM, 420 * MM),
    "A4": (210 * MM, 297 * MM),
    "ARCH C": (18 * INCH, 24 * INCH),
    "ARCH D": (24 * INCH, 36 * INCH),
    "ARCH E": (36 * INCH, 48 * INCH),
    "24x36": (24 * INCH, 36 * INCH),
    "tabloid": (11 * INCH, 17 * INCH),
    "letter": (8.5 * INCH, 11 * INCH),
}
ORIENTATIONS = ("landscape", "portrait")

REFERENCE = "A1"
BODY_PT = 24.0  # body text on A1
HEADLINE_PT = 96.0  # headline numbers on A1 (4 rem)
MARGIN_PT = 40.0  # white border on A1 (14 mm), inside any printer's unprintable edge


class SheetError(ValueError):
    """A sheet size or orientation that does not exist; the message lists the valid ones."""


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, orientation and size in points (width × height as printed)."""

    size: str
    orientation: str
    width: float
    height: float

    @property
    def scale(self) -> float:
        """How much smaller (or larger) than A1 in the same orientation this sheet's layout is."""
        return scale(self.width, self.height, self.orientation)

    @property
    def body_pt(self) -> float:
        """The body text size on this sheet (the root font size of its layout)."""
        return BODY_PT * self.scale

    @property
    def headline_pt(self) -> float:
        """The size of headline numbers on this sheet."""
        return HEADLINE_PT * self.scale

    @property
    def label(self) -> str:
        """'A1 landscape', for messages and the poster's own stamp."""
        return f"{self.size} {self.orientation}"


def canonical_size(name: str) -> str:
    """The size's name as SIZES spells it, whatever its case or spacing ('arch  d',
    '24×36'); a name that is no size raises SheetError listing the valid ones."""
    wanted = " ".join(str(name).replace("×", "x").split()).lower()
    for size in SIZES:
        if size.lower() == wanted or size.lower().replace(" ", "") == wanted.replace(" ", ""):
            return size
    raise SheetError(f"'{name}' is not a sheet size (expected one of {', '.join(SIZES)})")


def sheet(size: str, orientation: str = "landscape") -> Sheet:
    """The sheet of a size name and orientation, e.g. sheet("A1", "landscape")."""
    name = canonical_size(size)
    if orientation not in ORIENTATIONS:
        raise SheetError(f"'{orientation}' is not an orientation (expected one of {', '.join(ORIENTATIONS)})")
    short, long = SIZES[name]
    width, height = (long, short) if orientation == "landscape" else (short, long)
    return Sheet(name, orientation, width, height)


def scale(width: float, height: float, orientation: str) -> float:
    """The factor that fits A1's layout (in the same orientation) into width × height:
    the smaller of the two ratios, so that nothing laid out for A1 runs off the sheet."""
    short, long = SIZES[REFERENCE]
    ref_w, ref_h = (long, short) if orientation == "landscape" else (short, long)
    return min(width / ref_w, height / ref_h)


def sheet_css(s: Sheet, zoom: float = 1.0) -> str:
    """The CSS that sets one sheet: the page size and margin, and the root font size of
    the print layout (every length of room.css's print rules is in rem).

    `zoom`: the factor the layout will be scaled by when it is written out (WeasyPrint's
    `write_pdf(zoom=...)`): the posters lay every sheet out at A1's type sizes, on a page
    of the sheet's size divided by its scale, then scale it to the sheet, so that text
    breaks into lines exactly as on A1 whatever the sheet (type set at 8 pt does not
    measure exactly a third of type set at 24 pt)."""
    return (f"@page {{ size: {s.width / zoom:.3f}pt {s.height / zoom:.3f}pt; margin: {MARGIN_PT * s.scale / zoom:.3f}pt }}\n"
            f"@media print {{ html {{ font-size: {s.body_pt / zoom:.4f}pt }} }}")


@dataclass(frozen=True)
class Fit:
    """How much of each list one sheet shows. Items past these counts are marked in the
    page (hidden when printed, with a line saying how many more the intranet has), so a
    wall prints on one sheet however big the room; a poster that still runs over is made
    again with the next, tighter `FITS` entry."""

    cards: int = 6  # tracked issue cards on the issues wall, owned loss reasons on the outcomes wall
    unowned: int = 5  # issues (or loss reasons) with no owner, listed by name
    per_stage: int = 2  # touchpoint cards in one journey stage
    kpis: int = 3  # KPIs on one touchpoint card
    rows: int = 6  # actions and customer words on an issue's poster
    commentary: bool = True  # the commentary's opening paragraph
    words: bool = True  # a customer's words on each touchpoint card
    lead: bool = True  # the first paragraph of the wall's point, under its title (the title stays)
    images: bool = True  # the artifact image on each touchpoint card
    follow_up: int = 2  # the closed loop: 2 on the wall and each touchpoint card, 1 on the wall only, 0 none


def _ladder() -> tuple[Fit, ...]:
    """Each step shows a little less than the one before: first the rest of the
    commentary (so that Wall 1's owners of the loss reasons take its cell beside the
    charts, under the wall's point), then the point's first paragraph (it keeps its
    title) and the customer words on touchpoint cards, then, list by
    list, a few items fewer. A touchpoint card shows fewer KPIs (those on target go
    first) and no artifact image before a stage shows fewer cards, so that a sheet keeps
    every touchpoint it can rather than leaving a quarter of itself empty. The cards'
    closed-loop lines go first of all (the wall's own line says it for the room), and
    that line goes before a stage shows fewer cards."""
    steps = [Fit(), Fit(commentary=False), Fit(words=False, commentary=False, lead=False)]
    for change in ({"follow_up": 1}, {"unowned": 3}, {"cards": 5}, {"cards": 4, "rows": 5}, {"kpis": 2}, {"images": False},
                   {"follow_up": 0}, {"per_stage": 1}, {"cards": 3, "rows": 4, "unowned": 2}, {"cards": 2, "rows": 3},
                   {"cards": 1, "rows": 2, "unowned": 1, "kpis": 1}):
        steps.append(replace(steps[-1], **change))
    return tuple(steps)


FITS = _ladder()
