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

from conftest import FIXTURES, REPO
from customer_room import readers
from customer_room.cli import main
from pagetext import read_page

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
            if parts[0] == "room" and len(parts) > 1 and (parts[1] in BUILT_BY_THE_BUILD or parts[1].startswith(".site")):
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
    ("dangling symlink", _dangling, ["data/issues.csv: is a link to a file that does not exist"]),
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


def test_an_export_nobody_may_read_is_named(room, capfd, monkeypatch):
    path = room / "data" / "issues.csv"
    path.chmod(0)
    try:
        if os.geteuid() == 0:
            # root reads a chmod-000 file: the build is right to use it (and does)
            assert_built_unharmed(room, capfd, 0)
            assert (room / "site" / "issues" / "late-delivery.html").is_file()

            # what anyone else meets, by an open() that fails as theirs would
            real_open = open

            def denied(file, *args, **kwargs):
                if Path(file) == path:
                    raise PermissionError(13, "Permission denied", str(file))
                return real_open(file, *args, **kwargs)

            monkeypatch.setattr(readers, "open", denied, raising=False)
        printed = assert_built_unharmed(room, capfd, 1)
        assert problems_printed(printed) == [
            "data/issues.csv: cannot be read: permission denied (check the file's permissions)"]
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
