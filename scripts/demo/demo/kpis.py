"""Monthly KPIs per touchpoint, with targets and volumes (kpis.xlsx).

Why this exists: the Touchpoints wall compares each touchpoint's measures with their
targets month by month, and the stories must show there too (on-time delivery falls with
the carrier change, login success with App 5.0). It is written as an Excel workbook, the
way an operations team would export it, so the demo also exercises reading .xlsx.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .timeline import DAY_MONTH, MONTHS, holiday
from .touchpoints import TOUCHPOINTS
from .writers import write_xlsx

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

WORKBOOK_STAMP = dt.datetime(2026, 11, 16, 8, 0, 0)  # "exported" the morning after AS_OF


def month_path(points, months=MONTHS):
    """Piecewise-linear value per month through ("YYYY-MM", value) points."""
    xs = [int(np.datetime64(m, "M").astype(np.int64)) for m, _ in points]
    return np.interp(months.astype(np.int64), xs, [v for _, v in points])


def step_path(points, months=MONTHS):
    """Target per month; None (no target yet) becomes NaN."""
    out = np.full(len(months), np.nan)
    for m, v in points:
        out[months >= np.datetime64(m, "M")] = np.nan if v is None else v
    return out


def kpi_rows(rng: np.random.Generator, cust: dict) -> list[list]:
    """The workbook's rows (period, touchpoint, kpi, actual, target, better, unit), month by
    month in journey order: each KPI's curve plus noise, and a "volume" count per
    touchpoint that follows the active base from `cust` and the gift season."""
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
    return rows


def write_kpis(rng: np.random.Generator, cust: dict) -> None:
    """Write kpis.xlsx: one "KPIs" sheet with dates formatted, widths set and the header frozen."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPIs"
    ws.append(["period", "touchpoint", "kpi", "actual", "target", "better", "unit"])
    for r in kpi_rows(rng, cust):
        ws.append(r)
        ws.cell(row=ws.max_row, column=1).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 32
    ws.freeze_panes = "A2"
    wb.properties.creator = "Kestrel Outdoor Co. operations reporting"
    write_xlsx("kpis.xlsx", wb, WORKBOOK_STAMP)
