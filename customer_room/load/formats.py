"""Read an export as it is (CSV, Excel, Parquet) into text cells with canonical names.

This applies a file's `[data.<file>]` mapping: which file, its encoding, delimiter,
preamble, header, sheet; then renames columns, fills constants and recodes values. What
cannot be read at all (a folder, a named pipe or a broken link where the export should
be, binary garbage, a wrong encoding, a wrong delimiter, an empty file, records of the
wrong shape (see `csv_shape`), an Excel sheet too big to hold (see `excel_guard`))
becomes a `Problem` that names it and says what to do. Each row keeps the line number
a user sees in an editor, even when quoted cells span lines.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from .csv_shape import Layout, shape_problems
from ..errors import Problem, shorten
from ..paths import DATA_DIR, SETTINGS_FILE
from .excel_guard import sheet_problems
from .mapping import FileMapping
from .room_files import ABSENT, file_problem
from .filters import apply_filters
from .text_checks import mojibake_problem, recode_problems
from .schema import FileSchema

csv.field_size_limit(2**31 - 1)  # a 1 MB cell is odd, not unreadable: count its lines like any other
_SNIFF_BYTES = 64 * 1024
EXTENSIONS = (".csv", ".xlsx", ".parquet")  # what `data/<file>` may be called; read_export reads each
_BLOCK = 4 * 1024 * 1024


class ReadError(Exception):
    """The file cannot be read at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


@dataclass
class RawTable:
    """An export's cells as text under canonical column names, and where each row is."""

    frame: pd.DataFrame
    rel: str  # the file as the user names it, relative to the room
    first_line: int  # line (or sheet row) of the first data row
    path: Path
    multiline: bool = False  # quoted cells or blank lines: line numbers are counted, not added
    dialect: tuple[str, str] = ("utf-8-sig", ",")  # (encoding, delimiter) to count them with
    warnings: list = field(default_factory=list)  # what the mapping got silently wrong (`text_checks.py`)
    whole: bool = True  # the whole file, not the rows appended to it since the last read
    notes: list = field(default_factory=list)  # how many rows the reading's filters kept (`filters.py`)
    kept: np.ndarray | None = None  # the positions of the rows kept, when the filters left some out
    offset: int = 0  # the file's data rows before these (a chunk of a big export, `cached.py`)

    def line(self, index: int) -> int:
        """The line (CSV) or row (Excel) of data row `index` (0-based), as an editor shows it."""
        if self.kept is not None:  # a row's place in the file, before the filters left rows out
            index = int(self.kept[index])
        index += self.offset
        lines = self._lines() if self.multiline else None
        return int(lines[index]) if lines is not None else self.first_line + index

    def _lines(self) -> np.ndarray | None:
        """Start line of every record, counted once with the csv module (only on errors);
        None when the file holds one record per line after all (no quote, no blank line:
        a big file's first 64 KB cannot tell, and a byte search is ten times cheaper)."""
        if not hasattr(self, "_line_cache"):
            try:
                plain = _one_line_per_record(self.path)
                self._line_cache = None if plain else _record_lines(self.path, self.first_line, *self.dialect)
            except OSError:  # the file went away since it was read: the lines as read are the best guess
                self._line_cache = None
        return self._line_cache


def find_source(room: Path, name: str, mapping: FileMapping) -> tuple[Path | None, list[Problem]]:
    """The export that holds data file `name`: the mapped file, or data/name.csv|xlsx|parquet.

    A candidate that exists but is not a regular file the build can read (a folder, a
    named pipe, a link that loops or points nowhere, a file nobody may read) is a
    problem that names it: taking it for absent would build a site without its pages
    and say nothing, and opening a named pipe would block the build for good.
    """
    if mapping.file:
        # The path is checked as written (no '..', not absolute: see mapping.py), but a
        # symlink is followed: teams link a shared export folder into the room. Images,
        # which are copied into the site, get the stricter check of `room_files.py`.
        path = room / mapping.file
        rel = Path(mapping.file).as_posix()
        why = file_problem(path)
        if why == ABSENT:
            return None, [Problem(SETTINGS_FILE, f"'data.{name}.file' is '{rel}', but there is no such file in the room")]
        if why:
            return None, [Problem(rel, why)]
        return path, []
    found, problems = [], []
    for path in (room / DATA_DIR / (name + ext) for ext in EXTENSIONS):
        why = file_problem(path)
        if why == ABSENT:
            continue
        if why:
            problems.append(Problem(path.relative_to(room).as_posix(), why))
        else:
            found.append(path)
    if problems:
        return None, problems
    if len(found) > 1:
        names = " and ".join(p.relative_to(room).as_posix() for p in found)
        return None, [Problem(found[0].relative_to(room).as_posix(), f"{names} both exist", hint="keep one of them")]
    return (found[0] if found else None), []


def read_export(path: Path, rel: str, schema: FileSchema, mapping: FileMapping, section: str) -> RawTable:
    """The export's rows as text cells under canonical names; ReadError if unreadable."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        frame = _read_excel(path, rel, mapping)
        table = RawTable(frame, rel, mapping.skip_rows + (1 if mapping.header else 2), path)
    elif suffix == ".parquet":
        table = RawTable(pd.read_parquet(path), rel, 1, path)
    else:
        frame, multiline = _read_csv(path, rel, mapping, section)
        table = RawTable(frame, rel, mapping.skip_rows + (1 if mapping.header else 2), path, multiline,
                         (_text_encoding(mapping), mapping.delimiter))
    table.frame.columns = [str(c).strip() for c in table.frame.columns]
    _canonical(table, schema, mapping, section, whole=True)
    return table


def _read_csv(path: Path, rel: str, mapping: FileMapping, section: str) -> tuple[pd.DataFrame, bool]:
    """A CSV as text cells, after checking it is text in the expected encoding."""
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        raise ReadError([Problem(rel, "is empty", hint="expected a header row and data rows")])
    if b"\x00" in head and not mapping.encoding.lower().startswith("utf-16"):
        raise ReadError([Problem(rel, "is not a text (CSV) file: it contains binary data",
                                 hint="export it as CSV, or give it a .xlsx or .parquet name if it is one")])
    encoding = _text_encoding(mapping)
    names = list(mapping.header) or _header(path, rel, encoding, mapping, section)
    layout = Layout(encoding, mapping.delimiter, mapping.skip_rows, tuple(names), bool(mapping.header), section)
    options = _csv_options(mapping, names, mapping.skip_rows + (0 if mapping.header else 1))
    try:
        frame = pa_csv.read_csv(path, **options).to_pandas()
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError) or "utf8" in str(exc).lower() or "decode" in str(exc).lower():
            raise ReadError([_encoding_problem(path, rel, encoding, mapping, section)]) from None
        raise ReadError(shape_problems(path, rel, layout) or [
            Problem(rel, f"is not a well-formed CSV: {shorten(_arrow_message(exc), 120)}")]) from None
    if _ends_in_a_multiline_cell(frame):  # perhaps a quote never closed: the rest of the file in one cell
        problems = shape_problems(path, rel, layout)
        if problems:
            raise ReadError(problems)
    if mapping.header and frame.shape[1] != len(mapping.header):
        raise ReadError([Problem(rel, f"has {frame.shape[1]} columns but 'header' names {len(mapping.header)}")])
    counted = b'"' in head or b"\n\n" in head or b"\n\r\n" in head or len(head) == _SNIFF_BYTES
    return frame, counted


def _ends_in_a_multiline_cell(frame: pd.DataFrame) -> bool:
    """Whether a cell of the last row holds a line break (cheap: one row is looked at)."""
    if not len(frame):
        return False
    return any(isinstance(v, str) and ("\n" in v or "\r" in v) for v in frame.iloc[-1])


def read_appended(path: Path, rel: str, schema: FileSchema, mapping: FileMapping, section: str,
                  data: bytes) -> RawTable:
    """Rows appended to a CSV export (`data`, whole lines), read as the whole file would be.

    Raises pyarrow's errors as they are: the caller then reads the whole file, which
    turns them into problems with the right line numbers.
    """
    names = list(mapping.header) or _header(path, rel, _text_encoding(mapping), mapping, section)
    frame = pa_csv.read_csv(pa.BufferReader(data), **_csv_options(mapping, names, 0)).to_pandas()
    if _ends_in_a_multiline_cell(frame):
        raise ReadError([])  # perhaps a quote never closed: the whole read names it
    table = RawTable(frame, rel, 1, path, whole=False)
    table.frame.columns = [str(c).strip() for c in table.frame.columns]
    _canonical(table, schema, mapping, section)
    return table


def _text_encoding(mapping: FileMapping) -> str:
    """The encoding Python's own readers use for the file (a UTF-8 byte-order mark is skipped)."""
    return "utf-8-sig" if _is_utf8(mapping) else mapping.encoding


def _is_utf8(mapping: FileMapping) -> bool:
    """Whether the mapping's encoding is UTF-8, with or without a byte-order mark."""
    return mapping.encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def _csv_options(mapping: FileMapping, names: list[str], skip_rows: int) -> dict:
    """Arrow's CSV options for a mapping: every cell as text, nothing turned into null."""
    return dict(
        read_options=pa_csv.ReadOptions(encoding="utf8" if _is_utf8(mapping) else mapping.encoding,
                                        column_names=names, skip_rows=skip_rows),
        parse_options=pa_csv.ParseOptions(delimiter=mapping.delimiter, newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(column_types={n: pa.string() for n in names},
                                              strings_can_be_null=False, quoted_strings_can_be_null=False),
    )


def _encoding_problem(path: Path, rel: str, encoding: str, mapping: FileMapping, section: str) -> Problem:
    """Where the first byte that is not valid `encoding` text is, and what to set."""
    data = path.read_bytes()
    try:
        data.decode(encoding)
        return Problem(rel, f"is not {mapping.encoding} text", hint=f"set encoding in {section}")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex()
        return Problem(rel, f"is not {mapping.encoding} text (byte 0x{byte} cannot be read)", row=line,
                       hint=f"set encoding = \"cp1252\" (or \"latin-1\") in {section}")


def _header(path: Path, rel: str, encoding: str, mapping: FileMapping, section: str) -> list[str]:
    """The column names on the header line (after any preamble), made unique and non-empty."""
    try:
        with open(path, newline="", encoding=encoding) as handle:
            for _ in range(mapping.skip_rows):
                handle.readline()
            row = next(csv.reader(handle, delimiter=mapping.delimiter), None)
    except UnicodeDecodeError:
        raise ReadError([_encoding_problem(path, rel, encoding, mapping, section)]) from None
    except csv.Error as exc:
        raise ReadError([Problem(rel, f"has no readable header line: {exc}")]) from None
    if not row or not any(cell.strip() for cell in row):
        raise ReadError([Problem(rel, "is empty", hint="expected a header row and data rows")])
    names, seen = [], {}
    for i, cell in enumerate(row):
        name = cell.strip() or f"Unnamed: {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        names.append(name)
    return names


def _arrow_message(exc: Exception) -> str:
    """Arrow's CSV error without its internal prefix."""
    return str(exc).replace("CSV parse error: ", "").split("\n")[0]


def _read_excel(path: Path, rel: str, mapping: FileMapping) -> pd.DataFrame:
    """An Excel sheet as text cells, once `excel_guard` has found it small enough to read."""
    too_big = sheet_problems(path, rel, mapping.sheet)
    if too_big:
        raise ReadError(too_big)
    try:
        return pd.read_excel(path, sheet_name=mapping.sheet or 0, dtype=str, keep_default_na=False,
                             skiprows=mapping.skip_rows, header=None if mapping.header else 0,
                             names=list(mapping.header) or None, engine="calamine")
    except ValueError as exc:
        if mapping.sheet and "not found" in str(exc).lower():
            raise ReadError([Problem(rel, f"has no sheet '{mapping.sheet}'")]) from None
        raise ReadError([Problem(rel, f"cannot be read as Excel: {shorten(exc, 120)}")]) from None


def _canonical(table: RawTable, schema: FileSchema, mapping: FileMapping, section: str, whole: bool = False) -> None:
    """Rename the export's columns to canonical names, add constants, recode values; a
    `whole` file is also checked for recodes that change nothing and mis-decoded text."""
    frame = table.frame
    problems = []
    renames = {}
    for canonical, source in mapping.columns.items():
        if source not in frame.columns:
            problems.append(Problem(table.rel, f"has no column '{source}' (mapped to '{canonical}' in {section})",
                                    hint=f"the file has: {', '.join(map(str, frame.columns))}"))
        else:
            renames[source] = canonical
    if problems:
        raise ReadError(problems)
    frame = frame.rename(columns=renames)
    frame, table.kept, problems, notes = apply_filters(frame, mapping.keep, mapping.drop, table.rel, section, renames)
    if problems:
        raise ReadError(problems)
    table.notes += notes if whole else []
    if whole:
        table.warnings += recode_problems(frame, mapping.values, table.rel, section)
        table.warnings += mojibake_problem(frame, table, mapping.encoding, section)
    for column, value in mapping.constants.items():
        frame[column] = value
    for column, recode in mapping.values.items():
        if column in frame.columns:
            frame[column] = frame[column].map(lambda v, r=recode: r.get(str(v).strip(), v))
    table.frame = frame


def _one_line_per_record(path: Path) -> bool:
    """Whether the file has no quote and no blank line, so record i is on line first + i
    (UTF-16 files, whose bytes these searches cannot read, are always counted)."""
    tail = b""
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            text = tail + block
            if b'"' in text or b"\n\n" in text or b"\n\r\n" in text or b"\x00" in text:
                return False
            tail = text[-2:]
    return True


def _record_lines(path: Path, first_line: int, encoding: str = "utf-8-sig", delimiter: str = ",") -> np.ndarray:
    """The line on which each data record starts, honouring quoted line breaks and
    skipping blank lines (pyarrow reads no record from them)."""
    with open(path, newline="", encoding=encoding, errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        starts, line = [], 1
        for fields in reader:
            if fields or line < first_line:
                starts.append(line)
            line = reader.line_num + 1
    return np.array(starts[first_line - 1 :])
