"""Generate the demo room's data: Kestrel Outdoor Co., 2025-01-01 to 2026-11-15.

Why this exists
---------------
The repository root is itself a complete customer room, so that one command builds a
full site with no setup. Real exports cannot be published, so the six data files in
this folder are invented, but they are invented *on purpose*: each wall has a story a
leader could walk through in the monthly room meeting, and the commentary in `walls/`
quotes numbers that this script's output actually contains.

The company
-----------
Kestrel Outdoor Co. sells outdoor gear online, direct to consumers, with a paid
membership (the Kestrel Club: free shipping, repairs, member prices) and a small
business line (clubs, schools and guiding companies buying kit for teams).

The stories in the data
-----------------------
* Carrier change. On 2026-02-02 deliveries moved from Swift Parcel to ParcelPath. Late
  deliveries and missing tracking updates spiked in February and March, on-time
  delivery fell, shipment CSAT dipped and "Delivery problems" rose among loss reasons;
  all recover slowly after the fulfillment owner took the issue on (2026-03-02).
* New mailer box. Damaged items rose with the new carrier; a redesigned mailer box
  rolled out from 2026-06-15 and damage complaints halved.
* App 5.0. The app release of 2026-04-13 broke logins; fixes on 2026-05-11 and 2026-07-06
  brought login complaints below where they started.
* Hold times. Call waits peaked over the 2025 holidays; callbacks and hiring since
  2026-01 have brought "Long hold time" down steadily.
* Refunds. The returns center moved in May 2026; refunds have been slowing ever since.
  Its owner started on 2026-06-01 and the count is still rising (the one that is not
  converging), and "Returns and refunds" is a growing reason for losing customers.
* Billing. A membership price rise on 2025-09-01 brought double charges and a jump in
  "Price" as a loss reason among Members; billing errors have stayed flat since.
* "Wrong size" is one of the biggest issue categories and has no owner.

How to run
----------
    .venv/bin/python data/generate.py

It writes customers.csv, issues.csv, actions.csv, touchpoints.csv, kpis.xlsx and
surveys.csv next to itself. It is deterministic: numpy Generators with fixed seeds,
fixed workbook properties and fixed zip timestamps, so running it twice gives
byte-identical files. Change SEED (or a story below) and re-run to get a new room;
then re-check the numbers quoted in walls/*.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
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


# ----------------------------------------------------------------------------- helpers
def ordinal(s: str) -> int:
    return int(np.datetime64(s, "D").astype(np.int64))


def path(points: list[tuple[str, float]], days: np.ndarray = DAY_ORD) -> np.ndarray:
    """Piecewise-linear curve through (date, value) points, flat outside them."""
    xs = [ordinal(d) for d, _ in points]
    ys = [v for _, v in points]
    return np.interp(days, xs, ys)


def gauss(days: np.ndarray, centre: str, sd: float) -> np.ndarray:
    return np.exp(-0.5 * ((days - ordinal(centre)) / sd) ** 2)


def holiday(days: np.ndarray = DAY_ORD) -> np.ndarray:
    """0..1 shape of the gift season (peak early December) plus January returns."""
    out = np.zeros(len(days))
    for y in (2024, 2025, 2026):
        out += gauss(days, f"{y}-12-08", 16.0)
        out += 0.4 * gauss(days, f"{y + 1}-01-09", 9.0)
    return out


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def write_csv(name: str, header: list[str], rows: list[list]) -> None:
    with open(HERE / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fmt_seconds(secs: np.ndarray) -> list[str]:
    return [s.replace("T", " ") for s in np.datetime_as_string(secs.astype("datetime64[s]"), unit="s")]


# ----------------------------------------------------------------------------- people
PEOPLE = {
    "priya": "Priya Natarajan, Head of Fulfillment",
    "tomas": "Tomás Herrera, Packaging & Warehouse Lead",
    "mei": "Mei Lin Chow, Product Manager, Mobile App",
    "daniel": "Daniel Okafor, Head of Customer Care",
    "sofia": "Sofia Lindqvist, Returns Operations Manager",
    "grace": "Grace Whitfield, Finance Operations Lead",
    "marcus": "Marcus Bell, E-commerce Director",
    "hannah": "Hannah Adeyemi, CRM & Email Manager",
    "olivia": "Olivia Grant, Head of Membership",
    "ravi": "Ravi Menon, Carrier Partnerships Manager",
    "jonas": "Jonas Weber, Quality & Product Safety Lead",
}

# ----------------------------------------------------------------------------- touchpoints
TOUCHPOINTS = [
    # id, name, stage, owner, priority, image
    ("browsing-the-website", "Browsing the website", "Discover", "marcus", 2, ""),
    ("marketing-emails", "Marketing emails", "Discover", "hannah", 3, ""),
    ("checking-out", "Checking out", "Buy", "marcus", 1, ""),
    ("joining-the-club", "Joining the Kestrel Club", "Buy", "olivia", 2, ""),
    ("receiving-a-shipment", "Receiving a shipment", "Receive", "priya", 1, "mailer-box.svg"),
    ("tracking-an-order", "Tracking an order", "Receive", "ravi", 2, "delivery-email.svg"),
    ("using-the-app", "Using the app", "Use", "mei", 1, "app-login.svg"),
    ("using-the-gear", "Using the gear", "Use", "jonas", 2, ""),
    ("contacting-support", "Contacting support", "Get help", "daniel", 1, ""),
    ("returning-an-item", "Returning an item", "Get help", "sofia", 1, "returns-label.svg"),
    ("warranty-repair", "Warranty and repair", "Get help", "jonas", 3, ""),
    ("renewing-membership", "Renewing membership", "Renew or leave", "olivia", 1, "renewal-letter.svg"),
    ("cancelling-membership", "Cancelling membership", "Renew or leave", "olivia", 2, ""),
]


def write_touchpoints() -> None:
    rows = [[i, n, s, PEOPLE[o], p, img] for i, n, s, o, p, img in TOUCHPOINTS]
    write_csv("touchpoints.csv", ["id", "name", "stage", "owner", "priority", "image"], rows)


# ----------------------------------------------------------------------------- customers
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

# story curves over days
PRICE_RISE = path([("2025-08-25", 0), ("2025-09-15", 1), ("2025-12-31", 0.4), ("2026-03-31", 0)])
CARRIER = path([("2026-01-26", 0), ("2026-02-16", 1), ("2026-03-31", 1), ("2026-07-31", 0.2), ("2026-11-15", 0.1)])
SUPPORT_STRAIN = path([("2025-11-15", 0), ("2026-01-10", 1), ("2026-04-30", 0.5), ("2026-08-31", 0)])
REFUND_STRAIN = path([("2026-05-15", 0), ("2026-11-15", 1)])
COMPETITOR = path([("2026-05-31", 0), ("2026-07-15", 1)])
HOLIDAY = holiday()


def draw_values(rng: np.random.Generator, seg: np.ndarray) -> np.ndarray:
    med = np.array(VALUE_MEDIAN)[seg]
    sig = np.array(VALUE_SIGMA)[seg]
    v = med * np.exp(rng.normal(0.0, 1.0, len(seg)) * sig)
    return np.round(np.maximum(v, 15.0))


def loss_reason_probs(d: int, seg: int, early: bool) -> np.ndarray:
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


def simulate_customers(rng: np.random.Generator):
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


# ----------------------------------------------------------------------------- issues
CHANNELS = ["email", "phone", "chat", "web form", "social"]
GARMENTS = ["Alpine down jacket", "merino base layer", "Kestrel rain shell", "fleece hoodie",
            "softshell trousers", "insulated vest"]
FOOTWEAR = ["Trailrunner shoes", "hiking boots", "approach shoes"]
FRAMED = ["Ridgeback 45L pack", "Cirrus 2P tent", "Summit trekking poles", "camp chair"]
GADGETS = ["headlamp", "water filter", "camp stove", "GPS watch"]
ZIPPED = ["Ridgeback 45L pack", "Alpine down jacket", "Kestrel rain shell", "Cirrus 2P tent", "Nimbus sleeping bag"]
ITEMS = GARMENTS + FOOTWEAR + FRAMED + GADGETS + ["Nimbus sleeping bag", "dry bag"]
LETTER_PAIRS = [("S", "M"), ("M", "L"), ("L", "XL")]
SHOE_PAIRS = [("US 8", "US 8.5"), ("US 9", "US 9.5"), ("US 10", "US 10.5"), ("EU 42", "EU 43"), ("EU 44", "EU 45")]
PROPER_START = ("I ", "I'm", "I've", "ParcelPath", "Swift", "Face ID", "Apple", "PayPal", "Black Friday")
PREFIXES = ["", "", "", "", "Hi, ", "Hello, ", "Hi team, ", "Honestly, ", "Third time writing: "]
SUFFIXES = ["", "", "", "", " Please help.", " Not impressed.", " Can someone call me?",
            " Thanks.", " Really disappointed.", " Please sort this out."]

# name, touchpoint, base per week, holiday amplitude, story points, median hours to close,
# sigma, channel weights (email, phone, chat, web form, social), severity (low, med, high), texts
CATEGORIES = [
    ("Late delivery", "receiving-a-shipment", 30, 0.6,
     [("2025-01-01", 1.0), ("2026-01-25", 1.0), ("2026-02-09", 3.2), ("2026-03-02", 3.6),
      ("2026-04-15", 2.8), ("2026-06-15", 2.0), ("2026-09-01", 1.8), ("2026-10-10", 1.75),
      ("2026-11-01", 1.5), ("2026-11-15", 1.45)],
     13, 1.0, [4, 2, 3, 2, 2], [2, 5, 3],
     ["My order {order} was due {days} days ago and still hasn't arrived.",
      "Ordered the {item} for my trip, it didn't arrive in time. I leave tomorrow.",
      "Tracking says \"out for delivery\" since Monday, nothing came.",
      "{carrier} keeps pushing the delivery date back, now it's {days} days late.",
      "Paid for express shipping, got it {days} days late. Want the shipping refunded.",
      "Still waiting for order {order}, it's been {days} days.",
      "Delivery window came and went, no parcel, no message.",
      "The {item} I ordered as a gift arrived after the birthday. Not great."]),
    ("Damaged item", "receiving-a-shipment", 34, 0.5,
     [("2025-01-01", 1.0), ("2026-01-25", 1.0), ("2026-02-16", 1.35), ("2026-05-04", 1.4),
      ("2026-06-15", 1.3), ("2026-07-20", 0.6), ("2026-11-15", 0.55)],
     22, 1.0, [5, 2, 3, 3, 1], [2, 6, 2],
     ["Box arrived crushed and the {item} inside got scratched.",
      "The {framed} came with a bent frame, looks like it was dropped.",
      "Parcel was soaked, the {item} is water damaged.",
      "Received my {item} broken. Photos attached.",
      "The box was torn open on one side, parts of the {framed} are missing, the rest is dented.",
      "Item arrived damaged, the packaging was far too thin for a {item}.",
      "Cracked casing on the {gadget}, the \"fragile\" sticker clearly didn't help."]),
    ("Wrong item sent", "receiving-a-shipment", 13, 0.6, [("2025-01-01", 1.0)],
     30, 1.0, [5, 2, 3, 3, 0.5], [3, 6, 1],
     ["Ordered the {item}, received the {item2} instead.",
      "Wrong color sent, I ordered green and got orange.",
      "You sent size {size}, I ordered {size2}.",
      "My order {order} contained someone else's items.",
      "Got two of the same thing and none of the {item}."]),
    ("Missing tracking updates", "tracking-an-order", 16, 0.5,
     [("2025-01-01", 1.0), ("2026-01-25", 1.0), ("2026-02-09", 2.8), ("2026-04-30", 1.8),
      ("2026-06-30", 0.9), ("2026-11-15", 0.9)],
     12, 1.0, [4, 2, 4, 2, 2], [5, 4, 1],
     ["Tracking hasn't updated in {days} days.",
      "The tracking link says \"label created\" and nothing else.",
      "I got no shipping email at all for order {order}.",
      "{carrier} tracking number doesn't work on their site.",
      "No idea where my parcel is, the tracking page is blank.",
      "Got a text saying \"delivered\" but there's nothing here."]),
    ("Wrong size", "browsing-the-website", 36, 0.9,
     [("2025-01-01", 1.0), ("2026-11-15", 1.18)],
     15, 1.0, [5, 1, 3, 3, 1], [6, 3.5, 0.5],
     ["The size guide says {size} but the {sized} is a full size too small.",
      "Ordered my usual {size} in the {sized}, it fits like a {size2}.",
      "Your sizing is all over the place, the {sized} runs huge.",
      "Can I swap the {sized} for a {size2}? The {size} doesn't fit.",
      "The size chart on the website doesn't match the label on the {sized}.",
      "Second exchange for the same {sized}, still the wrong fit.",
      "Size {size} in the {sized} is nothing like size {size} in your other range."]),
    ("Out of stock", "browsing-the-website", 14, 1.2, [("2025-01-01", 1.0)],
     10, 1.0, [3, 1, 3, 2, 2], [6, 3.5, 0.5],
     ["The {item} showed in stock, then my order was cancelled.",
      "When will the {sized} be back in size {size}?",
      "Website let me buy it, then emailed to say it's out of stock. Why?",
      "Back-order date keeps moving for the {item}.",
      "Everything I want is sold out, again."]),
    ("Website error", "browsing-the-website", 6, 0.4,
     [("2025-01-01", 1.0), ("2025-11-26", 1.0), ("2025-11-28", 5.0), ("2025-12-01", 1.0)],
     8, 1.0, [4, 1, 3, 3, 1], [5, 4, 1],
     ["The product page won't load on my phone.",
      "Got an error 500 when I tried to add the {item} to my basket.",
      "The filters on the website don't work, it just spins.",
      "[M11-12]Site crashed at checkout on Black Friday, lost my basket.",
      "Can't see any images on the {item} page."]),
    ("Promo code not working", "checking-out", 11, 1.5, [("2025-01-01", 1.0)],
     4, 1.0, [3, 1, 5, 2, 2], [6, 3.5, 0.5],
     ["The code {code} says \"invalid\" at checkout.",
      "Your email promised 20% off, the code doesn't work.",
      "Member discount didn't apply to my order {order}.",
      "Code {code} worked in the basket, then disappeared at payment.",
      "[M11-12]Black Friday code not applying to the {item}."]),
    ("Payment declined", "checking-out", 11, 0.6,
     [("2025-01-01", 1.0), ("2025-10-15", 1.0), ("2025-11-15", 0.8), ("2026-11-15", 0.8)],
     5, 1.0, [3, 2, 5, 2, 1], [3, 5, 2],
     ["My card keeps getting declined but the bank says it's fine.",
      "Payment failed three times, then I was charged twice.",
      "PayPal option just loops back to the basket.",
      "Checkout says \"payment could not be processed\", no reason given.",
      "Apple Pay doesn't work on your site."]),
    ("App login", "using-the-app", 12, 0.2,
     [("2025-01-01", 1.0), ("2026-04-12", 1.0), ("2026-04-19", 5.0), ("2026-05-10", 4.5),
      ("2026-05-24", 2.6), ("2026-07-05", 2.2), ("2026-07-19", 0.9), ("2026-11-15", 0.85)],
     3, 1.2, [3, 1, 5, 2, 2], [4, 5, 1],
     ["Can't log in to the app since the update.",
      "The app keeps logging me out, every single time.",
      "Password reset email never arrives, so I can't get into the app.",
      "App says \"something went wrong\" when I try to sign in.",
      "[2026-04-13:2026-07-06]Face ID login stopped working after the update.",
      "I'm locked out of my account, and my Club card is in the app."]),
    ("App crash", "using-the-app", 9, 0.2,
     [("2025-01-01", 1.0), ("2026-04-12", 1.0), ("2026-04-19", 1.8), ("2026-07-19", 1.0)],
     36, 1.2, [3, 1, 3, 3, 2], [5, 4, 1],
     ["The app crashes when I open my orders.",
      "App freezes on the trail map screen.",
      "Crashes every time I scan my Club card in store.",
      "The app closes itself when I try to start a return."]),
    ("Product defect", "using-the-gear", 20, 0.3,
     [("2025-01-01", 1.0), ("2026-07-25", 1.0), ("2026-08-15", 1.6), ("2026-09-30", 1.5),
      ("2026-10-31", 1.2), ("2026-11-15", 1.2)],
     45, 1.0, [5, 2, 2, 3, 1], [2, 5, 3],
     ["The zip on my {zipped} broke on the second trip.",
      "Seams on the {garment} leak in light rain.",
      "[2026-07-20:]Tent pole snapped the first time I pitched the Cirrus 2P.",
      "Sole is coming away from my {footwear} after a month.",
      "The {gadget} stopped working after two uses.",
      "Stitching on the {garment} is coming undone, it's only {days} weeks old."]),
    ("Long hold time", "contacting-support", 42, 0.7,
     [("2025-01-01", 1.0), ("2025-10-01", 1.1), ("2026-01-12", 1.5), ("2026-02-20", 1.55),
      ("2026-04-20", 1.1), ("2026-07-01", 0.85), ("2026-10-20", 0.8), ("2026-11-08", 0.66),
      ("2026-11-15", 0.64)],
     6, 1.0, [3, 5, 2, 1, 2], [3, 5, 2],
     ["Waited {mins} minutes on hold, then got cut off.",
      "I've called three times today, nobody picks up.",
      "On hold for {mins} minutes just to ask about my order.",
      "The chat queue said I was number 40.",
      "Your phone line plays the same song for {mins} minutes, then hangs up.",
      "[:2026-04-14]Why is there no callback option? Held for {mins} minutes."]),
    ("Unhelpful answer", "contacting-support", 14, 0.4,
     [("2025-01-01", 1.0), ("2026-11-15", 0.9)],
     24, 1.0, [4, 3, 3, 1, 2], [3, 5, 2],
     ["The agent just sent me a link to the FAQ, which doesn't answer my question.",
      "Got a copy-and-paste reply that had nothing to do with my question.",
      "Was told \"there's nothing we can do\", that's not acceptable.",
      "Three different agents, three different answers.",
      "Nobody could tell me where my refund is."]),
    ("Refund delay", "returning-an-item", 18, 0.5,
     [("2025-01-01", 1.0), ("2026-04-30", 1.0), ("2026-06-01", 1.5), ("2026-08-01", 2.2),
      ("2026-09-15", 2.5), ("2026-11-15", 3.6)],
     44, 0.8, [5, 2, 3, 2, 2], [2, 5, 3],
     ["Sent the {item} back {days} days ago and still no refund.",
      "You've had my return for weeks, where is my ${amount}?",
      "Refund promised within 5 days, it's been {days}.",
      "Return shows \"received\" but no refund, no email, nothing.",
      "Still waiting on ${amount} for the {item} I returned.",
      "It's been {days} days, I had to dispute it with my bank."]),
    ("Return label problem", "returning-an-item", 10, 0.5,
     [("2025-01-01", 1.0), ("2026-04-30", 1.0), ("2026-05-31", 1.4), ("2026-11-15", 1.3)],
     8, 1.0, [4, 1, 4, 3, 1], [5, 4.5, 0.5],
     ["The return label won't print, the PDF is blank.",
      "[2026-05-01:]Label has the old warehouse address on it.",
      "The QR code for the drop-off doesn't scan at the post office.",
      "Never received the returns label I was promised."]),
    ("Warranty claim delay", "warranty-repair", 7, 0.2, [("2025-01-01", 1.0)],
     160, 0.7, [6, 2, 1, 3, 1], [3, 5, 2],
     ["Sent my {zipped} for repair {days} weeks ago, no update.",
      "Warranty claim still \"under review\", it's a clear manufacturing fault.",
      "How long does a zip repair take? It's been {days} weeks.",
      "Members get free repairs, apparently that means slow repairs."]),
    ("Billing error", "renewing-membership", 14, 0.2,
     [("2025-01-01", 1.0), ("2025-08-31", 1.0), ("2025-09-07", 2.6), ("2025-10-31", 1.8),
      ("2025-12-31", 1.3), ("2026-11-15", 1.3)],
     34, 1.0, [5, 3, 2, 2, 1], [2, 5, 3],
     ["I was charged twice for my Club renewal.",
      "[2025-09-01:]Charged $79.00 for membership, I thought it was still $69.00.",
      "My renewal went through even though I cancelled in {month}.",
      "The invoice doesn't match my bank statement.",
      "Why was I charged a renewal fee, I'm on the annual plan?",
      "Billed for a membership I never signed up for."]),
    ("Cancellation difficulty", "cancelling-membership", 6, 0.2,
     [("2025-01-01", 1.0), ("2026-05-31", 1.0), ("2026-06-30", 0.45), ("2026-11-15", 0.4)],
     10, 1.0, [4, 4, 2, 2, 2], [3, 5, 2],
     ["[:2026-06-01]I can't find anywhere to cancel my membership.",
      "[:2026-06-01]Had to phone to cancel, then waited {mins} minutes.",
      "Cancelled my Club membership but it still shows active.",
      "[2026-06-01:]The cancel button in my account just reloads the page.",
      "[2026-06-01:]Cancelled online and was still charged for the next year.",
      "[2026-06-01:]Kept getting offers instead of a cancel button, took four clicks to find it.",
      "[:2026-06-01]Why do I have to call you to cancel? Just let me do it online."]),
    ("Unwanted emails", "marketing-emails", 6, 1.0, [("2025-01-01", 1.0)],
     20, 1.0, [6, 0.5, 1, 2, 2], [7, 2.8, 0.2],
     ["I unsubscribed and still get three emails a day.",
      "Stop emailing me, please.",
      "[M11-12]You send far too many sale emails in December.",
      "Unsubscribe link goes to an error page."]),
]
CARRIER_SWITCH = ordinal("2026-02-02")


def when_ok(template: str, day: int) -> bool:
    """Templates may start with a validity marker: "[2026-02-02:]" (from), "[:2026-06-15]"
    (before), "[2026-02-02:2026-06-15]" (window) or "[M11-12]" (months of the year)."""
    m = re.match(r"\[([^\]]*)\]", template)
    if not m:
        return True
    spec = m.group(1)
    if spec.startswith("M"):
        lo, hi = (int(x) for x in spec[1:].split("-"))
        return lo <= MONTH_OF_YEAR[day] <= hi
    lo, hi = spec.split(":")
    return (not lo or DAY_ORD[day] >= ordinal(lo)) and (not hi or DAY_ORD[day] < ordinal(hi))


def strip_marker(template: str) -> str:
    return re.sub(r"^\[[^\]]*\]", "", template)


def pick(rng: np.random.Generator, options: list[str], day: int) -> str:
    ok = [t for t in options if when_ok(t, day)]
    return strip_marker(ok[int(rng.integers(len(ok)))])


def fill_text(rng: np.random.Generator, template: str, day: int) -> str:
    sized = (GARMENTS + FOOTWEAR)[int(rng.integers(len(GARMENTS) + len(FOOTWEAR)))]
    pairs = SHOE_PAIRS if sized in FOOTWEAR else LETTER_PAIRS
    pair = pairs[int(rng.integers(len(pairs)))]
    flip = int(rng.integers(2))
    item = ITEMS[int(rng.integers(len(ITEMS)))]
    others = [x for x in ITEMS if x != item]
    vals = {
        "sized": sized,
        "garment": GARMENTS[int(rng.integers(len(GARMENTS)))],
        "footwear": FOOTWEAR[int(rng.integers(len(FOOTWEAR)))],
        "framed": FRAMED[int(rng.integers(len(FRAMED)))],
        "gadget": GADGETS[int(rng.integers(len(GADGETS)))],
        "zipped": ZIPPED[int(rng.integers(len(ZIPPED)))],
        "order": f"KO-{int(rng.integers(100000, 999999))}",
        "days": int(rng.integers(3, 15)),
        "mins": int(rng.choice([25, 30, 35, 40, 45, 50, 55, 60, 70, 90])),
        "item": item,
        "item2": others[int(rng.integers(len(others)))],
        "size": pair[flip],
        "size2": pair[1 - flip],
        "carrier": "ParcelPath" if DAY_ORD[day] >= CARRIER_SWITCH else "Swift Parcel",
        "amount": f"{int(rng.integers(30, 400))}.{int(rng.integers(0, 100)):02d}",
        "code": rng.choice(["TRAIL20", "CLUB15", "BLACKFRIDAY", "WELCOME10", "SUMMIT25"]),
        "month": rng.choice(["August", "September", "October", "March", "June"]),
    }
    text = template.format(**vals)
    pre = PREFIXES[int(rng.integers(len(PREFIXES)))]
    suf = SUFFIXES[int(rng.integers(len(SUFFIXES)))]
    if pre:
        text = pre + (text if text.startswith(PROPER_START) else text[0].lower() + text[1:])
    return text + suf


HOUR_PROFILE_OFFICE = np.array([0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3, 4, 4.5, 4.5, 4, 4.2, 4.2,
                                4, 3.8, 3.5, 3, 2.5, 1.8, 0.8, 0.4, 0.3])
HOUR_PROFILE_ANY = np.array([0.8, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 3.5, 3.6, 3.6, 3.8, 3.6, 3.4,
                             3.3, 3.3, 3.4, 3.6, 3.8, 3.9, 3.5, 2.6, 1.6])


def simulate_issues(rng: np.random.Generator, cust: dict) -> None:
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


# ----------------------------------------------------------------------------- actions
ACTIONS = [
    # issue key, action, owner, due, status, done
    ("late-delivery", "Daily call with ParcelPath on missed pickup slots", "priya", "2026-03-09", "done", "2026-03-06"),
    ("late-delivery", "Second daily pickup from the Salt Lake City warehouse", "priya", "2026-03-31", "done", "2026-04-02"),
    ("late-delivery", "Move rural ZIP codes back to Swift Parcel", "ravi", "2026-05-15", "done", "2026-05-29"),
    ("late-delivery", "Promise dates on the product page from real transit times", "marcus", "2026-07-31", "done", "2026-08-12"),
    ("late-delivery", "Penalty clause for late delivery in the ParcelPath contract", "ravi", "2026-09-30", "blocked", ""),
    ("late-delivery", "Sunday pickups and a second ParcelPath sort center", "ravi", "2026-10-15", "done", "2026-10-12"),
    ("late-delivery", "Peak-season capacity plan agreed with ParcelPath", "priya", "2026-11-06", "doing", ""),
    ("late-delivery", "Proactive 'running late' email before the customer asks", "ravi", "2026-12-15", "planned", ""),
    ("damaged-item", "Drop tests of the current mailer with ParcelPath handling", "tomas", "2026-05-22", "done", "2026-05-20"),
    ("damaged-item", "New mailer box with molded corner inserts", "tomas", "2026-06-15", "done", "2026-06-15"),
    ("damaged-item", "Fragile items double-boxed (tents, stoves, poles)", "tomas", "2026-07-15", "done", "2026-07-10"),
    ("damaged-item", "Photo claim in the app: replacement sent without return", "mei", "2026-10-31", "doing", ""),
    ("damaged-item", "Recycled-fiber void fill to replace plastic air pillows", "tomas", "2027-01-31", "planned", ""),
    ("app-login", "Hotfix 5.0.3: session tokens no longer expire on update", "mei", "2026-05-11", "done", "2026-05-11"),
    ("app-login", "Passkey and Face ID sign-in (5.1)", "mei", "2026-06-30", "done", "2026-07-06"),
    ("app-login", "Password reset emails sent from the new mail service", "hannah", "2026-06-15", "done", "2026-06-12"),
    ("app-login", "Login success rate alert on the on-call dashboard", "mei", "2026-08-31", "done", "2026-08-28"),
    ("app-login", "Retire the old login screen on Android 9", "mei", "2026-12-31", "planned", ""),
    ("long-hold-time", "Callback option on the phone line", "daniel", "2026-03-31", "done", "2026-04-14"),
    ("long-hold-time", "Hire and train 8 agents for the winter peak", "daniel", "2026-10-31", "done", "2026-10-23"),
    ("long-hold-time", "Order status self-service in the IVR", "daniel", "2026-06-30", "done", "2026-07-21"),
    ("long-hold-time", "Chat opening hours extended to 22:00", "daniel", "2026-09-30", "doing", ""),
    ("long-hold-time", "Publish live wait times on the help page", "marcus", "2026-11-30", "planned", ""),
    ("refund-delay", "Extra shift at the new Reno returns center", "sofia", "2026-07-15", "done", "2026-07-20"),
    ("refund-delay", "Refund on carrier scan instead of on inspection (under $150)", "sofia", "2026-09-30", "blocked", ""),
    ("refund-delay", "Clear the 4,000-parcel inspection backlog", "sofia", "2026-10-15", "doing", ""),
    ("refund-delay", "Weekly refund-ageing report to Finance", "grace", "2026-08-31", "done", "2026-09-04"),
    ("refund-delay", "Returns status page in the app", "mei", "2026-11-13", "doing", ""),
    ("refund-delay", "Temporary staff for the January returns peak", "sofia", "2026-12-15", "planned", ""),
    ("billing-error", "Find the cause of duplicate renewal charges", "grace", "2026-09-30", "done", "2026-10-02"),
    ("billing-error", "Idempotency key on renewal payments", "grace", "2026-10-31", "doing", ""),
    ("billing-error", "Renewal reminder email 14 days before charging", "hannah", "2026-11-30", "planned", ""),
    ("billing-error", "Automatic refund of duplicate charges within 24 h", "grace", "2026-12-31", "planned", ""),
]


def write_actions() -> None:
    rows = [[k, a, PEOPLE[o], due, st, done] for k, a, o, due, st, done in ACTIONS]
    write_csv("actions.csv", ["issue", "action", "owner", "due", "status", "done"], rows)


# ----------------------------------------------------------------------------- KPIs
# touchpoint, kpi, unit, better, decimals, noise sd, target points, actual points (month -> value)
KPIS = [
    ("browsing-the-website", "Conversion rate", "%", "higher", 2, 0.08, [("2025-01", 3.0)],
     [("2025-01", 2.85), ("2025-06", 2.95), ("2025-11", 3.3), ("2026-02", 2.8), ("2026-06", 3.0), ("2026-11", 3.12)]),
    ("browsing-the-website", "Page load time (p75)", "s", "lower", 2, 0.08, [("2025-01", 2.5)],
     [("2025-01", 3.1), ("2025-09", 2.7), ("2026-03", 2.45), ("2026-10", 2.5), ("2026-11", 2.58)]),
    ("marketing-emails", "Open rate", "%", "higher", 1, 0.8, [("2025-01", 35.0)],
     [("2025-01", 33.5), ("2025-12", 31.0), ("2026-04", 35.5), ("2026-11", 36.8)]),
    ("marketing-emails", "Unsubscribe rate", "%", "lower", 2, 0.02, [("2025-01", 0.20)],
     [("2025-01", 0.22), ("2025-06", 0.19), ("2025-12", 0.31), ("2026-05", 0.2), ("2026-11", 0.27)]),
    ("checking-out", "Checkout completion", "%", "higher", 1, 0.7, [("2025-01", 70.0)],
     [("2025-01", 66.0), ("2025-10", 67.5), ("2025-12", 71.0), ("2026-11", 71.4)]),
    ("checking-out", "Payment failure rate", "%", "lower", 2, 0.08, [("2025-01", 1.5)],
     [("2025-01", 1.9), ("2025-10", 1.85), ("2025-12", 1.45), ("2026-09", 1.45), ("2026-11", 1.56)]),
    ("joining-the-club", "Welcome kit sent within 2 days", "%", "higher", 1, 0.8, [("2025-01", 95.0)],
     [("2025-01", 93.0), ("2025-12", 90.5), ("2026-03", 94.5), ("2026-11", 96.2)]),
    ("receiving-a-shipment", "On-time delivery", "%", "higher", 1, 0.5, [("2025-01", 95.0)],
     [("2025-01", 95.8), ("2025-11", 95.0), ("2025-12", 93.1), ("2026-01", 95.2), ("2026-02", 83.0),
      ("2026-03", 81.5), ("2026-05", 86.0), ("2026-08", 90.4), ("2026-11", 92.1)]),
    ("receiving-a-shipment", "Damage rate", "%", "lower", 2, 0.06, [("2025-01", 1.0)],
     [("2025-01", 1.25), ("2026-01", 1.3), ("2026-02", 1.7), ("2026-05", 1.75), ("2026-07", 1.0),
      ("2026-08", 0.85), ("2026-11", 0.82)]),
    ("receiving-a-shipment", "Dispatch time", "days", "lower", 1, 0.1, [("2025-01", 1.5)],
     [("2025-01", 1.4), ("2025-12", 2.1), ("2026-01", 1.5), ("2026-03", 1.9), ("2026-05", 1.4), ("2026-11", 1.4)]),
    ("tracking-an-order", "Parcels scanned within 24 h", "%", "higher", 1, 0.4, [("2025-01", 98.0)],
     [("2025-01", 97.6), ("2026-01", 97.9), ("2026-02", 88.0), ("2026-04", 91.5), ("2026-07", 95.5), ("2026-11", 96.0)]),
    ("using-the-app", "Login success rate", "%", "higher", 1, 0.2, [("2025-01", 98.0)],
     [("2025-01", 98.6), ("2026-03", 98.7), ("2026-04", 93.5), ("2026-05", 91.2), ("2026-06", 95.8),
      ("2026-07", 97.9), ("2026-11", 98.4)]),
    ("using-the-app", "Crash-free sessions", "%", "higher", 2, 0.06, [("2025-01", 99.5)],
     [("2025-01", 99.55), ("2026-03", 99.6), ("2026-04", 98.7), ("2026-07", 99.3), ("2026-11", 99.1)]),
    ("using-the-gear", "Defect return rate", "%", "lower", 2, 0.08, [("2025-01", 2.0)],
     [("2025-01", 1.9), ("2026-07", 1.85), ("2026-08", 2.6), ("2026-09", 2.55), ("2026-11", 2.3)]),
    ("contacting-support", "Average speed of answer", "s", "lower", 0, 6, [("2025-01", 180), ("2026-01", 120)],
     [("2025-01", 170), ("2025-10", 185), ("2025-12", 290), ("2026-01", 265), ("2026-02", 275),
      ("2026-04", 205), ("2026-07", 160), ("2026-11", 138)]),
    ("contacting-support", "First contact resolution", "%", "higher", 1, 0.8, [("2025-01", 75.0)],
     [("2025-01", 71.0), ("2025-12", 68.0), ("2026-03", 69.5), ("2026-11", 73.2)]),
    ("contacting-support", "Abandon rate", "%", "lower", 1, 0.4, [("2025-01", 5.0)],
     [("2025-01", 5.5), ("2025-12", 9.8), ("2026-02", 9.1), ("2026-05", 6.0), ("2026-08", 4.8), ("2026-11", 4.6)]),
    ("returning-an-item", "Refunds within 5 days", "%", "higher", 1, 1.0, [("2025-01", 90.0)],
     [("2025-01", 91.5), ("2026-01", 88.0), ("2026-04", 91.0), ("2026-06", 84.0), ("2026-09", 72.0), ("2026-11", 64.5)]),
    ("returning-an-item", "Return processing time", "days", "lower", 1, 0.2, [("2025-01", 4.0)],
     [("2025-01", 3.6), ("2026-01", 4.2), ("2026-04", 3.7), ("2026-06", 4.9), ("2026-09", 6.6), ("2026-11", 7.8)]),
    ("warranty-repair", "Repair turnaround", "days", "lower", 1, 0.8, [("2025-01", 14.0)],
     [("2025-01", 16.5), ("2025-08", 13.8), ("2026-02", 15.0), ("2026-06", 13.5), ("2026-09", 14.5), ("2026-11", 15.2)]),
    ("renewing-membership", "Renewal rate", "%", "higher", 1, 0.9, [("2025-01", 80.0)],
     [("2025-01", 80.5), ("2025-08", 81.2), ("2025-10", 74.5), ("2026-01", 76.0), ("2026-06", 78.5), ("2026-11", 78.9)]),
    ("cancelling-membership", "Cancellations completed online", "%", "higher", 1, 1.5, [("2025-01", None), ("2026-06", 90.0)],
     [("2025-01", 12.0), ("2026-05", 14.0), ("2026-06", 70.0), ("2026-07", 88.0), ("2026-11", 93.0)]),
    ("cancelling-membership", "Save offer acceptance", "%", "higher", 1, 1.5, [("2025-01", 25.0)],
     [("2025-01", 18.0), ("2026-03", 19.0), ("2026-05", 24.0), ("2026-11", 27.5)]),
]
# touchpoint -> (monthly volume per active customer, holiday amplitude) for the "volume" KPI
VOLUMES = {
    "browsing-the-website": (13.0, 0.8),
    "checking-out": (0.52, 0.9),
    "receiving-a-shipment": (0.50, 0.9),
    "using-the-app": (2.6, 0.2),
    "contacting-support": (0.19, 0.7),
    "returning-an-item": (0.055, 1.2),
    "warranty-repair": (0.0042, 0.2),
    "renewing-membership": (0.034, 0.0),
}


def month_path(points, months=MONTHS):
    xs = [int(np.datetime64(m, "M").astype(np.int64)) for m, _ in points]
    return np.interp(months.astype(np.int64), xs, [v for _, v in points])


def step_path(points, months=MONTHS):
    """Target per month; None (no target yet) becomes NaN."""
    out = np.full(len(months), np.nan)
    for m, v in points:
        out[months >= np.datetime64(m, "M")] = np.nan if v is None else v
    return out


def write_kpis(rng: np.random.Generator, cust: dict) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPIs"
    ws.append(["period", "touchpoint", "kpi", "actual", "target", "better", "unit"])
    # active customers at month end and days covered per month
    month_active = np.array([cust["active_count"][DAY_MONTH == m][-1] for m in MONTHS])
    days_in = np.array([(DAY_MONTH == m).sum() for m in MONTHS])
    full_days = np.array([((m + 1).astype("datetime64[D]") - m.astype("datetime64[D]")).astype(int) for m in MONTHS])
    mid = (MONTHS.astype("datetime64[D]") + 14).astype(np.int64)
    hol = holiday(mid)
    rows = []
    by_tp: dict[str, list] = {}
    for tp, kpi, unit, better, dec, sd, tpts, apts in KPIS:
        target = step_path(tpts)
        actual = month_path(apts) + rng.normal(0, sd, len(MONTHS))
        actual[-1] = apts[-1][1]  # the latest month is pinned: its status is part of the story
        for i, m in enumerate(MONTHS):
            a = round(float(actual[i]), dec)
            a = int(a) if dec == 0 else a
            t = None if np.isnan(target[i]) else round(float(target[i]), dec)
            t = int(t) if (dec == 0 and t is not None) else t
            by_tp.setdefault(tp, []).append((i, kpi, a, t, better, unit))
    for tp, (per_cust, hamp) in VOLUMES.items():
        noise = rng.normal(1.0, 0.03, len(MONTHS))
        vol = per_cust * month_active * (1 + hamp * hol) * noise * days_in / full_days
        for i in range(len(MONTHS)):
            by_tp[tp].append((i, "volume", int(round(vol[i])), None, None, "count"))
    order = [t[0] for t in TOUCHPOINTS]
    for i, m in enumerate(MONTHS):
        for tp in order:
            for (j, kpi, a, t, better, unit) in by_tp.get(tp, []):
                if j == i:
                    rows.append([m.astype("datetime64[D]").astype(dt.date), tp, kpi, a, t, better, unit])
    for r in rows:
        ws.append(r)
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 32
    ws.freeze_panes = "A2"
    fixed = dt.datetime(2026, 11, 16, 8, 0, 0)
    wb.properties.creator = "Kestrel Outdoor Co. operations reporting"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps "modified" with the clock and zip entries with the current time:
    # rewrite both so that the workbook is byte-identical run to run.
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 16, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    (HERE / "kpis.xlsx").write_bytes(out.getvalue())


# ----------------------------------------------------------------------------- surveys
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

COMMENTS = {
    "browsing-the-website": {
        "pos": ["Easy to find what I needed, good filters.", "Loved the trail guides next to the kit.",
                "Product pages are clear, the “what’s in the box” bit is handy.", "Great photos, honest reviews.",
                "Found the right sleeping bag in five minutes."],
        "neg": ["Size guide is confusing, I had no idea which size to pick.", "Site is slow on my phone.",
                "Half the things I wanted were out of stock, again.", "Search for “rain jacket” showed me socks.",
                "Sizes on the site don't match the labels."],
        "mid": ["Fine, but the search could be smarter.", "OK. Too many pop-ups.", "Decent, filters could be better."]},
    "checking-out": {
        "pos": ["Quick checkout, saved card worked first time.", "Apple Pay made it painless.",
                "Really easy, done in a minute.", "[2025-11-01:]The new checkout is so much quicker.",
                "Member price applied automatically, nice."],
        "neg": ["Promo code wouldn't apply, gave up twice.", "Payment failed, then I was charged twice.",
                "Too many steps for a member, why do I re-enter my address?",
                "[:2025-11-01]Checkout took forever, five pages for one pair of socks."],
        "mid": ["Alright, delivery options were a bit confusing.", "Fine once the code worked."]},
    "joining-the-club": {
        "pos": ["Welcome kit arrived two days later, nice touch.", "Free shipping already paid for itself.",
                "Sign-up took a minute, and the “first trip” guide was lovely.", "Great value for what we buy."],
        "neg": ["Still waiting for my welcome kit.", "Charged before I'd even confirmed, not great.",
                "Couldn't tell what the Club actually includes."],
        "mid": ["Good value, we'll see.", "Fine. The welcome email was a bit much."]},
    "receiving-a-shipment": {
        "pos": ["Arrived a day early, well packed.", "[2026-06-15:]The new box is great, nothing moved inside.",
                "Driver left it exactly where I asked.", "Fast, and the packaging is recyclable. Love it.",
                "Came next day, perfect condition.", "[2026-06-15:]Love the new box, no plastic, easy to open.",
                "Arrived in time for our trip, thank you!"],
        "neg": ["Late again, the “guaranteed” date means nothing.", "Box was crushed, the tent pole bag was split.",
                "[2026-02-02:]ParcelPath left it in the rain, outside the gate.", "Took 9 days, I'd paid for express.",
                "Delivered to the wrong house, a neighbor brought it over.",
                "[2026-02-02:2026-06-01]Since you changed courier everything is late.",
                "[:2026-06-15]Flimsy box, the stove was rattling around loose."],
        "mid": ["Arrived, eventually. Packaging fine.", "On time but the box was a bit battered.",
                "OK, the delivery slot was vague."]},
    "tracking-an-order": {
        "pos": ["The “out for delivery” text with a time slot was spot on.", "Easy to follow where it was.",
                "[2026-05-15:]The new shipping emails are really clear.", "Knew exactly when to be home."],
        "neg": ["Tracking said “label created” for 5 days.", "No updates at all until it turned up.",
                "Tracking link went to a page in another language.",
                "[2026-02-02:]ParcelPath tracking number didn't work for three days."],
        "mid": ["Worked, mostly. Updates were slow.", "Fine, a bit vague on the delivery time."]},
    "using-the-app": {
        "pos": ["Club card in the app is handy in store.", "[2026-07-06:]Face ID login works great now.",
                "Trail maps offline, brilliant.", "Easy to check my orders.", "[2026-07-06:]Passkey sign-in, finally!"],
        "neg": ["Logged me out again, can't remember the password.",
                "[2026-04-13:2026-07-20]Since the update I can't sign in at all.",
                "Crashes when I open my orders.", "[2026-04-13:2026-07-20]Version 5 is a mess, I want the old one back."],
        "mid": ["Does the job, a bit cluttered.", "Fine, slow to load sometimes."]},
    "using-the-gear": {
        "pos": ["Best jacket I've owned, dry after 6 hours of rain.", "Tent went up in 5 minutes, solid in wind.",
                "Boots were comfortable straight out of the box.", "Great kit, fair price, would recommend.",
                "The pack carries 15 kg like it's nothing.", "Warm, light, packs tiny. Love it."],
        "neg": ["Zip broke on the second trip.", "[2026-07-20:]Tent pole snapped first time out, “lifetime quality” my foot.",
                "Seams leak, not what I expect at this price.", "Soles wore through in four months."],
        "mid": ["Good, not amazing. Sizing runs small.", "Does what it says, nothing special.",
                "Fine for the price."]},
    "contacting-support": {
        "pos": ["Agent was lovely and sorted it in one call.", "[2026-04-14:]The callback came within 20 minutes, great idea.",
                "Chat was quick and helpful.", "Sorted in one email, thank you.", "Very patient, explained everything."],
        "neg": ["45 minutes on hold, then cut off.", "Three agents, three answers.",
                "Was told “there’s nothing we can do”, really?", "[:2026-04-14]No callback option, so I waited an hour.",
                "Nobody could tell me where my refund is."],
        "mid": ["Got there in the end, took a while.", "Helpful, but the wait was long."]},
    "returning-an-item": {
        "pos": ["Label in the app, dropped it off in 2 minutes.", "[:2026-07-01]Easy return, refund was quick.",
                "[:2026-06-15]No questions asked, refund in three days.", "Printed the label at home, super simple."],
        "neg": ["Still no refund after three weeks.", "[2026-06-01:]They've had my return for 18 days, where's my money?",
                "[2026-05-01:]The label had the old address, the post office sent it back.",
                "Return shows “received”, refund shows nothing.", "[2026-06-01:]Refunds used to be fast, what happened?"],
        "mid": ["Easy to send back, slow to get the money.", "Fine, but no update until the refund landed."]},
    "warranty-repair": {
        "pos": ["Free zip repair, good as new.", "Repair was excellent, worth the wait.", "They replaced it, no fuss."],
        "neg": ["Six weeks for a repair, no updates.", "Claim rejected, it's clearly a manufacturing fault."],
        "mid": ["Repaired fine, took too long."]},
    "renewing-membership": {
        "pos": ["Renewed without thinking, the free repairs alone are worth it.", "Still great value.",
                "Free shipping on everything, of course I renewed."],
        "neg": ["[2025-09-01:]Price went up, free shipping isn't worth $79 to me.", "Charged twice for the renewal.",
                "No reminder before renewing, not happy.", "I barely used it this year."],
        "mid": ["It's fine, I use it a few times a year.", "OK value, the discounts could be bigger."]},
    "cancelling-membership": {
        "pos": ["[2026-06-01:]Cancelled online in a minute, thanks for not making it hard.",
                "Easy, and they offered a pause.", "[2026-06-01:]Two clicks, done. Appreciated."],
        "neg": ["[:2026-06-01]Had to phone to cancel, ridiculous.", "Cancelled but it still shows active.",
                "Too many “are you sure?” screens."],
        "mid": ["Fine. Bit of a hard sell.", "OK, took a couple of tries."]},
}
GENERIC_COMMENTS = {
    "pos": ["Great, thanks!", "Really happy.", "Quick and easy.", "No complaints, well done.", "Spot on."],
    "neg": ["Not good enough.", "Disappointing, expected better from Kestrel.", "Poor, to be honest.",
            "Frustrating experience."],
    "mid": ["It was OK.", "Average.", "Fine, nothing special."],
}


def draw_scores(rng, instrument, k, good):
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


def sentiment(instrument, score):
    if instrument == "csat":
        return "pos" if score >= 4 else ("mid" if score == 3 else "neg")
    if instrument == "ces":
        return "pos" if score >= 5 else ("mid" if score == 4 else "neg")
    return "pos" if score >= 9 else ("mid" if score >= 7 else "neg")


def write_surveys(rng: np.random.Generator) -> None:
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
    write_csv("surveys.csv", ["date", "touchpoint", "instrument", "score", "comment"], rows)


# ----------------------------------------------------------------------------- main
def main() -> None:
    ss = np.random.SeedSequence(SEED)
    r_cust, r_iss, r_kpi, r_srv = (np.random.default_rng(s) for s in ss.spawn(4))
    write_touchpoints()
    cust = simulate_customers(r_cust)
    simulate_issues(r_iss, cust)
    write_actions()
    write_kpis(r_kpi, cust)
    write_surveys(r_srv)
    for name in ("customers.csv", "issues.csv", "actions.csv", "touchpoints.csv", "kpis.xlsx", "surveys.csv"):
        p = HERE / name
        print(f"{name:16s} {p.stat().st_size:>10,d} bytes")


if __name__ == "__main__":
    main()
