"""How big an Excel sheet really is, found cheaply before calamine reads it.

calamine (behind `pd.read_excel`) reads a sheet into one rectangle from A1 to its last
cell, 32 bytes a cell, whatever lies between: a 1.5 KB file with a value in A1 and one in
XFD1048576 asks for 16,384 x 1,048,576 cells (512 GB) and the process aborts with a Rust
backtrace. The sheet's `<dimension ref=…>` cannot be trusted for this (calamine ignores
it; a hostile file declares A1:D2 and has the far cell anyway), so the sheet's XML is
streamed out of the zip (bounded memory) and the cells that hold a value are measured:

- the fast path, for the XML every real writer produces (`<c r="B7" …>`): the highest
  column and row are found with a few C-speed regular-expression searches per 4 MB,
  each looking only for a cell beyond the highest seen so far;
- anything unusual (cells without `r`, a namespace prefix, tabs in tags) is walked by
  expat the way calamine walks it: slower, as exact, never more memory.

A sheet wider than `MAX_COLUMNS` or larger than `MAX_CELLS` (columns x rows) is refused
with a problem naming the file, the sheet and the limits. Measured on the build machine,
a 1,000,000 x 4 kpis sheet (20 MB) takes 12 s and 0.9 GB to read from Excel against
0.7 s from CSV; 5,000,000 cells keeps an Excel read near 1 GB, and bigger exports belong
in CSV or Parquet. Old binary .xls sheets are bounded by their format (65,536 x 256).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from ..errors import Problem

MAX_COLUMNS = 500
MAX_CELLS = 5_000_000  # columns x rows, counted from A1 as calamine holds them
MAX_SHEET_XML = 1 << 30  # bytes of one sheet's XML
_PART_LIMIT = 16 << 20  # workbook.xml and its relationships: a few KB in any real file
_CHUNK = 4 << 20
_TAG_START = 64 << 10  # of a tag longer than this, only the start is looked at
_SEARCHES_PER_CHUNK = 64  # a sheet in an odd order is measured cell by cell past this
_HINT = "export only the used range, or save the sheet as CSV or Parquet, which read in a fraction of the time"
_ANY_C = re.compile(rb"<(?:[\w.-]+:)c[\s/>]|<c[\t\r\n]")  # a cell tag the plain searches would not see
_CELL = re.compile(rb'<c r="([A-Za-z]+)([0-9]+)"')


@dataclass
class Extent:
    """The rectangle calamine would make: columns and rows from A1 to the farthest value."""

    columns: int = 0
    rows: int = 0

    @property
    def cells(self) -> int:
        """How many cells calamine would hold."""
        return self.columns * self.rows

    def reaches(self) -> str:
        """The farthest corner as Excel names it: 'XFD1048576'."""
        return f"{column_name(self.columns)}{self.rows}"

    def too_big(self) -> bool:
        """Past one of the limits."""
        return self.columns > MAX_COLUMNS or self.cells > MAX_CELLS

    def absurd(self) -> bool:
        """So far past the limits that measuring the rest is wasted work."""
        return self.columns > MAX_COLUMNS or self.cells > 100 * MAX_CELLS


class Unmeasurable(Exception):
    """The sheet's XML cannot be followed far enough to measure it (why, as words)."""


def sheet_problems(path: Path, rel: str, sheet: str) -> list[Problem]:
    """A problem when the sheet (`sheet`, or the first) is too big to read, or cannot be
    measured; [] otherwise, and also when the file is not a zip that can be looked into
    (calamine then says what is wrong with it)."""
    name = sheet
    try:
        with zipfile.ZipFile(path) as book:
            members = _sheet_members(book, sheet)
            name = sheet or (members[0][0] if members else "")
            extent = Extent()
            for _, member in members:
                found = _measure(book, member)
                extent = Extent(max(extent.columns, found.columns), max(extent.rows, found.rows))
    except Unmeasurable as exc:
        return [Problem(rel, f"sheet '{name}' cannot be measured before it is read: {exc}",
                        hint="open it in Excel and save it again, or save it as CSV")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return []
    if not extent.too_big():
        return []
    return [Problem(rel, f"sheet '{name}' reaches {extent.reaches()}: {extent.columns:,} columns × {extent.rows:,} "
                    f"rows; customer-room reads at most {MAX_COLUMNS} columns and {MAX_CELLS:,} cells of an Excel "
                    "sheet", hint=_HINT)]


def _sheet_members(book: zipfile.ZipFile, sheet: str) -> list[tuple[str, str]]:
    """[(sheet name, zip member)] for the sheet calamine will read: the named one, or the
    first in the workbook. When the workbook cannot be followed to it, every worksheet
    in the file (so that a file cannot hide its sheet from this check)."""
    names = set(book.namelist())
    every = [("", n) for n in sorted(names) if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    try:
        sheets = [(s.get("name", ""), s.get(_REL_ID, "")) for s in _parse(book, "xl/workbook.xml").iter()
                  if _local(s.tag) == "sheet"]
        targets = {r.get("Id"): r.get("Target", "") for r in _parse(book, "xl/_rels/workbook.xml.rels").iter()
                   if _local(r.tag) == "Relationship"}
    except (KeyError, ET.ParseError):
        return every
    chosen = [s for s in sheets if s[0] == sheet] if sheet else sheets[:1]
    if not chosen:
        return []  # no such sheet: calamine says so
    name, rid = chosen[0]
    target = targets.get(rid, "")
    member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return [(name, member)] if member in names else [(name, m) for _, m in every]


_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _parse(book: zipfile.ZipFile, member: str) -> ET.Element:
    """A small part of the workbook, refused when it is not small."""
    if book.getinfo(member).file_size > _PART_LIMIT:
        raise Unmeasurable(f"its {member} is over {_PART_LIMIT >> 20} MB")
    return ET.fromstring(book.read(member))


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _measure(book: zipfile.ZipFile, member: str) -> Extent:
    """The extent of the cells with a value, over every copy of the member (a zip may
    hold two under one name, and readers differ on which they take)."""
    extent = Extent()
    for info in [i for i in book.infolist() if i.filename == member]:
        found = _measure_one(book, info)
        extent = Extent(max(extent.columns, found.columns), max(extent.rows, found.rows))
    return extent


def _measure_one(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The extent of one sheet's XML, streamed a block at a time."""
    extent = Extent()
    seen = 0
    tail = b""
    with book.open(info) as stream:
        while True:
            block = stream.read(_CHUNK)
            if not block:
                break
            seen += len(block)
            if seen > MAX_SHEET_XML:
                raise Unmeasurable(f"its XML is over {MAX_SHEET_XML >> 30} GB")
            text = tail + block
            cut = text.rfind(b"<")  # a tag cut by the block's end is measured with the next block
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if len(tail) > _TAG_START:  # a huge tag: only its start says what it is, and the rest holds no '<'
                text, tail = text + tail[:_TAG_START], b""
            if not _plain(text):
                return _walk(book, info)
            _fast(text, extent)
            if extent.absurd():
                break
    if tail:
        if not _plain(tail):
            return _walk(book, info)
        _fast(tail, extent)
    return extent


def _plain(text: bytes) -> bool:
    """Whether every cell tag in `text` starts `<c r="`, as every real writer makes them
    (two counts, and a closer look only where other tags start with '<c' or ':c')."""
    if b"\x00" in text:  # UTF-16 (or binary): expat reads it as calamine would
        return False
    cells = text.count(b'<c r="')
    if text.count(b"<c") == cells and b":c" not in text:
        return True
    return not _ANY_C.search(text) and text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/") == cells


def _fast(text: bytes, extent: Extent) -> None:
    """Raise `extent` to the farthest cell with a value in `text`, where every cell tag
    starts `<c r="…"`: a search for a cell past the farthest seen, repeated only when
    one is found. Rows usually grow down the sheet, so the last cell is taken first."""
    last = _CELL.match(text, max(text.rfind(b'<c r="'), 0))
    if last is not None:
        _take(text, last.end(), last.group(1), last.group(2), extent)
    start = 0
    for _ in range(_SEARCHES_PER_CHUNK):
        match = _beyond(extent).search(text, start)
        if match is None:
            return
        wide = match.group("wide") is not None
        _take(text, match.end(), match.group("wide" if wide else "col"), match.group("any" if wide else "tall"),
              extent)
        start = match.end()
    for match in _CELL.finditer(text, start):  # an odd order: measure the rest of the block cell by cell
        _take(text, match.end(), match.group(1), match.group(2), extent)


def _take(text: bytes, end: int, letters: bytes, digits: bytes, extent: Extent) -> None:
    """Count the cell whose reference ends at `end`, unless it is an empty `<c …/>`
    (calamine skips those)."""
    close = text.find(b">", end)
    if close > 0 and text[close - 1:close] == b"/":
        return
    extent.columns = max(extent.columns, column_number(letters.decode()))
    extent.rows = max(extent.rows, int(digits))


_PATTERNS: dict[tuple[int, int], re.Pattern] = {}


def _beyond(extent: Extent) -> re.Pattern:
    """A pattern for a cell tag right of the extent (group 'wide') or below it ('tall')."""
    key = (extent.columns, extent.rows)
    if key not in _PATTERNS:
        if len(_PATTERNS) > 4096:
            _PATTERNS.clear()
        letters = _greater(column_name(extent.columns), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "[A-Za-z]", fold=True) \
            if extent.columns else "[A-Za-z]+"
        digits = _greater(str(extent.rows), "0123456789", "[0-9]", "[1-9]") if extent.rows else "[1-9][0-9]*"
        _PATTERNS[key] = re.compile(
            f'<c r="(?:(?P<wide>{letters})(?P<any>[0-9]+)|(?P<col>[A-Za-z]+)0*(?P<tall>{digits}))"'.encode())
    return _PATTERNS[key]


def _greater(value: str, alphabet: str, any_char: str, first: str | None = None, fold: bool = False) -> str:
    """A regular expression for the strings of `alphabet` that stand for a number above
    `value`: longer ones, or as long and higher at the first place they differ (decimal
    digits without leading zeros, and column letters, both order this way). With `fold`,
    lower-case letters count as their upper-case ones."""
    def one(chars: str) -> str:
        return "[" + chars + (chars.lower() if fold else "") + "]"

    options = [f"{first or any_char}{any_char}{{{len(value)},}}"]
    for i, char in enumerate(value):
        above = alphabet[alphabet.index(char) + 1:]
        if above:
            rest = len(value) - i - 1
            options.append("".join(one(c) for c in value[:i]) + one(above) + (f"{any_char}{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(options) + ")"


def _walk(book: zipfile.ZipFile, member: zipfile.ZipInfo) -> Extent:
    """The extent as calamine walks the XML: a `<row r>` sets the row, a cell without `r`
    takes the next column; only cells with content count (bounded memory, slower)."""
    extent = Extent()
    state = {"row": 0, "col": 0, "cell": None, "value": False}

    def start(tag, attrs):
        name = tag.rsplit(":", 1)[-1]
        if state["cell"] is not None:
            state["value"] = True
        elif name == "row":
            if "r" in attrs:
                state["row"] = int(attrs["r"]) - 1
        elif name == "c":
            if "r" in attrs:
                column, row = _split(attrs["r"])
                state["col"] = column - 1
                state["cell"] = (row - 1, column - 1)
            else:
                state["cell"] = (state["row"], state["col"])
            state["value"] = False

    def end(tag):
        name = tag.rsplit(":", 1)[-1]
        if name == "row" and state["cell"] is None:
            state["row"] += 1
            state["col"] = 0
        elif name == "c" and state["cell"] is not None:
            if state["value"]:
                row, column = state["cell"]
                extent.columns, extent.rows = max(extent.columns, column + 1), max(extent.rows, row + 1)
            state["col"] += 1
            state["cell"] = None

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        with book.open(member) as stream:
            seen = 0
            while block := stream.read(_CHUNK):
                seen += len(block)
                if seen > MAX_SHEET_XML:
                    raise Unmeasurable(f"its XML is over {MAX_SHEET_XML >> 30} GB")
                parser.Parse(block, False)
                if extent.absurd():
                    return extent
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise Unmeasurable(f"its XML is {expat.ErrorString(exc.code)} at line {exc.lineno}") from None
    except ValueError as exc:
        raise Unmeasurable(str(exc)) from None
    return extent


def _split(ref: str) -> tuple[int, int]:
    """('XFD1048576') -> (16384, 1048576); a reference calamine cannot read counts as huge."""
    match = re.fullmatch(r"([A-Za-z]+)([0-9]+)", ref)
    if match is None:
        raise ValueError(f"it has a cell reference '{ref[:20]}' that is not like B7")
    return column_number(match.group(1)), int(match.group(2))


def column_number(letters: str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27, 'XFD' -> 16384."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def column_name(number: int) -> str:
    """1 -> 'A', 27 -> 'AA', 16384 -> 'XFD'."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out
