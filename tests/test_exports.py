"""Hostile and careless data files, built through the real command line (issue 11).

Each case copies the hand-computed fixture room, breaks one data file the way a careless
or hostile user would (a folder or a named pipe where an export should be, a record cut
short), runs `customer-room build`, and checks the exact message, the exit code
(1 for an error, 0 with a warning or a note), that no traceback was printed, and that no
file outside the site changed: the room and a folder beside it are hashed before and
after (the build's own `.cache` and lock may change; nothing else may): `export_rooms`.
Dates are in `test_export_dates.py`, Excel sheets too big to read in `test_export_excel.py`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import REPO, cli
from export_rooms import (  # noqa: F401 - `room` is a fixture
    HEADER, ISSUES, LINES, assert_built_unharmed, build, fingerprint, problems_printed, rewrite, room, with_line,
)

pytestmark = pytest.mark.slow  # builds a room per case, some in new processes


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


