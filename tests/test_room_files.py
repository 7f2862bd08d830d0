"""Every file of the room is read through the room's rules (issue 11, findings 5, 6, 9, 12).

Notes, templates and room.toml must be regular readable files inside the room: a link
out of the room, a loop, a folder or a pipe where a file should be, or a file nobody may
read is an error naming it (exit 1, the published site and the room untouched), never a
file published from outside the room, a silent absence or a traceback. SVG artifacts
reach the site without anything that can run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, cli, files_of

pytestmark = pytest.mark.slow  # runs the real command in new processes, some without root's file-permission override

SECRET = "root:x:0:0:the secret outside the room"
EVIL_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" '
            'onload="document.title=\'pwned by onload\'"><script>document.title=\'pwned by script\'</script>'
            '<a href="javascript:alert(1)"><rect width="10" height="10" fill="#1d3557"/></a>'
            '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">form</div></foreignObject></svg>')


@pytest.fixture
def built(tmp_path):
    """The small room, built once, beside a secret file outside it."""
    room = tmp_path / "room"
    shutil.copytree(FIXTURES / "small_room", room)
    (tmp_path / "secret.txt").write_text(SECRET)
    code, err = cli("build", "--room", str(room), "-q")
    assert code == 0, err
    return room


def _link(target):
    return lambda room: _replace(room, lambda path: path.symlink_to(target(room) if callable(target) else target))


def _replace(room, make, rel="walls/outcomes.md"):
    path = room / rel
    if path.exists() or path.is_symlink():
        path.unlink()
    make(path)


def _note_loop(room):
    _replace(room, lambda p: p.symlink_to(room / "walls" / "loop.md"))
    (room / "walls" / "loop.md").symlink_to(room / "walls" / "outcomes.md")


def _template_out(room):
    (room / "templates").mkdir()
    (room / "templates" / "base.html").symlink_to(room.parent / "secret.txt")


ERRORS = [
    ("a note linked out of the room", _link(lambda r: r.parent / "secret.txt"),
     "walls/outcomes.md: is a link to {top}/secret.txt, outside the room (files the site shows must be inside the "
     "room)"),
    ("a note that is a link loop", _note_loop, "walls/outcomes.md: is a symbolic link that loops"),
    ("a note linked to nothing", _link("nowhere.md"), "walls/outcomes.md: is a link to nowhere.md, which does not "
     "exist"),
    ("a note that is a folder", lambda r: _replace(r, lambda p: p.mkdir()), "walls/outcomes.md: is a folder, not a file"),
    ("a note that is a named pipe", lambda r: _replace(r, lambda p: os.mkfifo(p), "walls/issues/late-delivery.md"),
     "walls/issues/late-delivery.md: is a named pipe (FIFO), not a file"),
    ("a template linked out of the room", _template_out,
     "templates/base.html: is a link to {top}/secret.txt, outside the room (files the site shows must be inside the "
     "room)"),
    ("room.toml that is a folder", lambda r: _replace(r, lambda p: p.mkdir(), "room.toml"),
     "room.toml: is a folder, not a file"),
    ("room.toml that is a link loop", lambda r: _replace(r, lambda p: p.symlink_to(p), "room.toml"),
     "room.toml: is a symbolic link that loops"),
    ("walls/issues that is a file", lambda r: (shutil.rmtree(r / "walls" / "issues"),
                                               (r / "walls" / "issues").write_text("x")),
     "walls/issues/: is a file, not a folder; the owners' notes in it cannot be used"),
]


@pytest.mark.parametrize("case, change, expected", ERRORS, ids=[c[0] for c in ERRORS])
def test_a_room_file_that_breaks_the_rules_is_an_error_naming_it(built, case, change, expected):
    change(built)
    before = files_of(built.parent, skip=())
    code, err = cli("build", "--room", str(built), "--force", "-q")
    assert code == 1
    assert err == ("customer-room: the room has 1 problem; nothing was written:\n  "
                   + expected.format(top=built.parent) + "\n")
    assert files_of(built.parent, skip=()) == before  # the site too: byte for byte
    assert not any(SECRET.encode() in p.read_bytes() for p in (built / "site").rglob("*") if p.is_file())


def _chmod_000(rel):
    def change(room):
        os.chmod(room / rel, 0)
    return change


UNREADABLE = [
    ("a note", "walls/issues/late-delivery.md", "walls/issues/late-delivery.md: cannot be read: permission denied "
     "(check its permissions)"),
    ("room.toml", "room.toml", "room.toml: cannot be read: permission denied (check its permissions)"),
    ("the folder of issue notes", "walls/issues", "walls/issues/: cannot be read: permission denied (check its "
     "permissions); the owners' notes in it cannot be used"),
]


@pytest.mark.parametrize("case, rel, expected", UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_an_unreadable_room_file_is_an_error_naming_it(built, case, rel, expected):
    os.chmod(built / rel, 0)
    try:
        before = files_of(built.parent, skip=())
        code, err = cli("build", "--room", str(built), "--force", "-q", unprivileged=True)
    finally:
        os.chmod(built / rel, 0o755 if (built / rel).is_dir() else 0o644)
    assert code == 1
    assert err == f"customer-room: the room has 1 problem; nothing was written:\n  {expected}\n"
    assert files_of(built.parent, skip=()) == before


def test_an_unreadable_template_is_an_error_naming_it(built):
    (built / "templates").mkdir()
    shutil.copy(Path(__file__).parent.parent / "customer_room" / "templates" / "base.html", built / "templates")
    os.chmod(built / "templates" / "base.html", 0)
    before = files_of(built.parent, skip=())
    code, err = cli("build", "--room", str(built), "--force", "-q", unprivileged=True)
    assert code == 1
    assert err == ("customer-room: the room has 1 problem; nothing was written:\n  templates/base.html: cannot be "
                   "read: permission denied (check its permissions)\n")
    assert files_of(built.parent, skip=()) == before


def test_an_unreadable_image_is_left_out_with_a_warning(built):
    (built / "walls" / "images").mkdir()
    (built / "walls" / "images" / "box.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (built / "walls" / "outcomes.md").write_text("Look: ![box](images/box.svg)\n")
    os.chmod(built / "walls" / "images" / "box.svg", 0)
    code, err = cli("build", "--room", str(built), unprivileged=True)
    assert code == 0, err
    assert ("warning: walls/outcomes.md: image 'images/box.svg' was left out: it cannot be read: permission denied "
            "(check its permissions)\n") in err
    assert not (built / "site" / "media" / "walls" / "images" / "box.svg").exists()


def _use_evil_svg(room, where):
    images = room / "walls" / "images"
    images.mkdir(exist_ok=True)
    (images / "evil.svg").write_text(EVIL_SVG)
    if where == "note":
        (room / "walls" / "outcomes.md").write_text("The box: ![box](images/evil.svg)\n")
    elif where == "touchpoint":
        csv = room / "data" / "touchpoints.csv"
        csv.write_text(csv.read_text().replace("Sam,1,", "Sam,1,evil.svg"))
    else:
        (room / "room.toml").write_text('logo = "walls/images/evil.svg"\n' + (room / "room.toml").read_text())


@pytest.mark.parametrize("where", ["note", "touchpoint", "logo"])
def test_an_svg_artifact_reaches_the_site_without_anything_that_runs(built, where):
    _use_evil_svg(built, where)
    original = (built / "walls" / "images" / "evil.svg").read_bytes()
    code, err = cli("build", "--room", str(built))
    assert code == 0, err
    assert ("warning: walls/images/evil.svg: scripts, event handlers or links out of the room were taken out of the "
            "copy the site shows (the file itself is unchanged)\n") in err
    published = (built / "site" / "media" / "walls" / "images" / "evil.svg").read_text()
    for bad in ("<script", "onload", "javascript:", "foreignObject", "pwned"):
        assert bad not in published
    assert '<rect fill="#1d3557" height="10" width="10"/>' in published  # the drawing stays
    assert (built / "walls" / "images" / "evil.svg").read_bytes() == original


def test_a_clean_svg_is_published_without_a_warning(built):
    images = built / "walls" / "images"
    images.mkdir()
    shutil.copy(Path(__file__).parent.parent / "walls" / "images" / "mailer-box.svg", images / "box.svg")
    (built / "walls" / "outcomes.md").write_text("The box: ![box](images/box.svg)\n")
    code, err = cli("build", "--room", str(built))
    assert code == 0 and "taken out" not in err
    assert "<title" in (built / "site" / "media" / "walls" / "images" / "box.svg").read_text()


def test_an_svg_that_is_not_well_formed_is_left_out(built):
    images = built / "walls" / "images"
    images.mkdir()
    (images / "bomb.svg").write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
                                     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">'
                                     '<text>&b;</text></svg>')
    (built / "walls" / "outcomes.md").write_text("![bomb](images/bomb.svg)\n")
    code, err = cli("build", "--room", str(built))
    assert code == 0
    assert ("warning: walls/outcomes.md: image 'images/bomb.svg' was left out: walls/images/bomb.svg is not a "
            "well-formed SVG (or declares a DTD)\n") in err


@pytest.mark.slow
def test_no_script_of_an_svg_artifact_runs_in_a_browser(built):
    """Opened directly, as a link to it would open it, the published SVG runs nothing."""
    from browser import chromium, serve

    _use_evil_svg(built, "note")
    assert cli("build", "--room", str(built))[0] == 0
    with serve(built / "site") as base, chromium() as browser:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + "media/walls/images/evil.svg")
        page.wait_for_timeout(300)
        assert "pwned" not in page.title()
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        page.goto(base + "walls/outcomes.html")
        page.wait_for_timeout(300)
        assert "pwned" not in page.title() and dialogs == []
