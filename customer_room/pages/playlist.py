"""The kiosk's playlist: room.toml's `[kiosk]` table turned into the slides a TV shows.

A room says which pages its kiosk shows with paths and wildcards (`"walls/*"`,
`"issues/*"`), how long a slide stays up, and optionally the hours of the day when
the kiosk runs. Which pages exist depends on the data (one page per issue category), so
a wildcard that matches nothing or a page that does not exist is a warning shown on the
index page, not an error that stops the build.

Each page then stands for its slides (`slides.py`): a wall for its one to three, a
tracked issue for its own, an issue with no owner for the one summary of them all
(shown once); a page with no slides of its own (a touchpoint, the index) is shown as
it is, cut into screens. Between groups of issue slides the playlist comes back to the
outcomes slide, so that someone walking past sees it every few minutes. Everything here
is a pure function of the settings, the page paths and the slides, so the rules are
tested directly; the kiosk page (`pages/kiosk.py`) embeds the result and `build.json`
carries it to running kiosks.
"""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass, replace

from ..errors import Problem
from ..load.hours import parse_hours
from ..load.settings import MIN_SECONDS, Kiosk
from ..paths import KIOSK_PAGE, SETTINGS_FILE

DEFAULT_PAGES = Kiosk().pages  # a room that says nothing of its kiosk is not warned about them


def room_kiosk(settings) -> Kiosk:
    """The room's `[kiosk]`, with the walk page after the walls in the default playlist
    of a room that is walked (`[review]`): the screens then show what moved too."""
    kiosk = settings.kiosk
    if kiosk.pages == DEFAULT_PAGES and (settings.review.cadence or settings.review.dates):
        return replace(kiosk, pages=(DEFAULT_PAGES[0], "walk.html", *DEFAULT_PAGES[1:]))
    return kiosk

WILDCARDS = "*?["


@dataclass(frozen=True)
class Entry:
    """One turn of the playlist: a slide (its id) of the page at `path`, or the page
    itself cut into screens (`slide` None), and the seconds each stays up."""

    path: str
    seconds: float
    slide: str | None = None


def is_wildcard(pattern: str) -> bool:
    """Whether a playlist entry names many pages ('issues/*') rather than one."""
    return any(c in pattern for c in WILDCARDS)


def matches(pattern: str, path: str) -> bool:
    """Whether `pattern` names the page at `path`; '.html' may be left out of either.

    'walls/*', 'walls/*.html' and 'walls/issues' all name 'walls/issues.html'.
    """
    pattern = _normal(pattern)
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path.removesuffix(".html"), pattern)


def _normal(pattern: str) -> str:
    """A pattern as a site path: no leading './' or '/'."""
    pattern = pattern.strip()
    while pattern.startswith(("./", "/")):
        pattern = pattern[1:] if pattern.startswith("/") else pattern[2:]
    return pattern


def expand_pages(patterns: tuple[str, ...], paths: list[str], quiet: bool = False) -> tuple[list[str], list[Problem]]:
    """The playlist's pages, in order, from room.toml's `pages` and the site's page paths.

    A plain path is played where it stands (so a page may come back, e.g. the outcomes
    wall between every other page); a wildcard adds the pages it matches that are not
    in the playlist yet, in site order. A plain path with no such page, or a wildcard
    that matches nothing, is a problem naming room.toml and the key; with `quiet` (the
    default playlist, which the room never wrote) a wildcard that matches nothing is not.
    """
    candidates = [p for p in paths if p != KIOSK_PAGE]
    out: list[str] = []
    problems: list[Problem] = []
    for pattern in patterns:
        if is_wildcard(pattern):
            found = [p for p in candidates if matches(pattern, p)]
            if not found and not quiet:
                problems.append(Problem(SETTINGS_FILE, f"'kiosk.pages': '{pattern}' matches no page of the site"))
            out.extend(p for p in found if p not in out)
        else:
            found = [p for p in candidates if matches(pattern, p)]
            if found:
                out.append(found[0])
            else:
                problems.append(Problem(SETTINGS_FILE, f"'kiosk.pages': there is no page '{pattern}'",
                                        hint=_suggest(pattern, candidates)))
    if patterns and not out:
        problems.append(Problem(SETTINGS_FILE, "the kiosk has no page to show",
                                hint="list pages such as \"walls/*\" in [kiosk] pages"))
    return out, problems


def packed_pages(kiosk, paths: list[str]) -> list[str]:
    """The pages of the playlist that have no slides of their own (a touchpoint page, the
    index): the kiosk fetches them and packs them into screens, with their chart SVGs.
    Walls and issue pages are shown as slides."""
    pages, _ = expand_pages(kiosk.pages, paths, quiet=True)
    return [p for p in pages if not p.startswith(("walls/", "issues/"))]


def _suggest(pattern: str, paths: list[str]) -> str:
    """'did you mean …?' for a mistyped page, or what a page path looks like."""
    near = difflib.get_close_matches(_normal(pattern), paths, n=1) or \
        difflib.get_close_matches(_normal(pattern) + ".html", paths, n=1)
    return f"did you mean '{near[0]}'?" if near else "pages are paths such as \"walls/issues.html\" or \"issues/*\""


def seconds_for(path: str, seconds: float, page_seconds: dict[str, float]) -> float:
    """How long each screen of the page at `path` stays up.

    A key of `page_seconds` naming the page itself wins over a wildcard; among
    wildcards the first that matches, in room.toml's order; otherwise `seconds`.
    """
    plain = [s for key, s in page_seconds.items() if not is_wildcard(key) and matches(key, path)]
    if plain:
        return plain[0]
    wild = [s for key, s in page_seconds.items() if is_wildcard(key) and matches(key, path)]
    return wild[0] if wild else seconds


def unused_page_seconds(page_seconds: dict[str, float], playlist: list[str]) -> list[Problem]:
    """A `page_seconds` key that names no page of the playlist is probably a typo."""
    return [Problem(SETTINGS_FILE, f"'kiosk.page_seconds': '{key}' names no page of the kiosk's playlist")
            for key in page_seconds if not any(matches(key, p) for p in playlist)]


def arrange(pages: list[str], slides_of, every: int) -> list[tuple[str, object]]:
    """The turns of the playlist: (page path, slide or None) for each page's slides in
    order, the summary of unowned issues once, and the outcomes slide again after every
    `every` issue slides when more follow (0: never).

    `slides_of(path)` gives a page's slides, or None when it has none (shown as a page).
    """
    out: list[tuple[str, object]] = []
    for path in pages:
        found = slides_of(path)
        if found is None:
            out.append((path, None))
            continue
        for slide in found:
            if slide.kind == "unowned" and any(s is not None and s.id == slide.id for _, s in out):
                continue
            out.append((path, slide))
    first = next((t for t in out if t[1] is not None and t[1].id == "outcomes"), None)
    if not every or first is None:
        return out
    turns, run = [], 0
    for i, turn in enumerate(out):
        turns.append(turn)
        run = run + 1 if _is_issue(turn) else 0
        if run == every and any(_is_issue(t) for t in out[i + 1:]):
            turns.append(first)
            run = 0
    return turns


def _is_issue(turn: tuple[str, object]) -> bool:
    return turn[1] is not None and turn[1].group == "issue"


def playlist(kiosk, paths: list[str], slides_of=lambda path: None) -> tuple[list[Entry], list[Problem]]:
    """The playlist with each turn's seconds, and the problems found (warnings).

    `kiosk` is the typed `[kiosk]` table (`settings.Kiosk`); `paths` every page of the
    site; `slides_of` each page's slides (`arrange`).
    """
    pages, problems = expand_pages(kiosk.pages, paths, quiet=kiosk.pages == DEFAULT_PAGES)
    entries = []
    for path, slide in arrange(pages, slides_of, kiosk.outcomes_every):
        base = seconds_for(path, kiosk.seconds, kiosk.page_seconds)
        if slide is None:
            entries.append(Entry(path, base))
        else:
            entries.append(Entry(path, slide_seconds(slide, base, *bounds(kiosk, base)), slide.id))
    return entries, problems + unused_page_seconds(kiosk.page_seconds, pages)


def kiosk_config(kiosk, paths: list[str], slides_of=lambda path: None) -> tuple[dict, list[Problem]]:
    """What a running kiosk needs, as plain JSON data, and the problems found.

    Embedded in kiosk.html and carried by build.json, so that a kiosk takes a changed
    playlist with the next build.
    """
    entries, problems = playlist(kiosk, paths, slides_of)
    hours = parse_hours(kiosk.hours)  # checked with the settings, so it parses here
    return {
        "playlist": [{"path": e.path, "seconds": e.seconds, **({"slide": e.slide} if e.slide else {})}
                     for e in entries],
        "hours": {"start": hours.start, "end": hours.end, "words": hours.words()} if hours else None,
        "reload_hours": kiosk.reload_hours,
        "poll_seconds": kiosk.poll_seconds,
    }, problems


def slide_seconds(slide, base: float, low: float, high: float) -> float:
    """How long `slide` stays up: `base` (kiosk.seconds, or the page's page_seconds) for
    a slide with one chart and a few lines, less for a slide of words alone, more for two
    charts or many words; never below `low` or above `high`.

    Its load is 0.4 for the slide itself, 0.5 per chart (two at most) and one for every
    150 words on it (about what a passer-by reads in the time of a chart).
    """
    load = 0.4 + 0.5 * min(len(slide.charts), 2) + slide.words / 150
    return round(min(high, max(low, base * load)), 2)


def bounds(kiosk, base: float) -> tuple[float, float]:
    """The shortest and the longest a slide of a page with `base` seconds stays up:
    room.toml's kiosk.min_seconds and kiosk.max_seconds, or half and twice `base`
    when they are not set (0)."""
    low = kiosk.min_seconds or base / 2
    high = kiosk.max_seconds or base * 2
    return max(MIN_SECONDS, min(low, high)), max(MIN_SECONDS, high)
