"""Words for invented customer texts, and the dated templates they fill.

Why this exists: issue texts and survey comments are picked from templates, and both
must respect the stories' dates ("ParcelPath" only after the carrier change, "the new
box" only after 2026-06-15). This module holds the word lists and the template rules
that issues.py and surveys.py share.
"""

from __future__ import annotations

import re

import numpy as np

from .timeline import CARRIER_SWITCH, DAY_ORD, MONTH_OF_YEAR, ordinal

GARMENTS = ["Alpine down jacket", "merino base layer", "Kestrel rain shell", "fleece hoodie",
            "softshell trousers", "insulated vest"]
FOOTWEAR = ["Trailrunner shoes", "hiking boots", "approach shoes"]
FRAMED = ["Ridgeback 45L pack", "Cirrus 2P tent", "Summit trekking poles", "camp chair"]
GADGETS = ["headlamp", "water filter", "camp stove", "GPS watch"]
ZIPPED = ["Ridgeback 45L pack", "Alpine down jacket", "Kestrel rain shell", "Cirrus 2P tent", "Nimbus sleeping bag"]
ITEMS = GARMENTS + FOOTWEAR + FRAMED + GADGETS + ["Nimbus sleeping bag", "dry bag"]
LETTER_PAIRS = [("S", "M"), ("M", "L"), ("L", "XL")]
SHOE_PAIRS = [("US 8", "US 8.5"), ("US 9", "US 9.5"), ("US 10", "US 10.5"), ("EU 42", "EU 43"), ("EU 44", "EU 45")]
PROPER_START = ("I ", "I'm", "I've", "ParcelPath", "Swift", "Face ID", "Apple", "PayPal", "Black Friday")
PREFIXES = ["", "", "", "", "Hi, ", "Hello, ", "Hi team, ", "Honestly, ", "Third time writing: "]
SUFFIXES = ["", "", "", "", " Please help.", " Not impressed.", " Can someone call me?",
            " Thanks.", " Really disappointed.", " Please sort this out."]


def when_ok(template: str, day: int) -> bool:
    """Whether `template` may be used on day index `day`.

    Templates may start with a validity marker: "[2026-02-02:]" (from), "[:2026-06-15]"
    (before), "[2026-02-02:2026-06-15]" (window) or "[M11-12]" (months of the year)."""
    m = re.match(r"\[([^\]]*)\]", template)
    if not m:
        return True
    spec = m.group(1)
    if spec.startswith("M"):
        lo, hi = (int(x) for x in spec[1:].split("-"))
        return lo <= MONTH_OF_YEAR[day] <= hi
    lo, hi = spec.split(":")
    return (not lo or DAY_ORD[day] >= ordinal(lo)) and (not hi or DAY_ORD[day] < ordinal(hi))


def strip_marker(template: str) -> str:
    """The template without its validity marker, as a customer would write it."""
    return re.sub(r"^\[[^\]]*\]", "", template)


def pick(rng: np.random.Generator, options: list[str], day: int) -> str:
    """One of the templates in `options` valid on day index `day`, marker removed."""
    ok = [t for t in options if when_ok(t, day)]
    return strip_marker(ok[int(rng.integers(len(ok)))])


def fill_text(rng: np.random.Generator, template: str, day: int) -> str:
    """Fill a template's {placeholders} with products, sizes, order numbers and the carrier
    of the day, then maybe add a greeting and a sign-off, so no two texts look alike."""
    sized = (GARMENTS + FOOTWEAR)[int(rng.integers(len(GARMENTS) + len(FOOTWEAR)))]
    pairs = SHOE_PAIRS if sized in FOOTWEAR else LETTER_PAIRS
    pair = pairs[int(rng.integers(len(pairs)))]
    flip = int(rng.integers(2))
    item = ITEMS[int(rng.integers(len(ITEMS)))]
    others = [x for x in ITEMS if x != item]
    vals = {
        "sized": sized,
        "garment": GARMENTS[int(rng.integers(len(GARMENTS)))],
        "footwear": FOOTWEAR[int(rng.integers(len(FOOTWEAR)))],
        "framed": FRAMED[int(rng.integers(len(FRAMED)))],
        "gadget": GADGETS[int(rng.integers(len(GADGETS)))],
        "zipped": ZIPPED[int(rng.integers(len(ZIPPED)))],
        "order": f"KO-{int(rng.integers(100000, 999999))}",
        "days": int(rng.integers(3, 15)),
        "mins": int(rng.choice([25, 30, 35, 40, 45, 50, 55, 60, 70, 90])),
        "item": item,
        "item2": others[int(rng.integers(len(others)))],
        "size": pair[flip],
        "size2": pair[1 - flip],
        "carrier": "ParcelPath" if DAY_ORD[day] >= CARRIER_SWITCH else "Swift Parcel",
        "amount": f"{int(rng.integers(30, 400))}.{int(rng.integers(0, 100)):02d}",
        "code": rng.choice(["TRAIL20", "CLUB15", "BLACKFRIDAY", "WELCOME10", "SUMMIT25"]),
        "month": rng.choice(["August", "September", "October", "March", "June"]),
    }
    text = template.format(**vals)
    pre = PREFIXES[int(rng.integers(len(PREFIXES)))]
    suf = SUFFIXES[int(rng.integers(len(SUFFIXES)))]
    if pre:
        text = pre + (text if text.startswith(PROPER_START) else text[0].lower() + text[1:])
    return text + suf
