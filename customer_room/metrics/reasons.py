"""Owners for why customers leave: each owned loss reason's count and trend, and the
large reasons nobody owns (issue 17; SPEC section 13: "owners for loss reasons as for
issues").

A loss reason is owned as an issue category is: its owner writes a note,
`walls/reasons/<reason-key>.md`, with owner, started, target and target_date. The
reason key is the slug of the reason as the export spells it (trimmed, as the wall
groups reasons: "Price" and "price" stay two reasons, keyed `price` and `price-2`, the
one first in sorted order keeping the plain key); a note may instead name its reason
with `reason:`. The trend is the issue trend (`trend.issue_trend`) of the customers lost
for that reason per period: baseline in the period the owner started, change since,
status against the target. Fewer losses are better, as fewer issues are.

"Large and unowned" is the wall's own ranking: a reason among the top reasons of the
last 3 periods (`outcomes.loss_reasons`, the top 5) that no note gives an owner. The
rest row and "(not given)" are never flagged: nobody can own the rest, and a blank
reason is a gap in the export, not a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..load.categories import fold_key
from ..slug import unique_slugs
from .outcomes import NO_REASON
from .periods import next_period, period_ordinals
from .trend import issue_trend


@dataclass
class Reason:
    """One loss reason with an owner's note: its key, losses per period, note and trend."""

    name: str
    key: str
    counts: pd.DataFrame  # period, count: customers lost for this reason, every period of the wall
    current: int  # lost in the wall's latest complete period
    recent: int  # lost in the last 3 periods (the window of the top reasons)
    note: object  # commentary.Note
    trend: dict | None = None  # `issue_trend` of `counts`, once the note has a start date

    @property
    def owner(self) -> str | None:
        """Who owns the reason, from its note; None means nobody does yet."""
        return self.note.get("owner")


def reason_counts(cells: pd.DataFrame, freq: str, periods: pd.Series, names=None) -> dict[str, pd.DataFrame]:
    """Customers lost per period for each reason (or only those of `names`), from the
    engine's loss cells (period, label, count, value): {reason: frame of period, count},
    one row per period of `periods` (the wall's period starts, no gaps) with 0 where none
    left for it; cells outside `periods` are left out. Reasons in sorted order. One pass
    over the cells, whatever the number of reasons (a free-text reason has thousands)."""
    starts = pd.DatetimeIndex(periods)
    labels = cells["label"].astype(str)
    found = set(labels.unique())
    wanted = sorted(found if names is None else found & set(names))
    if not len(starts) or not wanted:
        return {}
    row = labels.map({name: i for i, name in enumerate(wanted)}).to_numpy(dtype="float64")
    slots = period_ordinals(cells["period"], freq) - int(period_ordinals(starts[:1], freq)[0])
    keep = ~np.isnan(row) & (slots >= 0) & (slots < len(starts))
    grid = np.zeros((len(wanted), len(starts)), dtype="int64")
    np.add.at(grid, (row[keep].astype("int64"), slots[keep]), cells["count"].to_numpy(dtype="int64")[keep])
    return {name: pd.DataFrame({"period": starts, "count": grid[i]}) for i, name in enumerate(wanted)}


def reason_keys(names) -> dict[str, str]:
    """{reason: its key}, the slug of each reason as the export spells it, distinct
    (`slug.unique_slugs`, taken in sorted order so that a key is stable from build to build)."""
    return unique_slugs(sorted(names))


def match_notes(keys: dict[str, str], notes: dict) -> tuple[dict[str, object], list[tuple[object, str | None]]]:
    """({reason: its note}, [(a note left out, the reason another note already has, or
    None when it names no reason of the data)]). A note that sets `reason:` names its
    reason as the export spells it (or, when no reason is spelt exactly so, the one
    reason equal to it but for case and spacing); otherwise its file name is the
    reason's key. Notes are taken in file-name order: the first for a reason has it."""
    by_key = {key: name for name, key in keys.items()}
    matched, stray = {}, []
    for key, note in sorted(notes.items()):
        named = note.get("reason")
        if named is None:
            name = by_key.get(key)
        elif named in keys:
            name = named
        else:
            alike = [n for n in keys if fold_key(n) == fold_key(named)]
            name = alike[0] if len(alike) == 1 else None
        if name is None or name in matched:
            stray.append((note, name))
        else:
            matched[name] = note
    return matched, stray


def track_reasons(cells: pd.DataFrame, spans: pd.Series, keys: dict[str, str], notes: dict, freq: str,
                  period: pd.Timestamp, as_of: pd.Timestamp, periods: int = 3) -> tuple[list[Reason], list]:
    """(one `Reason` per note that names a reason of the data, most lost in the last
    `periods` periods first, then by name; the notes left out, as `match_notes` gives
    them), from the engine's
    loss cells by reason over the wall's periods `spans` (`reason_counts`). A reason's
    trend is worked out once its note has a start date (`issue_trend` with the note's
    target and target_date); `current` is the count in `period`, `recent` the sum of
    the `periods` periods ending with it."""
    matched, stray = match_notes(keys, notes)
    counts = reason_counts(cells, freq, spans, matched)
    start = next_period(period, freq, -(periods - 1))
    out = []
    for name, note in matched.items():
        table = counts[name]
        window = table[(table["period"] >= start) & (table["period"] <= period)]
        now = table.loc[table["period"] == period, "count"]
        reason = Reason(name, keys[name], table, int(now.iloc[0]) if len(now) else 0, int(window["count"].sum()), note)
        if note.get("started") is not None:
            reason.trend = issue_trend(table, freq, note.get("started"), as_of, note.get("target"),
                                       note.get("target_date"))
        out.append(reason)
    out.sort(key=lambda r: (-r.recent, r.name))
    return out, stray


def unowned_reasons(top: pd.DataFrame, tracked: list[Reason]) -> pd.DataFrame:
    """The large reasons nobody owns: the rows of `top` (`loss_reasons`: reason, count,
    value, rest) that are a reason, not the rest or "(not given)", and that no tracked
    reason with an owner is; with `rank`, the reason's place among the top (1 = most lost)."""
    owned = {r.name for r in tracked if r.owner}
    ranked = top.assign(rank=np.arange(1, len(top) + 1))
    keep = ~ranked["rest"].astype(bool) & (ranked["reason"] != NO_REASON) & ~ranked["reason"].isin(owned)
    return ranked[keep & (ranked["count"] > 0)].reset_index(drop=True)
