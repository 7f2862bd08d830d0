"""Customer issues, one row per contact (issues.csv).

Why this exists: the Issues wall and pages count, age and quote issues by category,
touchpoint and channel. This module turns the CATEGORIES table into individual issues:
when they were opened (weekday and hour patterns by channel), when they closed (or are
still open at AS_OF), which active customer raised them, and their text.
"""

from __future__ import annotations

import numpy as np

from .issue_categories import CATEGORIES
from .timeline import AS_OF, DAY_ORD, HOLIDAY, N_DAYS, OPENING_BALANCE, WEEKDAY, ordinal, path
from .vocab import fill_text, pick
from .writers import fmt_seconds, write_csv

CHANNELS = ["email", "phone", "chat", "web form", "social"]
# relative share of issues opened in each hour of the day: phone and chat follow office
# hours, the other channels arrive around the clock
HOUR_PROFILE_OFFICE = np.array([0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3, 4, 4.5, 4.5, 4, 4.2, 4.2,
                                4, 3.8, 3.5, 3, 2.5, 1.8, 0.8, 0.4, 0.3])
HOUR_PROFILE_ANY = np.array([0.8, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 3.5, 3.6, 3.6, 3.8, 3.6, 3.4,
                             3.3, 3.3, 3.4, 3.6, 3.8, 3.9, 3.5, 2.6, 1.6])


def simulate_issues(rng: np.random.Generator, cust: dict) -> None:
    """Simulate every category's issues over the room's days and write issues.csv.

    `cust` is what simulate_customers returned: issue volume grows with the active base,
    and each issue is raised by a customer who was active on its day (a few, mostly on
    social media, are anonymous).
    """
    wd = np.array([1.25, 1.15, 1.05, 1.0, 0.95, 0.7, 0.6])
    wd = wd / wd.mean()
    growth = (cust["active_count"] / OPENING_BALANCE) ** 0.6
    as_of_end = (ordinal(str(AS_OF)) + 1) * 86400 - 1
    recs = []  # (opened_secs, closed_secs or -1, cat_index, touchpoint, channel, severity, cust, text)
    for ci, (name, tp, base, hamp, pts, med_h, sig, chw, sevw, texts) in enumerate(CATEGORIES):
        mult = path(pts)
        rate = base / 7.0 * wd[WEEKDAY] * (1 + hamp * HOLIDAY) * mult * growth * 0.97
        counts = rng.poisson(rate)
        day_idx = np.repeat(np.arange(N_DAYS), counts)
        k = len(day_idx)
        chw = np.array(chw, float) / sum(chw)
        channels = rng.choice(len(CHANNELS), k, p=chw)
        office = (channels == 1) | (channels == 2)
        hours = np.where(office,
                         rng.choice(24, k, p=HOUR_PROFILE_OFFICE / HOUR_PROFILE_OFFICE.sum()),
                         rng.choice(24, k, p=HOUR_PROFILE_ANY / HOUR_PROFILE_ANY.sum()))
        opened = DAY_ORD[day_idx] * 86400 + hours * 3600 + rng.integers(0, 3600, k)
        med = np.full(k, med_h * 3600.0)
        if name == "Refund delay":  # the returns backlog makes every refund slower
            med *= path([("2026-04-30", 1.0), ("2026-11-15", 2.2)], DAY_ORD[day_idx])
        if name == "Long hold time":
            med *= path([("2026-01-12", 1.0), ("2026-11-15", 0.7)], DAY_ORD[day_idx])
        dur = np.maximum(med * np.exp(rng.normal(0, sig, k)), 300 + rng.integers(0, 1200, k))
        stuck = rng.random(k) < 0.0015  # lost in a queue: weeks or months to close
        dur = np.where(stuck, rng.uniform(20, 250, k) * 86400, dur)
        closed = (opened + dur).astype(np.int64)
        closed = np.where(closed > as_of_end, -1, closed)
        sev = rng.choice(3, k, p=np.array(sevw) / sum(sevw))
        tpv = np.where(rng.random(k) < 0.06, "", tp)
        # customer: someone active on that day (rejection sampling)
        who = np.zeros(k, np.int64)
        todo = np.arange(k)
        while len(todo):
            cand = (rng.random(len(todo)) * cust["n_by_day"][day_idx[todo]]).astype(np.int64)
            ok = (cust["acq"][cand] <= day_idx[todo]) & (cust["end"][cand] > day_idx[todo])
            who[todo[ok]] = cand[ok]
            todo = todo[~ok]
        anon = rng.random(k) < np.where(channels == 4, 0.35, 0.01)
        for j in range(k):
            recs.append((int(opened[j]), int(closed[j]), ci, str(tpv[j]), int(channels[j]), int(sev[j]),
                         "" if anon[j] else f"C{cust['cid'][who[j]]}",
                         fill_text(rng, pick(rng, texts, int(day_idx[j])), int(day_idx[j]))))
    recs.sort(key=lambda r: (r[0], r[2], r[6], r[7]))
    opened_s = fmt_seconds(np.array([r[0] for r in recs]))
    closed_arr = np.array([max(r[1], 0) for r in recs])
    closed_s = fmt_seconds(closed_arr)
    sev_names = ["low", "medium", "high"]
    rows = []
    for j, r in enumerate(recs):
        rows.append([f"T-{j + 1:06d}", opened_s[j], closed_s[j] if r[1] >= 0 else "", CATEGORIES[r[2]][0],
                     r[3], CHANNELS[r[4]], sev_names[r[5]], r[6], r[7]])
    write_csv("issues.csv", ["id", "opened", "closed", "category", "touchpoint", "channel", "severity",
                             "customer_id", "text"], rows)
