"""The closed loop: when each detractor was contacted back, and what came of it
(surveys.csv's followed_up and outcome columns).

Why this exists: Wall 3 shows how many detractors (NPS 0-6, CSAT 1-2, CES 1-3) the team
contacted back within 48 hours. The story: in 2025 the loop is a side job of the support
team, about four detractors in ten are called back within 48 hours and a third never
are; the carrier change of February 2026 floods the team and it gets worse; from
2026-03-16 a callback rota (two agents a day on detractors alone) turns it round, and by
the autumn of 2026 more than eight in ten are called within 48 hours and few are missed.
Contacts are timed within working hours (08:00-18:00), so "the next afternoon" is 38 h
after the response's day began (a response carries a date, not a time).

It draws from its own random stream, so adding it changed no other column or file.
"""

from __future__ import annotations

import numpy as np

from .timeline import AS_OF, DAYS, path

DETRACTOR = {"nps": 6, "csat": 2, "ces": 3}  # the highest detractor score of each instrument

# Of a day's detractors: the share ever contacted, and of those the share within 48 h.
CONTACTED = path([("2025-01-01", 0.66), ("2026-01-31", 0.68), ("2026-03-15", 0.60), ("2026-04-30", 0.84),
                  ("2026-08-31", 0.93), ("2026-11-15", 0.95)])
FAST = path([("2025-01-01", 0.52), ("2025-11-15", 0.55), ("2025-12-20", 0.42), ("2026-01-31", 0.52),
             ("2026-03-15", 0.34), ("2026-04-30", 0.70), ("2026-08-31", 0.86), ("2026-11-15", 0.88)])
OUTCOMES = (("resolved", 0.52), ("refund or replacement", 0.18), ("escalated", 0.08), ("no answer", 0.22))
LAST = np.datetime64(AS_OF) + np.timedelta64(1, "D")  # nothing is dated after the as-of day


def follow_ups(rng: np.random.Generator, rows: list[list]) -> list[tuple[str, str]]:
    """(followed_up, outcome) for each survey row (date, touchpoint, instrument, score,
    comment), blank for everyone but the detractors the team reached (or tried to)."""
    day_of = {str(d): i for i, d in enumerate(DAYS)}
    out = []
    for date, _, instrument, score, _ in rows:
        if score > DETRACTOR[instrument]:
            out.append(("", ""))
            continue
        i = day_of[date]
        contacted, fast = rng.random() < CONTACTED[i], rng.random() < FAST[i]
        days = rng.choice([0, 1], p=[0.25, 0.75]) if fast else 2 + min(int(rng.geometric(0.35)) - 1, 12)
        minute = int(rng.integers(8 * 60, 18 * 60))
        when = np.datetime64(date) + np.timedelta64(int(days), "D") + np.timedelta64(minute, "m")
        outcome = rng.choice(len(OUTCOMES), p=[p for _, p in OUTCOMES])
        if not contacted or when >= LAST:
            out.append(("", ""))
            continue
        out.append((str(when).replace("T", " "), OUTCOMES[outcome][0]))
    return out
