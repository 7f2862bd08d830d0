"""Data files read from a warehouse: `[source]` in room.toml and, per data file, a table
or a query with the same column mapping as an export file.

A company with 100M tickets keeps them in a warehouse and would rather not export them
every night. Here the big data files (customers, issues, surveys) stay there: each
becomes a canonical Ibis view (columns renamed, typed, text trimmed and blanks made
missing, values recoded, constants added), and the engine stage aggregates it where it
is, so only small tables come back. The small files (touchpoints, KPIs, actions) come
back whole and are checked cell by cell as a file's are (`typed.py`), their messages
naming the source and the table. The password is read from an environment variable and
never printed: every message names the source by `shown`, without it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from ..errors import ConfigError, DataError, Problem
from ..paths import SETTINGS_FILE
from .dates import NEVER_YEAR
from .formats import RawTable, ReadError, _canonical
from .mapping import FileMapping
from .queryable import fetch
from .schema import EVENTS, FILES
from .typed import TypedFile

AGGREGATED = ("customers", "issues", "surveys")  # aggregated where they are; the other files come back whole
_TIMES = ("date", "datetime")


def shown(url: str) -> str:
    """A source's address as messages show it: without a password, if the URL has one."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
    except ValueError:  # not a host address (spark://local[2]): no password in it either
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":…@")
    return urlunsplit(parts._replace(netloc=netloc))


def uses_warehouse(mapping: FileMapping) -> bool:
    """Whether a reading names a warehouse table or query rather than a file."""
    return bool(mapping.table or mapping.query)


@dataclass
class Warehouse:
    """A room's tables in a warehouse: the connection and, per data file, its view."""

    url: str
    con: object
    tables: dict = field(default_factory=dict)  # data file -> canonical Ibis table (the big files)
    frames: dict = field(default_factory=dict)  # data file -> typed frame (the small files)
    sources: dict = field(default_factory=dict)  # data file -> "<source>, table <t>" for messages
    warnings: list = field(default_factory=list)


def connect(url: str, password_env: str):
    """A live connection to the warehouse at `url` (Spark: `spark://<master>`, the
    session this process has or a new local one); ConfigError says why not."""
    password = None
    if password_env:
        password = os.environ.get(password_env)
        if password is None:
            raise ConfigError([Problem(SETTINGS_FILE, f"source.password_env names '{password_env}', which is not set",
                                       hint=f"export {password_env}=… in the shell that runs the build")])
    try:
        import ibis

        if url.startswith("spark://"):
            from pyspark.sql import SparkSession

            session = SparkSession.getActiveSession() or SparkSession.builder.master(url[len("spark://"):]).getOrCreate()
            return ibis.pyspark.connect(session)
        return ibis.connect(url, **({"password": password} if password is not None else {}))
    except ImportError as exc:
        raise ConfigError([Problem(SETTINGS_FILE, f"cannot connect to {shown(url)}: {exc.name or exc} is not installed",
                                   hint="pip install 'ibis-framework[postgres]' (or [pyspark], …) for this warehouse")]) from None
    except Exception as exc:  # noqa: BLE001 (each driver raises its own kind)
        message = str(exc).replace(password, "…") if password else str(exc)
        raise ConfigError([Problem(SETTINGS_FILE, f"cannot connect to {shown(url)}: {_first_line(message)}")]) from None


def read_warehouse(settings, names: list[str]) -> Warehouse:
    """The data files `names` from the warehouse of `settings.source`: views of the big
    ones, typed frames of the small ones; DataError with every problem found."""
    url = settings.source.url
    house = Warehouse(url, connect(url, settings.source.password_env))
    problems: list[Problem] = []
    for name in names:
        mapping = settings.mapping(name)
        where = f"{shown(url)}, " + (f"table {mapping.table}" if mapping.table else f"data.{name}.query")
        house.sources[name] = where
        relation = _relation(house.con, mapping, where, problems)
        if relation is None:
            continue
        if name in AGGREGATED:
            view = canonical_view(relation, name, mapping, where, problems)
            if view is not None:
                house.tables[name] = view
        else:
            frame = _small(relation, name, mapping, where, problems, house.warnings)
            if frame is not None:
                house.frames[name] = frame
    if problems:
        raise DataError(problems)
    return house


def _relation(con, mapping: FileMapping, where: str, problems: list[Problem]):
    """The table or query a reading names, or None with a problem naming what is there."""
    try:
        if mapping.query:
            return con.sql(mapping.query)
        database, _, table = mapping.table.rpartition(".")
        return con.table(table, database=database) if database else con.table(table)
    except Exception as exc:  # noqa: BLE001 (each driver says "no such table" its own way)
        try:
            tables = sorted(con.list_tables())
        except Exception:  # noqa: BLE001 (listing is only a hint)
            tables = []
        hint = f"the source has: {', '.join(tables[:12])}" + (" …" if len(tables) > 12 else "") if tables else None
        what = "cannot run the query" if mapping.query else f"has no table '{mapping.table}'"
        problems.append(Problem(where, f"{what}: {_first_line(str(exc))}" if mapping.query else what, hint=hint))
        return None


def _columns(relation, name: str, mapping: FileMapping, where: str, problems: list[Problem]) -> dict[str, str] | None:
    """canonical column -> the table's column, for every column the table has; None with
    problems when a mapped or required column is missing."""
    schema, found = FILES[name], list(relation.columns)
    shown_columns = [c for c in found if c != "file_row_number"]  # DuckDB's row number, not the export's
    out, before = {}, len(problems)
    for col in schema.columns:
        source = mapping.columns.get(col.name, col.name)
        if source in found:
            out[col.name] = source
        elif col.name in mapping.columns:
            problems.append(Problem(where, f"has no column '{source}' (mapped to '{col.name}' in data.{name})",
                                    hint=f"the table has: {', '.join(shown_columns)}"))
        elif col.required and col.name not in mapping.constants:
            problems.append(Problem(where, f"has no column '{col.name}'",
                                    hint=f"map one with [data.{name}.columns] {col.name} = \"<its column>\"; "
                                         f"the table has: {', '.join(shown_columns)}"))
    return out if len(problems) == before else None


def canonical_view(relation, name: str, mapping: FileMapping, where: str, problems: list[Problem],
                   keep: tuple[str, ...] = ()):
    """The Ibis view of a big data file with its canonical columns and types, as the
    loader makes a file's frame: the engine's expressions run on it unchanged. The
    columns of `keep` (a row number) come along as they are."""
    import ibis

    columns = _columns(relation, name, mapping, where, problems)
    if columns is None:
        return None
    out = {}
    for col in FILES[name].columns:
        if col.name in mapping.constants:
            value = ibis.literal(mapping.constants[col.name])
        elif col.name in columns:
            value = relation[columns[col.name]]
        else:
            continue
        if col.kind in _TIMES or col.kind in ("number", "integer"):
            if value.type().is_string():  # an export's text: blank is missing, and a date may have its format
                value = value.strip().nullif("")
                if col.kind in _TIMES and mapping.date_format:
                    value = value.as_timestamp(mapping.date_format)
            value = value.cast("timestamp" if col.kind in _TIMES else "float64")
            if col.kind in _TIMES:  # a date in the year 9999 is a common 'never': no date (said by the load checks)
                value = ibis.cases((value.year() == NEVER_YEAR, ibis.null("timestamp")), else_=value)
        else:
            value = value.cast("string").strip().nullif("")
            if col.kind == "choice":
                value = value.lower()
        if col.name in mapping.values:
            value = value.substitute({k: v for k, v in mapping.values[col.name].items()})
        out[col.name] = value
    view = relation.select(**out, **{column: relation[column] for column in keep})
    if name == "issues" and mapping.closed_statuses and "status" in view.columns:
        statuses = [s.strip().lower() for s in mapping.closed_statuses]
        closed = view.closed if "closed" in view.columns else ibis.null("timestamp")
        view = view.mutate(closed_unknown=closed.isnull() & view.status.lower().isin(statuses))
    if name == "customers":
        _check_events(view, where, problems)
    return view


def _check_events(view, where: str, problems: list[Problem]) -> None:
    """Every customer event is one the wall knows: one query, the first unknown named."""
    unknown = view.filter(view.event.notnull() & ~view.event.isin(list(EVENTS)))
    found = fetch(unknown.group_by("event").aggregate(rows=unknown.count()).order_by("event").limit(3), where)
    if len(found):
        words = ", ".join(f"'{e}' ({n:,} rows)" for e, n in zip(found["event"], found["rows"]))
        problems.append(Problem(where, f"has events the outcomes wall does not know: {words}",
                                hint=f"events are {', '.join(EVENTS)}; recode others with [data.customers.values.event]"))


def _small(relation, name: str, mapping: FileMapping, where: str, problems: list[Problem], warnings: list):
    """A small data file, fetched whole and checked cell by cell as a file is (rows
    counted from 1 in the order the table returns them)."""
    try:
        raw = relation.to_pandas()
    except Exception as exc:  # noqa: BLE001 (a driver's own reasons)
        problems.append(Problem(where, f"cannot be read: {_first_line(str(exc))}"))
        return None
    table = RawTable(raw.astype(object).where(raw.notna(), None), where, 1, Path(os.devnull))
    try:
        _canonical(table, FILES[name], mapping, f"[data.{name}]", whole=False)
    except ReadError as exc:
        problems.extend(exc.problems)
        return None
    checked = TypedFile(table, FILES[name], mapping, f"[data.{name}]")
    frame = checked.run()
    problems.extend(checked.problems)
    warnings.extend(checked.warnings)
    return frame


def spans(views: dict, sources: dict) -> dict[tuple[str, str], tuple]:
    """(first, last) of every charted date of the big files read as views (a
    warehouse's, or Parquet scanned in place): the room's "as of" and the span its
    pages name, one small query per file."""
    out = {}
    for name, view in views.items():
        dates = [c.name for c in FILES[name].columns if c.charted and c.name in view.columns]
        if not dates:
            continue
        row = fetch(view.aggregate(**{f"{d}_{k}": getattr(view[d], k)() for d in dates for k in ("min", "max")}),
                    sources[name])
        for d in dates:
            first, last = row[f"{d}_min"].iloc[0], row[f"{d}_max"].iloc[0]
            if pd.notna(first):
                out[(name, d)] = (pd.Timestamp(first), pd.Timestamp(last))
    return out


def category_counts(view, where: str) -> tuple[pd.Series, int]:
    """(issues per category, sorted by name; all issues): what the loader needs to fold
    spellings, group small categories and give each a page, without the rows."""
    found = fetch(view.group_by("category").aggregate(count=view.count()), where)
    total = int(found["count"].sum())
    found = found[found["category"].notna()].sort_values("category", kind="stable")
    return pd.Series(found["count"].to_numpy(dtype="int64"), index=found["category"].astype(str).to_numpy()), total


def _first_line(text: str) -> str:
    """The first line of a driver's message, shortened: enough to see what went wrong."""
    line = text.strip().splitlines()[0] if text.strip() else "no reason given"
    return line if len(line) <= 200 else line[:199] + "…"
