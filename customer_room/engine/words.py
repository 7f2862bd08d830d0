"""The newest customer words per category or touchpoint, found where the rows are.

An issue page quotes the latest few comments of its category. Ranking every comment of a
hundred million issues to keep five per category is a sort of the whole table; instead,
one counting pass finds, per category, the oldest day those few fall on, and only the
rows from that day on are ranked.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir


def latest_words(table: ir.Table, by: str, text: str, date: str, limit: int = 5) -> ir.Table:
    """The newest `limit` texts per value of `by` (ties by text): key, text, date, rank
    (0 for the newest), sorted by key and rank."""
    rows = table.filter(table[text].notnull() & table[by].notnull() & table[date].notnull())
    days = rows.select(key=rows[by], day=rows[date].truncate("D"))
    per_day = days.group_by(["key", "day"]).aggregate(k=days.count())
    per_day = per_day.mutate(upto=per_day.k.sum().over(ibis.cumulative_window(group_by="key",
                                                                                order_by=ibis.desc("day"))))
    needed = per_day.filter(per_day.upto - per_day.k < limit)  # the days the newest `limit` fall on
    since = needed.group_by("key").aggregate(since=needed.day.min())
    recent = rows.join(since, rows[by] == since.key)
    recent = recent.filter(recent[date] >= recent.since)
    rank = ibis.row_number().over(group_by=recent.key, order_by=[recent[date].desc(), recent[text]])
    picked = recent.select(key=recent.key, text=recent[text], date=recent[date], rank=rank)
    return picked.filter(picked.rank < limit).order_by(["key", "rank"])
