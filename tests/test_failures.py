"""Every failure a sentence, never a traceback (issue 11, finding 9): the operating system
saying no, templates with mistakes, dates no calendar here can hold, input nested too
deep. Each case runs the real command and checks its exact words, its exit code, and
that the published site and the room are as they were."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import FIXTURES, cli, files_of

pytestmark = pytest.mark.slow  # runs the real command in new processes, on tmpfs mounts

KEPT = "the published site was left as it was"


@pytest.fixture
def room(tmp_path):
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    return room


@pytest.fixture
def tmpfs(tmp_path):
    """A small file system of its own (a tmpfs), to fill up; skipped where it cannot be mounted."""
    mounted = []

    def mount(size: str):
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                          capture_output=True).returncode:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", str(point)], check=True)


def test_a_full_disk_mid_build_leaves_the_published_site_whole(room, tmpfs):
    disk = tmpfs("4m")
    site = disk / "site"
    assert cli("build", "--room", str(room), "--out", str(site), "-q")[0] == 0
    before = files_of(site, skip=())
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "filler").write_bytes(b"\0" * (free - 16 * 1024))  # room for a page or two, not for the new site
    with open(room / "data" / "issues.csv", "a") as issues:  # new data: every page changes
        issues.write("N1,2026-02-27,,Late delivery,ship,email,low,C9,New.\n")
    code, err = cli("build", "--room", str(room), "--out", str(site), "-q")
    assert code == 1
    assert err.startswith(f"customer-room: no space left on the device to write {site}/")
    assert err.endswith(f"; free some space and build again ({KEPT})\n")
    assert "Traceback" not in err
    assert files_of(site, skip=()) == before
    assert sorted(os.listdir(disk)) == [".site.lock", "filler", "site"]  # no half-built folder left


def test_a_full_disk_at_the_start(room, tmpfs):
    disk = tmpfs("64k")
    (disk / "filler").write_bytes(b"\0" * (os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize))
    code, err = cli("build", "--room", str(room), "--out", str(disk / "site"), "-q")
    assert code == 1
    assert err == f"customer-room: no space left on the device to write {disk}; free some space and build again ({KEPT})\n"


def test_a_read_only_output_folder(room, tmp_path):
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o555)
    code, err = cli("build", "--room", str(room), "--out", str(parent / "site"), "-q", unprivileged=True)
    parent.chmod(0o755)
    assert code == 1
    assert err == f"customer-room: permission denied: {parent}; check who may read and write it ({KEPT})\n"
    assert os.listdir(parent) == []


def test_a_read_only_room_builds_elsewhere_and_keeps_its_chart_cache_per_user(room, tmp_path):
    before = files_of(room, skip=())
    room.chmod(0o555)
    env_cache = tmp_path / "user-cache"
    try:
        code, err = cli("build", "--room", str(room), "--out", str(tmp_path / "site"), "-q", unprivileged=True,
                        env={"XDG_CACHE_HOME": str(env_cache), "CUSTOMER_ROOM_CACHE": ""})
    finally:
        room.chmod(0o755)
    assert code == 0, err
    assert (tmp_path / "site" / "walls" / "issues.html").is_file()
    assert list((env_cache / "customer-room" / "rooms").glob("*/charts/svg/*.svg"))
    assert files_of(room, skip=()) == before


def test_init_into_a_dangling_link_or_a_name_too_long(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    code, err = cli("init", str(tmp_path / "dangling"))
    assert (code, err) == (2, f"customer-room: {tmp_path}/dangling is a link to {tmp_path}/nowhere, which does not "
                              "exist; choose a new folder, or make the folder it points to first\n")
    code, err = cli("init", str(tmp_path / ("x" * 300)))
    assert (code, err) == (2, f"customer-room: the folder name '{'x' * 40}…' is 300 bytes long; file systems allow at "
                              "most 255\n")
    assert sorted(os.listdir(tmp_path)) == ["dangling"]


DATES = [
    ("a start in 1066", "walls/issues/late-delivery.md", ("started: 2026-01-12", "started: 1066-10-14"),
     "walls/issues/late-delivery.md:4: column 'started': '1066-10-14' is outside the dates customer-room can use "
     "(1678 to 2261)"),
    ("a target date in 9999", "walls/issues/late-delivery.md", ("target_date: 2026-04-26", "target_date: 9999-12-31"),
     "walls/issues/late-delivery.md:6: column 'target_date': '9999-12-31' is outside the dates customer-room can "
     "use (1678 to 2261)"),
]


@pytest.mark.parametrize("case, rel, change, expected", DATES, ids=[c[0] for c in DATES])
def test_a_front_matter_date_out_of_range_names_the_note(room, case, rel, change, expected):
    path = room / rel
    text = path.read_text()
    assert change[0] in text
    path.write_text(text.replace(*change))
    code, err = cli("build", "--room", str(room), "-q")
    assert (code, err) == (1, f"customer-room: the room has 1 problem; nothing was written:\n  {expected}\n")


def test_room_toml_nested_100000_deep(room):
    (room / "room.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    code, err = cli("build", "--room", str(room), "-q")
    assert (code, err) == (1, "customer-room: the room has 1 problem; nothing was written:\n  room.toml: is nested "
                              "too deeply to read (settings are tables of plain values)\n")


def test_a_template_with_a_mistake_names_its_line_and_debug_adds_the_traceback(room):
    assert cli("build", "--room", str(room), "-q")[0] == 0
    before = files_of(room, skip=())
    (room / "templates").mkdir()
    (room / "templates" / "index.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ oops(\n'
                                                  '{% endblock %}\n')
    code, err = cli("build", "--room", str(room), "-q")
    assert code == 1
    assert err == f"customer-room: templates/index.html:4: template error: unexpected '%'; {KEPT}\n"
    code, err = cli("build", "--room", str(room), "-q", "--debug")
    assert code == 1 and err.startswith("Traceback") and err.endswith(f"; {KEPT}\n")
    assert {k: v for k, v in files_of(room, skip=()).items() if "templates" not in k} == before
