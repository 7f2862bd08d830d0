"""Make Room Sans, the font every chart and page uses, from DejaVu Sans.

Why a font of our own: vl-convert measures every label of every chart by loading the
font file, and that cost grows with the file: DejaVu Sans (760 KB, every script it
covers) costs ~1 ms a label, a Latin subset (35 KB) less than half. A chart has 15-30
labels, so this is most of a chart's build-time SVG. The subset keeps DejaVu's glyphs
and widths, so a static SVG shown where Room Sans is missing falls back to DejaVu Sans
with the very same layout, and a page, a kiosk and a poster look the same on every
machine because the font ships with the project (no download at build time).

DejaVu's licence lets anyone modify the fonts if the result is renamed (hence "Room
Sans"); the licence text is kept beside the fonts. Run once, by a maintainer, when the
covered characters change; the output is committed:

    pip install fonttools && python scripts/make_room_sans.py /usr/share/fonts/truetype/dejavu
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "customer_room" / "assets" / "fonts"
# Latin with Western and Central European accents, typographic punctuation, the
# currencies, arrows, maths and shapes the pages and charts use.
UNICODES = ("U+0020-007E,U+00A0-017F,U+2010-2027,U+2030,U+2039,U+203A,U+20AC,U+20B9,"
            "U+2122,U+2190-2193,U+2212,U+2248,U+2260,U+2264,U+2265,U+25A0,U+25B2,U+25BC,"
            "U+25C6,U+25CF,U+2713,U+2717")
FACES = {"DejaVuSans.ttf": ("Regular", "RoomSans-Regular.ttf"),
         "DejaVuSans-Bold.ttf": ("Bold", "RoomSans-Bold.ttf")}


def make(source_dir: Path) -> None:
    """Write the subset faces, renamed, and DejaVu's licence into `OUT`."""
    OUT.mkdir(parents=True, exist_ok=True)
    for source, (style, target) in FACES.items():
        options = subset.Options()
        options.layout_features = ["kern", "liga"]
        options.hinting = False
        options.desubroutinize = True
        font = subset.load_font(str(source_dir / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        rename(font, style)
        font.save(str(OUT / target))
        print(f"{target}: {(OUT / target).stat().st_size:,} bytes")
    licence = Path("/usr/share/doc/fonts-dejavu-core/copyright")
    if licence.is_file():
        shutil.copyfile(licence, OUT / "LICENSE-DejaVu.txt")


def rename(font: TTFont, style: str) -> None:
    """Call the face Room Sans, as DejaVu's licence asks of modified fonts."""
    names = {1: "Room Sans", 2: style, 4: f"Room Sans {style}".replace(" Regular", ""),
             6: f"RoomSans-{style}", 16: "Room Sans", 17: style}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (3, 16, 17):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    table.setName(f"Room Sans {style}; subset of DejaVu Sans", 3, 3, 1, 0x409)


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype/dejavu"))
