"""Where a CSV export is out of shape, named by the line an editor shows, and why.

pyarrow reads a CSV fast, but a record with the wrong number of fields stops it with
"Expected 9 columns, got 2: <the record>" and no line number, and a quote that is never
closed in the last column is read without a word, as one cell holding the rest of the
file. Only on those paths (an error, or a last row with a line break in a cell) this
module reads the file a second time with the `csv` module, counting lines the way an
editor does (a quoted cell may span lines; blank lines count but hold no record), and
says for the first few bad records what is wrong: too few or too many fields, a quote
that opens a cell and is never closed, a last line cut short by an export still being
written. A delimiter hint is given only when another delimiter would split the line
(and the header) into as many fields as the header has.
"""

from __future__ import annotations

import csv
import io
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import Problem

SHOWN = 5  # bad records named one by one, then a count
_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Layout:
    """How the file was read: what the reader was told, and the header it found."""

    encoding: str
    delimiter: str
    skip_rows: int  # preamble lines before the header (or before the data, with `header`)
    names: tuple[str, ...]  # the column names the records must match
    named_in_settings: bool  # the names come from `header` in room.toml: no header line
    section: str  # where the mapping lives, for hints: [data.issues]


@dataclass
class _Record:
    first: int  # line the record starts on
    last: int  # line it ends on (later than `first` when a quoted cell spans lines)
    fields: list[str]
    raw: list[str]  # its lines as they are in the file


def shape_problems(path: Path, rel: str, layout: Layout) -> list[Problem]:
    """The records whose number of fields differs from the header's, and a quote left
    open at the end of the file, each named by line; [] when the file has none."""
    expected = len(layout.names)
    shown: list[_Record] = []  # described once the end of the file is known
    bad = 0
    header_raw = None if not layout.named_in_settings else ""
    last = None
    widths = array("I")  # each record's number of fields, and the first line of each width
    first_with: dict[int, int] = {}
    with open(path, newline="", encoding=layout.encoding, errors="replace") as handle:
        for record in _records(handle, layout):
            widths.append(min(len(record.fields), 2**32 - 1))
            first_with.setdefault(len(record.fields), record.first)
            if header_raw is None:
                header_raw = "".join(record.raw)
                continue
            last = record
            if len(record.fields) != expected:
                bad += 1
                if bad <= SHOWN:
                    shown.append(record)
    preamble = _preamble(rel, layout, widths, first_with, header_raw or "")
    if preamble:
        return [preamble]
    open_quote = last is not None and _open_quote(last, layout.delimiter)
    ends_in_newline = last is None or last.raw[-1].endswith(("\n", "\r"))
    out = []
    for record in shown:
        if record is last and open_quote:
            continue  # said below, as the quote it is
        cut_short = record is last and not ends_in_newline
        out.append(_wrong_count(rel, record, layout, header_raw or "", cut_short))
    if open_quote:
        out.append(_unclosed(rel, last, ends_in_newline))
    if bad > SHOWN:
        more = bad - SHOWN
        out.append(Problem(rel, f"{more:,} more line{'s' if more != 1 else ''} with the wrong number of fields"))
    return out


def _preamble(rel: str, layout: Layout, widths, first_with: dict[int, int], header_raw: str) -> Problem | None:
    """A report's preamble above the header ("Complaints report", a date, a blank line):
    the first line has fewer fields than the records below, and from the first record
    as wide as the last one on, nine in ten records are that wide: there the header
    seems to start."""
    if layout.named_in_settings or len(widths) < 2:
        return None
    if any(d != layout.delimiter and d in header_raw for d in _DELIMITERS):
        return None  # a header split by another delimiter: said as such (`_delimiter_hint`)
    width = widths[-1]
    start = next(i for i, n in enumerate(widths) if n == width)
    rest = widths[start:]
    if width <= len(layout.names) or start == 0 or sum(1 for n in rest if n == width) < 0.9 * len(rest):
        return None
    line = first_with[width]
    before = line - 1
    return Problem(rel, f"the header seems to start on line {line}: line {layout.skip_rows + 1} has "
                   f"{len(layout.names)} field{'s' if len(layout.names) != 1 else ''} and the records below it "
                   f"{width}, as if a report's title or date stood above the header",
                   hint=f"set skip_rows = {before} in {layout.section}")


def _records(handle, layout: Layout) -> Iterator[_Record]:
    """Each non-blank record after the preamble, with the lines it spans."""
    for _ in range(layout.skip_rows):
        handle.readline()
    lines: list[str] = []

    def feed():
        for line in handle:
            lines.append(line)
            yield line

    reader = csv.reader(feed(), delimiter=layout.delimiter)
    line = layout.skip_rows
    for fields in reader:
        end = layout.skip_rows + reader.line_num
        raw = lines[:]
        lines.clear()
        if fields:  # a blank line is no record, for pyarrow as for us (the csv module gives [])
            yield _Record(line + 1, end, fields, raw)
        line = end


def _open_quote(record: _Record, delimiter: str) -> bool:
    """Whether the file ends inside a quoted cell of this (last) record."""
    try:
        list(csv.reader(record.raw, delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _wrong_count(rel: str, record: _Record, layout: Layout, header_raw: str, cut_short: bool) -> Problem:
    """'has 2 fields where the header has 9', and what would explain it."""
    n, expected, sep = len(record.fields), len(layout.names), _shown(layout.delimiter)
    where = f"'header' in {layout.section} names" if layout.named_in_settings else "the header has"
    message = f"has {n:,} field{'s' if n != 1 else ''} where {where} {expected}"
    if record.last > record.first:
        message += f"; the record runs on to line {record.last} through a quoted cell"
    hint = _delimiter_hint(record, layout, header_raw)
    if hint is None and cut_short and n < expected:
        hint = ("the last line is cut short, as if the file was copied while it was still being written: "
                "export it again")
    if hint is None and record.last > record.first:
        hint = f"check that each quote (\") on line {record.first} is closed where its cell ends"
    if hint is None:
        hint = (f"a cell that contains '{sep}' must be in double quotes" if n > expected else
                f"each line needs {expected} fields separated by '{sep}'; an empty cell still needs its '{sep}'")
    return Problem(rel, message, row=record.first, hint=hint)


def _unclosed(rel: str, record: _Record, ends_in_newline: bool) -> Problem:
    """The quote that opens a cell on `record.first` and is never closed."""
    span = (f", so lines {record.first} to {record.last} read as one record" if record.last > record.first
            else "")
    hint = "close the quote; a quote inside a quoted cell is written twice (\"\")"
    if not ends_in_newline and record.last == record.first:
        hint = ("the last line is cut short, as if the file was copied while it was still being written: "
                "export it again")
    return Problem(rel, f"a quote (\") opens a cell on this line and is never closed{span}", row=record.first,
                   hint=hint)


def _delimiter_hint(record: _Record, layout: Layout, header_raw: str) -> str | None:
    """A hint naming another delimiter, only when it splits the line into the header's
    number of fields (or splits the header and the line alike)."""
    line = "".join(record.raw)
    expected = len(layout.names)
    for other in _DELIMITERS:
        if other == layout.delimiter:
            continue
        fields = _count(line, other)
        if fields < 2:
            continue
        shown = _shown(other)
        if header_raw and _count(header_raw, other) == fields != expected:
            return f"the file looks separated by '{shown}': set delimiter = \"{shown}\" in {layout.section}"
        if fields == expected:
            return (f"this line looks separated by '{shown}', the header by '{_shown(layout.delimiter)}': "
                    "export the file again with one delimiter")
    return None


def _count(text: str, delimiter: str) -> int:
    """How many fields one record's text has with `delimiter`."""
    try:
        return len(next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), []))
    except csv.Error:
        return 0


def _shown(delimiter: str) -> str:
    """A delimiter as room.toml writes it."""
    return "\\t" if delimiter == "\t" else delimiter
