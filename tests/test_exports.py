"""Hostile and careless data files, built through the real command line (issue 11).

Each case copies the hand-computed fixture room, breaks one data file the way a careless
or hostile user would (a folder or a named pipe where an export should be, a record cut
short, a 1.5 KB Excel file claiming sixteen thousand columns, 9999-12-31 for "never", a
date in 1900), runs `customer-room build`, and checks the exact message, the exit code
(1 for an error, 0 with a warning or a note), that no traceback was printed, and that no
file outside the site changed: the room and a folder beside it are hashed before and
after (the build's own `.cache` and lock may change; nothing else may).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import FIXTURES, REPO, cli
from customer_room.cli import main
from pagetext import read_page

pytestmark = pytest.mark.slow  # builds a room per case, some in new processes

HEADER = "id,opened,closed,category,touchpoint,channel,severity,customer_id,text\n"
ISSUES = (FIXTURES / "small_room" / "data" / "issues.csv").read_text()
LINES = ISSUES.splitlines(keepends=True)  # LINES[0] is the header, LINES[i] is line i + 1
BUILT_BY_THE_BUILD = ("site", ".cache")  # the site and the chart cache are the build's own


# --- helpers -----------------------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (links not followed, pipes never opened) with its content
    hash or kind, leaving out what a build of `folder/room` itself writes."""
    out = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(base) / name
            parts = path.relative_to(folder).parts
            own = len(parts) > 1 and (parts[1] in BUILT_BY_THE_BUILD or parts[1].startswith(".site"))
            if parts[0] == "room" and own:
                continue  # the site, its chart cache, its lock
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                out["/".join(parts)] = "link -> " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                readable = os.access(path, os.R_OK)
                out["/".join(parts)] = hashlib.sha256(path.read_bytes()).hexdigest() if readable else "unreadable"
            else:
                out["/".join(parts)] = "dir" if stat.S_ISDIR(info.st_mode) else f"mode {stat.S_IFMT(info.st_mode):o}"
    return out


@pytest.fixture
def room(tmp_path) -> Path:
    """A copy of the fixture room, with a folder of someone else's files beside it."""
    target = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", target)
    (tmp_path / "beside").mkdir()
    (tmp_path / "beside" / "thesis.txt").write_text("years of work\n")
    return target


def build(room: Path, capfd, *extra: str, subprocess_timeout: float | None = None) -> tuple[int, str]:
    """Run `customer-room build` on the room; (exit code, everything printed).

    With `subprocess_timeout` the build runs as its own process, so that a build that
    would block (on a named pipe) fails the test instead of hanging it.
    """
    args = ["build", "--room", str(room), "--force", *extra]
    if subprocess_timeout is None:
        code = main(args)
        out = capfd.readouterr()
        return code, out.out + out.err
    done = subprocess.run([sys.executable, "-m", "customer_room.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=subprocess_timeout)
    return done.returncode, done.stdout + done.stderr


def problems_printed(printed: str) -> list[str]:
    """The problem lines of a failed build's output."""
    lines = printed.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("customer-room: the room has"))
    return [line[2:] for line in lines[start + 1:] if line.startswith("  ")]


def assert_built_unharmed(room: Path, capfd, expected_code: int, *extra: str, timeout: float | None = None) -> str:
    """Build; check the exit code, that no traceback was printed and that nothing outside
    the site changed, in the room or beside it; return what was printed."""
    before = fingerprint(room.parent)
    code, printed = build(room, capfd, *extra, subprocess_timeout=timeout)
    assert "Traceback" not in printed, printed
    assert code == expected_code, printed
    assert fingerprint(room.parent) == before
    return printed


def rewrite(room: Path, rel: str, text: str) -> None:
    (room / rel).write_text(text, encoding="utf-8")


def with_line(number: int, text: str) -> str:
    """The fixture's issues.csv with line `number` (as an editor counts) replaced."""
    lines = list(LINES)
    lines[number - 1] = text
    return "".join(lines)


# --- finding 12: an export that is not a regular, readable file -----------------------------


def _folder(path: Path):
    path.mkdir()


def _fifo(path: Path):
    os.mkfifo(path)


def _loop(path: Path):
    os.symlink(path.with_suffix(".parquet").name, path)
    os.symlink(path.name, path.with_suffix(".parquet"))


def _dangling(path: Path):
    os.symlink("exported-last-year.csv", path)


def _device(path: Path):
    os.symlink(os.devnull, path)


NOT_A_FILE = [
    ("folder", _folder, ["data/issues.csv: is a folder, not a file"]),
    ("named pipe", _fifo, ["data/issues.csv: is a named pipe (FIFO), not a file"]),
    ("symlink loop", _loop, ["data/issues.csv: is a symbolic link that loops",
                             "data/issues.parquet: is a symbolic link that loops"]),
    ("dangling symlink", _dangling, ["data/issues.csv: is a link to exported-last-year.csv, which does not exist"]),
    ("device", _device, ["data/issues.csv: is a device, not a file"]),
]


@pytest.mark.parametrize("case, make, expected", NOT_A_FILE, ids=[c[0] for c in NOT_A_FILE])
def test_an_export_that_is_not_a_file_is_named(room, capfd, case, make, expected):
    path = room / "data" / "issues.csv"
    path.unlink()
    make(path)
    # its own process with a timeout: opening the named pipe would block for good
    printed = assert_built_unharmed(room, capfd, 1, timeout=120 if case == "named pipe" else None)
    assert problems_printed(printed) == expected


def test_a_mapped_export_that_is_a_named_pipe_is_named(room, capfd):
    (room / "exports").mkdir()
    os.mkfifo(room / "exports" / "tickets.csv")
    (room / "data" / "issues.csv").unlink()
    rewrite(room, "room.toml", (room / "room.toml").read_text() + '[data.issues]\nfile = "exports/tickets.csv"\n')
    printed = assert_built_unharmed(room, capfd, 1, timeout=120)
    assert problems_printed(printed) == ["exports/tickets.csv: is a named pipe (FIFO), not a file"]


def test_an_export_nobody_may_read_is_named(room, capfd):
    path = room / "data" / "issues.csv"
    path.chmod(0)
    try:
        if os.geteuid() == 0:
            # root reads a chmod-000 file, so the build is right to use it (and does)…
            assert_built_unharmed(room, capfd, 0)
            assert (room / "site" / "issues" / "late-delivery.html").is_file()
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: nothing here is unreadable to this build")
        # …while to anyone else (root without its override of file permissions) it is unreadable
        before = fingerprint(room.parent)
        code, printed = cli("build", "--room", str(room), "--force", cwd=REPO, unprivileged=True)
        assert "Traceback" not in printed and code == 1, printed
        assert fingerprint(room.parent) == before
        assert problems_printed(printed) == [
            "data/issues.csv: cannot be read: permission denied (check its permissions)"]
    finally:
        path.chmod(0o644)


# --- finding 14: CSV records of the wrong shape, named by line ------------------------------

QUOTED = LINES[1].replace("Two days late.", '"Two days late,\nsaid the note."')  # a cell over two lines

SHAPES = [
    ("too few fields", with_line(5, "B1,2026-01-08\n"),
     ["data/issues.csv:5: has 2 fields where the header has 9 (each line needs 9 fields separated by ','; "
      "an empty cell still needs its ',')"]),
    ("too many fields", with_line(5, LINES[4].replace("Charged twice.", "Charged, twice.")),
     ["data/issues.csv:5: has 10 fields where the header has 9 (a cell that contains ',' must be in double "
      "quotes)"]),
    ("after a quoted cell over two lines", LINES[0] + QUOTED + "".join(LINES[2:]) + "L9,2026-02-20\n",
     ["data/issues.csv:12: has 2 fields where the header has 9 (each line needs 9 fields separated by ','; "
      "an empty cell still needs its ',')"]),
    ("after blank lines", LINES[0] + "\n" + LINES[1] + "\n\n" + "".join(LINES[2:]) + "L9,2026-02-20\n",
     ["data/issues.csv:14: has 2 fields where the header has 9 (each line needs 9 fields separated by ','; "
      "an empty cell still needs its ',')"]),
    ("a quote never closed, mid-file", with_line(5, LINES[4].replace(",2026-01-09,", ',"2026-01-09,')),
     ["data/issues.csv:5: a quote (\") opens a cell on this line and is never closed, so lines 5 to 10 read "
      "as one record (close the quote; a quote inside a quoted cell is written twice (\"\"))"]),
    ("a quote never closed in the last column (read silently before)",
     with_line(5, LINES[4].replace("Charged twice.", '"Charged twice.')),
     ["data/issues.csv:5: a quote (\") opens a cell on this line and is never closed, so lines 5 to 10 read "
      "as one record (close the quote; a quote inside a quoted cell is written twice (\"\"))"]),
    ("a half-appended last line", ISSUES + "L9,2026-02-20,,Late deliv",
     ["data/issues.csv:11: has 4 fields where the header has 9 (the last line is cut short, as if the file was "
      "copied while it was still being written: export it again)"]),
    ("rows with another delimiter", LINES[0] + LINES[1].replace(",", ";") + "".join(LINES[2:]),
     ["data/issues.csv:2: has 1 field where the header has 9 (this line looks separated by ';', the header by "
      "',': export the file again with one delimiter)"]),
    ("a whole file with another delimiter", "".join(line.replace(",", ";") for line in LINES[:3])
     + LINES[3].replace(",", ";").replace("nothing after", "nothing, after"),
     ["data/issues.csv:4: has 2 fields where the header has 1 (the file looks separated by ';': set "
      "delimiter = \";\" in [data.issues])"]),
    ("many short records", HEADER + "".join(f"L{i},2026-01-05\n" for i in range(8)),
     [f"data/issues.csv:{n}: has 2 fields where the header has 9 (each line needs 9 fields separated by ','; "
      "an empty cell still needs its ',')" for n in range(2, 7)]
     + ["data/issues.csv: 3 more lines with the wrong number of fields"]),
]


@pytest.mark.parametrize("case, text, expected", SHAPES, ids=[c[0] for c in SHAPES])
def test_a_csv_record_of_the_wrong_shape_is_named_by_line(room, capfd, case, text, expected):
    rewrite(room, "data/issues.csv", text)
    printed = assert_built_unharmed(room, capfd, 1)
    assert problems_printed(printed) == expected


def test_line_numbers_stay_right_after_quoted_cells_with_another_delimiter(room, capfd):
    rewrite(room, "room.toml", (room / "room.toml").read_text() + '[data.issues]\ndelimiter = ";"\n')
    lines = [line.replace(",", ";") for line in LINES]
    lines[1] = lines[1].replace("Two days late.", '"Two days;\nlate"')
    lines[2] = lines[2].replace("2026-01-06 10:00", "2026-13-01")
    rewrite(room, "data/issues.csv", "".join(lines))
    printed = assert_built_unharmed(room, capfd, 1)
    assert problems_printed(printed) == [
        "data/issues.csv:4: column 'opened': '2026-13-01' is not a date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, "
        "or set date_format in [data.issues])"]


@pytest.mark.parametrize("quoted, blank, line", [(False, False, 1002), (True, False, 1003), (False, True, 1003)],
                         ids=["one record per line", "a quoted cell over two lines", "a blank line"])
def test_line_numbers_stay_right_in_a_file_too_big_to_judge_by_its_start(room, capfd, quoted, blank, line):
    rows = [f"T{i},2026-01-{1 + i % 28:02d},,Late delivery,ship,email,low,C1,Another late parcel for sure\n"
            for i in range(1200)]  # about 90 KB: more than the first 64 KB looked at when reading
    if quoted:
        rows[100] = rows[100].replace("Another late", '"Another\nlate"')
    if blank:
        rows[100] = "\n" + rows[100]
    rows[1000] = rows[1000].replace("2026-01-", "2026-13-")
    rewrite(room, "data/issues.csv", HEADER + "".join(rows))
    printed = assert_built_unharmed(room, capfd, 1)
    assert problems_printed(printed) == [
        f"data/issues.csv:{line}: column 'opened': '2026-13-{1 + 1000 % 28:02d}' is not a "
        "date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM, or set date_format in [data.issues])"]


# --- finding 9: dates customer-room cannot hold ------------------------------------------

NEVER_NOTE = "data/issues.csv: column 'closed': 2 cells of 9999-12-31 were read as no date (a common 'never')"
OUTSIDE_HINT = "(fix the date, or leave the cell empty if there is none)"


def _parquet(path: Path, unit: str = "us", tz: str | None = None, dates: bool = False):
    """data/issues.parquet with real date columns: one 'never', one date in year 1."""
    kind = pa.date32() if dates else pa.timestamp(unit, tz=tz)
    day = dt.date if dates else dt.datetime
    pq.write_table(pa.table({
        "id": ["A", "B", "C"], "category": ["Late delivery"] * 3,
        "opened": pa.array([day(2026, 1, 5), day(2026, 1, 6), day(2026, 1, 7)], kind),
        "closed": pa.array([day(9999, 12, 31), day(1, 1, 1), None], kind)}), path)


def _excel(path: Path):
    """data/issues.xlsx whose 'closed' cells are real Excel dates, one of them 9999-12-31."""
    import pandas as pd

    pd.DataFrame({"id": ["A", "B"], "opened": [dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 6, 10, 30)],
                  "closed": [dt.datetime(9999, 12, 31), dt.datetime(2026, 1, 9)],
                  "category": ["Late delivery", "Billing"]}).to_excel(path, index=False)


OUT_OF_RANGE = [
    ("ISO 0001-01-01", "", with_line(3, LINES[2].replace("2026-01-11 23:00", "0001-01-01")), None,
     ["data/issues.csv:3: column 'closed': '0001-01-01' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("ISO year 20260 typo, with a time zone", "",
     with_line(3, LINES[2].replace("2026-01-11 23:00", "20260-01-11T23:00+01:00")), None,
     ["data/issues.csv:3: column 'closed': '20260-01-11T23:00+01:00' is not a date (expected YYYY-MM-DD or "
      "YYYY-MM-DD HH:MM, or set date_format in [data.issues])"]),
    ("date_format", '[data.issues]\ndate_format = "%d/%m/%Y"\n',
     "id,opened,closed,category\nA,05/01/2026,31/12/9999,Late delivery\nB,06/01/2026,01/01/1066,Late delivery\n",
     None,
     ["data/issues.csv:3: column 'closed': '01/01/1066' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("dayfirst", "[data.issues]\ndayfirst = true\n",
     "id,opened,closed,category\nA,25/01/2026,31/12/9999,Late delivery\nB,26/01/2026,25/01/1200,Late delivery\n",
     None,
     ["data/issues.csv:3: column 'closed': '25/01/1200' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("9999 in a required column", "", with_line(2, LINES[1].replace("L1,2026-01-05", "L1,9999-12-31")), None,
     ["data/issues.csv:2: column 'opened': '9999-12-31' means no date (a common 'never'), but every row needs "
      "one"]),
    ("Parquet datetime64[us]", "", None, _parquet,
     ["data/issues.parquet:2: column 'closed': '0001-01-01' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("Parquet date32", "", None, lambda p: _parquet(p, dates=True),
     ["data/issues.parquet:2: column 'closed': '0001-01-01' is outside the dates customer-room can use "
      "(1678 to 2261) " + OUTSIDE_HINT]),
    ("Parquet seconds with a time zone", "", None, lambda p: _parquet(p, "s", "UTC"),
     ["data/issues.parquet:2: column 'closed': '0001-01-01 00:00:00+00:00' is outside the dates "
      "customer-room can use (1678 to 2261) " + OUTSIDE_HINT]),
]


@pytest.mark.parametrize("case, toml, csv_text, write, expected", OUT_OF_RANGE, ids=[c[0] for c in OUT_OF_RANGE])
def test_a_date_outside_the_supported_years_is_a_row_error(room, capfd, case, toml, csv_text, write, expected):
    if toml:
        rewrite(room, "room.toml", (room / "room.toml").read_text() + toml)
    if write is not None:
        (room / "data" / "issues.csv").unlink()
        write(room / "data" / "issues.parquet")
    else:
        rewrite(room, "data/issues.csv", csv_text)
    printed = assert_built_unharmed(room, capfd, 1)
    assert problems_printed(printed) == expected


NEVERS = [
    ("ISO date and datetime", with_line(2, LINES[1].replace("2026-01-07", "9999-12-31"))
     .replace("2026-01-20,Late", "9999-12-31 23:59:59,Late"), None, NEVER_NOTE),
    ("Excel date cells", None, _excel,
     "data/issues.xlsx: column 'closed': 1 cell of 9999-12-31 was read as no date (a common 'never')"),
]


@pytest.mark.parametrize("case, csv_text, write, note", NEVERS, ids=[c[0] for c in NEVERS])
def test_9999_12_31_is_read_as_no_date_and_said(room, capfd, case, csv_text, write, note):
    if write is not None:
        (room / "data" / "issues.csv").unlink()
        write(room / "data" / "issues.xlsx")
    else:
        rewrite(room, "data/issues.csv", csv_text)
    printed = assert_built_unharmed(room, capfd, 0, "--verbose")
    assert note in printed.splitlines()
    assert note in read_page(room / "site" / "index.html")[1]  # the index page's data health


def test_9999_12_31_in_the_closed_column_leaves_the_issue_open(room, capfd):
    assert_built_unharmed(room, capfd, 0)
    figures = read_page(room / "site" / "walls" / "issues.html")[0]
    rewrite(room, "data/issues.csv", with_line(10, LINES[9].replace(",,", ",9999-12-31,", 1)))
    assert_built_unharmed(room, capfd, 0)
    assert read_page(room / "site" / "walls" / "issues.html")[0] == figures  # backlog, time to close, as of


# --- finding 8 (Excel): a sheet that would take more memory than the machine has ------------

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
KPI_HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>period</t></is></c><c r="B1" t="inlineStr"><is>'
              '<t>touchpoint</t></is></c><c r="C1" t="inlineStr"><is><t>kpi</t></is></c><c r="D1" t="inlineStr">'
              '<is><t>actual</t></is></c></row>')
KPI_ROW = ('<row r="2"><c r="A2" t="inlineStr"><is><t>2026-01-01</t></is></c><c r="B2" t="inlineStr"><is><t>ship'
           '</t></is></c><c r="C2" t="inlineStr"><is><t>On-time delivery</t></is></c><c r="D2"><v>93</v></c></row>')
FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>boom</t></is></c></row>'
TOO_BIG = ("data/kpis.xlsx: sheet 'Sheet1' reaches {}: {} columns × {} rows; customer-room reads at most 500 "
           "columns and 5,000,000 cells of an Excel sheet (export only the used range, or save the sheet as CSV "
           "or Parquet, which read in a fraction of the time)")


def write_xlsx(path: Path, rows_xml: str, dimension: str | None = "A1:D2") -> None:
    """A minimal .xlsx written by hand: one sheet, inline strings, no styles."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                   'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
                   'xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                   f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{SHEET_NS}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{pkg}"><Relationship '
                   f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}">{dim}'
                   f"<sheetData>{rows_xml}</sheetData></worksheet>")


SHEETS = [
    ("a cell at XFD1048576 behind a dimension of A1:D2", KPI_HEADER + KPI_ROW + FAR, "A1:D2",
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("a cell at XFD1048576 and no dimension", KPI_HEADER + KPI_ROW + FAR, None,
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("the far cell with a namespace prefix", KPI_HEADER + KPI_ROW + FAR.replace("<row", f'<x:row xmlns:x="{SHEET_NS}"')
     .replace("</row>", "</x:row>").replace("<c ", "<x:c ").replace("</c>", "</x:c>"), "A1:D2",
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("601 cells without a reference in one row", KPI_HEADER + KPI_ROW.replace("</row>", "<c><v>1</v></c>" * 597
                                                                             + "</row>"), "A1:D2",
     [TOO_BIG.format("WC2", "601", "2")]),
    ("1,250,001 rows of 4 columns", KPI_HEADER + KPI_ROW + '<row r="1250001"><c r="D1250001"><v>1</v></c></row>',
     "A1:D2", [TOO_BIG.format("D1250001", "4", "1,250,001")]),
    ("a far cell in a tag with a 100 KB attribute", KPI_HEADER + KPI_ROW + FAR.replace(
        '<row r="1048576"', '<row r="1048576" x="' + "a" * 100_000 + '"'), "A1:D2",
     [TOO_BIG.format("XFD1048576", "16,384", "1,048,576")]),
    ("cells without a reference in XML that is not well-formed", KPI_HEADER + KPI_ROW
     + '<row r="3"><c><v>1 & 2</v></c></row>', "A1:D3",
     ["data/kpis.xlsx: sheet 'Sheet1' cannot be measured before it is read: its XML is not well-formed (invalid "
      "token) at line 1 (open it in Excel and save it again, or save it as CSV)"]),
]


@pytest.mark.parametrize("case, rows_xml, dimension, expected", SHEETS, ids=[c[0] for c in SHEETS])
def test_an_excel_sheet_too_big_to_read_is_refused_before_calamine_reads_it(room, capfd, case, rows_xml,
                                                                            dimension, expected):
    (room / "data" / "kpis.csv").unlink()
    write_xlsx(room / "data" / "kpis.xlsx", rows_xml, dimension)
    assert (room / "data" / "kpis.xlsx").stat().st_size < 8_000  # a tiny file (compressed)…
    printed = assert_built_unharmed(room, capfd, 1, timeout=120)  # …that aborted the process before
    assert problems_printed(printed) == expected


@pytest.mark.parametrize("case, rows_xml, dimension", [
    ("a dimension of A1:XFD1048576 with two rows (calamine never allocates from it)", KPI_HEADER + KPI_ROW,
     "A1:XFD1048576"),
    ("500 columns, the most allowed", KPI_HEADER + KPI_ROW.replace("</row>", '<c r="SF2"><v>1</v></c></row>'),
     "A1:SF2"),
    ("an empty styled cell at XFD1048576 (calamine skips it)",
     KPI_HEADER + KPI_ROW + '<row r="1048576"><c r="XFD1048576" s="1"/></row>', "A1:XFD1048576"),
], ids=["dimension only", "500 columns", "empty far cell"])
def test_an_excel_sheet_within_the_limits_builds(room, capfd, case, rows_xml, dimension):
    (room / "data" / "kpis.csv").unlink()
    write_xlsx(room / "data" / "kpis.xlsx", rows_xml, dimension)
    assert_built_unharmed(room, capfd, 0, timeout=120)
    assert "On-time delivery" in read_page(room / "site" / "walls" / "touchpoints.html")[1]


# --- finding 16 (1900): a date far from all the others, which every chart would stretch to --

CUSTOMERS = "date,customer_id,event,segment,value,reason\n"

STRAYS = [
    ("one opened date in 1900", "data/issues.csv", with_line(4, LINES[3].replace("2026-01-07", "1900-01-01")),
     "data/issues.csv:4: column 'opened': 1 date lies decades before the others (1900-01-01; the rest start in "
     "2026): charts will start there; fix the date or drop the row"),
    ("two closed dates twelve years early", "data/issues.csv",
     with_line(4, LINES[3].replace("2026-01-07,2026-01-20", "2013-01-07,2013-01-20")).replace(
         "L4,2026-01-13,2026-01-14", "L4,2026-01-13,1999-01-14").replace("L3,2013-01-07", "L3,2026-01-07"),
     "data/issues.csv:4: column 'closed': 2 dates lie at least 12 years before the others (from 1999-01-14; "
     "the rest start in 2026): charts will start there; fix the dates or drop the rows"),
    ("a closed date in 2099", "data/issues.csv", with_line(5, LINES[4].replace("2026-01-09", "2099-01-09")),
     "data/issues.csv:5: column 'closed': 1 date lies decades after the others (2099-01-09; the rest end in "
     "2026): charts and the 'as of' date will run to there; fix the date or drop the row"),
    ("a customer event in 1900", "data/customers.csv",
     (FIXTURES / "small_room" / "data" / "customers.csv").read_text().replace("2026-01-10,C2", "1900-01-10,C2"),
     "data/customers.csv:3: column 'date': 1 date lies decades before the others (1900-01-10; the rest start in "
     "2026): charts will start there; fix the date or drop the row"),
]


@pytest.mark.parametrize("case, rel, text, warning", STRAYS, ids=[c[0] for c in STRAYS])
def test_a_date_far_from_the_others_is_warned_about_and_kept(room, capfd, case, rel, text, warning):
    assert_built_unharmed(room, capfd, 0)
    rewrite(room, rel, text)
    printed = assert_built_unharmed(room, capfd, 0)
    assert "warning: " + warning in printed.splitlines()
    assert warning in read_page(room / "site" / "index.html")[1]  # the index page's data health
    if rel == "data/issues.csv" and "closed" not in case:  # the row is not dropped: the wall starts there
        assert "Weekly, 1900-W01 to 2026-W" in read_page(room / "site" / "walls" / "issues.html")[1]


def test_dates_that_run_on_for_decades_without_a_gap_are_not_strays(room, capfd):
    rows = [f"{year}-01-05,C{year},acquired,Members,100,\n" for year in range(1990, 2027, 9)]  # 9-year steps
    rewrite(room, "data/customers.csv", CUSTOMERS + "".join(rows) + "2026-01-10,C2,lost,Members,100,Price\n")
    printed = assert_built_unharmed(room, capfd, 0)
    assert "lies" not in printed and "lie " not in printed
