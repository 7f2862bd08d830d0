"""Wall 1 — Outcomes: customers in and out, their value, why they leave (SPEC section 5)."""

from __future__ import annotations

import pandas as pd

from .. import fmt
from .. import metrics as m
from ..errors import Problem
from ..paths import SETTINGS_FILE
from .common import Page, PageKit, complete, dated, wall_page
from .headlines import outcome_headlines
from .reasons import reasons_section


def outcomes_wall(kit: PageKit) -> Page:
    """The outcomes wall: tote board, flow, churn, loss reasons (and their owners), save
    and referral rates."""
    wall = kit.figures.outcomes
    page = wall_page(kit, "outcomes", 1, "Outcomes",
                     "How many customers came in, how many left, what they were worth, and why they left.")
    if not dated(page, wall, "No customer data yet", kit.room.as_of):
        return page
    flow, freq, period = wall.flow, wall.freq, wall.period
    page.problems.extend(below_zero(flow, freq, kit.room.settings.opening_balance,
                                    kit.room.sources.get("customers", "data/customers.csv")))
    row = flow.loc[flow["period"] == period].iloc[0]
    common = dict(profile=kit.profile, colors=kit.colors)
    flow = complete(flow, period)
    window_start = fmt.period(m.next_period(period, freq, -2), freq)  # the loss reasons' three months
    window = f"{window_start} to {fmt.period(period, freq)}"
    page.charts = [
        kit.charts.customer_flow_chart(flow, freq, **common),
        kit.charts.churn_chart(flow, freq, **common),
        kit.charts.loss_reasons_chart(wall.reasons, currency=kit.room.settings.currency, when=window, **common),
        kit.charts.lost_value_by_segment_chart(wall.segments, currency=kit.room.settings.currency, when=window,
                                               **common),
        kit.charts.rates_chart(flow, freq, **common),
    ]
    page.context.update(
        wall=wall,
        tote=wall.tote,
        heads=outcome_headlines(wall),
        row=row,
        this_label=fmt.period(period, freq),
        last_label=fmt.period(wall.tote.get("previous"), freq),
        window_start=window_start,
        reasons=reasons_section(kit, page, window),
    )
    return page


def below_zero(flow: pd.DataFrame, freq: str, opening: int, source: str) -> list[Problem]:
    """A warning when the active customers fall below zero: the export loses more
    customers than `opening_balance` and its acquisitions can hold (a snapshot of lost
    customers, or an opening balance left at 0), and the wall would show a negative
    count as fact. It names the lowest point and the opening balance that would fix it."""
    if not len(flow) or flow["active_end"].min() >= 0:
        return []
    low = flow.loc[flow["active_end"].idxmin()]
    need = int(opening - low["active_end"])
    return [Problem(SETTINGS_FILE, f"active customers fall below zero ({fmt.number(low['active_end'])} at the end of "
                    f"{fmt.period(low['period'], freq)}): {source} loses more customers than opening_balance "
                    f"({fmt.number(opening)}) and its acquisitions hold",
                    hint=f"set opening_balance = {need} (or more: the customers active before {source}'s first "
                         "event) in room.toml")]
