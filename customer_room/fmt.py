"""How numbers, dates and periods read on a wall: one place, so every page agrees.

A missing or undefined figure (churn with no customers at the start, a score with no
responses) is shown as an em dash, never as "nan" or 0.
"""

from __future__ import annotations

import math

import pandas as pd

DASH = "—"


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: object, decimals: int = 0) -> str:
    """A count or amount with thousands separators: 12,345 (or 12,345.6)."""
    if _missing(value):
        return DASH
    return f"{float(value):,.{decimals}f}"


def signed(value: object, decimals: int = 0) -> str:
    """A change with its sign: +120, −35 (a true minus sign), 0."""
    if _missing(value):
        return DASH
    rounded = round(float(value), decimals)
    if rounded == 0:
        return f"{0:.{decimals}f}"
    text = f"{abs(rounded):,.{decimals}f}"
    return ("+" if rounded > 0 else "−") + text


def percent(value: object, decimals: int = 1) -> str:
    """A percentage: 4.2 %."""
    if _missing(value):
        return DASH
    return f"{float(value):,.{decimals}f} %"


def signed_percent(value: object, decimals: int = 1) -> str:
    """A change in percent with its sign: −18.5 %."""
    if _missing(value):
        return DASH
    return signed(value, decimals) + " %"


def money(value: object, symbol: str = "$") -> str:
    """An amount of money, abbreviated for the wall: $1.2M, $45.3k, $950."""
    if _missing(value):
        return DASH
    amount = float(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        body = f"{amount / 1_000_000:,.1f}M"
    elif amount >= 10_000:
        body = f"{amount / 1_000:,.0f}k"
    elif amount >= 1_000:
        body = f"{amount / 1_000:,.1f}k"
    else:
        body = f"{amount:,.0f}"
    return f"{sign}{symbol}{body}"


def score(value: object, decimals: int = 0) -> str:
    """A survey score such as NPS (+32) or a mean (4.1)."""
    if _missing(value):
        return DASH
    return f"{float(value):.{decimals}f}"


def date(value: object) -> str:
    """A calendar date: 2026-11-22."""
    if _missing(value):
        return DASH
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def datetime(value: object) -> str:
    """A moment, to the minute, for build times: 2026-11-22 14:05 UTC."""
    if _missing(value):
        return DASH
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def period(start: object, freq: str) -> str:
    """The name of a period from its first day: 2026-11, 2026-W47, 2026-Q4, 2026-11-22."""
    if _missing(start):
        return DASH
    stamp = pd.Timestamp(start)
    if freq == "month":
        return stamp.strftime("%Y-%m")
    if freq == "week":
        year, week, _ = stamp.isocalendar()
        return f"{year}-W{week:02d}"
    if freq == "quarter":
        return f"{stamp.year}-Q{(stamp.month - 1) // 3 + 1}"
    return stamp.strftime("%Y-%m-%d")


def days(value: object) -> str:
    """A duration in days: 3.5 days, 12 days."""
    if _missing(value):
        return DASH
    amount = float(value)
    if math.isclose(amount, 1.0):
        return "1 day"
    return f"{amount:,.1f} days" if amount < 10 else f"{amount:,.0f} days"


def hours(value: object) -> str:
    """A time to contact: 4.5 h, 31 h, and past three days in days (3.5 days)."""
    if _missing(value):
        return DASH
    amount = float(value)
    if amount >= 72:
        return days(amount / 24)
    return f"{amount:,.1f} h" if amount < 10 and not amount.is_integer() else f"{amount:,.0f} h"


def reading(value: object, unit: object = None) -> str:
    """A KPI reading in its unit: 93.1 %, 0.28 %, 2.4 days, 1,250 calls."""
    if _missing(value):
        return DASH
    v = float(value)
    decimals = _reading_decimals(v)
    unit = "" if _missing(unit) else str(unit).strip()
    if unit == "%":
        return percent(v, decimals if abs(v) < 1 else min(decimals, 1))
    text = number(v, decimals)
    return f"{text} {unit}" if unit else text


def _reading_decimals(v: float) -> int:
    """Decimals a reading is shown with: whole numbers bare, small ones to two places."""
    return 0 if float(v).is_integer() or abs(v) >= 100 else (1 if abs(v) >= 10 else 2)


def _reading_change(v: float, h) -> str:
    """How far a reading moved: '0.26 s', '0.03 points' (a % reading moves in points,
    to the places its readings are shown with)."""
    unit = "" if _missing(h.unit) else str(h.unit).strip()
    if unit == "%":
        return f"{number(v, 2 if max(abs(h.value), abs(h.previous)) < 1 else 1)} points"
    return f"{number(v, 2 if abs(v) < 1 else _reading_decimals(v))} {unit}".strip()


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st: a rank in words."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def figure(h, symbol: str = "$") -> str:
    """A headline figure's value as its kind reads: 1,278 · 2.0 % · 0.6 days · $570k · +32."""
    return _BY_KIND[h.kind](h.value, h, symbol)


def change(h, symbol: str = "$", short: bool = False) -> str:
    """A headline's change in words: '▲ 1.2 points vs 2026-09 · worse', 'no change vs
    2026-09', 'no 2026-09 figure to compare' when the earlier period has none, or 'no
    data' when the figure itself has none.
    `short` gives the arrow and amount alone ('▲ 1.2 points'), for a second figure on a
    card whose compared period is already said."""
    if h.direction is None:
        if h.value is None or h.value != h.value:  # no figure at all: nothing to say of a change
            return "no data"
        if short:
            return "nothing to compare"
        return f"no {h.compared} figure to compare" if h.compared and h.compared != DASH else "nothing to compare yet"
    if h.direction == "same":
        return "no change" if short else f"no change vs {h.compared}"
    amount = _BY_KIND[h.kind](abs(h.change), h, symbol, True)
    if short:
        return f"{h.arrow} {amount}"
    words = f"{h.arrow} {amount} vs {h.compared}"
    return f"{words} · {h.verdict}" if h.verdict else words


def _points(value, decimals=1) -> str:
    return f"{number(value, decimals)} points"


_BY_KIND = {
    "count": lambda v, h, s, delta=False: number(v),
    "percent": lambda v, h, s, delta=False: _points(v) if delta else percent(v),
    "days": lambda v, h, s, delta=False: days(v),
    "hours": lambda v, h, s, delta=False: hours(v),
    "money": lambda v, h, s, delta=False: money(v, s),
    "rate": lambda v, h, s, delta=False: number(v, 1),
    "score": lambda v, h, s, delta=False: _points(v, 0 if float(v).is_integer() else 1) if delta else score(v, 1 if abs(float(v)) < 10 else 0),
    "reading": lambda v, h, s, delta=False: _reading_change(v, h) if delta else reading(v, h.unit),
}
