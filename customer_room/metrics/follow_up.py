"""Wall 3's closed loop: how many detractors were contacted back within the room's target.

A detractor (NPS 0–6, CSAT 1–2, CES 1–3) is a customer who told the survey something went
wrong; a closed loop contacts each one back, soon. From the engine's `follow_up_cells`
(detractors per touchpoint, period, hours to contact, pending and outcome) this says, per
period and touchpoint, of the period's detractors:

- within: contacted within `target_hours` of the response's day (hours ≤ target);
- late: contacted, but after the target;
- pending: not contacted yet, while the target window is still open at as-of (neither
  within nor missed yet, so left out of the share);
- missed: not contacted, and the window has closed.

share_within % = within / (within + late + missed) × 100 (NaN, shown "—", when that is
0); median_hours is over the contacted (within and late), exact as numpy's median of the
hours would be. Pure: small frames in, small frames out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .periods import period_start

COLUMNS = ["detractors", "within", "late", "pending", "missed", "contacted", "share_within", "median_hours"]
NOT_RECORDED = "not recorded"  # a detractor contacted back with no outcome written down
_TOLERANCE = 1e-9  # hours computed from microseconds: an exact 48 h stays within a 48 h target


def weighted_median(values, weights) -> float:
    """The median of `values` each repeated `weights` times (as `np.median` of the
    repeated values: the middle one, or the mean of the two middle ones); NaN when the
    weights sum to 0."""
    values, weights = np.asarray(values, dtype="float64"), np.asarray(weights, dtype="int64")
    keep = (weights > 0) & ~np.isnan(values)
    values, weights = values[keep], weights[keep]
    n = int(weights.sum())
    if n == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    values, ends = values[order], np.cumsum(weights[order])
    low, high = np.searchsorted(ends, [(n - 1) // 2, n // 2], side="right")
    return float((values[low] + values[high]) / 2)


def follow_up_table(cells: pd.DataFrame, target_hours: float, freq: str = "month",
                    by: tuple[str, ...] = ("touchpoint",)) -> pd.DataFrame:
    """The closed loop per value of `by` (the touchpoint; () for the whole room) and
    period, from the engine's `follow_up_cells`: the keys, period, then `COLUMNS`, sorted.

    Only periods with detractors appear (a period without any has nothing to follow up).
    """
    cells = cells[cells["period"].notna()]
    hours = cells["hours"].to_numpy("float64")
    weight = cells["count"].to_numpy("int64")
    contacted = ~np.isnan(hours)
    within = contacted & (hours <= target_hours + _TOLERANCE)
    pending = ~contacted & cells["pending"].fillna(False).to_numpy(dtype=bool)
    keys = [*by, "period"]
    frame = pd.DataFrame({**{k: cells[k].astype(object).to_numpy() for k in by},
                          "period": period_start(cells["period"], freq).to_numpy("datetime64[ns]"),
                          "detractors": weight, "within": within * weight, "late": (contacted & ~within) * weight,
                          "pending": pending * weight, "missed": (~contacted & ~pending) * weight,
                          "contacted": contacted * weight, "hours": hours})
    if not len(frame):
        return pd.DataFrame({**{k: pd.Series([], dtype=object) for k in by},
                             "period": pd.Series([], dtype="datetime64[ns]"),
                             **{c: pd.Series([], dtype="float64" if c in ("share_within", "median_hours") else "int64")
                                for c in COLUMNS}})
    table = frame.groupby(keys, sort=True)[["detractors", "within", "late", "pending", "missed", "contacted"]].sum()
    table["median_hours"] = _medians(frame, keys)
    table = table.reset_index()
    settled = (table["within"] + table["late"] + table["missed"]).to_numpy("float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        table["share_within"] = np.where(settled > 0, table["within"] / settled * 100.0, np.nan)
    return table[[*keys, *COLUMNS]]


def _medians(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """`weighted_median` of the hours, weighted by the contacted, per group of `keys`
    (NaN for a group nobody was contacted in: it has no row here). A group is a
    touchpoint's period: a few hundred groups in all."""
    rows = frame.loc[frame["contacted"] > 0, [*keys, "hours", "contacted"]]
    medians = {key: weighted_median(group["hours"], group["contacted"])
               for key, group in rows.groupby(keys, sort=False)}
    index = pd.MultiIndex.from_tuples(list(medians), names=keys) if len(keys) > 1 else \
        pd.Index([k[0] if isinstance(k, tuple) else k for k in medians], name=keys[0])
    return pd.Series(list(medians.values()), index=index, dtype="float64")


def outcome_mix(cells: pd.DataFrame, period, freq: str = "month") -> pd.DataFrame:
    """What came of the contacts in `period`, per touchpoint: touchpoint, outcome, count,
    share (% of that touchpoint's detractors with an outcome or a contact), most first.

    A detractor contacted with no outcome written counts as "not recorded"; one with an
    outcome but no contact date (a "no answer" after a try nobody dated) counts by its
    outcome; one neither contacted nor with an outcome is not in the mix.
    """
    cells = cells[cells["period"].notna()]
    cells = cells[(period_start(cells["period"], freq) == pd.Timestamp(period)).to_numpy()]
    outcome = cells["outcome"].astype(object).where(cells["outcome"].notna(), None)
    contacted = cells["hours"].notna().to_numpy()
    named = outcome.notna().to_numpy()
    keep = contacted | named
    frame = pd.DataFrame({"touchpoint": cells["touchpoint"].astype(object).to_numpy()[keep],
                          "outcome": np.where(named, outcome.to_numpy(), NOT_RECORDED)[keep],
                          "count": cells["count"].to_numpy("int64")[keep]})
    table = frame.groupby(["touchpoint", "outcome"], as_index=False, sort=True)["count"].sum()
    totals = table.groupby("touchpoint")["count"].transform("sum")
    table["share"] = table["count"] / totals * 100.0
    table = table.sort_values(["touchpoint", "count", "outcome"], ascending=[True, False, True], kind="stable")
    return table.reset_index(drop=True)[["touchpoint", "outcome", "count", "share"]]


def pending_from(as_of, target_hours: float) -> pd.Timestamp:
    """The first response day whose target window is still open at the end of the as-of
    day: a detractor of that day or later not contacted yet is pending, not missed."""
    return pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1) - pd.Timedelta(hours=target_hours)
