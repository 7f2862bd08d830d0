"""What every page planner shares: the `Page` record and the kit of room-wide helpers."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from markupsafe import Markup

from .. import engine, fmt
from .. import metrics as m
from ..charts.model import Chart
from ..charts.registry import ChartSet
from ..charts.sparkline import describe, sparkline
from ..compute import Figures
from ..load import RoomInput
from ..paths import to_root
from .markup import Renderer


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
    reads: set[str] = field(default_factory=set)  # the notes and images it read (for the next build)
    problems: list = field(default_factory=list)  # what it had to leave out (warnings)
    # Whether its charts get build-time SVGs: a wall (printed, and its no-JavaScript
    # fallback), the kiosk's slides and any page the kiosk packs into screens. An issue or
    # touchpoint page draws its charts in the browser and falls back to their tables.
    drawn: bool = True
    stale: list = field(default_factory=list)  # its data files that lag the room, said under its title (`stale_list`)

    @property
    def root(self) -> str:
        """The relative path from this page back to the site root: '' or '../'."""
        return to_root(self.path)


@dataclass
class PageKit:
    """The room, its figures, the charts and the Markdown renderer: what every planner
    needs. A planner records what its page read and the problems it found on the page
    itself (`Page.reads`, `Page.problems`), never here."""

    room: RoomInput
    figures: Figures
    markdown: Renderer
    profile: str = "screen"
    logo: str | None = None  # site path of the room's logo, when it has one
    posters: list = field(default_factory=list)  # site paths of the posters the site will have
    printed: dict = field(default_factory=dict)  # what the published posters printed (pages/printed.py)
    charts: ChartSet = field(default_factory=ChartSet)  # through the build state's memo, in a watch
    _memo: dict = field(default_factory=dict, repr=False)

    def memo(self, key: str, make):
        """A value worked out once per build and shared by the pages that need it."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def words(self, file: str, by: str, key, limit: int = 5) -> list[dict]:
        """The latest customer words in data file `file` (issues or surveys) for one key."""
        text, date = {"issues": ("text", "opened"), "surveys": ("comment", "date")}[file]
        table = self.memo(f"words {file} {by}", lambda: latest_words(self.room.frame(file), by, text, date, limit=5)
                          if self.room.frame(file) is not None else
                          warehouse_words(self.room.table(file), by, text, date, limit=5))
        return table.get(key, [])[:limit]

    @property
    def colors(self) -> dict:
        """The room's brand colours for the chart theme."""
        c = self.room.settings.colors
        return {"primary": c.primary, "accent": c.accent}

    def note(self, note, page: Page, default_title: str = "Commentary") -> dict | None:
        """A commentary note ready for `page`'s template: title, byline and safe HTML
        (the page records that it read the note and its images)."""
        if note is None:
            return None
        page.reads.add(note.path)
        prefix = to_root(page.path)
        byline = ", ".join(x for x in (note.get("author") or note.get("owner"),) if x)
        updated = note.get("updated")
        if updated is not None:
            byline = f"{byline} · updated {fmt.date(updated)}" if byline else f"updated {fmt.date(updated)}"
        html = self.markdown.html(note.body, note.path, prefix, page)
        lead, rest = split_lead(html)
        return {"title": note.get("title", default_title), "byline": byline, "html": Markup(html),
                "lead": Markup(lead), "rest": Markup(rest), "path": note.path}

    def sparkline(self, values, label: str, periods=(), text=fmt.number) -> Markup:
        """A tiny inline SVG trend for a card (built by the chart stage; safe markup),
        named for a screen reader with its first, last, lowest and highest values when
        `periods` (their labels) are given."""
        values = list(values)
        if periods:
            label = f"{label}: {describe(values, list(periods), text)}"
        return Markup(sparkline(values, aria_label=label))


_LEAD = re.compile(r"^\s*(<p>.*?</p>)\s*", re.DOTALL)


def split_lead(html: str) -> tuple[str, str]:
    """A note's first paragraph and the rest: a wall opens with its point (the note's
    title and first paragraph), and the rest follows lower down. ('', html) when the
    note does not open with a paragraph."""
    match = _LEAD.match(html)
    return (match.group(1), html[match.end():]) if match else ("", html)


def wall_page(kit: PageKit, name: str, number: int, title: str, lede: str) -> Page:
    """A wall's page with its header and the wall's commentary (walls/<name>.md)."""
    path = f"walls/{name}.html"
    page = Page(path, [f"wall-{name}.html"], name, title, "", eyebrow=f"Wall {number}", lede=lede)
    page.context["note"] = kit.note(kit.room.commentary.walls.get(name), page, "What the numbers say")
    page.context["wall"] = None
    return page


def dated(page: Page, wall, no_data: str, as_of=None) -> bool:
    """Give a wall's page its period line from the wall's flow table; without figures,
    `no_data` instead, and False (the page then shows only that)."""
    if wall is None:
        page.period = no_data
        return False
    page.period = period_words(wall.freq, wall.flow["period"].min(), wall.flow["period"].max(), wall.period,
                               as_of)
    return True


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows of a small frame as dicts for templates, with missing values as None.

    (A missing text cell is NaN in pandas, and NaN is true in a template's `or`.)
    """
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def period_words(freq: str, first, last, current, as_of=None) -> str:
    """'Weekly, 2025-W01 to 2026-W46 · latest complete week: 2026-W46' for a page's period
    line, and, when the data runs on into a period not over yet, that it is left out."""
    label = {"day": "Daily", "week": "Weekly", "month": "Monthly", "quarter": "Quarterly"}[freq]
    span = f"{fmt.period(first, freq)} to {fmt.period(current, freq)}"
    words = f"{label}, {span} · latest complete {freq}: {fmt.period(current, freq)}"
    if pd.notna(last) and last > current:
        words += f" · not shown until it is over: {running_words(last, freq, as_of)}"
    return words


@functools.lru_cache(maxsize=64)  # every issue page asks with the same arguments
def running_words(start, freq: str, as_of=None) -> str:
    """'2026-11 to date, 15 of 30 days': the period not over yet, labelled as such."""
    name = fmt.period(start, freq)
    if as_of is None or pd.isna(as_of) or freq == "day":
        return f"{name}, not over yet"
    start = m.period_start(pd.Timestamp(as_of), freq)
    days = int((pd.Timestamp(as_of).normalize() - start).days) + 1
    length = int((m.next_period(start, freq) - start).days)
    return f"{fmt.period(start, freq)} to date, {days} of {length} days"


def complete(frame: pd.DataFrame, current) -> pd.DataFrame:
    """The rows of a per-period table up to the last complete period.

    Counts of a period that is not over yet would look like a sudden drop, so charts
    and comparisons stop at the last complete period.
    """
    return frame.iloc[: int(frame["period"].searchsorted(current, side="right"))]


def warehouse_words(table, by: str, text_col: str, date_col: str, limit: int = 5) -> dict:
    """`latest_words` where the rows are not in memory (a scanned export, a warehouse):
    the newest `limit` per value of `by` (ties by text), found there
    (`engine/words.py`), so only those rows come back."""
    if table is None or text_col not in table.columns or by not in table.columns:
        return {}
    found = engine.run(engine.words.latest_words(table, by, text_col, date_col, limit))
    out: dict = {}
    for key, text, date in zip(found["key"], found["text"], found["date"]):
        out.setdefault(key, []).append({"text": str(text), "date": pd.Timestamp(date)})
    return out


def latest_words(frame: pd.DataFrame | None, by: str, text_col: str, date_col: str, limit: int = 5) -> dict:
    """The latest customer comments per value of `by` (newest first), in one pass.

    Returns {value of `by`: [{"text", "date"}, ...]}; a page then looks its own list up
    instead of filtering the whole frame again.
    """
    if frame is None or text_col not in frame or by not in frame:
        return {}
    positions = np.flatnonzero((frame[text_col].notna() & frame[by].notna()).to_numpy())
    codes, keys = pd.factorize(frame[by].take(positions))
    # Sort row numbers by date, not the rows themselves: the words are most of a big
    # export's bytes, and only `limit` of them per key are ever read.
    picked = pd.DataFrame({"code": codes, "date": frame[date_col].take(positions).to_numpy(), "pos": positions})
    picked = picked.sort_values("date", ascending=False, kind="stable").groupby("code", sort=False).head(limit)
    texts = frame[text_col].take(picked["pos"].to_numpy())
    out: dict = {}
    for code, text, date in zip(picked["code"], texts, frame[date_col].take(picked["pos"].to_numpy())):
        out.setdefault(keys[code], []).append({"text": str(text), "date": date})
    return out


# The data files each kind of page shows figures from (metrics/freshness.py: a file that
# lags is said under the page's title, and its figures are marked).
PAGE_SOURCES = {"outcomes": ("customers",), "issues": ("issues", "customers"), "issue": ("issues",),
                "touchpoints": ("kpis", "surveys"), "touchpoint": ("kpis", "surveys"),
                "index": ("customers", "issues", "kpis", "surveys")}


def stale_list(kit: PageKit, kind: str) -> list[dict]:
    """The data files a page of `kind` shows figures from that lag the room's "as of":
    each as its source (the file or table the room reads) and the date of its last data."""
    stale = kit.figures.stale
    return [{"file": kit.room.sources.get(name, name), "last": f"{stale[name]:%Y-%m-%d}"}
            for name in PAGE_SOURCES.get(kind, ()) if name in stale]
