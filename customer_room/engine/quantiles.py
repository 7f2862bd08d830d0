"""Exact quantiles in bounded memory: the median and 90th percentile of time to close for
a hundred million issues, on any backend.

A database's own quantile aggregate (DuckDB's QUANTILE_CONT, PostgreSQL's
PERCENTILE_CONT, Spark's PERCENTILE) keeps every value of a group in memory: 100M
durations need more than 2 GB, and DuckDB gives up rather than spill. Counting is cheap
and spills, so the quantiles are found in two passes that only count and rank:

1. Each value falls in a narrow bin (an hour of days to close). Per group and bin, count
   the values; a running count over the bins tells which bin holds the value of each rank
   a quantile needs, and where in the bin it is.
2. Only the rows of those bins (at most four per group) are ranked within their bin, and
   the values at the needed ranks come back, one row per group.

Ranks and interpolation are numpy's ("linear"): the q quantile of n sorted values v is
v[lo] + (p − lo) × (v[lo + 1] − v[lo]) with p = q × (n − 1) and lo = ⌊p⌋.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

BINS_PER_DAY = 24  # an hour: a bin holds a small share of any group's values


def exact_quantiles(rows: ir.Table, keys: list[str], column: str, quantiles: dict[str, float]) -> ir.Table:
    """Per group of `keys` (none: the whole table) of `rows`: n, the mean of `column`,
    and one column per name of `quantiles` (name → q), exact and interpolated."""
    base = rows.mutate(bin=(rows[column] * BINS_PER_DAY).floor())
    bins = base.group_by([*keys, "bin"]).aggregate(k=base.count(), total=base[column].sum())
    running = ibis.cumulative_window(group_by=keys or None, order_by="bin")
    whole = ibis.window(group_by=keys or None)
    bins = bins.mutate(upto=bins.k.sum().over(running), n=bins.k.sum().over(whole),
                       mean=bins.total.sum().over(whole) / bins.k.sum().over(whole))
    ranks = {}
    for name, q in quantiles.items():
        position = (bins.n - 1) * q
        ranks[f"{name}_lo"] = position.floor()
        ranks[f"{name}_hi"] = position.ceil()
    targets = ibis.union(*[
        bins.filter((bins.upto - bins.k <= rank) & (rank < bins.upto))
            .select(*keys, "bin", "n", "mean", rank_name=ibis.literal(rank_name), nth=rank - (bins.upto - bins.k))
        for rank_name, rank in ((n, r) for n, r in ranks.items())
    ])
    wanted = targets.select(*keys, "bin").distinct()
    inside = base.join(wanted, [*keys, "bin"])
    ranked = inside.mutate(nth=ibis.row_number().over(group_by=[*keys, "bin"], order_by=inside[column]))
    found = targets.join(ranked, [*keys, "bin", "nth"]).select(*keys, "n", "mean", "rank_name", found_value=ranked[column])
    values = {name: found.found_value.max(where=found.rank_name == name) for name in ranks}
    summary = found.group_by(keys).aggregate(n=found.n.max(), mean=found.mean.max(), **values) if keys else \
        found.aggregate(n=found.n.max(), mean=found.mean.max(), **values)
    out = {}
    for name, q in quantiles.items():
        position = (summary.n - 1) * q
        low, high = summary[f"{name}_lo"], summary[f"{name}_hi"]
        out[name] = low + (position - position.floor()) * (high - low)
    return summary.select(*keys, n=summary.n.cast("int64"), mean=summary.mean, **out)
