"""How a team's own export maps onto a canonical data file: `[data.<file>]` in room.toml.

Real exports never match the canonical columns. Per data file a room can name another
file, rename columns, recode values, fill a missing column with a constant, skip
preamble lines, give a header to a file without one, and set the date format, day-first
dates, the delimiter, the encoding and the Excel sheet. Everything is checked once, with
every problem named (and the nearest known key suggested for a typo).
"""

from __future__ import annotations

import codecs
import difflib
from dataclasses import dataclass, field, fields
from typing import Any

from .filters import check_rule
from ..errors import Problem
from ..paths import SETTINGS_FILE
from .schema import FILES



@dataclass(frozen=True)
class FileMapping:
    """How to read one data file; every field is optional."""

    file: str = field(default="", metadata={"help": "the export's path inside the room, e.g. \"exports/tickets.csv\""})
    table: str = field(default="", metadata={"help": "with [source]: the warehouse table to read, e.g. \"support.tickets\""})
    query: str = field(default="", metadata={"help": "with [source]: a query whose rows are the data file (instead of a table)"})
    sheet: str = field(default="", metadata={"help": "Excel sheet name (default: the first sheet)"})
    encoding: str = field(default="utf-8", metadata={"help": "text encoding: utf-8 (with or without BOM), cp1252, latin-1…"})
    delimiter: str = field(default=",", metadata={"help": "column separator of a CSV: \",\", \";\", \"\\t\", \"|\""})
    skip_rows: int = field(default=0, metadata={"help": "lines to skip before the header (a report's preamble)"})
    header: tuple[str, ...] = field(default=(), metadata={"help": "column names for a file that has no header row"})
    columns: dict = field(default_factory=dict, metadata={"help": "canonical column = the export's column name"})
    values: dict = field(default_factory=dict, metadata={"help": "per canonical column: export value = canonical value"})
    constants: dict = field(default_factory=dict, metadata={"help": "canonical column = one value for every row"})
    date_format: str = field(default="", metadata={"help": "strftime format of dates, e.g. \"%m/%d/%Y %I:%M:%S %p\""})
    dayfirst: bool = field(default=False, metadata={"help": "dates are day first: 03/04/2026 is 3 April"})
    thousands: str = field(default="", metadata={"help": "the thousands separator of numbers, e.g. \",\" for 68,701 "
                                                         "or \".\" for 68.701 ('' = none)"})
    decimal: str = field(default=".", metadata={"help": "the decimal mark of numbers: \".\" or \",\" (12,5)"})
    skip_bad_rows: bool = field(default=False, metadata={"help": "skip rows that cannot be read (warned with a count)"})
    key: tuple[str, ...] = field(default=(), metadata={"help": "the column (or columns) that identify a row; a row "
                                                       "whose key repeats an earlier one is left out (counted)"})
    keep: dict = field(default_factory=dict, metadata={"help": "rows to keep: column = value, [values] or "
                                                       "{ min, max, empty, in, equal } (every entry must hold)"})
    drop: dict = field(default_factory=dict, metadata={"help": "rows to leave out: column = value, [values] or "
                                                       "{ min, max, empty, in, equal } (any entry drops a row)"})
    closed_statuses: tuple[str, ...] = field(default=(), metadata={
        "help": "issues only: statuses that mean closed when an issue has no close date, e.g. [\"Solved\", \"Closed\"]"})


def parse_mappings(raw: Any, problems: list[Problem]) -> dict[str, FileMapping]:
    """The `[data]` table of room.toml as a mapping per data file."""
    if not isinstance(raw, dict):
        problems.append(Problem(SETTINGS_FILE, "'data' must be a table of data files ([data.issues], …)"))
        return {}
    out = {}
    for name, table in raw.items():
        if name not in FILES:
            near = difflib.get_close_matches(name, list(FILES), n=1)
            hint = f"did you mean 'data.{near[0]}'?" if near else f"the data files are {', '.join(FILES)}"
            problems.append(Problem(SETTINGS_FILE, f"unknown data file 'data.{name}'", hint=hint))
            continue
        if isinstance(table, list):  # [[data.customers]]: several readings of exports into one data file
            if not table or not all(isinstance(t, dict) for t in table):
                problems.append(Problem(SETTINGS_FILE, f"'data.{name}' must be a table ([data.{name}]) or tables "
                                        f"([[data.{name}]], one per reading)"))
                continue
            readings = [_parse_one(name, t, problems, f"data.{name}[{i}]") for i, t in enumerate(table)]
            if all(r is not None for r in readings):
                out[name] = readings[0] if len(readings) == 1 else tuple(readings)
            continue
        if not isinstance(table, dict):
            problems.append(Problem(SETTINGS_FILE, f"'data.{name}' must be a table ([data.{name}]) or tables "
                                    f"([[data.{name}]], one per reading)"))
            continue
        mapping = _parse_one(name, table, problems)
        if mapping is not None:
            out[name] = mapping
    return out


def readings_of(mapped) -> tuple[FileMapping, ...]:
    """The readings of one data file: one mapping, or several ([[data.<file>]])."""
    if mapped is None:
        return (FileMapping(),)
    return mapped if isinstance(mapped, tuple) else (mapped,)


def _parse_one(name: str, table: dict, problems: list[Problem], at: str = "") -> FileMapping | None:
    """One `[data.<name>]` table (`at`: "data.customers[1]" for one of several), checked key by key."""
    at = at or f"data.{name}"
    known = {f.name: f for f in fields(FileMapping)}
    columns = [c.name for c in FILES[name].columns]
    values: dict[str, Any] = {}
    before = len(problems)
    for key, value in table.items():
        where = f"{at}.{key}"
        if key not in known:
            near = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{at}.{near[0]}'?" if near else "see the mapping options in docs/guide/mapping-exports.md"
            problems.append(Problem(SETTINGS_FILE, f"unknown setting '{where}'", hint=hint))
            continue
        checked = _check(key, value, where, columns, problems)
        if checked is not None:
            values[key] = checked
    if values.get("thousands") and values.get("thousands") == values.get("decimal", "."):
        problems.append(Problem(SETTINGS_FILE, f"'{at}.thousands' and '{at}.decimal' are both "
                                f"'{values['thousands']}'", hint="68.701,5 is thousands = \".\" and decimal = \",\""))
    if len(problems) > before:
        return None
    return FileMapping(**values)


def _check(key: str, value: Any, where: str, columns: list[str], problems: list[Problem]) -> Any:
    """One mapping value of the right type and range, or None with a problem recorded."""
    def bad(message: str, hint: str | None = None) -> None:
        problems.append(Problem(SETTINGS_FILE, f"'{where}' {message}", hint=hint))

    if key in ("thousands", "decimal"):
        if not isinstance(value, str) or len(value) > 1 or value.isalnum() or (key == "decimal" and not value):
            return bad("must be one mark such as \",\" or \".\"" + (" (or \"\" for none)" if key == "thousands" else ""))
        return value
    if key in ("file", "sheet", "date_format", "encoding", "delimiter", "table", "query"):
        if not isinstance(value, str) or (key != "sheet" and not value):
            return bad("must be text")
        if key == "encoding":
            try:
                codecs.lookup(value)
            except LookupError:
                return bad(f"is '{value}', not an encoding Python knows", "e.g. utf-8, cp1252, latin-1")
        if key == "delimiter" and len(value.encode("unicode_escape").decode()) > 2 and value != "\t":
            return bad("must be one character, e.g. \";\" or \"\\t\"")
        if key == "file" and (value.startswith(("/", "\\")) or ".." in value.replace("\\", "/").split("/")):
            return bad(f"is '{value}': give a path inside the room", "e.g. \"exports/tickets.csv\"")
        return value
    if key == "skip_rows":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return bad("must be a whole number of 0 or more")
        return value
    if key in ("dayfirst", "skip_bad_rows"):
        if not isinstance(value, bool):
            return bad("must be true or false")
        return value
    if key == "key":
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            return bad("must name a column, or list columns, e.g. \"order_id\" or [\"order_id\", \"item\"]")
        return tuple(v.strip() for v in value)
    if key in ("keep", "drop"):
        if not isinstance(value, dict) or not value:
            return bad("must be a table of column = condition, e.g. Churn = \"Yes\"")
        for column, rule in value.items():
            wrong = check_rule(rule)
            if wrong:
                return bad(f"'{column}' {wrong}")
        return dict(value)
    if key == "closed_statuses":
        if not where.startswith("data.issues."):
            return bad("is for [data.issues] only (statuses that mean an issue is closed)")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            return bad("must be a list of statuses, e.g. [\"Solved\", \"Closed\"]")
        return tuple(value)
    if key == "header":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            return bad("must be a list of column names, e.g. [\"id\", \"opened\"]")
        if len(set(value)) != len(value):
            return bad("names a column twice")
        return tuple(value)
    if not isinstance(value, dict):
        return bad("must be a table")
    unknown = [c for c in value if c not in columns]
    for column in unknown:
        near = difflib.get_close_matches(column, columns, n=1)
        bad(f"names '{column}', which is not a column of this file",
            f"did you mean '{near[0]}'?" if near else f"its columns are {', '.join(columns)}")
    if unknown:
        return None
    if key == "columns":
        if not all(isinstance(v, str) and v for v in value.values()):
            return bad("must map each canonical column to the export's column name (text)")
        return dict(value)
    if key == "constants":
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in value.values()):
            return bad("must give each column one value (text or a number)")
        return {k: str(v) for k, v in value.items()}
    recodes = {}
    for column, table in value.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            return bad(f"'{column}' must map export values to canonical values, e.g. Churned = \"lost\"")
        recodes[column] = {str(k): v for k, v in table.items()}
    return recodes


def mapping_reference() -> list[tuple[str, str]]:
    """(key, help) for every mapping option: the table docs/guide/mapping-exports.md documents."""
    return [(f.name, f.metadata["help"]) for f in fields(FileMapping)]
