"""Type and check a room's data files into frames with canonical columns.

Every cell is checked against `schema.py`; a cell that cannot be used becomes a `Problem`
naming the file, the line (as an editor shows it), the column, the value and what was
expected, with a hint when a mapping option would fix it. All problems of all files are
gathered before the build stops, so one run lists them all. Checks are vectorised: a
million rows cost a fraction of a second, and only bad rows are looked at one by one.
Suspicious but usable input (exact duplicate rows, rows skipped on request, a date far
from all the others of its column) is a warning; 9999-12-31 read as "never" is a note.
"""

from __future__ import annotations


import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import dates
from ..errors import Problem, shorten
from .mapping import FileMapping
from .sections import key_of, table_of
from ..paths import SETTINGS_FILE
from .formats import RawTable
from .closes import check_closes
from .follow_up_checks import check_followed_up
from .schema import INSTRUMENT_TABLE, Column, FileSchema

ROWS_SHOWN_PER_PROBLEM = 5


class TypedFile:
    """Types one file's text cells, collecting problems, warnings and notes."""

    def __init__(self, raw: RawTable, schema: FileSchema, mapping: FileMapping, section: str, part: bool = False):
        self.raw, self.schema, self.mapping, self.section = raw, schema, mapping, section
        self.part = part  # one chunk of a big export (`cached.py`): the checks across rows run on the whole after
        self.nevers: dict[str, tuple[int, list[str]]] = {}  # per date column: the 'never' cells, and their days
        self.rel = raw.rel
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = list(raw.warnings)  # what reading it found (text_checks.py)
        self.notes: list[Problem] = list(raw.notes)  # how many rows the reading's filters kept
        self.bad_rows = np.zeros(len(raw.frame), dtype=bool)
        self.reasons: list[tuple[Problem, np.ndarray]] = []  # each reason rows are bad: its first problem, its rows
        self.constant_errors: list[Problem] = []  # room.toml's constants that are not values of their column
        self._key_unique = False  # set by `_drop_duplicates` when the key column has no repeats

    def run(self) -> pd.DataFrame | None:
        """The typed frame, or None when the file has errors (they are in `problems`)."""
        frame = self.raw.frame.reset_index(drop=True)
        missing = [c for c in self.schema.required if c not in frame.columns]
        delimiter = self._wrong_delimiter(frame)
        if missing and delimiter:
            self.problems.append(Problem(self.rel, f"has a single column '{shorten(frame.columns[0], 60)}'",
                                         hint=delimiter))
            return None
        for name in missing:
            self.problems.append(Problem(self.rel, "required column is missing", column=name, hint=self._missing_hint(frame, name)))
        if missing:
            return None
        known = {c.name for c in self.schema.columns}
        extra = [str(c) for c in frame.columns if c not in known]
        if extra:
            self.notes.append(Problem(self.rel, "columns not used by customer-room were ignored: "
                                      + shorten(", ".join(extra), 160)))
        if len(frame) == 0 and not self.part:
            self.warnings.append(Problem(self.rel, "has a header but no rows"))
        if not self.part:
            frame = self._drop_repeated_keys(self._drop_duplicates(frame))
        self.raw.frame = None  # from here on each text column is dropped once it is typed,
        rows = len(frame)      # so a 10-million-row export is never held twice over
        columns = {}
        for c in self.schema.columns:
            columns[c.name] = self._typed(frame.pop(c.name), c) if c.name in frame.columns else _empty(c, rows)
        del frame
        typed = pd.DataFrame(columns)
        if self.schema.unique and not self._key_unique and not self.part:
            self._check_unique(typed[self.schema.unique])
        for check in self.schema.checks:
            CHECKS[check](self, typed)
        if self.constant_errors:
            self.problems = self.constant_errors + self.problems
            return None
        if (not self.problems or self.mapping.skip_bad_rows) and not self.part:
            self._check_strays(typed)
        if self.mapping.skip_bad_rows and self.problems:
            return self._skip_bad_rows(typed)
        return typed if not self.problems else None

    def _wrong_delimiter(self, frame: pd.DataFrame) -> str | None:
        """A hint when the whole header landed in one column: another delimiter is in use."""
        if len(frame.columns) != 1:
            return None
        header = str(frame.columns[0])
        for sep in (";", "\t", "|", ","):
            if sep in header and sep != self.mapping.delimiter:
                shown = "\\t" if sep == "\t" else sep
                return f"the header looks separated by '{shown}': set delimiter = \"{shown}\" in {self.section}"
        return None

    def _missing_hint(self, frame: pd.DataFrame, column: str) -> str:
        """Name the columns the file has, as the export names them (a mapped column by its
        export name, not the canonical one it became), so the user can map the right one."""
        source = {canonical: export for canonical, export in self.mapping.columns.items()}
        constants = set(self.mapping.constants)
        names = ", ".join(str(source.get(c, c)) for c in frame.columns if c not in constants) or "no columns"
        return f"the file has: {shorten(names, 200)}; if one of them is it, set columns.{column} = \"…\" in {self.section}"

    def _drop_duplicates(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows that repeat another row exactly are dropped, with a warning and a count.

        Only files with a unique key (issue ids, touchpoint ids) are checked: there an
        exact repeat is an export glitch, while two identical survey responses are not.
        Only rows whose key repeats are compared in full, which keeps this cheap.
        """
        key = self.schema.unique
        if not len(frame) or key is None or key not in frame.columns:
            return frame
        repeated = frame[key].astype("str").str.strip().duplicated(keep=False).to_numpy()
        self._key_unique = not repeated.any()  # then `_check_unique` has nothing to find
        if self._key_unique:
            return frame
        dup = np.zeros(len(frame), dtype=bool)
        dup[np.flatnonzero(repeated)] = frame[repeated].duplicated(keep="first").to_numpy()
        if not dup.any():
            return frame
        first = int(np.flatnonzero(dup)[0])
        self.warnings.append(Problem(self.rel, f"{int(dup.sum()):,} duplicate rows were dropped "
                                     f"(the first on line {self.raw.line(first)})"))
        return self._leave_out(frame, dup)

    def _drop_repeated_keys(self, frame: pd.DataFrame) -> pd.DataFrame:
        """With `key` in the mapping (one column or several), a row whose key repeats an
        earlier row's is left out, and a note counts them: an order export that repeats
        each order once per item, or one file read for issues and survey comments, would
        otherwise count each order and show each quote as many times."""
        canonical = {export: name for name, export in self.mapping.columns.items()}  # a key may use either name
        key = [canonical.get(c, c) for c in self.mapping.key]
        if not key or not len(frame):
            return frame
        missing = [c for c in key if c not in frame.columns]
        if missing:
            self.problems.append(Problem(self.rel, f"has no column '{missing[0]}' (named in "
                                         f"{key_of(self.section)}.key)", hint=self._missing_hint(frame, missing[0])))
            return frame
        repeat = frame[key].astype("str").apply(lambda column: column.str.strip()).duplicated(keep="first").to_numpy()
        if not repeat.any():
            return frame
        first = int(np.flatnonzero(repeat)[0])
        self.notes.append(Problem(self.rel, f"{int(repeat.sum()):,} rows repeat the key ({', '.join(self.mapping.key)}) of an "
                                  f"earlier row and were left out (the first on line {self._line(first)})"))
        return self._leave_out(frame, repeat)

    def _leave_out(self, frame: pd.DataFrame, drop: np.ndarray) -> pd.DataFrame:
        """`frame` without the rows of `drop`, keeping where each row left is in the file
        (`_index`, for line numbers) and which rows are bad."""
        keep = ~drop
        index = getattr(self, "_index", None)
        self._index = np.flatnonzero(keep) if index is None else index[keep]
        self.bad_rows = self.bad_rows[keep]
        return frame[keep].reset_index(drop=True)

    def _line(self, i: int) -> int:
        """The editor line of (deduplicated) row i."""
        index = getattr(self, "_index", None)
        return self.raw.line(int(index[i]) if index is not None else int(i))

    def _typed(self, raw: pd.Series, col: Column) -> pd.Series:
        """One column typed by its kind, with a problem for every unusable cell."""
        if col.kind in ("date", "datetime"):
            values, text, bad = self._dates(raw, col)
        elif col.kind == "number" and pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            values, text, bad = raw.astype(float), raw.astype(str), pd.Series(False, index=raw.index)
        else:
            text = _text(raw)
            values, bad, expected, hint = self._parse(text, col)
            self._report(bad, text, col.name, expected, hint)
        blank = values.isna() & ~bad
        if col.required:
            self._report(blank, text, col.name, "a value (the cell is empty)")
        if col.minimum is not None:
            below = values.notna() & (values < col.minimum)
            self._report(below, text, col.name, f"a value of {col.minimum:g} or more")
        return values

    def _dates(self, raw: pd.Series, col: Column) -> tuple[pd.Series, pd.Series, pd.Series]:
        """(dates, their text, bad mask) of a date column: text parsed, or a Parquet
        column that already holds dates. A date in the year 9999 is read as no date
        (said once, in a note); any other date customer-room cannot hold is a row error."""
        if pd.api.types.is_datetime64_any_dtype(raw):
            text, found = raw.astype(str), dates.bounded(raw)
            bad = pd.Series(False, index=raw.index)
        else:
            text = _text(raw)
            found = dates.parse(text, col.kind, self.mapping, self.section)
            bad = text.notna() & found.values.isna() & ~found.never & ~found.outside
            self._report(bad, text, col.name, found.expected, found.hint)
        self._report(found.outside, text, col.name, "", template="'{value}' " + dates.OUTSIDE,
                     hint="fix the date, or leave the cell empty if there is none")
        bad = bad | found.outside
        if found.never.any() and col.required:
            self._report(found.never, text, col.name, "", template="'{value}' means no date (a common 'never'), "
                         "but every row needs one")
            bad = bad | found.never
        elif found.never.any():
            self.nevers[col.name] = (int(found.never.sum()), found.never_days)
            if not self.part:
                self.notes.append(Problem(self.rel, found.never_note(), column=col.name))
        values = found.values
        return (values.dt.normalize() if col.kind == "date" else values), text, bad

    def _plain_numbers(self, text: pd.Series) -> pd.Series:
        """Numbers as Python reads them: the mapping's thousands separator taken out, its
        decimal mark made a dot. A separator in the wrong place is left for the reader to
        refuse ('6,87,01' with thousands = ","), so nothing is read as another number."""
        if not self.mapping.thousands and self.mapping.decimal == ".":
            return text
        sep, mark = self.mapping.thousands, self.mapping.decimal
        out = text
        if sep:
            grouped = rf"\s*-?\d{{1,3}}({re.escape(sep)}\d{{3}})+({re.escape(mark)}\d+)?\s*"
            ok = text.str.fullmatch(grouped, na=False)
            out = out.where(~ok, out.str.replace(sep, "", regex=False))
        if mark != ".":  # a dot left over is then no number: "1.5" is not a number of a decimal-comma file
            out = out.mask(out.str.contains(".", regex=False, na=False), "not a number")
            out = out.str.replace(mark, ".", regex=False)
        return out

    def _parse(self, text: pd.Series, col: Column):
        """(values, bad mask, expectation, hint) for one text column that is not a date."""
        present = text.notna()
        if col.kind in ("number", "integer"):
            values = pd.to_numeric(self._plain_numbers(text), errors="coerce").astype(float)
            bad = present & values.isna()
            hint = _number_hint(text[bad], self.mapping, self.section) if bad.any() else None
            if col.kind == "integer":
                bad |= values.notna() & (values != np.floor(values.fillna(0)))
                return (values.astype("Int64") if not bad.any() else values), bad, "a whole number", hint
            return values, bad, "a number", hint
        if col.kind == "choice":
            values = text.str.lower()
            bad = present & ~values.isin(col.choices)
            hint = f"recode the values with {table_of(self.section, 'values.' + col.name)}" if bad.any() else None
            return values, bad, "one of " + ", ".join(col.choices), hint
        return text, pd.Series(False, index=text.index), "", None

    def _report(self, mask: pd.Series, text: pd.Series, column: str, expected: str, hint: str | None = None,
                template: str | None = None):
        """Turn a mask of bad cells into problems: the first few rows, then a count.

        Each says "'value' is not {expected}" (or `template` with the value filled in).
        """
        if not mask.any():
            return
        if column in self.mapping.constants:  # one value for every row: room.toml's mistake, not the rows'
            return self._bad_constant(text.iloc[int(np.flatnonzero(mask.to_numpy())[0])], column, expected, template)
        rows = np.flatnonzero(mask.to_numpy())
        self.bad_rows[rows] = True
        start = len(self.problems)
        for i in rows[:ROWS_SHOWN_PER_PROBLEM]:
            value = text.iloc[i]
            if pd.isna(value):
                message = f"expected {expected}"
            else:
                message = template.replace("{value}", shorten(value)) if template else \
                    f"'{shorten(value)}' is not {expected}"
            self.problems.append(Problem(self.rel, message, row=self._line(i), column=column, hint=hint))
        self.reasons.append((self.problems[start], rows))
        if len(rows) > ROWS_SHOWN_PER_PROBLEM:
            more = len(rows) - ROWS_SHOWN_PER_PROBLEM
            self.problems.append(Problem(self.rel, f"{more:,} more rows like these", column=column))

    def _bad_constant(self, value, column: str, expected: str, template: str | None):
        """A constant that is not a value of its column is an error in room.toml, whatever
        `skip_bad_rows` says: skipping every row for it would hide the mistake."""
        message = template.replace("{value}", shorten(value)) if template else f"'{shorten(value)}' is not {expected}"
        self.constant_errors.append(Problem(SETTINGS_FILE, f"'{key_of(self.section)}.constants.{column}': {message}",
                                            hint=f"give {column} a value its column can hold, in {self.section}"))

    def _check_unique(self, values: pd.Series):
        """Every value of a key column appears once."""
        dup = values.notna() & values.duplicated(keep="first")
        if not dup.any():
            return
        firsts = values[~values.duplicated(keep="first")]
        first_row = dict(zip(firsts, firsts.index))
        rows = np.flatnonzero(dup.to_numpy())
        self.bad_rows[rows] = True
        start = len(self.problems)
        for i in rows[:ROWS_SHOWN_PER_PROBLEM]:
            value = values.iloc[i]
            self.problems.append(Problem(
                self.rel, f"'{shorten(value)}' is a duplicate (first on line {self._line(first_row[value])})",
                row=self._line(i), column=values.name, hint=f"each {values.name} must be unique; if the export repeats "
                f"a row per item, key = \"{self.mapping.columns.get(values.name, values.name)}\" in {self.section} "
                "keeps the first"))
        self.reasons.append((self.problems[start], rows))
        if len(rows) > ROWS_SHOWN_PER_PROBLEM:
            self.problems.append(Problem(self.rel, f"{len(rows) - ROWS_SHOWN_PER_PROBLEM:,} more duplicates",
                                         column=values.name))

    def _check_scores(self, frame: pd.DataFrame):
        """Each survey score lies in its instrument's range (NPS 0–10, CSAT 1–5, CES 1–7)."""
        for instrument, (low, high) in ((i.name, i.scores) for i in INSTRUMENT_TABLE.values()):
            rows = frame["instrument"] == instrument
            bad = rows & frame["score"].notna() & ~frame["score"].between(low, high)
            if bad.any():
                self._report(bad, frame["score"].map(lambda v: f"{v:g}", na_action="ignore").astype("str"),
                             "score", f"a {instrument} score from {low} to {high}")

    def _check_closing(self, frame: pd.DataFrame):
        """Issues closed before they were opened: usable, but suspicious (a warning)."""
        if self.part:  # counted over the whole export (`view_checks.closed_early`)
            return
        early = (frame["closed"].notna() & (frame["closed"] < frame["opened"])).to_numpy()
        if early.any():
            first = self._line(int(np.flatnonzero(early)[0]))
            self.warnings.append(Problem(self.rel, f"{int(early.sum()):,} issues were closed before they were "
                                         f"opened (the first on line {first}); their time to close is left out"))

    def _check_strays(self, frame: pd.DataFrame):
        """Dates far from all the others of their column (see `dates.strays`): usable, but
        every chart would stretch to them, so each is a warning naming its first line."""
        for col in self.schema.columns:
            if not col.charted or col.name not in frame.columns:
                continue
            values = frame[col.name].where(~self.bad_rows) if self.bad_rows.any() else frame[col.name]
            for stray in dates.strays(values):
                first = int(np.flatnonzero(stray.mask)[0])
                self.warnings.append(Problem(self.rel, stray.message(), row=self._line(first), column=col.name))

    def _skip_bad_rows(self, typed: pd.DataFrame) -> pd.DataFrame:
        """With skip_bad_rows, rows that have problems are left out and warned about: how
        many in all, then each reason with its own count and its own first line (a row
        with two bad cells counts under both), so no reason hides behind another."""
        count = int(self.bad_rows.sum())
        if not count:  # a problem that marks no row (a missing column) is not a row to skip
            return typed if not self.problems else None
        reasons = sorted(self.reasons, key=lambda r: (int(r[1][0]), r[0].column or ""))
        self.warnings.append(Problem(self.rel, f"{count:,} of {len(typed):,} rows could not be read and were "
                                     f"skipped (skip_bad_rows), for {len(reasons)} reason"
                                     f"{'' if len(reasons) == 1 else 's'}:"))
        for first, rows in reasons:
            self.warnings.append(Problem(self.rel, f"{len(rows):,} row{'' if len(rows) == 1 else 's'} skipped like "
                                         f"this one: {first.message}", row=first.row, column=first.column,
                                         hint=first.hint))
        self.problems = []
        return typed[~self.bad_rows].reset_index(drop=True)


def _number_hint(bad: pd.Series, mapping: FileMapping, section: str) -> str | None:
    """The mapping option a column's unreadable numbers ask for: a thousands separator
    ('68,701', '1.234.567') or a decimal comma ('12,5'), if they look like either."""
    if mapping.thousands or mapping.decimal != ".":
        return None
    if bad.str.fullmatch(r"\s*-?\d{1,3}(,\d{3})+(\.\d+)?\s*", na=False).any():
        return f"set thousands = \",\" in {section}"
    if bad.str.fullmatch(r"\s*-?\d{1,3}(\.\d{3})+(,\d+)?\s*", na=False).any():
        return f"set thousands = \".\" and decimal = \",\" in {section}"
    if bad.str.fullmatch(r"\s*-?[\d.]+,\d+\s*", na=False).any():
        return f"use a dot for decimals, or set decimal = \",\" in {section}"
    return None


def _text(raw: pd.Series) -> pd.Series:
    """A column's cells as trimmed text, with NaN for an empty cell (in Arrow, which
    pandas' own strip and mask take twice as long for: 7.6 s of a 10M-row export's 20)."""
    text = pa.array(raw.astype("str").array)  # no copy: pandas keeps its text in Arrow
    text = pc.utf8_trim_whitespace(text)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)
    out = text.to_pandas(types_mapper=_STR.get)
    out.index, out.name = raw.index, raw.name
    return out


_STR = {t: pd.StringDtype("pyarrow", na_value=np.nan) for t in (pa.string(), pa.large_string())}  # pandas' "str"


# The checks across a file's columns that schema.py names per file, by name.
CHECKS = {
    "scores in range": TypedFile._check_scores,
    "closed after opened": TypedFile._check_closing,
    "closes": check_closes,
    "followed up after": check_followed_up,
}


def _empty(col: Column, length: int) -> pd.Series:
    """An absent optional column, filled with missing values of the right type."""
    if col.kind in ("date", "datetime"):
        return pd.Series(pd.NaT, index=range(length), dtype="datetime64[ns]")
    if col.kind == "number":
        return pd.Series(np.nan, index=range(length), dtype=float)
    if col.kind == "integer":
        return pd.Series(pd.NA, index=range(length), dtype="Int64")
    return pd.Series(np.nan, index=range(length), dtype="str")
