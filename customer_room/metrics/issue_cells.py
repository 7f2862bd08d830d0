"""Issue flow, backlog and time to close from the engine's aggregated cells.

The engine (`engine/issues.py`) counts issues opened, closed and resolved per period and
value, and summarises time to close per period, wherever the rows are. These functions
turn those small tables into the wall's and the issue pages' tables, with the same
columns, spans and zero-filling as their row-by-row counterparts in `issues.py`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .issues import _CLOSE_FIGURES as _CLOSE
from .issues import _grid
from .periods import ordinal_starts, period_ordinals


def _window(cells: pd.DataFrame, freq: str, as_of) -> tuple[int, int] | None:
    """First opened period to the period of `as_of`, as ordinals; None when empty."""
    opened = cells[cells["kind"] == "opened"]
    if not len(opened) or pd.isna(as_of):
        return None
    first = int(period_ordinals(opened["period"], freq).min())
    last = int(period_ordinals([pd.Timestamp(as_of)], freq)[0])
    return (first, last) if last >= first else None


def _empty_flow() -> pd.DataFrame:
    return pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"),
                         **{name: pd.Series([], dtype="int64") for name in ("opened", "closed", "net_flow", "backlog")}})


def flows(cells: pd.DataFrame, freq: str, as_of) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """(the room's flow, {value: its flow}) from `engine.flow_cells`: period, opened,
    closed, net_flow, backlog, every table over the same periods (the room's first
    opened period to the period of `as_of`), values sorted by name."""
    window = _window(cells, freq, as_of)
    if window is None:
        return _empty_flow(), {}
    first, last = window
    values = sorted(cells.loc[cells["kind"] == "opened", "value"].astype(str).unique())
    row = {v: i for i, v in enumerate(values)}
    span = last - first + 1
    grids = {}
    for kind in ("opened", "closed", "resolved"):
        part = cells[(cells["kind"] == kind) & cells["value"].isin(row)]
        columns = period_ordinals(part["period"], freq) - first
        inside = (columns >= 0) & (columns < span)
        grid = np.zeros((len(values), span), dtype="int64")
        np.add.at(grid, (part["value"].map(row).to_numpy()[inside], columns[inside]),
                  part["count"].to_numpy(dtype="int64")[inside])
        grids[kind] = grid
    backlog = np.cumsum(grids["opened"], axis=1) - np.cumsum(grids["resolved"], axis=1)
    periods = ordinal_starts(np.arange(first, last + 1), freq)

    def table(opened, closed, left):
        return pd.DataFrame({"period": periods, "opened": opened, "closed": closed,
                             "net_flow": opened - closed, "backlog": left})

    room = table(grids["opened"].sum(axis=0), grids["closed"].sum(axis=0), backlog.sum(axis=0))
    return room, {v: table(grids["opened"][i], grids["closed"][i], backlog[i]) for i, v in enumerate(values)}


def close_table(summary: pd.DataFrame, freq: str, as_of) -> pd.DataFrame:
    """Time to close per period from `engine.close_times(…, by=None)`: period, n and the
    figures, with no gaps from the first closed period to the period of `as_of`."""
    empty = pd.DataFrame({"period": pd.Series([], dtype="datetime64[ns]"), "n": pd.Series([], dtype="int64"),
                          **{k: pd.Series([], dtype="float64") for k in _CLOSE}})
    if not len(summary) or pd.isna(as_of):
        return empty
    ordinals = period_ordinals(summary["period"], freq)
    first, last = int(ordinals.min()), int(period_ordinals([pd.Timestamp(as_of)], freq)[0])
    if last < first:
        return empty
    table = summary.assign(ordinal=ordinals).set_index("ordinal")[["n", *_CLOSE]].reindex(np.arange(first, last + 1))
    table["n"] = table["n"].fillna(0).astype("int64")
    table.insert(0, "period", ordinal_starts(table.index.to_numpy(), freq))
    return table.reset_index(drop=True)


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
                            **{k: float(row[k]) if row is not None else np.nan for k in _CLOSE}}
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
    return summaries, {v: pd.DataFrame({"period": periods, "n": grids["n"][i], **{k: grids[k][i] for k in _CLOSE}})
                       for i, v in enumerate(values)}
