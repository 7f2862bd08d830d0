"""The site folder: customer-room never empties or replaces a folder it did not make,
and builds one at a time per site (issue 11, findings 1-4, 7 and 16).

Every case runs against real folders in a temporary tree and compares every file of
the room and the folders beside it before and after.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, cli, files_of
from customer_room.cli import main


@pytest.fixture
def work(tmp_path):
    """A room beside a folder of someone's own files, a file, and links to both."""
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "small_room", work / "room")
    (work / "thesis").mkdir()
    (work / "thesis" / "thesis.txt").write_text("three years of work")
    (work / "f.txt").write_text("notes")
    (work / "thesis-link").symlink_to(work / "thesis")
    (work / "empty").mkdir()
    (work / "elsewhere").mkdir()
    return work


def refused(work, out, expected, cwd=None, capsys=None):
    """Build with `--out out` from `cwd`: exit 2, the exact message, and not one file changed."""
    before = files_of(work.parent)
    os.chdir(cwd or work)
    assert main(["build", "--room", str(work / "room"), "--out", out, "--quiet"]) == 2
    assert capsys.readouterr().err == f"customer-room: {expected}\n"
    assert files_of(work.parent) == before


OWN = "give the site a folder of its own, such as {room}/site"
CASES = [
    ("a folder of the user's", "thesis", "--out {work}/thesis is a folder customer-room did not make (it holds "
     "thesis.txt), so it will not be emptied or replaced; give a new or empty folder, or one that holds a "
     "customer-room site"),
    ("the same through a link", "thesis-link", "--out {work}/thesis is a folder customer-room did not make (it holds "
     "thesis.txt), so it will not be emptied or replaced; give a new or empty folder, or one that holds a "
     "customer-room site"),
    ("the room", "room", "--out {room} is the room itself: building there would replace room.toml, data/, walls/ "
     "and templates/ with the site; " + OWN),
    ("the room's data", "room/data", "--out {room}/data is inside the room's data/ folder, which the build reads; "
     + OWN),
    ("a folder inside the data", "room/data/site", "--out {room}/data/site is inside the room's data/ folder, which "
     "the build reads; " + OWN),
    ("the notes", "room/walls", "--out {room}/walls is inside the room's walls/ folder, which the build reads; " + OWN),
    ("room.toml", "room/room.toml", "--out {room}/room.toml is the room's room.toml, which the build reads; " + OWN),
    ("the cache", "room/.cache/site", "--out {room}/.cache/site is inside the room's .cache/ folder, which the "
     "build reads; " + OWN),
    ("above the room", "..", "--out {top} holds the room ({room}): building there would replace the room and "
     "everything beside it; " + OWN),
    ("the room's folder", ".", "--out {work} holds the room ({room}): building there would replace the room and "
     "everything beside it; " + OWN),
    ("empty (an unset variable)", "", "--out is empty (an unset shell variable?): give the folder for the site, "
     "or leave --out out to use ROOM/site"),
    ("a file", "f.txt", "--out {work}/f.txt is a file, not a folder; give a folder for the site"),
]


@pytest.mark.parametrize("case, out, expected", CASES, ids=[c[0] for c in CASES])
def test_an_output_folder_customer_room_did_not_make_is_refused(work, capsys, case, out, expected):
    refused(work, out, expected.format(work=work, room=work / "room", top=work.parent), capsys=capsys)


def test_the_current_folder_is_refused(work, capsys):
    refused(work, ".", f"--out {work}/elsewhere is the current folder: the site's folder is replaced whole by "
            "every build; give it a folder of its own, such as --out site", cwd=work / "elsewhere", capsys=capsys)


def test_a_mount_point_is_refused(work, capsys):
    point = work / "mnt"
    point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        refused(work, "mnt", f"--out {point} is a mount point, which cannot be replaced in one step; give a folder "
                f"inside it, such as {point}/site", capsys=capsys)
    finally:
        subprocess.run(["umount", str(point)], check=True)


@pytest.mark.slow  # builds the room
@pytest.mark.parametrize("prepare", ["absent", "empty", "a site", "a site from before build.json named its maker"])
def test_a_new_or_empty_folder_or_a_site_is_built_into(work, capsys, prepare):
    out = work / "out"
    if prepare == "empty":
        out.mkdir()
    elif prepare.startswith("a site"):
        assert main(["build", "--room", str(work / "room"), "--out", str(out), "-q"]) == 0
        if prepare != "a site":
            built = json.loads((out / "build.json").read_text())
            del built["generator"]
            (out / "build.json").write_text(json.dumps(built))
    assert main(["build", "--room", str(work / "room"), "--out", str(out), "-q", "--force"]) == 0
    assert json.loads((out / "build.json").read_text())["generator"] == "customer-room"
    assert (out / "issues" / "late-delivery.html").is_file()
    assert sorted(os.listdir(work)) == sorted(["room", "thesis", "f.txt", "thesis-link", "empty", "elsewhere",
                                               "out", ".out.lock"])  # nothing left beside it


@pytest.mark.slow  # builds the room
def test_a_file_put_into_a_site_is_not_a_reason_to_refuse_it(work):
    """A site folder stays the site's: a build replaces it whole (the README says never
    to edit it), so a stray file in it does not stop the next build."""
    out = work / "out"
    assert main(["build", "--room", str(work / "room"), "--out", str(out), "-q"]) == 0
    (out / "stray.txt").write_text("x")
    assert main(["build", "--room", str(work / "room"), "--out", str(out), "-q", "--force"]) == 0
    assert not (out / "stray.txt").exists()


@pytest.mark.slow
def test_two_builds_at_once_both_publish_a_whole_site(work):
    """Two real processes build the same site with --force at the same moment: the second
    waits for the first, both exit 0, and the site holds every page."""
    command = [sys.executable, "-m", "customer_room.cli", "build", "--room", str(work / "room"),
               "--out", str(work / "site"), "--force"]
    for _ in range(2):
        runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        errors = [run.communicate(timeout=120)[1] for run in runs]
        assert [run.returncode for run in runs] == [0, 0], errors
        built = json.loads((work / "site" / "build.json").read_text())
        assert len(built["pages"]) == 10
        for page in built["pages"]:
            assert (work / "site" / page["path"]).is_file()
        assert not [name for name in os.listdir(work) if ".new-" in name or ".old-" in name]


HOLD = """
import sys, time
from pathlib import Path
from customer_room.output.site_folder import SiteLock
with SiteLock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.mark.slow
def test_a_build_waits_for_the_lock_and_a_killed_holder_never_leaves_it_stuck(work):
    site = work / "site"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(site)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    build = subprocess.Popen([sys.executable, "-m", "customer_room.cli", "build", "--room", str(work / "room"),
                              "--out", str(site)], stderr=subprocess.PIPE, text=True)
    lines = iter(build.stderr.readline, "")
    waiting = next(line for line in lines if not line.startswith("  "))  # progress lines come first
    assert waiting == f"waiting for another build of this site (process {holder.pid}) to finish\n"
    assert build.poll() is None  # still waiting
    os.kill(holder.pid, signal.SIGKILL)  # the holder dies without letting go: the kernel does
    holder.wait()
    rest = build.communicate(timeout=120)[1]
    assert build.returncode == 0, rest
    assert "built 10 pages" in rest
    started = time.monotonic()
    code, err = cli("build", "--room", str(work / "room"), "--out", str(site), "--force")
    assert code == 0 and "waiting" not in err
    assert time.monotonic() - started < 60
