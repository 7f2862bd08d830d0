"""What the compute stage hands the pages: the figures of each wall, as plain dataclasses.

`compute.py` works them out from the room's data; the page stage only reads them. Kept
apart so that a newcomer finds what a wall *has* in one short file, and what it is
worked out from in another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Outcomes:
    """Wall 1: customer flow, churn, reasons for loss."""

    freq: str
    period: pd.Timestamp
    flow: pd.DataFrame
    tote: dict
    reasons: pd.DataFrame
    segments: pd.DataFrame
    reason_cells: pd.DataFrame | None = None  # the engine's losses per period and reason (metrics/reasons.py)
    reason_keys: dict = field(default_factory=dict)  # reason -> its key, the name of its note
    tracked: list = field(default_factory=list)  # metrics.reasons.Reason, one per reason with a note
    stray_notes: list = field(default_factory=list)  # reason notes that name no reason of the data
    unowned: pd.DataFrame | None = None  # the top reasons nobody owns
    stale: dict = field(default_factory=dict)  # data file -> its last date, for files that lag (Figures.stale)


@dataclass
class Category:
    """One issue category: its page key, counts and (if tracked) owner and trend."""

    name: str
    key: str
    counts: pd.DataFrame  # period, count
    opened_now: int
    opened_before: int
    backlog: int
    recent: int  # opened in the recent window
    rank: int = 0  # 1 for the busiest category of the recent window
    per_period: float = 0.0  # opened per period, on average over the recent window
    note: object = None  # commentary.Note when tracked
    trend: dict | None = None
    members: tuple | None = None  # the small categories this one groups, (name, issues) each (see load/categories.py)

    @property
    def group(self) -> bool:
        """True for the one category that stands for the categories too small for a page."""
        return self.members is not None

    @property
    def size(self) -> int:
        """How many of the export's categories this one stands for."""
        return len(self.members) if self.members is not None else 1

    @property
    def owner(self) -> str | None:
        """Who owns the issue, from its commentary; None means nobody does."""
        return self.note.get("owner") if self.note is not None else None


@dataclass
class Issues:
    """Wall 2: volume, flow and nature of issues, and each category's trend."""

    freq: str
    period: pd.Timestamp
    flow: pd.DataFrame
    ages: pd.DataFrame
    time_to_close: dict
    time_to_close_by_period: pd.DataFrame
    by_stage: pd.DataFrame
    categories: dict[str, Category]  # by key, busiest first
    per_thousand: dict | None = None  # issues per 1,000 active customers, this period and the one before
    flows: dict = field(default_factory=dict)  # category name -> its issue_flow table
    close_times: dict = field(default_factory=dict)  # category name -> time_to_close summary
    close_times_by_period: dict = field(default_factory=dict)  # category name -> per-period table
    stale: dict = field(default_factory=dict)  # data file -> its last date, for files that lag (Figures.stale)
    nature: dict = field(default_factory=dict)  # channel/severity -> breakdown of the recent window
    nature_by: dict = field(default_factory=dict)  # channel/severity -> category name -> its breakdown
    status_closed: int = 0  # issues closed by their status at a date nobody knows


@dataclass
class Touchpoints:
    """Wall 3: KPIs against target and survey scores per touchpoint."""

    freq: str
    period: pd.Timestamp | None
    kpis: pd.DataFrame  # history with status
    latest: pd.DataFrame
    surveys: pd.DataFrame  # per period
    complaints: pd.DataFrame
    running: bool = False  # the data runs on into a period not over yet (left out)
    stale: dict = field(default_factory=dict)  # data file -> its last date, for files that lag (Figures.stale)
    follow_up: FollowUp | None = None  # the closed loop, when the surveys say who was contacted back


@dataclass
class FollowUp:
    """Wall 3's closed loop: detractors contacted back within the room's target."""

    hours: float  # the target (room.toml's follow_up_hours)
    by_touchpoint: pd.DataFrame  # touchpoint, period, metrics.follow_up.COLUMNS
    room: pd.DataFrame  # period, the same columns, over every touchpoint
    outcomes: pd.DataFrame  # touchpoint, outcome, count, share: the reporting period's mix


@dataclass
class Figures:
    """All the figures of a room; a wall is None when its data file is absent."""

    as_of: pd.Timestamp | None
    outcomes: Outcomes | None = None
    issues: Issues | None = None
    touchpoints: Touchpoints | None = None
    stale: dict = field(default_factory=dict)  # data file -> its last date, for files that lag the room's "as of"
