"""`watch`: which file events are inputs, and what each rebuild makes of a change.

The watch's logic is called directly, as staticjinja's reloader tests do: events are
handed to the watcher's handler, and `Watcher.build` runs the build a settled change
would start. One test runs a real watchdog observer on a real folder, and one the real
`watch` command stopped with Ctrl-C (both `slow`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from watchdog.events import DirModifiedEvent, FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileOpenedEvent

from conftest import REPO
from customer_room.live.watch import Watcher, _Handler
from customer_room.report import Reporter

ROW = "L20,2026-02-21,,Late delivery,ship,email,low,C4,{}\n"


@pytest.fixture
def watcher(small_room):
    """A watcher of the small room that has built it once (no observer running)."""
    w = Watcher(small_room, small_room / "site", Reporter(quiet=True), settle=0.05)
    assert w.build().ok
    return w


@pytest.fixture
def idle(small_room):
    """A watcher of the small room that has not built (enough to sort events)."""
    return Watcher(small_room, small_room / "site", Reporter(quiet=True), settle=0.05)


def page(room, path):
    return (room / "site" / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("rel, relevant", [
    ("room.toml", True),
    ("data/issues.csv", True),
    ("walls/issues/late-delivery.md", True),
    ("walls/images/box.svg", True),
    ("templates/base.html", True),
    ("data", True),  # a folder of inputs that comes or goes
    ("data/.issues.csv.swp", False),  # editors' and exporters' scratch files
    ("data/~$kpis.xlsx", False),
    ("walls/.~lock.outcomes.md#", False),
    ("walls/outcomes.md~", False),
    ("data/issues.csv.part", False),
    ("walls/4913", False),
    ("data/.tmp/issues.csv", False),
    ("site/index.html", False),  # the site itself
    (".cache/charts/svg/x.svg", False),
    ("notes.txt", False),  # not an input folder
    ("scripts/demo/generate.py", False),
])
def test_which_paths_are_inputs(idle, small_room, rel, relevant):
    assert idle.relevant(str(small_room / rel)) is relevant


@pytest.mark.slow  # builds the room
def test_an_export_mapped_from_elsewhere_is_an_input(small_room):
    exports = small_room / "exports"
    exports.mkdir()
    (exports / "tickets.csv").write_text((small_room / "data/issues.csv").read_text())
    (small_room / "data/issues.csv").unlink()
    (small_room / "room.toml").write_text((small_room / "room.toml").read_text()
                                          + '\n[data.issues]\nfile = "exports/tickets.csv"\n')
    w = Watcher(small_room, small_room / "site", Reporter(quiet=True))
    assert w.build().ok
    w._mapped = {(exports / "tickets.csv").resolve()}  # what `start` and every build refresh
    assert w.relevant(str(exports / "tickets.csv"))
    assert not w.relevant(str(exports / "other.csv"))


@pytest.mark.parametrize("event, wakes", [
    (FileModifiedEvent("{room}/data/issues.csv"), True),
    (FileCreatedEvent("{room}/walls/issues/new.md"), True),
    (FileMovedEvent("{room}/walls/issues/late-delivery.md.tmp", "{room}/walls/issues/late-delivery.md"), True),
    (FileMovedEvent("{room}/walls/x.md", "{room}/walls/.x.md.swp"), True),  # a note moved away is gone
    (FileModifiedEvent("{room}/walls/issues/.late-delivery.md.swp"), False),
    (DirModifiedEvent("{room}/walls/issues"), False),  # a folder is "modified" whenever a file comes or goes
    (FileOpenedEvent("{room}/data/issues.csv"), False),  # reading is not changing
    (FileModifiedEvent("{room}/site/index.html"), False),
])
def test_an_event_wakes_the_build_loop_only_for_an_input(idle, small_room, event, wakes):
    for name in ("src_path", "dest_path"):
        if getattr(event, name, ""):
            setattr(event, name, getattr(event, name).format(room=small_room))
    idle.changed.clear()
    _Handler(idle).on_any_event(event)
    assert idle.changed.is_set() is wakes


def test_the_loop_waits_until_the_changes_settle(idle):
    """An export written in pieces is built once, after the last piece."""
    def keep_writing():
        for _ in range(6):
            idle.notice(str(idle.root / "data" / "issues.csv"))
            time.sleep(0.02)

    writer = threading.Thread(target=keep_writing)
    began = time.monotonic()
    writer.start()
    idle._wait_until_settled()
    writer.join()
    assert time.monotonic() - began >= 6 * 0.02  # it waited for the writes to stop


@pytest.mark.slow  # builds the room
def test_appended_issue_rows_reach_the_issue_page(watcher, small_room):
    with open(small_room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write(ROW.format("Still waiting for the tent."))
    outcome = watcher.build()
    assert outcome.ok and "issues/late-delivery.html" in outcome.result.written
    assert "Still waiting for the tent." in page(small_room, "issues/late-delivery.html")


@pytest.mark.slow  # builds the room
def test_a_commentary_edit_rewrites_its_page_only(watcher, small_room):
    note = small_room / "walls/issues/late-delivery.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Second carrier is live.", "Third carrier signed."),
                    encoding="utf-8")
    outcome = watcher.build()
    assert outcome.ok and outcome.result.written == ["issues/late-delivery.html"]
    assert "Third carrier signed." in page(small_room, "issues/late-delivery.html")


@pytest.mark.slow  # builds the room
def test_deleting_an_issue_note_keeps_the_page_and_drops_its_owner(watcher, small_room):
    assert "Sam, Fulfilment" in page(small_room, "issues/late-delivery.html")
    (small_room / "walls/issues/late-delivery.md").unlink()
    outcome = watcher.build()
    assert outcome.ok
    assert "Sam, Fulfilment" not in page(small_room, "issues/late-delivery.html")
    assert "Sam, Fulfilment" not in page(small_room, "walls/issues.html")


@pytest.mark.slow  # builds the room
def test_a_category_deleted_from_the_data_loses_its_page(watcher, small_room):
    path = small_room / "data/issues.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",Billing," not in line), encoding="utf-8")
    outcome = watcher.build()
    assert outcome.ok and outcome.result.removed == ["issues/billing.html"]
    assert not (small_room / "site/issues/billing.html").exists()


@pytest.mark.slow  # builds the room
def test_a_broken_csv_keeps_the_last_good_site_until_it_is_fixed(watcher, small_room):
    site = small_room / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    path = small_room / "data/issues.csv"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "L20,not a date,,Late delivery,ship,email,low,C4,Broken.\n", encoding="utf-8")
    outcome = watcher.build()
    assert not outcome.ok
    assert any("data/issues.csv" in p and "opened" in p and "not a date" in p for p in outcome.problems)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    path.write_text(good + ROW.format("Fixed now."), encoding="utf-8")
    outcome = watcher.build()
    assert outcome.ok and "Fixed now." in page(small_room, "issues/late-delivery.html")


@pytest.mark.slow  # a real observer, on the wall clock
def test_a_real_observer_builds_once_after_a_save_through_a_rename_and_ignores_scratch_files(small_room):
    outcomes = []
    watcher = Watcher(small_room, small_room / "site", Reporter(quiet=True), settle=0.2, on_build=outcomes.append)
    watcher.start()
    watcher.build()
    thread = threading.Thread(target=watcher.loop, daemon=True)
    thread.start()

    def builds_after(seconds):
        seen = len(outcomes)
        time.sleep(seconds)
        return len(outcomes) - seen

    try:
        note = small_room / "walls/issues/late-delivery.md"
        note.with_name(".late-delivery.md.swp").write_text("editor state", encoding="utf-8")
        assert builds_after(1.0) == 0  # an editor's scratch file is not an input
        temp = note.with_name("late-delivery.md.tmp")
        temp.write_text(note.read_text(encoding="utf-8").replace("Second carrier is live.", "Saved by rename."),
                        encoding="utf-8")
        os.replace(temp, note)
        deadline = time.monotonic() + 30
        while len(outcomes) < 2:
            assert time.monotonic() < deadline, "no build came"
            time.sleep(0.05)
        assert outcomes[-1].ok and "Saved by rename." in page(small_room, "issues/late-delivery.html")
        assert builds_after(1.0) == 0  # one save, one build
    finally:
        watcher.close()
        thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.mark.slow  # the real command in a new process
def test_the_watch_command_prints_each_build_and_stops_cleanly_on_ctrl_c(small_room):
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "watch", "--room", str(small_room)],
                            stderr=subprocess.PIPE, text=True)
    lines = []
    try:
        for line in proc.stderr:  # the first build
            lines.append(line)
            if line.startswith("built in"):
                break
        note = small_room / "walls/issues/late-delivery.md"
        note.write_text(note.read_text(encoding="utf-8").replace("Second carrier", "Third carrier"), encoding="utf-8")
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("rebuilt in"):
                break
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0
    assert lines[0].startswith("watching ") and "Ctrl-C" in lines[0]
    assert "rebuilt in" in lines[-1] and "wrote 1 of" in lines[-1]
    assert rest.strip().endswith("stopped watching")
