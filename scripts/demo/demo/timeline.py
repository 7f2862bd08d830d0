"""The room's calendar and the curves drawn on it.

Why this exists: every file the generator writes covers the same period (2025-01-01 to
AS_OF) and the same stories happen on the same dates in all of them. This module holds
that shared clock: the seed, the days and months as numpy arrays, and the helpers that
turn "(date, value)" story points into a value per day. Change AS_OF or SEED here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

SEED = 20261115
START = dt.date(2025, 1, 1)
AS_OF = dt.date(2026, 11, 15)
OPENING_BALANCE = 38640  # keep equal to room.toml opening_balance

DAYS = np.arange(np.datetime64(START), np.datetime64(AS_OF) + 1, dtype="datetime64[D]")
N_DAYS = len(DAYS)
DAY_ORD = DAYS.astype(np.int64)  # days since 1970-01-01
WEEKDAY = (DAY_ORD + 3) % 7  # 0 = Monday
MONTHS = np.arange(np.datetime64("2025-01"), np.datetime64("2026-12"), dtype="datetime64[M]")
DAY_MONTH = DAYS.astype("datetime64[M]")
MONTH_OF_YEAR = (DAY_MONTH.astype(np.int64) % 12) + 1  # 1..12


def ordinal(s: str) -> int:
    """Day number (days since 1970-01-01) of an ISO date, the unit DAY_ORD is counted in."""
    return int(np.datetime64(s, "D").astype(np.int64))


def path(points: list[tuple[str, float]], days: np.ndarray = DAY_ORD) -> np.ndarray:
    """Piecewise-linear curve through (date, value) points, flat outside them."""
    xs = [ordinal(d) for d, _ in points]
    ys = [v for _, v in points]
    return np.interp(days, xs, ys)


def gauss(days: np.ndarray, centre: str, sd: float) -> np.ndarray:
    """A bell-shaped bump (peak 1) around `centre`, sd in days: a seasonal peak or spike."""
    return np.exp(-0.5 * ((days - ordinal(centre)) / sd) ** 2)


def holiday(days: np.ndarray = DAY_ORD) -> np.ndarray:
    """0..1 shape of the gift season (peak early December) plus January returns."""
    out = np.zeros(len(days))
    for y in (2024, 2025, 2026):
        out += gauss(days, f"{y}-12-08", 16.0)
        out += 0.4 * gauss(days, f"{y + 1}-01-09", 9.0)
    return out


HOLIDAY = holiday()  # the gift season on every day of the room
CARRIER_SWITCH = ordinal("2026-02-02")  # deliveries moved from Swift Parcel to ParcelPath
