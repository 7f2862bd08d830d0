"""The kiosk's playlist: [kiosk] in room.toml, wildcards, per-page seconds, hours, warnings.

The pure rules of `playlist.py` table by table, the settings' errors word for word, and
one build of the fixture room to see the playlist reach kiosk.html, build.json and the
index page's data health.
"""

from __future__ import annotations

import json

import pytest

from customer_room.errors import ConfigError
from customer_room.load.hours import Hours, HoursError, parse_hours
from customer_room.pages.playlist import arrange, bounds, expand_pages, kiosk_config, matches, seconds_for, slide_seconds
from customer_room.pages.slides import Slide
from customer_room.load.settings import Kiosk, load_settings

SITE = ["index.html", "walls/outcomes.html", "walls/issues.html", "walls/touchpoints.html",
        "issues/refund-delay.html", "issues/late-delivery.html", "touchpoints/ship.html", "kiosk.html"]


@pytest.mark.parametrize("pattern, path, hit", [
    ("walls/*", "walls/issues.html", True),
    ("walls/*.html", "walls/issues.html", True),
    ("walls/issues", "walls/issues.html", True),
    ("walls/issues.html", "walls/issues.html", True),
    ("/walls/issues.html", "walls/issues.html", True),
    ("./issues/late-*", "issues/late-delivery.html", True),
    ("walls/*", "issues/late-delivery.html", False),
    ("issues/*", "walls/issues.html", False),
    ("walls/issue", "walls/issues.html", False),
])
def test_a_pattern_names_pages_with_or_without_html(pattern, path, hit):
    assert matches(pattern, path) is hit


@pytest.mark.parametrize("patterns, playlist", [
    # the default: the three walls, then every issue page, in site order
    (("walls/*", "issues/*"), ["walls/outcomes.html", "walls/issues.html", "walls/touchpoints.html",
                               "issues/refund-delay.html", "issues/late-delivery.html"]),
    # a wildcard adds only the pages not in the playlist yet
    (("walls/issues.html", "walls/*"), ["walls/issues.html", "walls/outcomes.html", "walls/touchpoints.html"]),
    # a plain path is played where it stands, even again
    (("walls/outcomes", "issues/late-delivery", "walls/outcomes"),
     ["walls/outcomes.html", "issues/late-delivery.html", "walls/outcomes.html"]),
    # '*' is every page but the kiosk itself
    (("*",), SITE[:-1]),
])
def test_playlist_expansion(patterns, playlist):
    assert expand_pages(patterns, SITE) == (playlist, [])


@pytest.mark.parametrize("patterns, problems", [
    (("walls/*", "posters/*"), ["room.toml: 'kiosk.pages': 'posters/*' matches no page of the site"]),
    (("walls/outcome.html",), ["room.toml: 'kiosk.pages': there is no page 'walls/outcome.html' "
                               "(did you mean 'walls/outcomes.html'?)",
                               "room.toml: the kiosk has no page to show (list pages such as \"walls/*\" in "
                               "[kiosk] pages)"]),
    (("walls/*", "zzz"), ["room.toml: 'kiosk.pages': there is no page 'zzz' (pages are paths such as "
                          "\"walls/issues.html\" or \"issues/*\")"]),
    (("kiosk.html", "walls/*"), ["room.toml: 'kiosk.pages': there is no page 'kiosk.html' (did you mean "
                                 "'index.html'?)"]),
])
def test_pages_that_do_not_exist_are_named(patterns, problems):
    assert [str(p) for p in expand_pages(patterns, SITE)[1]] == problems


@pytest.mark.parametrize("path, seconds", [
    ("walls/issues.html", 40.0),        # named itself: wins over the wildcard below
    ("walls/outcomes.html", 12.0),      # the first wildcard that matches, in room.toml's order
    ("issues/late-delivery.html", 8.0),
    ("touchpoints/ship.html", 20.0),    # nothing names it: the default
])
def test_page_seconds(path, seconds):
    page_seconds = {"walls/*": 12.0, "issues/*": 8.0, "walls/issues": 40.0, "*": 5.0}
    assert seconds_for(path, 20.0, {k: v for k, v in page_seconds.items() if k != "*"}) == seconds


def test_page_seconds_in_the_config_and_a_key_naming_no_page():
    kiosk = Kiosk(pages=("walls/*",), seconds=20.0, page_seconds={"walls/issues.html": 45, "issues/*": 9})
    config, problems = kiosk_config(kiosk, SITE)
    assert [(e["path"], e["seconds"]) for e in config["playlist"]] == [
        ("walls/outcomes.html", 20.0), ("walls/issues.html", 45), ("walls/touchpoints.html", 20.0)]
    assert [str(p) for p in problems] == ["room.toml: 'kiosk.page_seconds': 'issues/*' names no page of the "
                                          "kiosk's playlist"]
    assert (config["hours"], config["reload_hours"], config["poll_seconds"]) == (None, 6.0, 30.0)


@pytest.mark.parametrize("text, hours", [
    ("07:00-19:00", Hours(420, 1140)),
    (" 7:30 - 18:05 ", Hours(450, 1085)),
    ("22:00-06:00", Hours(1320, 360)),
    ("", None),
])
def test_hours_parse(text, hours):
    assert parse_hours(text) == hours


@pytest.mark.parametrize("text", ["7-19", "07:00", "07:00-19:00-20:00", "25:00-06:00", "07:60-08:00",
                                  "09:00-09:00"])
def test_bad_hours(text):
    with pytest.raises(HoursError):
        parse_hours(text)


@pytest.mark.parametrize("hours, minute, running", [
    (Hours(420, 1140), 419, False), (Hours(420, 1140), 420, True), (Hours(420, 1140), 1139, True),
    (Hours(420, 1140), 1140, False),
    (Hours(1320, 360), 1319, False), (Hours(1320, 360), 1320, True), (Hours(1320, 360), 0, True),
    (Hours(1320, 360), 359, True), (Hours(1320, 360), 360, False),
])
def test_hours_running(hours, minute, running):
    assert hours.running(minute) is running


def test_kiosk_settings_are_typed(tmp_path):
    (tmp_path / "room.toml").write_text('[kiosk]\npages = ["walls/*"]\nseconds = 1\nhours = "07:00-19:00"\n'
                                        'page_seconds = { "walls/issues.html" = 2.5 }\npoll_seconds = 0.5\n')
    k = load_settings(tmp_path).kiosk
    assert (k.pages, k.seconds, k.hours, k.page_seconds, k.poll_seconds, k.reload_hours) == \
        (("walls/*",), 1.0, "07:00-19:00", {"walls/issues.html": 2.5}, 0.5, 6.0)


@pytest.mark.parametrize("text, message", [
    ("[kiosk]\npage = []", "room.toml: unknown setting 'kiosk.page' (did you mean 'kiosk.pages'?)"),
    ("[kiosk]\npages = []", "room.toml: 'kiosk.pages' must be a list of names, e.g. [\"walls/*\", "
                            "\"issues/late-delivery.html\"]"),
    ("[kiosk]\nseconds = 0.2", "room.toml: 'kiosk.seconds' must be from 0.5 to 86,400 seconds (a day)"),
    ("[kiosk]\nseconds = 1e9", "room.toml: 'kiosk.seconds' must be from 0.5 to 86,400 seconds (a day)"),
    ("[kiosk]\nseconds = \"20\"", "room.toml: 'kiosk.seconds' must be a number, not '20'"),
    ("[kiosk]\npoll_seconds = 0", "room.toml: 'kiosk.poll_seconds' must be from 0.5 to 86,400 seconds (a day)"),
    ("[kiosk]\nreload_hours = 0", "room.toml: 'kiosk.reload_hours' must be more than 0 and at most 720 hours "
                                "(a month)"),
    ("[kiosk]\nreload_hours = 1e6", "room.toml: 'kiosk.reload_hours' must be more than 0 and at most 720 hours "
                                  "(a month)"),
    ("[kiosk]\npage_seconds = { \"walls/*\" = 0.1 }", "room.toml: 'kiosk.page_seconds' gives 'walls/*' 0.1 "
                                                      "seconds (expected 0.5 to 86,400, a day)"),
    ("[kiosk]\npage_seconds = { \"walls/*\" = \"long\" }", "room.toml: 'kiosk.page_seconds' must be a table of "
                                                           "numbers, e.g. { \"walls/issues.html\" = 40 }"),
    ("[kiosk]\nhours = \"7-19\"", "room.toml: 'kiosk.hours' '7-19' is not two times of day like \"07:00-19:00\" "
                                  "(24-hour clock)"),
    ("kiosk = 3", "room.toml: 'kiosk' must be a table ([kiosk])"),
])
def test_bad_kiosk_settings_are_named(tmp_path, text, message):
    (tmp_path / "room.toml").write_text(text)
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path)
    assert str(err.value) == message


def test_the_build_carries_the_playlist_and_warns_of_missing_pages(small_room):
    from customer_room.build import build_site
    from customer_room.report import Reporter

    with open(small_room / "room.toml", "a") as toml:
        toml.write('\n[kiosk]\npages = ["walls/*", "issues/late-delivery", "touchpoints/shipp"]\nseconds = 3\n')
    result = build_site(small_room, small_room / "site", Reporter(quiet=True))
    warning = "room.toml: 'kiosk.pages': there is no page 'touchpoints/shipp' (did you mean 'touchpoints/ship.html'?)"
    assert warning in [str(w) for w in result.warnings]
    site = small_room / "site"
    built = json.loads((site / "build.json").read_text())
    playlist = built["kiosk"]["playlist"]
    assert [(e["path"], e["slide"]) for e in playlist] == [
        ("walls/outcomes.html", "outcomes"), ("walls/outcomes.html", "outcomes-why"),
        ("walls/outcomes.html", "outcomes-owners"),  # the fixture's reasons, none owned yet
        ("walls/issues.html", "issues"), ("walls/issues.html", "issues-nature"), ("walls/issues.html", "unowned"),
        ("walls/touchpoints.html", "touchpoints"), ("walls/touchpoints.html", "touchpoints-off-1"),
        ("issues/late-delivery.html", "issue-late-delivery")]
    seconds = {e["slide"]: e["seconds"] for e in playlist}
    assert all(1.5 <= s <= 6 for s in seconds.values()), seconds  # half and twice `seconds`
    assert seconds["unowned"] < seconds["outcomes"] < seconds["outcomes-why"]  # words < a chart < two charts
    kiosk = (site / "kiosk.html").read_text()
    assert '"path":"issues/late-delivery.html"' in kiosk and 'src="assets/kiosk.js"' in kiosk
    assert 'id="slide-issue-late-delivery"' in kiosk  # the slides are in the page, for the player
    assert "Content-Security-Policy" in kiosk
    index = (site / "index.html").read_text()
    assert 'href="kiosk.html"' in index and "there is no page &#39;touchpoints/shipp&#39;" in index
    assert all((site / "assets" / name).is_file() for name in ("kiosk.js", "kiosk-pack.js", "kiosk.css"))


def slide(id: str, charts: int = 0, words: int = 0, kind: str = "point", group: str = "wall") -> Slide:
    return Slide(id, "", kind, "", id, "", charts=[object()] * charts, words=words, group=group)


WALL_SLIDES = {"walls/outcomes.html": [slide("outcomes"), slide("outcomes-why")],
               "walls/issues.html": [slide("issues"), slide("unowned", kind="unowned")],
               **{f"issues/t{n}.html": [slide(f"issue-t{n}", group="issue")] for n in range(1, 7)},
               "issues/u1.html": [slide("unowned", kind="unowned")], "issues/u2.html": [slide("unowned", kind="unowned")]}


def turns(pages: list[str], every: int) -> list[str]:
    return [s.id if s is not None else p for p, s in arrange(pages, WALL_SLIDES.get, every)]


def test_walls_first_outcomes_between_groups_of_issues_and_the_unowned_once():
    pages = ["walls/outcomes.html", "walls/issues.html", "issues/t1.html", "issues/u1.html", "issues/t2.html",
             "issues/t3.html", "issues/u2.html", "issues/t4.html", "issues/t5.html", "issues/t6.html",
             "touchpoints/ship.html"]
    assert turns(pages, 4) == ["outcomes", "outcomes-why", "issues", "unowned", "issue-t1", "issue-t2", "issue-t3",
                               "issue-t4", "outcomes", "issue-t5", "issue-t6", "touchpoints/ship.html"]
    # every 2: back after t2 and t4, not after t6 (nothing follows but a page)
    assert turns(pages, 2).count("outcomes") == 3
    assert "outcomes" not in turns(pages, 0)[1:]
    # no outcomes slide in the playlist: nothing to come back to
    assert turns([p for p in pages if p != "walls/outcomes.html"], 4).count("outcomes") == 0
    # the unowned issues alone: their summary once, where the first of them stands
    assert turns(["issues/u1.html", "issues/t1.html", "issues/u2.html"], 4) == ["unowned", "issue-t1"]


@pytest.mark.parametrize("charts, words, seconds", [
    (0, 0, 10.0),    # 0.4 × 20 = 8, raised to the bound: half of 20
    (0, 60, 16.0),   # a paragraph: (0.4 + 0.4) × 20
    (1, 30, 22.0),   # a chart and a few lines: (0.4 + 0.5 + 0.2) × 20
    (2, 30, 32.0),   # two charts: (0.4 + 1.0 + 0.2) × 20
    (3, 300, 40.0),  # never more than twice 20
])
def test_a_slide_stays_up_as_long_as_its_content_takes(charts, words, seconds):
    assert slide_seconds(slide("s", charts, words), 20.0, *bounds(Kiosk(), 20.0)) == seconds


def test_the_room_sets_the_bounds():
    assert bounds(Kiosk(), 20.0) == (10.0, 40.0)
    assert bounds(Kiosk(min_seconds=5, max_seconds=25), 20.0) == (5.0, 25.0)
    assert bounds(Kiosk(), 0.5) == (0.5, 1.0)  # never under the kiosk's half second
    assert slide_seconds(slide("s", 2, 300), 20.0, *bounds(Kiosk(max_seconds=25), 20.0)) == 25.0


def test_the_default_playlist_says_nothing_of_pages_the_room_does_not_have():
    # a room with no issue data: the default "issues/*" matches nothing, and the room never asked for it
    walls = ["index.html", "walls/outcomes.html", "walls/issues.html", "walls/touchpoints.html"]
    config, problems = kiosk_config(Kiosk(), walls)
    assert problems == [] and [e["path"] for e in config["playlist"]] == walls[1:]
    # written by the room, the same wildcard is a warning
    _, problems = kiosk_config(Kiosk(pages=("issues/*", "walls/*")), walls)
    assert [str(p) for p in problems] == ["room.toml: 'kiosk.pages': 'issues/*' matches no page of the site"]
