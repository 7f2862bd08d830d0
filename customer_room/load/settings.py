"""Typed settings from `room.toml`, validated once with every problem listed together.

Settings are plain dataclasses with a help text per field; the same table drives the
README's settings reference (and a test keeps them in step). A bad value or an unknown
key is an error that names it and suggests the nearest known key: we never fall back to a
default silently.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError, Problem, shorten
from ..paths import SETTINGS_FILE
from ..limits import MAX_LIST_SETTING, MAX_SETTINGS_BYTES, text_setting_problem
from .mapping import FileMapping, parse_mappings, readings_of
from .colours import colour_warnings, contrast_ratio  # noqa: F401 (where callers have always found them)
from .hours import HoursError, parse_hours
from .review import review_problems
from .room_files import OutsideRoom, RoomFileError, room_file
from ..sheets import ORIENTATIONS, SIZES, SheetError, canonical_size

FREQS = ("day", "week", "month", "quarter")
DEFAULT_STAGES = ("Discover", "Buy", "Receive", "Use", "Get help", "Renew or leave")


def _help(text: str, example: str = '["Buy", "Use"]', **kwargs: Any) -> Any:
    """A dataclass field that carries its help text (and, for a list, an example) in its metadata."""
    return field(metadata={"help": text, "example": example}, **kwargs)


@dataclass(frozen=True)
class Periods:
    """How each wall slices time."""

    outcomes: str = _help("period of Wall 1 (day, week, month, quarter)", default="month")
    issues: str = _help("period of Wall 2 and the issue pages", default="week")
    touchpoints: str = _help("period of Wall 3 and the touchpoint pages", default="month")


@dataclass(frozen=True)
class Colors:
    """The room's brand colours (checked for contrast against white text)."""

    primary: str = _help("dark brand colour for headers; white text sits on it", default="#1d3557")
    accent: str = _help("second brand colour for highlights", default="#e76f51")


@dataclass(frozen=True)
class Kiosk:
    """The kiosk's playlist (kiosk.html): which pages, how long each, when it runs."""

    pages: tuple[str, ...] = _help("pages the kiosk shows, in order; a wildcard such as \"issues/*\" adds every "
                                   "page it matches", default=("walls/*", "issues/*"),
                                   example='["walls/*", "issues/late-delivery.html"]')
    seconds: float = _help("seconds a slide with a chart stays up (0.5 or more); a slide of words alone stays less, "
                           "one with two charts more", default=20.0)
    min_seconds: float = _help("the shortest a slide stays up (0 = half of `seconds`)", default=0.0)
    max_seconds: float = _help("the longest a slide stays up (0 = twice `seconds`)", default=0.0)
    outcomes_every: int = _help("issue slides between two showings of the outcomes slide (0 = never)", default=4)
    page_seconds: dict = _help("seconds for some pages: page path or wildcard = seconds", default_factory=dict)
    hours: str = _help("when the kiosk runs, e.g. \"07:00-19:00\"; outside these hours it shows a resting "
                       "clock ('' = always)", default="")
    reload_hours: float = _help("hours between full reloads of the kiosk page (so weeks of running stay light)",
                                default=6.0)
    poll_seconds: float = _help("seconds between checks of build.json for a new build", default=30.0)


@dataclass(frozen=True)
class Source:
    """A warehouse that holds the data files (see `warehouse.py`): they are aggregated there."""

    url: str = _help("the warehouse's address, e.g. \"postgresql://room@db.example.com:5432/support\" or "
                     "\"spark://local[2]\"; each [data.<file>] then names a table or a query ('' = files only)",
                     default="")
    password_env: str = _help("the environment variable that holds the password (never written in room.toml, "
                              "the site or the logs)", default="")


@dataclass(frozen=True)
class Review:
    """When leaders walk the room: the walk page says what changed since the last one."""

    cadence: str = _help("how often, e.g. \"monthly on the first Tuesday\", \"weekly on Monday\"", default="")
    dates: tuple[str, ...] = _help("review dates, YYYY-MM-DD (with or instead of a cadence)", default=(),
                                   example='["2026-10-06", "2026-11-03"]')


@dataclass(frozen=True)
class Posters:
    """The sheet `customer-room posters` prints on (see `sheets.py`)."""

    size: str = _help("sheet size: " + ", ".join(SIZES) + " (24x36 is in inches)", default="A1")
    orientation: str = _help("landscape (the journey runs left to right) or portrait", default="landscape")


@dataclass(frozen=True)
class Settings:
    """Everything `room.toml` can say; every field is optional."""

    name: str = _help("the room's name, shown on every page", default="Customer room")
    logo: str = _help("path of a logo image inside the room", default="")
    base_url: str = _help("intranet address of the site, for posters", default="")
    opening_balance: int = _help("customers active before the first event", default=0)
    currency: str = _help("symbol put before money values", default="$")
    stages: tuple[str, ...] = _help("journey stages in order", default=DEFAULT_STAGES)
    min_responses: int = _help("survey responses below which a score is not significant", default=30)
    follow_up_hours: float = _help("hours within which a detractor should be contacted back (the closed loop on Wall "
                                   "3, where surveys.csv has a followed_up column)", default=48.0)
    amber_band: float = _help("percent of target within which a missed KPI is 'watch'", default=5.0)
    top_categories: int = _help("issue categories shown by name before the rest", default=10)
    min_category_issues: int = _help("issues a category needs for a page of its own; smaller ones are grouped on "
                                     "one page (0 = automatic: 5 when the issues file has more than 200 "
                                     "categories, else every category gets a page)", default=0)
    max_pages: int = _help("most issue and touchpoint pages a build makes; past it the build stops and says "
                           "which column has too many values (a free-text column mapped as the category)",
                           default=2000)
    periods: Periods = _help("periods per wall", default_factory=Periods)
    colors: Colors = _help("brand colours", default_factory=Colors)
    kiosk: Kiosk = _help("the kiosk's playlist", default_factory=Kiosk)
    posters: Posters = _help("the posters' sheet", default_factory=Posters)
    source: Source = _help("a warehouse the data files are read from", default_factory=Source)
    review: Review = _help("when the room is walked", default_factory=Review)
    data: dict = _help("how each export maps onto a data file ([data.issues] …)", default_factory=dict)

    def mapping(self, name: str) -> FileMapping:
        """How to read data file `name` (all defaults unless [data.name] says otherwise);
        the first reading when [[data.name]] gives several."""
        return self.readings(name)[0]

    def readings(self, name: str) -> tuple[FileMapping, ...]:
        """Every reading of data file `name`: one, or several ([[data.name]])."""
        return readings_of(self.data.get(name))


_SECTIONS = {"periods": Periods, "colors": Colors, "kiosk": Kiosk, "posters": Posters, "source": Source,
             "review": Review}


def load_settings(room: Path) -> Settings:
    """Read `room.toml` from the room (absent → all defaults) into typed settings."""
    path = room / SETTINGS_FILE
    if not os.path.lexists(path):
        return Settings()
    try:
        data = room_file(room, path).read_bytes()
    except OutsideRoom:  # settings kept in another folder: not published as they are, so allowed
        data = path.read_bytes()
    except RoomFileError as exc:
        raise ConfigError([Problem(SETTINGS_FILE, str(exc))]) from None
    if len(data) > MAX_SETTINGS_BYTES:
        raise ConfigError([Problem(SETTINGS_FILE, f"is {len(data) / 1024:,.0f} KB; settings may be at most "
                                   f"{MAX_SETTINGS_BYTES // 1024:,} KB")])
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(SETTINGS_FILE, f"is not UTF-8 text ({exc.reason})")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(SETTINGS_FILE, f"is not valid TOML: {exc}")]) from None
    except RecursionError:
        raise ConfigError([Problem(SETTINGS_FILE, "is nested too deeply to read",
                                   hint="settings are tables of plain values")]) from None
    return parse_settings(raw)


def parse_settings(raw: dict[str, Any]) -> Settings:
    """Turn the parsed TOML into `Settings`, listing every problem together."""
    problems: list[Problem] = []
    values = _parse_table(raw, Settings, "", problems)
    for key, cls in _SECTIONS.items():
        if key in raw:
            if isinstance(raw[key], dict):
                values[key] = cls(**_parse_table(raw[key], cls, key + ".", problems))
            else:
                problems.append(Problem(SETTINGS_FILE, f"'{key}' must be a table ([{key}])"))
    if "data" in raw:
        values["data"] = parse_mappings(raw["data"], problems)
    settings = Settings(**values) if not problems else None
    if settings is not None:
        problems.extend(_check_values(settings))
        if not problems:
            settings = _canonical_sheet(settings)
    if problems:
        raise ConfigError(problems)
    return settings


def _parse_table(raw, cls, prefix, problems) -> dict[str, Any]:
    """Check one TOML table against a dataclass: unknown keys and wrong types."""
    known = {f.name: f for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            near = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{prefix}{near[0]}'?" if near else "see the README for the known settings"
            problems.append(Problem(SETTINGS_FILE, f"unknown setting '{prefix}{key}'", hint=hint))
            continue
        if (key in _SECTIONS or key == "data") and not prefix:
            continue
        converted = _convert(value, known[key], prefix + key, problems)
        if converted is not None:
            out[key] = converted
    return out


def _convert(value, spec, name, problems):
    """Coerce one value to the field's type, or record why it cannot be."""
    kind = _kind(spec)
    if kind is tuple:
        if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        problems.append(Problem(SETTINGS_FILE, f"'{name}' must be a list of names, e.g. {spec.metadata['example']}"))
        return None
    if kind is dict:
        if isinstance(value, dict) and all(_is_number(v) for v in value.values()):
            return {k: float(v) for k, v in value.items()}
        problems.append(Problem(SETTINGS_FILE, f"'{name}' must be a table of numbers, "
                                "e.g. { \"walls/issues.html\" = 40 }"))
        return None
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    problems.append(Problem(SETTINGS_FILE, f"'{name}' must be {_kind_name(kind)}, not {value!r}"))
    return None


def _kind(spec) -> type:
    """The type a field's value must have: its default's (str when it has none)."""
    if spec.default is not MISSING:
        return type(spec.default)
    return type(spec.default_factory()) if spec.default_factory is not MISSING else str


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind_name(kind: type) -> str:
    return {int: "a whole number", float: "a number", str: "text", bool: "true or false"}.get(kind, kind.__name__)


def _check_values(s: Settings) -> list[Problem]:
    """Range and enumeration checks that types alone cannot express."""
    out = []
    for wall in ("outcomes", "issues", "touchpoints"):
        value = getattr(s.periods, wall)
        if value not in FREQS:
            out.append(Problem(SETTINGS_FILE, f"'periods.{wall}' is '{value}'", hint=f"expected one of {', '.join(FREQS)}"))
    if s.opening_balance < 0:
        out.append(Problem(SETTINGS_FILE, "'opening_balance' must be 0 or more"))
    if s.min_responses < 1:
        out.append(Problem(SETTINGS_FILE, "'min_responses' must be 1 or more"))
    if not 0 < s.follow_up_hours <= 8760:
        out.append(Problem(SETTINGS_FILE, "'follow_up_hours' must be more than 0 and at most 8,760 hours (a year)"))
    if not 0 <= s.amber_band <= 100:
        out.append(Problem(SETTINGS_FILE, "'amber_band' must be a percentage between 0 and 100"))
    if s.top_categories < 1:
        out.append(Problem(SETTINGS_FILE, "'top_categories' must be 1 or more"))
    if s.min_category_issues < 0:
        out.append(Problem(SETTINGS_FILE, "'min_category_issues' must be 0 (automatic) or more"))
    if len(set(s.stages)) != len(s.stages):
        out.append(Problem(SETTINGS_FILE, "'stages' lists a stage twice"))
    for key in ("primary", "accent"):
        if not _is_hex_colour(getattr(s.colors, key)):
            out.append(Problem(SETTINGS_FILE, f"'colors.{key}' must be a colour like \"#1d3557\""))
    if s.base_url and not _is_web_address(s.base_url):
        out.append(Problem(SETTINGS_FILE, f"'base_url' must be a web address starting with https:// or http://, "
                           f"not '{shorten(s.base_url)}'", hint="posters print it as text and a QR code"))
    out += review_problems(s.review.cadence, s.review.dates)
    if s.max_pages < 1:
        out.append(Problem(SETTINGS_FILE, "'max_pages' must be 1 or more"))
    return out + _check_sizes(s) + _check_kiosk(s.kiosk) + _check_posters(s.posters)


def _check_sizes(s: Settings) -> list[Problem]:
    """Text and list settings within `limits.py`'s bounds: they end up on every page."""
    texts = [("name", s.name, 120), ("logo", s.logo, 200), ("base_url", s.base_url, 200), ("currency", s.currency, 8),
             ("kiosk.hours", s.kiosk.hours, 40),
             *((f"stages[{i}]", stage, 80) for i, stage in enumerate(s.stages)),
             *((f"kiosk.pages[{i}]", page, 200) for i, page in enumerate(s.kiosk.pages)),
             *((f"kiosk.page_seconds.{shorten(page)}", page, 200) for page in s.kiosk.page_seconds)]
    out = [p for name, value, limit in texts if (p := text_setting_problem(name, value, limit))]
    for name, value in (("stages", s.stages), ("kiosk.pages", s.kiosk.pages), ("kiosk.page_seconds", s.kiosk.page_seconds)):
        if len(value) > MAX_LIST_SETTING:
            out.append(Problem(SETTINGS_FILE, f"'{name}' has {len(value):,} entries; at most {MAX_LIST_SETTING} "
                               "are allowed"))
    return out


def _is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host and no spaces or quotes."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c in url for c in " \t\n\"'<>")


MIN_SECONDS = 0.5
MAX_SECONDS = 86400  # the kiosk drops a screen time past a day as broken (see assets/kiosk.js)
MAX_RELOAD_HOURS = 720.0


def _check_kiosk(k: Kiosk) -> list[Problem]:
    """The kiosk's times must be sensible; which pages exist is known only once the
    pages are planned (see `playlist.py`), so unknown pages are warnings there."""
    out = []
    for key in ("seconds", "poll_seconds"):
        if not MIN_SECONDS <= getattr(k, key) <= MAX_SECONDS:
            out.append(Problem(SETTINGS_FILE, f"'kiosk.{key}' must be from {MIN_SECONDS:g} to {MAX_SECONDS:,} seconds "
                               "(a day)"))
    for key in ("min_seconds", "max_seconds"):
        if getattr(k, key) and not MIN_SECONDS <= getattr(k, key) <= MAX_SECONDS:
            out.append(Problem(SETTINGS_FILE, f"'kiosk.{key}' must be 0 (not set) or from {MIN_SECONDS:g} to "
                               f"{MAX_SECONDS:,} seconds"))
    if k.min_seconds and k.max_seconds and k.min_seconds > k.max_seconds:
        out.append(Problem(SETTINGS_FILE, f"'kiosk.min_seconds' ({k.min_seconds:g}) is more than 'kiosk.max_seconds' "
                           f"({k.max_seconds:g})"))
    if not 0 <= k.outcomes_every <= 1000:
        out.append(Problem(SETTINGS_FILE, "'kiosk.outcomes_every' must be from 0 (never) to 1,000 slides"))
    for page, seconds in k.page_seconds.items():
        if not MIN_SECONDS <= seconds <= MAX_SECONDS:
            out.append(Problem(SETTINGS_FILE, f"'kiosk.page_seconds' gives '{shorten(page)}' {seconds:g} seconds",
                               hint=f"expected {MIN_SECONDS:g} to {MAX_SECONDS:,}, a day"))
    if not 0 < k.reload_hours <= MAX_RELOAD_HOURS:
        out.append(Problem(SETTINGS_FILE, f"'kiosk.reload_hours' must be more than 0 and at most "
                           f"{MAX_RELOAD_HOURS:g} hours (a month)"))
    try:
        parse_hours(k.hours)
    except HoursError as exc:
        out.append(Problem(SETTINGS_FILE, f"'kiosk.hours' {exc}"))
    return out


def _check_posters(p: Posters) -> list[Problem]:
    """The sheet must be one `sheets.py` knows; the message lists them all."""
    out = []
    try:
        canonical_size(p.size)
    except SheetError:
        out.append(Problem(SETTINGS_FILE, f"'posters.size' is '{p.size}'", hint=f"expected one of {', '.join(SIZES)}"))
    if p.orientation not in ORIENTATIONS:
        out.append(Problem(SETTINGS_FILE, f"'posters.orientation' is '{p.orientation}'",
                           hint=f"expected one of {', '.join(ORIENTATIONS)}"))
    return out


def _canonical_sheet(s: Settings) -> Settings:
    """'a1' and 'Arch D' in room.toml are spelt as `sheets.SIZES` spells them."""
    size = canonical_size(s.posters.size)
    return s if size == s.posters.size else replace(s, posters=replace(s.posters, size=size))


def _is_hex_colour(text: str) -> bool:
    digits = text[1:] if text.startswith("#") else ""
    return len(digits) in (3, 6) and all(c in "0123456789abcdefABCDEF" for c in digits)


def settings_reference() -> list[tuple[str, str, str]]:
    """(key, default, help) for every setting: the table docs/reference/settings.md documents."""
    rows = []
    for f in fields(Settings):
        if f.name == "data":
            continue
        if f.name in _SECTIONS:
            for sub in fields(_SECTIONS[f.name]):
                default = sub.default if sub.default is not MISSING else sub.default_factory()
                rows.append((f"{f.name}.{sub.name}", repr(default), sub.metadata["help"]))
        else:
            rows.append((f.name, repr(f.default), f.metadata["help"]))
    return rows
