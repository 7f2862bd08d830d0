"""The customer base, day by day (customers.csv).

Why this exists: the Outcomes wall counts acquisitions, losses (with reasons), at-risk
flags, saves and referrals, and its balance must start from room.toml's opening_balance.
This module simulates every customer from that opening balance to AS_OF, with the
stories (price rise, carrier change, support strain, refund backlog, a new competitor)
bending who leaves and why. Issues and KPIs then draw on who was a customer when.
"""

from __future__ import annotations

import numpy as np

from .timeline import (DAY_ORD, DAYS, HOLIDAY, MONTH_OF_YEAR, N_DAYS, OPENING_BALANCE, gauss,
                       ordinal, path)
from .writers import write_csv

SEGMENTS = ["Members", "Occasional", "Business"]
OPEN_SHARE = [0.42, 0.50, 0.08]
ACQ_SHARE = [0.36, 0.57, 0.07]
VALUE_MEDIAN = [390.0, 125.0, 2200.0]
VALUE_SIGMA = [0.35, 0.60, 0.70]
MONTHLY_CHURN = [0.011, 0.020, 0.007]

LOSS_REASONS = ["Price", "Delivery problems", "Product quality", "Moved to competitor",
                "Poor support", "No longer needed", "Returns and refunds", "Other"]
LOSS_BASE = np.array([0.18, 0.08, 0.13, 0.16, 0.08, 0.23, 0.05, 0.07])
SAVE_REASONS = ["Retention discount", "Replacement sent", "Membership paused",
                "Support call-back", "Free expedited shipping", "Plan changed"]
SAVE_WEIGHTS = np.array([0.30, 0.18, 0.17, 0.15, 0.12, 0.08])
ACQ_MONTH_FACTOR = np.array([0.85, 0.80, 0.95, 1.05, 1.10, 1.10, 1.00, 0.95, 0.90, 1.00, 1.35, 1.60])

# story curves over days (0 = not happening, 1 = at its worst)
PRICE_RISE = path([("2025-08-25", 0), ("2025-09-15", 1), ("2025-12-31", 0.4), ("2026-03-31", 0)])
CARRIER = path([("2026-01-26", 0), ("2026-02-16", 1), ("2026-03-31", 1), ("2026-07-31", 0.2), ("2026-11-15", 0.1)])
SUPPORT_STRAIN = path([("2025-11-15", 0), ("2026-01-10", 1), ("2026-04-30", 0.5), ("2026-08-31", 0)])
REFUND_STRAIN = path([("2026-05-15", 0), ("2026-11-15", 1)])
COMPETITOR = path([("2026-05-31", 0), ("2026-07-15", 1)])


def draw_values(rng: np.random.Generator, seg: np.ndarray) -> np.ndarray:
    """Annual value ($) of customers of segments `seg`: log-normal around each segment's
    median, at least $15."""
    med = np.array(VALUE_MEDIAN)[seg]
    sig = np.array(VALUE_SIGMA)[seg]
    v = med * np.exp(rng.normal(0.0, 1.0, len(seg)) * sig)
    return np.round(np.maximum(v, 15.0))


def loss_reason_probs(d: int, seg: int, early: bool) -> np.ndarray:
    """Probabilities of each LOSS_REASONS entry for a customer of `seg` lost on day `d`.

    The stories move the weights (the price rise hits Members, the carrier change makes
    "Delivery problems" common); `early` losses, within a month of joining, are mostly
    about a first order that went wrong.
    """
    w = LOSS_BASE.copy()
    if seg == 0:
        w[0] += 0.15 * PRICE_RISE[d]
    if seg == 2:
        w[0] *= 1.5
        w[5] *= 0.6
    w[1] += 0.22 * CARRIER[d] + 0.04 * HOLIDAY[d]
    w[4] += 0.06 * SUPPORT_STRAIN[d]
    w[6] += 0.12 * REFUND_STRAIN[d]
    w[3] += 0.06 * COMPETITOR[d]
    if early:
        w[1] *= 2.5
        w[2] *= 2.0
        w[5] *= 0.3
    return w / w.sum()


def simulate_customers(rng: np.random.Generator) -> dict:
    """Simulate the base from the opening balance to AS_OF and write customers.csv.

    Returns what the other files need to stay consistent with it: each customer's id and
    the days they were acquired and lost ("cid", "acq", "end"), the active count per day
    ("active_count") and how many customers existed by each day ("n_by_day").
    """
    cap = OPENING_BALANCE + 80000
    seg = np.zeros(cap, np.int8)
    val = np.zeros(cap)
    acq = np.full(cap, -1_000_000, np.int64)  # day index acquired (opening: long ago)
    end = np.full(cap, 1_000_000, np.int64)  # day index lost
    cid = np.zeros(cap, np.int64)
    active = np.zeros(cap, bool)
    n = OPENING_BALANCE
    seg[:n] = rng.choice(3, n, p=OPEN_SHARE)
    val[:n] = draw_values(rng, seg[:n])
    cid[:n] = 100001 + np.arange(n)
    active[:n] = True
    next_id = 200001

    growth = 1.0 + 0.08 * (DAY_ORD - DAY_ORD[0]) / 365.0
    acq_rate = 38.0 * ACQ_MONTH_FACTOR[MONTH_OF_YEAR - 1] * growth
    for y in (2025, 2026):  # Black Friday weekend and Cyber Monday
        bf = ordinal(f"{y}-11-28") if y == 2025 else ordinal(f"{y}-11-27")
        for off, f in ((0, 4.0), (1, 2.5), (2, 2.2), (3, 3.0), (4, 1.6)):
            acq_rate[DAY_ORD == bf + off] *= f
    hazard_mod = (1.0 + 0.30 * gauss(DAY_ORD, "2025-01-12", 12) + 0.30 * gauss(DAY_ORD, "2026-01-12", 12)
                  + 0.35 * CARRIER + 0.12 * REFUND_STRAIN + 0.08 * SUPPORT_STRAIN)
    member_mod = 1.0 + 0.35 * PRICE_RISE
    p_save = path([("2025-01-01", 0.30), ("2025-12-31", 0.33), ("2026-03-01", 0.34),
                   ("2026-04-30", 0.42), ("2026-11-15", 0.46)])
    ref_rate = 6.5 * (1 + 0.5 * HOLIDAY) * growth

    sched_save: dict[int, list[int]] = {}
    sched_loss: dict[int, list[int]] = {}
    # customers flagged at risk in December 2024 (before the file starts) are still being
    # worked: some are saved in the first three weeks of January
    for i in rng.choice(OPENING_BALANCE, 60, replace=False):
        sched_save.setdefault(int(rng.integers(0, 21)), []).append(int(i))
    ev_day, ev_idx, ev_kind, ev_reason = [], [], [], []
    active_count = np.zeros(N_DAYS, np.int64)
    n_by_day = np.zeros(N_DAYS, np.int64)

    def record(d, idx, kind, reasons=None):
        idx = list(map(int, idx))
        ev_day.extend([d] * len(idx))
        ev_idx.extend(idx)
        ev_kind.extend([kind] * len(idx))
        ev_reason.extend(reasons if reasons is not None else [""] * len(idx))

    for d in range(N_DAYS):
        # acquisitions
        k = int(rng.poisson(acq_rate[d]))
        new = np.arange(n, n + k)
        seg[new] = rng.choice(3, k, p=ACQ_SHARE)
        val[new] = draw_values(rng, seg[new])
        cid[new] = next_id + np.arange(k)
        acq[new] = d
        active[new] = True
        n += k
        next_id += k
        record(d, new, "acquired")
        # losses: ordinary hazard, early disappointment, unsaved at-risk customers
        act = np.flatnonzero(active[:n])
        lost = []
        for s in range(3):
            pool = act[seg[act] == s]
            h = MONTHLY_CHURN[s] / 30.44 * hazard_mod[d] * (member_mod[d] if s == 0 else 1.0)
            m = int(rng.binomial(len(pool), h))
            lost.append(rng.choice(pool, m, replace=False))
        young = act[(acq[act] >= d - 30) & (acq[act] < d)]
        m = int(rng.binomial(len(young), 0.0016 * (1 + 1.2 * CARRIER[d])))
        early = rng.choice(young, m, replace=False)
        lost.append(early)
        sched = np.array([i for i in sched_loss.pop(d, []) if active[i]], np.int64)
        lost.append(sched)
        lost_idx = np.unique(np.concatenate(lost).astype(np.int64))
        early_set = np.isin(lost_idx, early)
        reasons = []
        for i, e in zip(lost_idx, early_set):
            p = loss_reason_probs(d, int(seg[i]), bool(e))
            reasons.append(LOSS_REASONS[int(rng.choice(len(p), p=p))])
        active[lost_idx] = False
        end[lost_idx] = d
        record(d, lost_idx, "lost", reasons)
        # saves of earlier at-risk flags
        saves = np.array([i for i in sched_save.pop(d, []) if active[i]], np.int64)
        sw = SAVE_WEIGHTS.copy()
        sw[4] += 0.25 * CARRIER[d]
        sw /= sw.sum()
        record(d, saves, "saved", [SAVE_REASONS[int(j)] for j in rng.choice(len(sw), len(saves), p=sw)])
        # at-risk flags
        act = np.flatnonzero(active[:n])
        m = int(rng.poisson(0.00036 * len(act) * (1 + 0.4 * CARRIER[d] + 0.3 * REFUND_STRAIN[d])))
        flagged = rng.choice(act, m, replace=False)
        record(d, flagged, "at_risk")
        u = rng.random(m)
        for i, ui in zip(flagged, u):
            if ui < p_save[d]:
                sched_save.setdefault(d + int(rng.integers(1, 22)), []).append(int(i))
            elif ui < p_save[d] + (1 - p_save[d]) * 0.35:
                sched_loss.setdefault(d + int(rng.integers(7, 61)), []).append(int(i))
        # referrals
        m = int(rng.poisson(ref_rate[d]))
        w = np.array([3.0, 1.0, 2.0])[seg[act]]
        referrers = rng.choice(act, m, replace=False, p=w / w.sum())
        record(d, referrers, "referred")
        active_count[d] = int(active[:n].sum())
        n_by_day[d] = n

    order_kind = {"acquired": 0, "referred": 1, "at_risk": 2, "saved": 3, "lost": 4}
    ev_day = np.array(ev_day)
    ev_idx = np.array(ev_idx)
    kinds = np.array([order_kind[k] for k in ev_kind])
    order = np.lexsort((cid[ev_idx], kinds, ev_day))
    rows = []
    for j in order:
        i = ev_idx[j]
        rows.append([str(DAYS[ev_day[j]]), f"C{cid[i]}", ev_kind[j], SEGMENTS[seg[i]], int(val[i]), ev_reason[j]])
    write_csv("customers.csv", ["date", "customer_id", "event", "segment", "value", "reason"], rows)
    return {"cid": cid[:n], "acq": acq[:n], "end": end[:n], "active_count": active_count, "n_by_day": n_by_day}
