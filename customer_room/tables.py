"""Read a room's data files (CSV, Excel, Parquet) into typed frames with canonical columns.

Every cell is checked against `schema.py`; a cell that cannot be used becomes a `Problem`
naming the file, the row (as a spreadsheet shows it: the header is row 1), the column,
the value and what was expected. All problems of all files are gathered before the
build stops, so one run lists them all. Checks are vectorised: a million rows cost a
fraction of a second, and only the bad rows are ever looked at one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem, shorten
from .schema import EXTENSIONS, FILES, SCORE_RANGES, Column, FileSchema

DATA_DIR = "data"
ROWS_SHOWN_PER_PROBLEM = 5
FIRST_DATA_ROW = 2  # the header is row 1


@dataclass
class Tables:
    """The typed frames of the files found, where each came from, and what went wrong."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


def find_source(room: Path, name: str) -> tuple[Path | None, list[Problem]]:
    """The file that holds data file `name` (`data/name.csv`, `.xlsx` or `.parquet`)."""
    found = [room / DATA_DIR / (name + ext) for ext in EXTENSIONS if (room / DATA_DIR / (name + ext)).is_file()]
    if len(found) > 1:
        names = " and ".join(_rel(room, p) for p in found)
        return None, [Problem(_rel(room, found[0]), f"{names} both exist", hint="keep one of them")]
    return (found[0] if found else None), []


def load_tables(room: Path) -> Tables:
    """Load every data file present in the room; absent files are simply left out."""
    out = Tables()
    for name, schema in FILES.items():
        path, problems = find_source(room, name)
        out.problems.extend(problems)
        if path is None:
            continue
        rel = _rel(room, path)
        try:
            raw = read_raw(path)
        except (ValueError, OSError, UnicodeDecodeError, ImportError) as exc:
            out.problems.append(Problem(rel, f"cannot be read: {shorten(exc, 160)}"))
            continue
        frame, problems, notes = type_frame(raw, schema, rel)
        out.problems.extend(problems)
        out.notes.extend(notes)
        if frame is not None:
            out.frames[name] = frame
            out.sources[name] = rel
    return out


def read_raw(path: Path) -> pd.DataFrame:
    """The file's cells as text (or as stored, for Parquet), header names stripped."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True)
    elif suffix == ".xlsx":
        frame = pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False, engine="calamine")
    elif suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:  # pragma: no cover - find_source only returns known extensions
        raise ValueError(f"unknown file type {suffix}")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def type_frame(raw: pd.DataFrame, schema: FileSchema, rel: str):
    """Check and type one file's frame: (frame or None, problems, notes)."""
    problems: list[Problem] = []
    notes: list[Problem] = []
    missing = [c for c in schema.required if c not in raw.columns]
    for name in missing:
        problems.append(Problem(rel, "required column is missing", column=name,
                                hint=f"the file has: {', '.join(map(str, raw.columns)) or 'no columns'}"))
    if missing:
        return None, problems, notes
    known = {c.name for c in schema.columns}
    extra = [c for c in raw.columns if c not in known]
    if extra:
        notes.append(Problem(rel, f"columns not used by customer-room were ignored: {', '.join(extra)}"))
    raw = raw.reset_index(drop=True)
    typed = {col.name: _typed(raw[col.name], col, rel, problems) if col.name in raw.columns
             else _empty(col, len(raw)) for col in schema.columns}
    frame = pd.DataFrame(typed)
    if schema.unique:
        _check_unique(frame[schema.unique], rel, schema.unique, problems)
    if schema.name == "surveys":
        _check_scores(frame, rel, problems)
    return (frame if not problems else None), problems, notes


def _typed(raw: pd.Series, col: Column, rel: str, problems: list[Problem]) -> pd.Series:
    """One column typed by its kind, with a problem for every unusable cell."""
    if col.kind in ("date", "datetime") and pd.api.types.is_datetime64_any_dtype(raw):
        values, text, bad = raw, raw.astype(str), pd.Series(False, index=raw.index)
    elif col.kind == "number" and pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values, text, bad = raw.astype(float), raw.astype(str), pd.Series(False, index=raw.index)
    else:
        text = raw.astype("string").str.strip()
        text = text.mask(text == "")
        values, bad, expected = _parse(text, col)
        _report(bad, text, rel, col.name, expected, problems)
    blank = values.isna() & ~bad
    if col.required:
        _report(blank, text, rel, col.name, "a value (the cell is empty)", problems)
    if col.minimum is not None:
        below = values.notna() & (values < col.minimum)
        _report(below, text, rel, col.name, f"a value of {col.minimum:g} or more", problems)
    return values


def _parse(text: pd.Series, col: Column):
    """(values, bad mask, expectation) for one text column."""
    present = text.notna()
    if col.kind in ("date", "datetime"):
        values = _to_datetime(text)
        if col.kind == "date":
            values = values.dt.normalize()
        expected = "a date (expected YYYY-MM-DD" + (" or YYYY-MM-DD HH:MM" if col.kind == "datetime" else "") + ")"
        return values, present & values.isna(), expected
    if col.kind in ("number", "integer"):
        values = pd.to_numeric(text, errors="coerce").astype(float)
        bad = present & values.isna()
        if col.kind == "integer":
            bad |= values.notna() & (values != np.floor(values.fillna(0)))
            values = values.where(~bad).astype("Int64") if not bad.any() else values
            return values, bad, "a whole number"
        return values, bad, "a number"
    if col.kind == "choice":
        values = text.str.lower()
        bad = present & ~values.isin(col.choices)
        return values.astype(object).where(present, None), bad, "one of " + ", ".join(col.choices)
    return text.astype(object).where(present, None), pd.Series(False, index=text.index), ""


def _to_datetime(text: pd.Series) -> pd.Series:
    """Parse ISO dates and datetimes; anything else becomes NaT (and a problem)."""
    try:
        values = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except (ValueError, TypeError):  # e.g. a mix of time zones
        values = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values.astype("datetime64[ns]")


def _report(mask: pd.Series, text: pd.Series, rel: str, column: str, expected: str, problems: list[Problem]):
    """Turn a mask of bad cells into problems: the first few rows, then a count."""
    if not mask.any():
        return
    rows = np.flatnonzero(mask.to_numpy())
    for i in rows[:ROWS_SHOWN_PER_PROBLEM]:
        value = text.iloc[i]
        shown = "empty" if pd.isna(value) else f"'{shorten(value)}'"
        problems.append(Problem(rel, f"{shown} is not {expected}" if not pd.isna(value) else f"expected {expected}",
                                row=int(i) + FIRST_DATA_ROW, column=column))
    if len(rows) > ROWS_SHOWN_PER_PROBLEM:
        more = len(rows) - ROWS_SHOWN_PER_PROBLEM
        problems.append(Problem(rel, f"{more:,} more rows like these", column=column))


def _empty(col: Column, length: int) -> pd.Series:
    """An absent optional column, filled with missing values of the right type."""
    if col.kind in ("date", "datetime"):
        return pd.Series(pd.NaT, index=range(length), dtype="datetime64[ns]")
    if col.kind == "number":
        return pd.Series(np.nan, index=range(length), dtype=float)
    if col.kind == "integer":
        return pd.Series(pd.NA, index=range(length), dtype="Int64")
    return pd.Series(None, index=range(length), dtype=object)


def _check_unique(values: pd.Series, rel: str, column: str, problems: list[Problem]):
    """Every value of a key column appears once."""
    dup = values.notna() & values.duplicated(keep="first")
    if not dup.any():
        return
    first_row = {v: i for i, v in reversed(list(enumerate(values)))} if dup.sum() else {}
    for i in np.flatnonzero(dup.to_numpy())[:ROWS_SHOWN_PER_PROBLEM]:
        value = values.iloc[i]
        problems.append(Problem(rel, f"'{shorten(value)}' is a duplicate (first on row {first_row[value] + FIRST_DATA_ROW})",
                                row=int(i) + FIRST_DATA_ROW, column=column, hint=f"each {column} must be unique"))
    if dup.sum() > ROWS_SHOWN_PER_PROBLEM:
        problems.append(Problem(rel, f"{int(dup.sum()) - ROWS_SHOWN_PER_PROBLEM:,} more duplicates", column=column))


def _check_scores(frame: pd.DataFrame, rel: str, problems: list[Problem]):
    """Each survey score lies in its instrument's range (NPS 0–10, CSAT 1–5, CES 1–7)."""
    for instrument, (low, high) in SCORE_RANGES.items():
        rows = frame["instrument"] == instrument
        bad = rows & frame["score"].notna() & ~frame["score"].between(low, high)
        _report(bad, frame["score"].astype("string"), rel, "score", f"a {instrument} score from {low} to {high}", problems)


def _rel(room: Path, path: Path) -> str:
    """A path as the user sees it: relative to the room, with forward slashes."""
    try:
        return path.relative_to(room).as_posix()
    except ValueError:
        return str(path)
