"""The engine stage: the aggregations that grow with rows, written once with Ibis.

Counting a million issues per period and category is the one part of a build whose cost
grows with the export. It is written here as Ibis expressions, which run on the embedded
DuckDB by default and on PostgreSQL, Spark and other warehouses behind the same
expressions: only the small aggregated tables come back to Python. The metric logic on
those small tables (churn, backlog, status, burn-down) stays pure pandas in `metrics/`.

`issues.py` holds the expressions over an issues table with the canonical columns;
`embedded.py` runs them on DuckDB over the loader's typed frames.
"""

from .embedded import Embedded
from .issues import close_times, flow_cells

__all__ = ["Embedded", "close_times", "flow_cells"]
