"""Owners' Markdown turned into HTML that is safe to put on an intranet page.

Markdown is converted with python-markdown, then sanitised with nh3: no scripts, no
event handlers, no inline styles, no iframes, and links only to http(s), mailto or
relative addresses. Images must be files inside the room; each one is rewritten to its
copy under the site's `media/` folder and recorded so the build copies it there.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import markdown
import nh3

from ..errors import DataError, Problem
from ..paths import MEDIA_DIR
from ..load.room_files import OutsideRoom, RoomFileError, room_file
from .svg_clean import SvgError, clean_svg

_TAGS = (nh3.ALLOWED_TAGS - {"area", "map", "center"}) | {"tfoot"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start"},
    "abbr": {"title"},
}
_LINK_SCHEMES = {"http", "https", "mailto"}


@dataclass
class Found:
    """What a page records of its own: the room files it read, the problems it found.
    (A `Page` has the same two fields; this is for what is not a page, the logo.)"""

    reads: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Media:
    """The room files that pages use (images), keyed by their path inside the room.

    Which page used which image is the page's own record (`Found`): the build copies
    into the site only the images the pages of the build read.
    """

    files: dict[str, Path] = field(default_factory=dict)
    cleaned: dict[str, bytes] = field(default_factory=dict)  # SVGs as the site gets them (see `svg_clean`)

    def add(self, room: Path, reference: str, base: PurePosixPath, source: str, found: Found) -> str | None:
        """Check an image reference made in `source` and return its site path, or None;
        `found` (the page) records that it read the image, and why it was left out.

        `base` is the folder (inside the room) that a relative reference starts from.
        """
        found.reads.add(posixpath.normpath(str(base / unquote(urlsplit(reference).path))))
        resolved = resolve_inside(room, reference, base)
        if isinstance(resolved, str):
            found.problems.append(Problem(source, f"image '{reference}' was left out: {resolved}"))
            return None
        rel = resolved.relative_to(room.resolve()).as_posix()
        if resolved.suffix.lower() == ".svg":
            try:
                self.cleaned[rel], changed = clean_svg(resolved.read_bytes())
            except (SvgError, OSError) as exc:
                found.problems.append(Problem(source, f"image '{reference}' was left out: {rel} {exc}"))
                return None
            if changed:
                found.problems.append(Problem(rel, "scripts, event handlers or links out of the room were taken "
                                              "out of the copy the site shows (the file itself is unchanged)"))
        self.files[rel] = resolved
        return f"{MEDIA_DIR}/{rel}"


def resolve_inside(room: Path, reference: str, base: PurePosixPath) -> Path | str:
    """The real file a reference names, or the reason it cannot be used."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return "only files inside the room can be shown, not web addresses"
    path = unquote(parts.path)
    if not path or path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return "absolute paths are not allowed; give a path inside the room"
    root = room.resolve()
    candidate = root / base / path
    if not Path(os.path.normpath(candidate)).is_relative_to(root):
        return "it points outside the room (images must be files inside the room)"
    if not os.path.lexists(candidate):
        return "no such file in the room"
    try:
        return room_file(root, candidate)
    except OutsideRoom:
        return "it points outside the room (images must be files inside the room)"
    except RoomFileError as exc:
        return f"it {exc}"


class Renderer:
    """One reusable Markdown converter (making one per page costs several ms).

    `plain` (kept by the build state between builds) holds the HTML of commentary
    without images by (text, page prefix): a data change re-plans every page, and
    converting the same notes again was most of a small room's rebuild.
    """

    PLAIN_LIMIT = 4096  # notes kept; past it the memory starts again

    def __init__(self, room: Path, media: Media, plain: dict | None = None):
        self.room = room
        self.media = media
        self.plain = plain if plain is not None else {}
        self._md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", "smarty"])

    def html(self, text: str, source: str, prefix: str, found: Found) -> str:
        """Safe HTML for Markdown `text` from file `source`, for a page `prefix` deep
        (the relative path from the page to the site root: '' or '../'); the images it
        shows are recorded in `found`, the page's own record."""
        plain = "![" not in (text or "") and "<img" not in (text or "").lower()
        if plain and (text, prefix) in self.plain:
            return self.plain[text, prefix]  # no images: nothing to record, same HTML as last time
        self._md.reset()
        try:
            raw = self._md.convert(text or "")
        except RecursionError:  # `limits.markdown_problems` keeps the known shapes out; this is the net
            raise DataError([Problem(source, "its Markdown is nested too deeply to convert",
                                     hint="flatten its lists and quotes")]) from None
        base = PurePosixPath(source).parent

        def keep(tag: str, attribute: str, value: str) -> str | None:
            if tag == "img" and attribute == "src":
                site_path = self.media.add(self.room, value, base, source, found)
                return None if site_path is None else prefix + site_path
            if tag == "a" and attribute == "href":
                return value if _safe_link(value) else None
            return value

        out = nh3.clean(raw, tags=set(_TAGS), attributes=_ATTRIBUTES, attribute_filter=keep,
                        url_schemes=_LINK_SCHEMES, clean_content_tags={"script", "style"},
                        link_rel="noopener noreferrer")
        out = nest_headings(out)
        if plain:
            if len(self.plain) >= self.PLAIN_LIMIT:
                self.plain.clear()
            self.plain[text, prefix] = out
        return out


_HEADING = re.compile(r"<(/?)h([1-6])\b")
NOTE_HEADINGS = 3  # a note sits in a section with an <h2> title: its own headings start one below


def nest_headings(html: str, top: int = NOTE_HEADINGS) -> str:
    """Move a note's headings down so that its highest is `top` (an owner's '# Plan'
    becomes an <h3> under the commentary's <h2>), keeping their order; never past <h6>."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels or min(levels) >= top:
        return html
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


def _safe_link(href: str) -> bool:
    """Links go to the web, to mail or to a relative address: never javascript: or data:."""
    scheme = urlsplit(href.strip()).scheme.lower()
    return scheme in ("", *_LINK_SCHEMES)
