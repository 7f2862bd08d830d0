"""Survey responses: CSAT, CES and NPS per touchpoint (surveys.csv).

Why this exists: the Touchpoints wall shows how customers rate each touchpoint over time. Each
survey's share of good scores (for NPS: promoters and detractors) follows story points,
so ratings dip and recover with the stories; about one response in five has a comment,
and the detractors the team called back have a followed_up date and an outcome
(follow_up.py).
"""

from __future__ import annotations

import numpy as np

from .follow_up import follow_ups
from .survey_comments import COMMENTS, GENERIC_COMMENTS
from .timeline import DAYS, HOLIDAY, path
from .vocab import pick
from .writers import write_csv

# touchpoint, instrument, responses per month, good-share points
# (for nps: promoter and detractor shares as (date, (p, d)) points)
SURVEYS = [
    ("browsing-the-website", "csat", 110, [("2025-01-01", 0.79), ("2025-12-01", 0.76), ("2026-06-01", 0.81), ("2026-11-15", 0.80)]),
    ("checking-out", "ces", 190, [("2025-01-01", 0.78), ("2025-10-15", 0.78), ("2025-12-01", 0.85), ("2026-11-15", 0.86)]),
    ("joining-the-club", "csat", 38, [("2025-01-01", 0.87), ("2026-11-15", 0.89)]),
    ("receiving-a-shipment", "csat", 330, [("2025-01-01", 0.86), ("2025-12-10", 0.81), ("2026-01-20", 0.85),
                                           ("2026-02-20", 0.69), ("2026-03-20", 0.66), ("2026-04-30", 0.72),
                                           ("2026-06-30", 0.79), ("2026-08-31", 0.83), ("2026-11-15", 0.85)]),
    ("tracking-an-order", "ces", 85, [("2025-01-01", 0.77), ("2026-01-25", 0.77), ("2026-02-25", 0.58),
                                      ("2026-04-15", 0.62), ("2026-06-15", 0.79), ("2026-11-15", 0.83)]),
    ("using-the-app", "csat", 140, [("2025-01-01", 0.84), ("2026-04-10", 0.84), ("2026-04-25", 0.60),
                                    ("2026-05-31", 0.64), ("2026-07-20", 0.82), ("2026-11-15", 0.86)]),
    ("using-the-gear", "nps", 170, [("2025-01-01", (0.56, 0.11)), ("2026-07-31", (0.57, 0.11)),
                                    ("2026-09-15", (0.50, 0.16)), ("2026-11-15", (0.53, 0.13))]),
    ("contacting-support", "csat", 210, [("2025-01-01", 0.75), ("2025-11-15", 0.73), ("2026-01-20", 0.64),
                                         ("2026-03-01", 0.66), ("2026-07-01", 0.76), ("2026-11-15", 0.81)]),
    ("contacting-support", "ces", 120, [("2025-01-01", 0.61), ("2026-01-20", 0.52), ("2026-04-30", 0.60),
                                        ("2026-11-15", 0.71)]),
    ("returning-an-item", "ces", 95, [("2025-01-01", 0.80), ("2026-04-30", 0.81), ("2026-11-15", 0.63)]),
    ("returning-an-item", "csat", 60, [("2025-01-01", 0.82), ("2026-04-30", 0.83), ("2026-11-15", 0.61)]),
    ("warranty-repair", "csat", 24, [("2025-01-01", 0.70), ("2026-11-15", 0.74)]),
    ("renewing-membership", "nps", 70, [("2025-01-01", (0.48, 0.17)), ("2025-08-31", (0.49, 0.17)),
                                        ("2025-10-15", (0.37, 0.29)), ("2026-03-31", (0.43, 0.22)),
                                        ("2026-11-15", (0.46, 0.19))]),
    ("cancelling-membership", "ces", 19, [("2025-01-01", 0.42), ("2026-05-31", 0.44), ("2026-07-15", 0.72),
                                          ("2026-11-15", 0.74)]),
]


def draw_scores(rng: np.random.Generator, instrument: str, k: int, good) -> np.ndarray:
    """`k` scores on the instrument's scale: csat 1-5, ces 1-7, nps 0-10.

    `good` is the share of good scores (csat 4-5, ces 5-7), or for nps the
    (promoter, detractor) shares.
    """
    if instrument == "csat":
        g = rng.random(k) < good
        return np.where(g, rng.choice([4, 5], k, p=[0.45, 0.55]), rng.choice([1, 2, 3], k, p=[0.25, 0.25, 0.5]))
    if instrument == "ces":
        g = rng.random(k) < good
        return np.where(g, rng.choice([5, 6, 7], k, p=[0.3, 0.4, 0.3]),
                        rng.choice([1, 2, 3, 4], k, p=[0.2, 0.2, 0.25, 0.35]))
    p, d = good
    u = rng.random(k)
    prom = rng.choice([9, 10], k, p=[0.45, 0.55])
    pas = rng.choice([7, 8], k, p=[0.45, 0.55])
    det = rng.choice(np.arange(7), k, p=np.array([3, 1, 2, 3, 5, 9, 12]) / 35)
    return np.where(u < p, prom, np.where(u < p + d, det, pas))


def sentiment(instrument: str, score: int) -> str:
    """"pos", "mid" or "neg": which mood of comment fits `score` on the instrument's scale."""
    if instrument == "csat":
        return "pos" if score >= 4 else ("mid" if score == 3 else "neg")
    if instrument == "ces":
        return "pos" if score >= 5 else ("mid" if score == 4 else "neg")
    return "pos" if score >= 9 else ("mid" if score >= 7 else "neg")


def write_surveys(rng: np.random.Generator, r_follow: np.random.Generator) -> None:
    """Simulate every survey's daily responses (more in the gift season) and write surveys.csv;
    the follow-up of detractors draws from `r_follow`, so the responses do not depend on it."""
    recs = []
    for si, (tp, inst, per_month, pts) in enumerate(SURVEYS):
        if inst == "nps":
            pp = path([(d, v[0]) for d, v in pts])
            dd = path([(d, v[1]) for d, v in pts])
        else:
            gg = path(pts)
        daily = per_month / 30.44 * (1 + 0.25 * HOLIDAY)
        counts = rng.poisson(daily)
        for d in np.flatnonzero(counts):
            k = int(counts[d])
            good = (pp[d], dd[d]) if inst == "nps" else gg[d]
            scores = draw_scores(rng, inst, k, good)
            for s in scores:
                comment = ""
                if rng.random() < 0.2:
                    mood = sentiment(inst, int(s))
                    pool = GENERIC_COMMENTS if rng.random() < 0.2 else COMMENTS[tp]
                    comment = pick(rng, pool[mood], int(d))
                recs.append((int(d), si, int(s), comment))
    recs.sort(key=lambda r: (r[0], r[1]))
    rows = [[str(DAYS[d]), SURVEYS[si][0], SURVEYS[si][1], s, c] for d, si, s, c in recs]
    rows = [row + list(follow) for row, follow in zip(rows, follow_ups(r_follow, rows))]
    write_csv("surveys.csv", ["date", "touchpoint", "instrument", "score", "comment", "followed_up", "outcome"], rows)
