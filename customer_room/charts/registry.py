"""The one registry of charts, and the memory that spares a rebuild the charts it made.

A chart is a pure function, frames and options in, a `Chart` out, defined in the
module of its wall (`outcomes`, `issues`, `trend`, `touchpoints`) and registered there
with `@chart`; nothing else lists it. The pages call charts through a `ChartSet`, so
that a running watch (which keeps a `ChartMemo` in its build state) answers a call
whose inputs are the same as in the last build with the chart made then: a new day of
issues leaves last month's bars alone, and the chart object keeps what was worked out
from it (its SVG name, its JSON and table for the page), so an unchanged chart costs a
hash and nothing else. Callers must not change a chart they are given (pass `title=`).
"""

from __future__ import annotations

import hashlib
import importlib
import pickle
from collections.abc import Callable
from typing import Any

from .model import Chart

CHARTS: dict[str, Callable[..., Chart]] = {}
WALLS = ("outcomes", "issues", "trend", "touchpoints")  # the modules that register charts


def chart(make: Callable[..., Chart]) -> Callable[..., Chart]:
    """Register a chart function under its name; returns it unchanged."""
    CHARTS[make.__name__] = make
    return make


def registered() -> dict[str, Callable[..., Chart]]:
    """Every chart, by name (the wall modules are imported, and so register, on first use:
    code that only needs SVGs never pays for Altair)."""
    for wall in WALLS:
        importlib.import_module(f"{__package__}.{wall}")
    return CHARTS


class ChartMemo:
    """Charts made in earlier builds, by a digest of the call that made them."""

    def __init__(self):
        self.made: dict[bytes, Chart] = {}
        self.used: set[bytes] = set()  # digests asked for since the last `forget_unused`

    def call(self, make: Callable[..., Chart], args: tuple, kwargs: dict) -> Chart:
        """`make(*args, **kwargs)`, or the chart an equal call made before."""
        try:
            key = hashlib.sha1(pickle.dumps((make.__module__, make.__qualname__, args, kwargs),
                                            protocol=pickle.HIGHEST_PROTOCOL)).digest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return make(*args, **kwargs)
        self.used.add(key)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = make(*args, **kwargs)
        return found

    def forget_unused(self) -> int:
        """Let go of the charts not asked for since the last call; return how many are kept."""
        for key in self.made.keys() - self.used:
            del self.made[key]
        self.used.clear()
        return len(self.made)


class ChartSet:
    """The registered charts as attributes (`charts.kpi_chart(...)`), each call answered
    from `memo` when one is given."""

    def __init__(self, memo: ChartMemo | None = None):
        self.memo = memo

    def __getattr__(self, name: str) -> Callable[..., Chart]:
        try:
            make = registered()[name]
        except KeyError:
            raise AttributeError(f"no chart is registered as {name!r}") from None
        if self.memo is None:
            return make
        memo = self.memo

        def remembered(*args: Any, **kwargs: Any) -> Chart:
            return memo.call(make, args, kwargs)

        return remembered
