"""Incremental builds: a change redoes only the outputs that depend on it (issue 4).

Each test builds the hand-computed fixture room with one real `BuildState` (what `watch`
runs) or the real command line, changes one input on disk, builds again, and checks
which pages were planned again, which files were rewritten (a kept file is the very
same file: same inode, same modification time) and what the pages now say.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, Rebuilds
from customer_room.deps import stale_pages
from customer_room.errors import DataError
from customer_room.report import Reporter

pytestmark = pytest.mark.slow  # builds a room per case


def files(site):
    """Every file of the site with what identifies that very file: inode and mtime."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file()}


def touched(before, after):
    """The files that are new or not the same file as before."""
    return {p for p in after if before.get(p) != after[p]}


@pytest.fixture
def session(small_room):
    s = Rebuilds(small_room, small_room / "site")
    first = s.build()
    assert first.planned and len(first.written) == len(first.pages)
    return s


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_build_with_nothing_changed_plans_renders_and_writes_nothing(session):
    site = session.out
    before = files(site)
    result = session.build()
    assert result.planned == {} and result.written == [] and result.charts_made == 0
    assert touched(before, files(site)) == {"build.json"}


def test_editing_an_issue_note_redoes_only_that_issue_and_the_wall_that_summarises_it(session):
    site, room = session.out, session.root
    before = files(site)
    edit(room / "walls/issues/late-delivery.md", "Second carrier is live.", "A third carrier starts Monday.")
    result = session.build()
    assert result.planned == {
        "issues/late-delivery.html": "the note of issue 'late-delivery' changed",
        "walls/issues.html": "it summarises the note of issue 'late-delivery'",
        "kiosk.html": "its slides show the note of issue 'late-delivery'",
    }
    assert result.charts_made == 0  # its charts did not change: they come from the cache
    assert result.written == ["issues/late-delivery.html"]  # the wall's card and the slide show no note text
    assert touched(before, files(site)) == {"issues/late-delivery.html", "build.json"}
    assert "A third carrier starts Monday." in (site / "issues/late-delivery.html").read_text()


def test_a_new_owner_reaches_the_issue_page_the_wall_card_and_nothing_else(session):
    site, room = session.out, session.root
    before = files(site)
    edit(room / "walls/issues/late-delivery.md", "owner: Sam, Fulfilment", "owner: Priya, Logistics")
    result = session.build()
    assert set(result.planned) == {"issues/late-delivery.html", "walls/issues.html", "kiosk.html"}
    changed = touched(before, files(site))
    assert {"issues/late-delivery.html", "walls/issues.html", "kiosk.html"} <= changed  # the TV's slide too
    assert not any(p.startswith(("walls/outcomes", "walls/touchpoints", "touchpoints/", "charts/")) for p in changed)
    assert "Priya, Logistics" in (site / "walls/issues.html").read_text()


def test_a_new_reason_note_replans_the_outcomes_wall_and_the_kiosk_only(session):
    site, room = session.out, session.root
    (room / "walls/reasons").mkdir()
    (room / "walls/reasons/price.md").write_text("---\nowner: Sam Lee\nstarted: 2026-01-10\n---\nOn it.\n",
                                                 encoding="utf-8")
    result = session.build()
    assert result.planned == {"walls/outcomes.html": "it summarises the note of reason 'price'",
                              "kiosk.html": "its slides show the note of reason 'price'"}
    assert "Sam Lee" in (site / "walls/outcomes.html").read_text(encoding="utf-8")
    edit(room / "walls/reasons/price.md", "On it.", "Repricing in March.")
    assert set(session.build().planned) == {"walls/outcomes.html", "kiosk.html"}
    assert "Repricing in March." in (site / "walls/outcomes.html").read_text(encoding="utf-8")


def test_deleting_an_issue_note_keeps_the_page_but_drops_its_owner(session):
    site, room = session.out, session.root
    (room / "walls/issues/late-delivery.md").unlink()
    result = session.build()
    assert result.planned["issues/late-delivery.html"] == "the note of issue 'late-delivery' changed"
    assert (site / "issues/late-delivery.html").is_file()
    assert "Sam, Fulfilment" not in (site / "issues/late-delivery.html").read_text()


def test_appending_issues_recomputes_every_page_but_rewrites_only_those_that_changed(session):
    site, room = session.out, session.root
    before = files(site)
    with open(room / "data/issues.csv", "a", encoding="utf-8") as f:
        f.write("L9,2026-02-20,,Late delivery,ship,email,low,C4,Still waiting.\n")
    result = session.build()
    assert set(result.planned) == set(before_pages(session)) and \
        set(result.planned.values()) == {"data/issues.csv changed"}
    changed = touched(before, files(site))
    assert {"issues/late-delivery.html", "walls/issues.html", "index.html"} <= changed
    assert "walls/outcomes.html" not in changed  # customers data and "as of" are the same
    assert "issues/billing.html" not in changed
    assert result.charts_made >= 1  # the late-delivery charts are new; the others are cached
    assert "Still waiting." in (site / "issues/late-delivery.html").read_text()


def before_pages(session):
    return list(session.planned)


def test_a_category_gone_from_the_data_takes_its_page_and_charts_with_it(session):
    site, room = session.out, session.root
    charts_before = {p.name for p in (site / "charts").iterdir()}
    lines = (room / "data/issues.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (room / "data/issues.csv").write_text("".join(l for l in lines if ",Billing," not in l), encoding="utf-8")
    result = session.build()
    assert "issues/billing.html" in result.removed
    assert not (site / "issues/billing.html").exists()
    assert "issues/billing.html" not in (site / "index.html").read_text()
    assert {p.name for p in (site / "charts").iterdir()} != charts_before


def test_a_template_override_renders_every_page_again_without_planning_any(session):
    site, room = session.out, session.root
    (room / "templates").mkdir()
    builtin = (REPO / "customer_room/templates/issue.html").read_text(encoding="utf-8")
    (room / "templates/issue.html").write_text(builtin.replace("{% block content %}", "{% block content %}<p>Room override</p>", 1),
                                               encoding="utf-8")
    result = session.build()
    assert result.planned == {}
    issue_pages = [p.path for p in result.pages if p.kind == "issue"]
    assert set(issue_pages) <= set(result.written)
    assert all("Room override" in (site / p).read_text() for p in issue_pages)
    assert "Room override" not in (site / "walls/issues.html").read_text()


def test_a_broken_save_leaves_the_site_and_the_next_good_save_builds(session):
    site, room = session.out, session.root
    before = files(site)
    good = (room / "data/issues.csv").read_text(encoding="utf-8")
    (room / "data/issues.csv").write_text(good + "L9,not a date,,Late delivery,ship,email,low,C4,x\n", encoding="utf-8")
    with pytest.raises(DataError):
        session.build()
    assert files(site) == before
    (room / "data/issues.csv").write_text(good + "L9,2026-02-20,,Late delivery,ship,email,low,C4,Fixed.\n",
                                          encoding="utf-8")
    result = session.build()
    assert "Fixed." in (site / "issues/late-delivery.html").read_text() and result.written


@pytest.mark.slow  # starts other processes
def test_a_new_build_process_keeps_every_page_a_note_edit_did_not_change(small_room):
    site = small_room / "site"
    command = [sys.executable, str(REPO / "build.py"), "--room", str(small_room)]
    subprocess.run(command, check=True, capture_output=True)
    before = files(site)
    edit(small_room / "walls/issues/late-delivery.md", "Second carrier is live.", "Carrier three is live.")
    run = subprocess.run([*command, "--verbose"], check=True, capture_output=True, text=True)
    assert touched(before, files(site)) == {"issues/late-delivery.html", "build.json"}
    assert "wrote 1 pages, kept 9 unchanged" in run.stderr  # 10 pages, the kiosk and the walk among them


def test_verbose_says_what_was_planned_again_and_why(session, capsys):
    session.reporter = Reporter(verbose=True)
    edit(session.root / "walls/touchpoints/ship.md", "---\n", "---\nauthor: Lee\n")
    session.build()
    err = capsys.readouterr().err
    assert "since the last build: walls/touchpoints/ship.md changed" in err
    assert "planning touchpoints/ship.html again: the note of touchpoint 'ship' changed" in err
    assert "planning walls/touchpoints.html again: it summarises the note of touchpoint 'ship'" in err


# The rules themselves, as a pure function.

PAGES = {"walls/issues.html": ("wall", "issues"), "walls/outcomes.html": ("wall", "outcomes"),
         "issues/a.html": ("issue", "a"), "issues/b.html": ("issue", "b"),
         "touchpoints/t.html": ("touchpoint", "t")}
READS = {p: set() for p in PAGES}


def test_rules_data_and_settings_changes_replan_everything():
    stale = stale_pages({"data/issues.csv"}, {"data/issues.csv": "data"}, PAGES, READS, set())
    assert stale.everything == "data/issues.csv changed" and all(stale.wants(p) for p in PAGES)
    stale = stale_pages({"room.toml"}, {"room.toml": "settings"}, PAGES, READS, set())
    assert stale.everything == "room.toml changed"
    assert stale_pages(None, {}, PAGES, {}, set()).everything == "first build in this process"


def test_rules_a_note_replans_its_subject_and_its_summary_only():
    stale = stale_pages({"walls/issues/a.md"}, {"walls/issues/a.md": "notes"}, PAGES, READS, {("issue", "a")})
    assert stale.everything is None
    assert set(stale.pages) == {"issues/a.html", "walls/issues.html"}


def test_rules_the_kiosk_follows_the_notes_its_slides_show():
    pages = {**PAGES, "kiosk.html": ("kiosk", "kiosk")}
    reads = {p: set() for p in pages}
    stale = stale_pages({"walls/issues/a.md"}, {"walls/issues/a.md": "notes"}, pages, reads, {("issue", "a")})
    assert stale.pages["kiosk.html"] == "its slides show the note of issue 'a'"
    stale = stale_pages({"walls/outcomes.md"}, {"walls/outcomes.md": "notes"}, pages, reads, {("wall", "outcomes")})
    assert set(stale.pages) == {"walls/outcomes.html", "kiosk.html"}
    stale = stale_pages({"walls/touchpoints/t.md"}, {"walls/touchpoints/t.md": "notes"}, pages, reads,
                        {("touchpoint", "t")})
    assert "kiosk.html" not in stale.pages  # no slide shows a touchpoint's note


def test_rules_an_image_replans_the_pages_that_read_it_and_templates_only_rerender():
    reads = {**READS, "walls/outcomes.html": {"walls/images/box.jpg"}}
    stale = stale_pages({"walls/images/box.jpg", "templates/issue.html"},
                        {"walls/images/box.jpg": "media", "templates/issue.html": "templates"}, PAGES, reads, set())
    assert stale.pages == {"walls/outcomes.html": "it shows walls/images/box.jpg, which changed"}
    assert stale.rerender == "templates/issue.html changed"


def test_rules_a_page_never_planned_before_is_new():
    reads = {p: r for p, r in READS.items() if p != "issues/b.html"}
    assert stale_pages(set(), {}, PAGES, reads, set()).pages == {"issues/b.html": "new page"}
