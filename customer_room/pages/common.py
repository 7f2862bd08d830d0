"""What every page planner shares: the `Page` record and the kit of room-wide helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import fmt
from ..charts.model import Chart
from ..compute import Figures
from ..load import RoomInput
from ..markup import Renderer


@dataclass
class Page:
    """One output page: where it goes, which templates may render it, what it shows."""

    path: str  # site path, e.g. issues/late-delivery.html
    templates: list[str]  # most specific first
    kind: str  # outcomes, issues, issue, touchpoints, touchpoint, index
    title: str
    period: str  # the data period the page covers, in words
    context: dict = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    eyebrow: str = ""
    lede: str = ""

    @property
    def root(self) -> str:
        """The relative path from this page back to the site root: '' or '../'."""
        return "../" * self.path.count("/")


@dataclass
class PageKit:
    """The room, its figures and the Markdown renderer: what every planner needs."""

    room: RoomInput
    figures: Figures
    markdown: Renderer
    profile: str = "screen"
    logo: str | None = None  # site path of the room's logo, when it has one

    @property
    def colors(self) -> dict:
        """The room's brand colours for the chart theme."""
        c = self.room.settings.colors
        return {"primary": c.primary, "accent": c.accent}

    def note(self, note, page_path: str, default_title: str = "Commentary") -> dict | None:
        """A commentary note ready for the template: title, byline and safe HTML."""
        if note is None:
            return None
        prefix = "../" * page_path.count("/")
        byline = ", ".join(x for x in (note.get("author") or note.get("owner"),) if x)
        updated = note.get("updated")
        if updated is not None:
            byline = f"{byline} · updated {fmt.date(updated)}" if byline else f"updated {fmt.date(updated)}"
        return {"title": note.get("title", default_title), "byline": byline,
                "html": self.markdown.html(note.body, note.path, prefix), "path": note.path}

    def money(self, value) -> str:
        """Money in the room's currency."""
        return fmt.money(value, self.room.settings.currency)


def period_words(freq: str, first, last, current) -> str:
    """'Weekly, 2025-W01 to 2026-W46 · this week: 2026-W46' for a page's period line."""
    label = {"day": "Daily", "week": "Weekly", "month": "Monthly", "quarter": "Quarterly"}[freq]
    span = f"{fmt.period(first, freq)} to {fmt.period(last, freq)}"
    return f"{label}, {span} · latest complete {freq}: {fmt.period(current, freq)}"


def recent_words(frame: pd.DataFrame | None, text_col: str, date_col: str, limit: int = 5, **filters) -> list[dict]:
    """The latest customer comments (newest first) matching `filters`, for 'customer words'."""
    if frame is None or text_col not in frame:
        return []
    rows = frame
    for column, value in filters.items():
        rows = rows[rows[column] == value]
    rows = rows[rows[text_col].notna()]
    rows = rows.nlargest(limit, date_col) if len(rows) > limit else rows.sort_values(date_col, ascending=False)
    return [{"text": str(r[text_col]), "date": r[date_col]} for _, r in rows.iterrows()]
