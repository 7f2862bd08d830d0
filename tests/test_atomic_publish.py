"""A build killed part-way (SIGKILL) leaves the previous site complete, and the next build works."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO

from customer_room.load.history import read_history

pytestmark = pytest.mark.slow  # a real browser, printer, watcher or killed process


def tree(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def start_build(room):
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--room", str(room), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_during_a_build_leaves_the_last_site_whole(tmp_path):
    room = tmp_path / "room"
    shutil.copytree(REPO, room, ignore=shutil.ignore_patterns("site", ".venv", ".git", "tests", "bench",
                                                              "test-artifacts", "__pycache__", "*.egg-info"))
    assert subprocess.run([sys.executable, str(REPO / "build.py"), "--room", str(room), "-q"]).returncode == 0
    good = tree(room / "site")
    note = room / "walls" / "outcomes.md"
    killed_while_writing = 0
    for attempt, delay in enumerate((None, None, 0.3, 1.0, 2.0)):
        note.write_text(note.read_text() + f"\nEdit {attempt}.\n")
        build = start_build(room)
        if delay is None:  # kill the moment the new site starts being written
            deadline = time.monotonic() + 60
            while not list(tmp_path.glob("room/.site.new-*")) and build.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            killed_while_writing += bool(list(tmp_path.glob("room/.site.new-*")))
        else:
            time.sleep(delay)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        assert read_history(room).warning is None  # the walk's history is the old one or the new one, whole
        now = tree(room / "site")
        if now != good:  # the build finished before the kill: it must then be a whole new site
            assert set(now) == set(good), "a killed build published a partial site"
            good = now
    assert killed_while_writing >= 1
    assert subprocess.run([sys.executable, str(REPO / "build.py"), "--room", str(room), "-q"]).returncode == 0
    assert "Edit 4." in (room / "site" / "walls" / "outcomes.html").read_text()
    assert not list(room.glob(".site.new-*")) and not list(room.glob(".site.old-*"))
    assert not list((room / "history").glob(".walks.*"))  # a temporary file a kill left is cleared
