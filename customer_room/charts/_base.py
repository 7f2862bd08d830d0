"""Shared machinery of the chart functions: cached templates, inline data and words.

A site has hundreds of charts of a dozen kinds, so building each with Altair would cost
8–16 ms apiece (PERFORMANCE.md). Instead each kind's Altair chart is built once per
profile, colours and labels, turned into a dict with named data, and kept as JSON text;
a chart is then `json.loads` of that text plus the frame's rows as inline values, well
under a few milliseconds. The helpers here also turn frames into JSON-safe records
(dates as "YYYY-MM-DD", NaN as null) and write the numbers into words for alt texts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from . import theme
from ..paths import caches_off, user_cache
from .sealed import read_sealed, write_sealed
from .words import change, column, days, last_index, latest, number, percent, period_label, sentence, signed, span  # noqa: F401

DATA = "table"
FREQ_WORDS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter"}
# Month ticks read "2026", "Apr", "Jul"; shorter ranges get day and month.
TIME_LABELS = (
    "utcdate(datum.value) == 1 ? (utcmonth(datum.value) == 0 ? "
    "utcFormat(datum.value, '%Y') : utcFormat(datum.value, '%b')) : "
    "utcFormat(datum.value, '%-d %b')"
)

# On a poster or a TV: every label with its year, since a tick may be dropped for room.
YEAR_LABELS = (
    "utcdate(datum.value) == 1 ? (utcmonth(datum.value) == 0 ? "
    "utcFormat(datum.value, '%Y') : utcFormat(datum.value, \"%b '%y\")) : "
    "utcFormat(datum.value, \"%-d %b '%y\")"
)

_BUILDERS: dict[str, Callable[..., Any]] = {}



@dataclass(frozen=True)
class Template:
    """A chart kind's spec as JSON text, and where in it each named dataset goes."""

    text: str
    data_paths: tuple[tuple[tuple[Any, ...], str], ...]


def builder(kind: str) -> Callable:
    """Register the function that builds chart `kind`'s Altair chart (without data)."""
    def register(function: Callable) -> Callable:
        _BUILDERS[kind] = function
        return function
    return register


def _data_paths(node: Any, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    """Yield (path, name) for every `"data": {"name": ...}` in a spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "data" and isinstance(value, dict) and "name" in value:
                yield path + (key,), value["name"]
            else:
                yield from _data_paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _data_paths(value, path + (index,))


def _lazy(name: str):
    """Module `name`, imported on first use (importlib's LazyLoader).

    Importing Altair costs ~0.4 s, and a build whose chart templates all come from the
    per-user cache never needs it.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


alt = _lazy("altair")


class _TemplateStore:
    """Chart templates kept on disk between processes, per installed version.

    A template is a pure function of the chart functions' code, Altair's version, the
    profile, the colours and the options, so it is kept in the per-user cache under a
    hash of exactly those; a build then makes a template with Altair only the first
    time this machine sees it.
    """

    def __init__(self):
        self.entries: dict[str, list] | None = None
        self.dirty = False

    def path(self) -> Path:
        digest = hashlib.sha256()
        for source in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
        try:
            digest.update(importlib.metadata.version("altair").encode())
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a dependency
            pass
        return user_cache() / f"chart-templates-{digest.hexdigest()[:16]}.json"

    def get(self, key: str) -> Template | None:
        if self.entries is None:
            path = self.path()
            try:
                self.entries = json.loads(read_sealed(path, path.name) or "{}")  # a damaged file is made again
            except ValueError:
                self.entries = {}
        hit = self.entries.get(key)
        if hit is None:
            return None
        return Template(hit[0], tuple((tuple(path), name) for path, name in hit[1]))

    def put(self, key: str, tpl: Template) -> None:
        if self.entries is None:
            self.get(key)
        self.entries[key] = [tpl.text, [[list(path), name] for path, name in tpl.data_paths]]
        self.dirty = True

    def save(self) -> None:
        """Write the templates made since the last save (atomically; a race loses nothing)."""
        if not self.dirty or self.entries is None:
            return
        path = self.path()
        try:
            write_sealed(path, json.dumps(self.entries, ensure_ascii=False), path.name, ("//", ""))
            self.dirty = False
        except OSError:
            pass  # a read-only home: templates are simply made again next time


_STORE = _TemplateStore()


def save_templates() -> None:
    """Keep the chart templates made in this process for the next one."""
    _STORE.save()


@functools.lru_cache(maxsize=512)
def template(kind: str, profile: str, colors: tuple, options: tuple) -> Template:
    """Chart `kind` for this profile, colours and options, as JSON: from the per-user
    cache, else built once with Altair."""
    key = json.dumps([kind, profile, colors, options], default=str)
    stored = "chart templates" not in caches_off()
    found = _STORE.get(key) if stored else None
    if found is None:
        found = _build_template(kind, profile, colors, options)
        if stored:
            _STORE.put(key, found)
    return found


def _build_template(kind: str, profile: str, colors: tuple, options: tuple) -> Template:
    """Build chart `kind` with Altair and keep it as JSON text."""
    p = theme.profile(profile)
    chart = _BUILDERS[kind](p, dict(colors), **dict(options))
    width = p.hbar_width if kind.startswith("hbar") else p.width
    if isinstance(chart, alt.VConcatChart):  # panels: each its own height (see `panels`), one width
        chart.vconcat = [panel.properties(width=width) for panel in chart.vconcat]
        chart = chart.properties(usermeta={"kind": kind, "profile": profile})
    else:
        chart = chart.properties(width=width, height=p.height, usermeta={"kind": kind, "profile": profile})
    spec = chart.to_dict(validate=False)
    spec.pop("title", None)
    if p.title_chars:
        _wrap_axis_titles(spec, p.title_chars)
    spec["config"] = theme.config(profile, colors)
    return Template(json.dumps(spec, ensure_ascii=False), tuple(_data_paths(spec)))


def _wrap_axis_titles(node: Any, chars: int) -> None:
    """Put a long vertical axis title on two lines (in place), so that a title set along
    a short axis in big type does not make the chart taller than its plot."""
    if isinstance(node, list):
        for item in node:
            _wrap_axis_titles(item, chars)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "encoding" and isinstance(value, dict):
                for name, channel in value.items():
                    title = channel.get("title") if isinstance(channel, dict) and name in ("y", "y2") else None
                    if isinstance(title, str) and len(title) > chars and " " in title and "@@" not in title:
                        middle = min((i for i, c in enumerate(title) if c == " "), key=lambda i: abs(i - len(title) / 2))
                        channel["title"] = [title[:middle], title[middle + 1:]]
            else:
                _wrap_axis_titles(value, chars)


def _placeholder(key: str) -> str:
    """Stand-in text for a label option, replaced in the template's JSON per chart."""
    return f"@@{key}@@"


def build_spec(kind: str, profile: str, colors: Any, data: dict[str, list] | list,
               **options: Any) -> dict:
    """A complete spec of `kind` with `data` inline (a list, or lists by dataset name).

    Options whose name ends in `_title` only change words (an axis title per KPI), so
    they do not make a template of their own: the template holds a placeholder that is
    replaced in its JSON text, and one template serves every KPI.
    """
    labels = {k: v for k, v in options.items() if k.endswith("_title")}
    shape = {k: (_placeholder(k) if k in labels else v) for k, v in options.items()}
    tpl = template(kind, profile, theme.color_items(colors), tuple(sorted(shape.items())))
    text = tpl.text
    for key, value in labels.items():
        text = text.replace(_placeholder(key), json.dumps(str(value), ensure_ascii=False)[1:-1])
    spec = json.loads(text)
    for path, name in tpl.data_paths:
        node = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = {"values": data if isinstance(data, list) else data[name]}
    return spec


# ---------------------------------------------------------------- frames to records

def values(series: pd.Series) -> list:
    """A column as JSON-safe Python values: NaN/NA → None, numpy scalars → int/float."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return series.tolist()
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [None if v != v else v for v in series.tolist()]
    if dtype.kind == "M":
        return [None if d is None else d.isoformat() for d in dates(series)]
    out = []
    for v in series.tolist():
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v is pd.NaT:
            out.append(None)
        elif isinstance(v, (bool, int, float, str)):
            out.append(v)
        elif isinstance(v, (np.floating, np.integer, np.bool_)):
            out.append(v.item())
        else:
            out.append(str(v))
    return out


def dates(series: pd.Series) -> list[dt.date | None]:
    """A datetime column as `datetime.date` objects (NaT → None), cheaply."""
    if getattr(series.dtype, "tz", None) is not None:
        series = series.dt.tz_localize(None)
    elif series.dtype.kind != "M":
        series = pd.to_datetime(series)
    return series.to_numpy().astype("datetime64[D]").tolist()


def next_start(start: dt.date, freq: str) -> dt.date:
    """The first day of the period after the one starting on `start`."""
    if freq == "week":
        return start + dt.timedelta(days=7)
    if freq in ("month", "quarter"):
        months = start.month - 1 + (1 if freq == "month" else 3)
        return dt.date(start.year + months // 12, months % 12 + 1, 1)
    return start + dt.timedelta(days=1)


def period_records(frame: pd.DataFrame, freq: str, columns: Sequence[str]) -> list[dict]:
    """One record per row: period (start), end (next start), mid, label and `columns`.

    Bars span period → end on a UTC time scale; lines and points sit at mid, so that
    both line up; `label` (e.g. "2026-W47") is what tooltips and tables show.
    """
    starts = dates(frame["period"]) if len(frame) else []
    cols = [values(frame[name]) if name in frame else [None] * len(frame)
            for name in columns]
    rows = []
    for i, start in enumerate(starts):
        if start is None:
            continue
        row = dict(_period_fields(start, freq))
        for name, cells in zip(columns, cols):
            row[name] = cells[i]
        rows.append(row)
    return rows


def period_rows(frame: pd.DataFrame, freq: str, columns: Sequence[str]) -> tuple[list[dict], list[str]]:
    """`period_records`, and the period labels of its rows ("2026-03", "2026-W14")."""
    rows = period_records(frame, freq, columns)
    return rows, [row["label"] for row in rows]


@functools.lru_cache(maxsize=4096)
def _period_fields(start: dt.date, freq: str) -> tuple:
    """The period, end, mid and label fields of one period (hundreds of charts share them)."""
    end = next_start(start, freq)
    return (("period", start.isoformat()), ("end", end.isoformat()),
            ("mid", (start + (end - start) // 2).isoformat()), ("label", period_label(start, freq)))


def records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict]:
    """One record per row with the given columns, JSON-safe."""
    cols = [values(frame[name]) for name in columns]
    return [dict(zip(columns, row)) for row in zip(*cols)]


# ---------------------------------------------------------------- Altair pieces

def time_x(field: str = "mid", labels: bool = True, p: theme.Profile | None = None) -> alt.X:
    """The shared time axis: UTC scale (so no viewer's time zone shifts a day).

    The domain is rounded out to whole months so that a line of mid-period points
    starts at a labelled tick. `labels=False` for the upper of two stacked panels,
    whose time axis is labelled once, under the lower one. On a poster or a TV, whose
    big type leaves room for few ticks and may drop the January one that says the year,
    every label carries its year ("Jul '25").
    """
    expr = TIME_LABELS if p is None or p.name == "screen" else YEAR_LABELS
    axis = alt.Axis(labelExpr=expr) if labels else alt.Axis(labels=False, ticks=False)
    return alt.X(f"{field}:T", title=None, scale=alt.Scale(type="utc", nice="month"), axis=axis)


def tips(p: theme.Profile, *items: Any) -> Any:
    """Tooltips on the screen profile only (nobody hovers over a kiosk or a poster)."""
    return list(items) if p.tooltips else alt.Undefined


def series_color(domain: Sequence[str], range_: Sequence[str], title: str | None = None
                 ) -> dict:
    """Encoding keyword arguments for a fixed colour per named series."""
    return {"scale": alt.Scale(domain=list(domain), range=list(range_)),
            "legend": alt.Legend(title=title, symbolOpacity=1)}


def two_lines(p: theme.Profile, colors: dict, fields: Sequence[str], names: Sequence[str], value: str,
              y_title: str, tooltips: Sequence[Any]) -> Any:
    """Two series of one table as two lines with points, told apart by colour and shape
    (`fields` folded into a `series` named by `names`, their values in `value`)."""
    domain = list(names)
    base = alt.Chart().transform_fold(list(fields), as_=["key", value]).transform_calculate(
        series=f"datum.key == '{fields[0]}' ? '{domain[0]}' : '{domain[1]}'")
    color = alt.Color("series:N", **series_color(domain, [colors["primary"], colors["accent"]]))
    shape = alt.Shape("series:N", scale=alt.Scale(domain=domain, range=["circle", "square"]),
                      legend=alt.Legend(title=None))
    x, y = time_x("mid", p=p), alt.Y(f"{value}:Q", title=y_title)
    line = base.mark_line().encode(x=x, y=y, color=color, detail="series:N")
    points = base.mark_point(filled=True, opacity=1).encode(x=x, y=y, color=color, shape=shape,
                                                             tooltip=tips(p, *tooltips))
    return alt.layer(line, points, data=alt.Data(name=DATA))


# How tall a pair of stacked panels is, in plot heights: a poster's and a TV's charts sit
# in boxes of fixed height, so their panels share one plot's height.
PANEL_HEIGHT = {"screen": 1.4, "kiosk": 1.0, "poster": 0.6}


def panel_title(p: theme.Profile, title: str) -> str | None:
    """A stacked panel's y-axis title on screen; none on a poster or a TV, where the
    legend names each panel's series and a title in big type along a short panel would
    stretch the chart beyond it."""
    return title if p.name == "screen" else None


def panels(p: theme.Profile, top: Any, bottom: Any, share: float = 0.6) -> alt.VConcatChart:
    """Two charts stacked on one time axis, each with its own y axis (never two y axes
    on one plot, whose zeros and scales a reader would have to line up): `top` gets
    `share` of a panel pair's height (`PANEL_HEIGHT` plots tall); only the bottom panel
    labels the time axis."""
    total = p.height * PANEL_HEIGHT.get(p.name, 1.4)
    top = top.properties(height=round(total * share))
    bottom = bottom.properties(height=round(total * (1 - share)))
    return alt.vconcat(top, bottom, data=alt.Data(name=DATA), spacing=max(8, p.label_size)).resolve_scale(
        x="shared", color="shared")


def legend_columns(p: theme.Profile, labels: Sequence[str], title: str = "") -> int:
    """How many legend entries fit on one row of the plot's width (legends never wrap
    by themselves, so a long row would run off the chart)."""
    entry = max((len(s) for s in labels), default=1) * p.label_size * 0.62 \
        + p.label_size * 2.5
    room = p.width - len(title) * p.label_size * 0.62 - p.label_size
    return max(1, min(len(labels), int(room // entry)))
