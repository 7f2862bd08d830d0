"""The words of a chart's text alternative: numbers as `fmt` writes them, the span of
periods, the last value and how it moved. Every chart module writes its alt text with
these (through `_base`, which re-exports them), so all charts speak alike."""

from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

from .. import fmt

# `fmt` is the one place that decides how numbers read; tables repeat the same labels
# and counts in chart after chart, so its answers are memoised (a 104-week table took
# ~4 ms of `fmt` calls). Arguments must be hashable: None, numbers, dates.
number = functools.lru_cache(maxsize=16384)(fmt.number)
signed = functools.lru_cache(maxsize=4096)(fmt.signed)
percent = functools.lru_cache(maxsize=16384)(fmt.percent)
days = functools.lru_cache(maxsize=16384)(fmt.days)
period_label = functools.lru_cache(maxsize=4096)(fmt.period)



def last_index(column: Sequence, before: int | None = None) -> int | None:
    """Index of the last value that is not None (before index `before`, if given)."""
    stop = len(column) if before is None else before
    for i in range(stop - 1, -1, -1):
        if column[i] is not None:
            return i
    return None


def latest(values: Sequence, labels: Sequence[str], now: Callable[[int], str],
           moved: Callable[[int, int], str], joint: str = ", ") -> str | None:
    """The words for a series' last value and its change from the value before it,
    '<now(i)>, <moved(i, j)> in <label j>', or None when the series has no value."""
    i = last_index(values)
    if i is None:
        return None
    j = last_index(values, i)
    words = moved(i, j) if j is not None else ""
    return now(i) + (f"{joint}{words} in {labels[j]}" if words else "")


def span(labels: Sequence[str]) -> str:
    """"2025-01 to 2026-10", or the one label, or "no periods"."""
    if not labels:
        return "no periods"
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def change(now: float | None, before: float | None, text: Callable[[Any], str],
           size_text: Callable[[Any], str] | None = None, points: bool = False) -> str:
    """"up 35 from 4,175" / "down 0.3 points from 2.4 %" / "no change from 12".

    `text` writes a value, `size_text` the size of the change (default `text`);
    `points` writes the change of a percentage in percentage points.
    """
    if now is None or before is None:
        return ""
    diff = now - before
    if round(diff, 9) == 0 or text(now) == text(before):  # reads the same: no change, never "up 0.0"
        return f"no change from {text(before)}"
    if points:
        size = fmt.number(abs(diff), 1) + " points"
    else:
        size = (size_text or text)(abs(diff))
    return f"{'up' if diff > 0 else 'down'} {size} from {text(before)}"


def column(rows: list[dict], name: str) -> list:
    """The values of one field across records."""
    return [row.get(name) for row in rows]


def sentence(*parts: str) -> str:
    """Join non-empty parts into sentences ending with a full stop."""
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return text if text.endswith(".") else text + "."
