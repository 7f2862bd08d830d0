"""Wall 2 figures: how many issues arrive, how many get closed, and how old the rest are.

The issues wall tracks the volume, flow and nature of customer issues (SPEC section 4,
issues). The engine (`engine/issues.py`) counts the rows wherever they are: issues
opened, closed and resolved per period and value, open issues per value and age, and
time to close per period. These pure functions turn those small tables into the wall's
and the issue pages' tables, with every period of a span present (zero-filled).

"Open at an instant t" means opened <= t and not (closed <= t), and not closed by its
status; an issue closed at 23:59 on a period's last day is closed within that period.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .periods import ordinal_starts, period_ordinals

NO_VALUE = "(none)"  # a missing or blank value (`engine.issues.NO_VALUE`)
CLOSE_FIGURES = ("median_days", "p90_days", "mean_days")
AGE_EDGES = (7, 30, 90)  # days: the ageing chart's buckets


def _window(cells: pd.DataFrame, freq: str, as_of) -> tuple[int, int] | None:
    """First opened period to the period of `as_of`, as ordinals; None when empty."""
    opened = cells[cells["opened"] > 0]
    if not len(opened) or pd.isna(as_of):
        return None
    first = int(period_ordinals(opened["period"], freq).min())
    last = int(period_ordinals([pd.Timestamp(as_of)], freq)[0])
    return (first, last) if last >= first else None


def _empty_flow() -> pd.DataFrame:
    return pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"),
                         **{name: pd.Series([], dtype="int64") for name in ("opened", "closed", "net_flow", "backlog")}})


def flows(cells: pd.DataFrame, freq: str, as_of) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """(the room's flow, {value: its flow}) from `engine.flow_cells`.

    Feeds the "opened vs closed and backlog" chart and every issue page. Columns period,
    opened, closed (issues whose closed date falls in the period), net_flow (opened −
    closed) and backlog (issues open at the period's end). Every table runs over the
    same periods, the room's first opened period to the period of `as_of`, so all issue
    pages share one time axis; values are sorted by name.

    Backlog at the end of period k = #(opened in a period <= k) − #(resolved in a period
    <= k), where an issue is resolved in the later of its opened and closed periods (so a
    close date before the open date never makes it negative), in its opened period when
    its status closed it at an unknown date, and never while it is open.
    """
    window = _window(cells, freq, as_of)
    if window is None:
        return _empty_flow(), {}
    first, last = window
    values = sorted(cells.loc[cells["opened"] > 0, "value"].astype(str).unique())
    row = {v: i for i, v in enumerate(values)}
    span = last - first + 1
    part = cells[cells["value"].isin(row)]
    columns = period_ordinals(part["period"], freq) - first
    inside = (columns >= 0) & (columns < span)
    at = (part["value"].map(row).to_numpy()[inside], columns[inside])
    grids = {}
    for kind in ("opened", "closed", "resolved"):
        grid = np.zeros((len(values), span), dtype="int64")
        np.add.at(grid, at, part[kind].to_numpy(dtype="int64")[inside])
        grids[kind] = grid
    backlog = np.cumsum(grids["opened"], axis=1) - np.cumsum(grids["resolved"], axis=1)
    periods = ordinal_starts(np.arange(first, last + 1), freq)

    def table(opened, closed, left):
        return pd.DataFrame({"period": periods, "opened": opened, "closed": closed,
                             "net_flow": opened - closed, "backlog": left})

    room = table(grids["opened"].sum(axis=0), grids["closed"].sum(axis=0), backlog.sum(axis=0))
    return room, {v: table(grids["opened"][i], grids["closed"][i], backlog[i]) for i, v in enumerate(values)}


def opened_per_period(cells: pd.DataFrame) -> dict[pd.Timestamp, int]:
    """{period start: issues opened} from `engine.opened_cells`."""
    return {pd.Timestamp(p): int(c) for p, c in zip(cells["period"], cells["count"])}


def backlog(cells: pd.DataFrame, values) -> pd.Series:
    """How many issues of each value are open, from `engine.open_cells`: indexed by
    every value of `values` (zero-filled), largest first then by name; name "backlog"."""
    found = dict(zip(cells["value"].astype(str), cells["count"].astype("int64")))
    values = sorted(set(values) | set(found))
    counts = np.asarray([found.get(v, 0) for v in values], dtype="int64")
    order = np.lexsort((np.arange(len(values)), -counts))  # count desc, then name
    return pd.Series(counts[order], index=pd.Index(np.asarray(values, dtype=object)[order]), name="backlog")


def _edge_text(edge: float) -> str:
    """An edge as the wall writes it: 7, not 7.0."""
    return str(int(edge)) if float(edge).is_integer() else f"{edge:g}"


def age_labels(edges: tuple[float, ...] = AGE_EDGES) -> list[str]:
    """The ageing chart's buckets: "0–7 days", "8–30 days", … "over 90 days"."""
    labels = [f"0–{_edge_text(edges[0])} days"]
    labels += [f"{_edge_text(lo + 1)}–{_edge_text(hi)} days" for lo, hi in itertools.pairwise(edges)]
    return [*labels, f"over {_edge_text(edges[-1])} days"]


def age_bounds(now: pd.Timestamp, edges: tuple[float, ...] = AGE_EDGES) -> list[pd.Timestamp]:
    """The opened instants that part the age buckets of the issues open at `now`
    (`engine.age_cells`): an issue opened on or after `now − 7 days` is at most 7 days
    old, and so on; an age equal to an edge falls in the lower bucket."""
    return [pd.Timestamp(now) - pd.Timedelta(days=edge) for edge in edges]


def age_buckets(cells: pd.DataFrame, edges: tuple[float, ...] = AGE_EDGES) -> pd.DataFrame:
    """Open issues per age bucket, from `engine.age_cells`: bucket, count, every bucket
    listed (zero-filled)."""
    labels = age_labels(edges)
    counts = np.zeros(len(labels), dtype="int64")
    counts[cells["bucket"].to_numpy(dtype="int64")] = cells["count"].to_numpy(dtype="int64")
    return pd.DataFrame({"bucket": labels, "count": counts})


def time_to_close(summary: pd.DataFrame) -> dict:
    """n, median_days, p90_days, mean_days from `engine.close_times(…, None, None)`.

    The SPEC asks for the median and 90th percentile, not only the mean, because a few
    very old issues skew the mean; quantiles interpolate linearly. Issues closed before
    they were opened are left out. NaN figures when n == 0.
    """
    n = int(summary["n"].iloc[0]) if len(summary) and pd.notna(summary["n"].iloc[0]) else 0
    if not n:
        return {"n": 0, **{k: np.nan for k in CLOSE_FIGURES}}
    return {"n": n, **{k: float(summary[k].iloc[0]) for k in CLOSE_FIGURES}}


def close_table(summary: pd.DataFrame, freq: str, as_of) -> pd.DataFrame:
    """Time to close per period of the closed date (is closing getting faster?), from
    `engine.close_times(…, freq, None)`: period, n and the figures, with no gaps from the
    first closed period to the period of `as_of`; figures NaN where n == 0."""
    empty = pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"), "n": pd.Series([], dtype="int64"),
                          **{k: pd.Series([], dtype="float64") for k in CLOSE_FIGURES}})
    if not len(summary) or pd.isna(as_of):
        return empty
    ordinals = period_ordinals(summary["period"], freq)
    first, last = int(ordinals.min()), int(period_ordinals([pd.Timestamp(as_of)], freq)[0])
    if last < first:
        return empty
    table = summary.assign(ordinal=ordinals).set_index("ordinal")[["n", *CLOSE_FIGURES]]
    table = table.reindex(np.arange(first, last + 1)).astype({k: "float64" for k in CLOSE_FIGURES})
    table["n"] = table["n"].fillna(0).astype("int64")
    table.insert(0, "period", ordinal_starts(table.index.to_numpy(), freq))
    return table.reset_index(drop=True)


def _grid(table: pd.DataFrame, rows: np.ndarray, columns: np.ndarray, height: int, width: int) -> dict:
    """Each column of `table` spread over a (value × period) grid: n 0 and figures NaN
    where nothing closed. One numpy assignment instead of a pandas step per category."""
    out = {"n": np.zeros((height, width), dtype="int64")}
    out["n"][rows, columns] = table["n"].to_numpy()
    for name in CLOSE_FIGURES:
        out[name] = np.full((height, width), np.nan)
        out[name][rows, columns] = table[name].to_numpy(dtype="float64")
    return out


def close_tables_by(summary: pd.DataFrame, overall: pd.DataFrame, values: list[str], freq: str,
                    as_of) -> tuple[dict[str, dict], dict[str, pd.DataFrame]]:
    """Time to close for every value at once, from `engine.close_times(…, freq)` (per
    period and value) and `engine.close_times(…, None)` (per value): ({value: n and the
    figures}, {value: per-period table}). Every value of `values` is there, n 0 and NaN
    figures where nothing closed; the tables span the room's closed periods up to `as_of`."""
    found = overall.set_index("value")
    summaries = {}
    for value in values:
        row = found.loc[value] if value in found.index else None
        summaries[value] = {"n": int(row["n"]) if row is not None else 0,
                            **{k: float(row[k]) if row is not None else np.nan for k in CLOSE_FIGURES}}
    if not len(summary) or pd.isna(as_of):
        return summaries, {}
    ordinals = period_ordinals(summary["period"], freq)
    first, last = int(ordinals.min()), int(period_ordinals([pd.Timestamp(as_of)], freq)[0])
    span = last - first + 1
    inside = ordinals <= last
    part, columns = summary[inside], ordinals[inside] - first
    row = {v: i for i, v in enumerate(values)}
    known = part["value"].isin(row).to_numpy()
    grids = _grid(part[known], part["value"][known].map(row).to_numpy(), columns[known], len(values), span)
    periods = ordinal_starts(np.arange(first, last + 1), freq)
    return summaries, {v: pd.DataFrame({"period": periods, "n": grids["n"][i], **{k: grids[k][i] for k in CLOSE_FIGURES}})
                       for i, v in enumerate(values)}


def per_thousand(counts: pd.Series, active: pd.Series) -> pd.Series:
    """Issues per 1,000 customers: counts / active × 1,000, aligned on the counts' index.

    NaN where the active count is missing or not positive, so a wall with no customers
    shows "—" rather than infinity.
    """
    active = active.reindex(counts.index).astype("float64")
    ratio = counts.astype("float64") / active.where(active > 0) * 1000.0
    return ratio.rename("per_thousand")
