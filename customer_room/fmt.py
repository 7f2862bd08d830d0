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


def reading(value: object, unit: object = None) -> str:
    """A KPI reading in its unit: 93.1 %, 2.4 days, 1,250 calls."""
    if _missing(value):
        return DASH
    v = float(value)
    decimals = 0 if v.is_integer() or abs(v) >= 100 else (1 if abs(v) >= 10 else 2)
    unit = "" if _missing(unit) else str(unit).strip()
    if unit == "%":
        return percent(v, min(decimals, 1))
    text = number(v, decimals)
    return f"{text} {unit}" if unit else text
