"""Which data period each printed sheet shows, and which ones on the wall the data has overtaken.

A poster is printed once and hangs for weeks; the site moves on with every export. So
`customer-room posters` records, beside the PDFs (`posters/printed.json`), the period
whose figures each sheet printed: a wall's last complete period (its headline figures'
period), an issue or touchpoint poster's wall's, the walk handout's data "as of" date.
Every later build compares that with the period its own figures reach, and the index
says which sheets to print again ("Outcomes poster shows 2026-10; the data now covers
2026-11: print again"). Pure: the record is read and written by the build and the
posters hook.
"""

from __future__ import annotations

import json

from .. import fmt
from ..paths import WALK_HANDOUT

FORMAT = 1


def sheet_period(figures, page_path: str) -> dict | None:
    """The period a sheet of `page_path` shows, from this build's figures: its first day
    (`key`, ISO, to compare) and its name (`shows`, "2026-10"); None if it shows no data."""
    if page_path == "walk.html":
        return None if figures.as_of is None else {"key": f"{figures.as_of:%Y-%m-%d}",
                                                   "shows": f"data as of {figures.as_of:%Y-%m-%d}"}
    wall = page_path.split("/")[0] if page_path.count("/") else None
    name = page_path.rsplit("/", 1)[-1].removesuffix(".html")
    part = {"walls": name, "issues": "issues", "touchpoints": "touchpoints"}.get(wall)
    figure = getattr(figures, part, None) if part in ("outcomes", "issues", "touchpoints") else None
    if figure is None or figure.period is None:
        return None
    return {"key": f"{figure.period:%Y-%m-%d}", "shows": fmt.period(figure.period, figure.freq)}


def printed_json(figures, sheets: dict[str, str]) -> str:
    """The record `posters` writes: for each sheet written (its site path, to the page it
    prints), the period it shows."""
    entries = {rel: dict(period, page=page) for rel, page in sheets.items()
               if (period := sheet_period(figures, page)) is not None}
    return json.dumps({"format": FORMAT, "sheets": entries}, indent=1, sort_keys=True) + "\n"


def read_printed(text: str | None) -> dict[str, dict]:
    """The sheets of a record (`printed_json`'s text); a missing or unreadable one is none
    (the posters were printed before there was a record: nothing can be said of them)."""
    try:
        data = json.loads(text) if text else {}
        sheets = data.get("sheets", {}) if data.get("format") == FORMAT else {}
        return {rel: e for rel, e in sheets.items() if isinstance(e, dict) and {"key", "shows", "page"} <= set(e)}
    except (ValueError, AttributeError, TypeError):
        return {}


def reprints(printed: dict[str, dict], figures, posters: list[str], titles: dict[str, str]) -> list[dict]:
    """The published sheets whose data the room has since moved past, in the order of
    `posters` (the site's poster paths): each with its title, the period it shows and
    the one the data now covers."""
    out = []
    for rel in posters:
        entry = printed.get(rel)
        now = sheet_period(figures, entry["page"]) if entry else None
        if now is not None and now["key"] != entry["key"]:
            title = titles.get(rel) or rel.rsplit("/", 1)[-1]
            handout = rel == WALK_HANDOUT
            out.append({"path": rel, "label": title if handout else f"{title} poster", "shows": entry["shows"],
                        "now": now["shows"].removeprefix("data as of "), "verb": "runs to" if handout else "covers"})
    return out

