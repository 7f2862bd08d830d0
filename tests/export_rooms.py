"""Rooms for the export tests: a copy of the hand-computed fixture room with someone
else's folder beside it, a build through the real command line, and a fingerprint of
everything outside the site, so that each test can check that nothing else changed.
Shared by `test_exports.py`, `test_export_dates.py` and `test_export_excel.py`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from customer_room.cli import main

HEADER = "id,opened,closed,category,touchpoint,channel,severity,customer_id,text\n"
ISSUES = (FIXTURES / "small_room" / "data" / "issues.csv").read_text()
LINES = ISSUES.splitlines(keepends=True)  # LINES[0] is the header, LINES[i] is line i + 1
BUILT_BY_THE_BUILD = ("site", ".cache", "history")  # the site, the chart cache and the walk's history are the build's own


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


