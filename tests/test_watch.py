"""`watch`: real watchdog events on a real room folder rebuild the right site (issue 5).

Each test runs a `Watcher` on a copy of the hand-computed fixture room in a thread,
changes files on disk the way editors and exporters do, waits for the watcher's next
build, and reads the published site.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import REPO
from customer_room.report import Reporter
from customer_room.live.watch import Watcher

pytestmark = pytest.mark.slow  # a real browser, printer, watcher or killed process

SETTLE = 0.2


class Running:
    """A watcher running in a thread, and a way to wait for its builds."""

    def __init__(self, room):
        self.watcher = Watcher(room, room / "site", Reporter(quiet=True), settle=SETTLE,
                               on_build=self.outcomes_append)
        self.outcomes = []
        self.watcher.start()
        self.watcher.build()
        self.thread = threading.Thread(target=self.watcher.loop, daemon=True)
        self.thread.start()

    def outcomes_append(self, outcome):
        self.outcomes.append(outcome)

    def next_build(self, timeout=30):
        """Wait for the build after the ones seen so far; return its outcome."""
        seen = len(self.outcomes)
        deadline = time.monotonic() + timeout
        while len(self.outcomes) == seen:
            assert time.monotonic() < deadline, "no build came"
            time.sleep(0.05)
        return self.outcomes[-1]

    def no_build_for(self, seconds):
        seen = len(self.outcomes)
        time.sleep(seconds)
        return len(self.outcomes) == seen

    def stop(self):
        self.watcher.close()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()


@pytest.fixture
def running(small_room):
    run = Running(small_room)
    assert run.outcomes[0].ok
    yield run
    run.stop()


def page(room, path):
    return (room / "site" / path).read_text(encoding="utf-8")


def test_appended_issue_rows_reach_the_issue_page(running, small_room):
    with open(small_room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write("L20,2026-02-21,,Late delivery,ship,email,low,C4,Still waiting for the tent.\n")
    outcome = running.next_build()
    assert outcome.ok and "issues/late-delivery.html" in outcome.result.written
    assert "Still waiting for the tent." in page(small_room, "issues/late-delivery.html")


def test_a_commentary_edit_rewrites_its_page_only(running, small_room):
    note = small_room / "walls/issues/late-delivery.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Second carrier is live.", "Third carrier signed."),
                    encoding="utf-8")
    outcome = running.next_build()
    assert outcome.ok and outcome.result.written == ["issues/late-delivery.html"]
    assert "Third carrier signed." in page(small_room, "issues/late-delivery.html")


def test_a_save_through_a_temporary_file_and_a_rename_builds_once_with_the_new_text(running, small_room):
    note = small_room / "walls/issues/late-delivery.md"
    scratch = note.with_name(".late-delivery.md.swp")
    scratch.write_text("editor state", encoding="utf-8")
    assert running.no_build_for(1.0)  # an editor's scratch file is not an input
    temp = note.with_name("late-delivery.md.tmp")
    temp.write_text(note.read_text(encoding="utf-8").replace("Second carrier is live.", "Saved by rename."),
                    encoding="utf-8")
    os.replace(temp, note)
    outcome = running.next_build()
    assert outcome.ok and "Saved by rename." in page(small_room, "issues/late-delivery.html")
    assert running.no_build_for(1.0)


def test_an_export_written_in_several_steps_is_built_once_when_it_settles(running, small_room):
    path = small_room / "data/issues.csv"
    text = path.read_text(encoding="utf-8") + "L20,2026-02-21,,Late delivery,ship,email,low,C4,Written in steps.\n"
    with open(path, "w", encoding="utf-8") as f:  # an exporter truncates, then writes in pieces
        for i in range(0, len(text), 200):
            f.write(text[i:i + 200])
            f.flush()
            time.sleep(SETTLE / 4)
    outcome = running.next_build()
    assert outcome.ok and "Written in steps." in page(small_room, "issues/late-delivery.html")
    assert running.no_build_for(1.0)


def test_deleting_an_issue_note_keeps_the_page_and_drops_its_owner(running, small_room):
    assert "Sam, Fulfilment" in page(small_room, "issues/late-delivery.html")
    (small_room / "walls/issues/late-delivery.md").unlink()
    outcome = running.next_build()
    assert outcome.ok
    assert "Sam, Fulfilment" not in page(small_room, "issues/late-delivery.html")
    assert "Sam, Fulfilment" not in page(small_room, "walls/issues.html")


def test_a_category_deleted_from_the_data_loses_its_page(running, small_room):
    path = small_room / "data/issues.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",Billing," not in line), encoding="utf-8")
    outcome = running.next_build()
    assert outcome.ok and outcome.result.removed == ["issues/billing.html"]
    assert not (small_room / "site/issues/billing.html").exists()


def test_a_broken_csv_keeps_the_last_good_site_until_it_is_fixed(running, small_room):
    site = small_room / "site"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    path = small_room / "data/issues.csv"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "L20,not a date,,Late delivery,ship,email,low,C4,Broken.\n", encoding="utf-8")
    outcome = running.next_build()
    assert not outcome.ok
    assert any("data/issues.csv" in p and "opened" in p and "not a date" in p for p in outcome.problems)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    path.write_text(good + "L20,2026-02-21,,Late delivery,ship,email,low,C4,Fixed now.\n", encoding="utf-8")
    outcome = running.next_build()
    assert outcome.ok and "Fixed now." in page(small_room, "issues/late-delivery.html")


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
