"""Row filters of one reading: keep or drop an export's rows by the values of its cells.

A churn snapshot holds the customers who stayed beside those who left; a review export
holds the happy reviews beside the complaints. `keep` and `drop` in a file's mapping
say which rows the room reads, before any cell is typed, by column (as the export names
it, or its canonical name):

    [data.customers.keep]
    Churn = "Yes"                        # equal (a cell's text, trimmed)
    [data.issues.keep]
    review_score = { max = 2 }           # a numeric range: min, max (or both)
    created = { min = "2024-01-01" }     # a date range (ISO dates)
    [data.issues.drop]
    Status = ["Spam", "Test"]            # in a list
    closed = { empty = false }           # empty or not

A row is kept when it meets every `keep` entry and none of the `drop` ones. How many
rows were kept is a note ("kept 6,120 of 7,043 rows"), so that no row leaves in silence;
line numbers in later messages stay those of the file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem, shorten
from .sections import table_of

RANGE_KEYS = {"min", "max", "empty", "in", "equal"}


def check_rule(rule) -> str | None:
    """What is wrong with one filter entry, or None: text, a list of texts, or a table of
    min/max (numbers or ISO dates), empty (true/false), in (a list), equal (text)."""
    if isinstance(rule, str):
        return None
    if isinstance(rule, list):
        return None if rule and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in rule) \
            else "must list values, e.g. [\"Spam\", \"Test\"]"
    if not isinstance(rule, dict) or not rule or set(rule) - RANGE_KEYS:
        return "must be a value, a list of values, or a table of min, max, empty, in or equal"
    if "empty" in rule and not isinstance(rule["empty"], bool):
        return "'empty' must be true or false"
    for bound in ("min", "max"):
        if bound in rule and (isinstance(rule[bound], bool) or not isinstance(rule[bound], (int, float, str))):
            return f"'{bound}' must be a number or an ISO date such as \"2024-01-01\""
        if bound in rule and isinstance(rule[bound], str) and pd.isna(pd.to_datetime(rule[bound], errors="coerce",
                                                                                      format="ISO8601")):
            return f"'{bound}' is '{rule[bound]}', not a number or an ISO date"
    return None


def matches(cells: pd.Series, rule) -> np.ndarray:
    """Which cells (text) meet one filter entry."""
    text = cells.astype("string").str.strip()
    if isinstance(rule, str):
        return (text == rule.strip()).fillna(False).to_numpy(dtype=bool)
    if isinstance(rule, list):
        return text.isin([str(v).strip() for v in rule]).fillna(False).to_numpy(dtype=bool)
    hit = np.ones(len(text), dtype=bool)
    empty = (text.isna() | (text == "")).to_numpy(dtype=bool)
    if "empty" in rule:
        hit &= empty if rule["empty"] else ~empty
    if "equal" in rule:
        hit &= (text == str(rule["equal"]).strip()).fillna(False).to_numpy(dtype=bool)
    if "in" in rule:
        hit &= text.isin([str(v).strip() for v in rule["in"]]).fillna(False).to_numpy(dtype=bool)
    bounds = {k: rule[k] for k in ("min", "max") if k in rule}
    if bounds:
        dated = any(isinstance(v, str) for v in bounds.values())
        values = pd.to_datetime(text, errors="coerce", format="ISO8601") if dated else pd.to_numeric(text, errors="coerce")
        for key, bound in bounds.items():
            limit = pd.Timestamp(bound) if dated else bound
            hit &= ((values >= limit) if key == "min" else (values <= limit)).fillna(False).to_numpy(dtype=bool)
    return hit


def apply_filters(frame: pd.DataFrame, keep: dict, drop: dict, rel: str, section: str,
                  renames: dict[str, str]) -> tuple[pd.DataFrame, np.ndarray | None, list[Problem], list[Problem]]:
    """(the rows kept, their positions in `frame` or None when all are, problems, notes).

    A column is named as the export names it or by its canonical name (`renames` maps
    export → canonical); a column the file does not have is a problem naming its columns.
    """
    if not keep and not drop:
        return frame, None, [], []
    export_of = {canonical: export for export, canonical in renames.items()}
    problems, mask = [], np.ones(len(frame), dtype=bool)
    for kind, rules in (("keep", keep), ("drop", drop)):
        for column, rule in rules.items():
            name = renames.get(column, column)
            if name not in frame.columns:
                columns = ", ".join(str(export_of.get(c, c)) for c in frame.columns)
                problems.append(Problem(rel, f"has no column '{column}' (named in {table_of(section, kind)})",
                                        hint=f"the file has: {shorten(columns, 160)}"))
                continue
            hit = matches(frame[name], rule)
            mask &= hit if kind == "keep" else ~hit
    if problems:
        return frame, None, problems, []
    kept = int(mask.sum())
    said = "; ".join(f"{kind} {col}" for kind, rules in (("keep", keep), ("drop", drop)) for col in rules)
    note = Problem(rel, f"kept {kept:,} of {len(frame):,} rows ({said}, in {section})")
    return frame[mask].reset_index(drop=True), np.flatnonzero(mask), [], [note]
