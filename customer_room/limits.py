"""Every bound customer-room puts on its work, in one place, and the checks that apply them.

Bounded work for bounded input: a careless or hostile file must end in a clear message,
not in minutes of work, gigabytes of memory or a crash. Each limit is far above what a
real room needs (the demo's longest note is 2 KB; its room.toml 2 KB) and below what
would hurt the machine, measured on the 2-core build machine:

- python-markdown is quadratic in the '[' of one paragraph (10,000 take 6 s, 40,000
  take 97 s), so a note may have at most `MAX_BRACKETS_PER_PARAGRAPH` of them in a
  paragraph and `MAX_BRACKETS` in all: at most about 0.1 s of work.
- Its lists recurse per level: 1,500 levels end in a RecursionError; 16 are plenty.
- Any 64 KB note converts in under 3 s (short paragraphs are its slowest shape); the
  notes of a wall are a few KB.
- Front matter is a few `key: value` lines: 16 KB, no aliases (a 276-byte alias bomb
  makes a 73 MB page), nested at most 20 deep (see `commentary.FrontMatterLoader`).
- A page per issue category: a free-text column mapped as the category would plan a
  million pages and run out of memory, so a build stops past `Settings.max_pages`.
- Text settings end up on every page (a 10 MB room name made a 1.5 GB site).
- Printed warnings: the first `WARNINGS_PRINTED`, then a count (all are on the index).
- A chart draws at most `MAX_CHART_POINTS` readings (the latest, and its title says so):
  a kpis export of 1M rows made KPI charts of 62,500 points, 1.3 GB per renderer.
"""

from __future__ import annotations

import re

from .errors import Problem

MAX_NOTE_BYTES = 64 * 1024
MAX_FRONT_MATTER_BYTES = 16 * 1024
MAX_BRACKETS = 2000
MAX_BRACKETS_PER_PARAGRAPH = 200
MAX_LIST_DEPTH = 16
MAX_SETTINGS_BYTES = 1024 * 1024
MAX_TEXT_SETTING = 200  # characters of a text setting (a name, a path, an address)
MAX_LIST_SETTING = 500  # entries of a list or table setting (stages, kiosk pages)
MAX_CHART_POINTS = 400
WARNINGS_PRINTED = 20
WARNINGS_SHOWN = 200  # on the index page and in build.json, then a count

_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)


def note_size_problem(rel: str, size: int) -> Problem | None:
    """A note larger than `MAX_NOTE_BYTES`, or None."""
    if size <= MAX_NOTE_BYTES:
        return None
    return Problem(rel, f"is {size / 1024:,.0f} KB; a note may be at most {MAX_NOTE_BYTES // 1024} KB",
                   hint="keep the wall's commentary short and link to a longer document")


def front_matter_problem(rel: str, meta_text: str) -> Problem | None:
    """Front matter larger than `MAX_FRONT_MATTER_BYTES`, or None."""
    size = len(meta_text.encode("utf-8"))
    if size <= MAX_FRONT_MATTER_BYTES:
        return None
    return Problem(rel, f"front matter is {size / 1024:,.0f} KB; it may be at most "
                   f"{MAX_FRONT_MATTER_BYTES // 1024} KB of 'key: value' lines", row=2)


def markdown_problems(rel: str, body: str, first_line: int = 1) -> list[Problem]:
    """Markdown whose shape would make python-markdown slow or crash: too many '[' in a
    paragraph or a note, lists nested too deep. Each problem names its line."""
    out = []
    total = body.count("[")
    if total > MAX_BRACKETS:
        out.append(Problem(rel, f"has {total:,} '[' characters; a note may have at most {MAX_BRACKETS:,}",
                           hint="links and images each need one; escape a literal one as \\["))
    line = first_line
    for paragraph in re.split(r"(\n[ \t]*\n)", body):
        count = paragraph.count("[")
        if count > MAX_BRACKETS_PER_PARAGRAPH and not out:
            out.append(Problem(rel, f"a paragraph has {count:,} '[' characters; at most "
                               f"{MAX_BRACKETS_PER_PARAGRAPH} are allowed in one", row=line,
                               hint="split it, or escape literal ones as \\["))
        line += paragraph.count("\n")
    for match in _LIST_ITEM.finditer(body):
        depth = len(match.group(1).expandtabs(4)) // 4 + 1
        if depth > MAX_LIST_DEPTH:
            row = first_line + body.count("\n", 0, match.start())
            out.append(Problem(rel, f"a list is nested {depth} levels deep; at most {MAX_LIST_DEPTH} are allowed",
                               row=row))
            break
    return out


def text_setting_problem(name: str, value: str, limit: int = MAX_TEXT_SETTING) -> Problem | None:
    """A text setting longer than `limit` characters, or None."""
    if len(value) <= limit:
        return None
    return Problem("room.toml", f"'{name}' is {len(value):,} characters long; at most {limit:,} are allowed")
