"""What a site holds besides its pages: shared assets, build.json and the build id.

`build.json` is the site's own record: the build id kiosks poll, when it was built, the
pages with the digest of each one's HTML (so that the next build, in any process, can
tell which pages came out the same and keep their files), the warnings, the kiosk's
playlist (so that a running kiosk takes a new playlist with the next build), and the
fingerprint of the inputs (so that a build with nothing changed stops at once).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from importlib import resources
from pathlib import Path

from . import __version__
from . import fmt
from .cachedir import user_cache
from .charts.svg import javascript_bundle
from .limits import WARNINGS_SHOWN
from .load import RoomInput
from .pages import Page
from .publish import SiteWriter
from .site_folder import GENERATOR

ASSETS = ("room.css", "charts.js", "favicon.svg", "kiosk.css", "kiosk.js", "kiosk-pack.js")


def write_assets(site: SiteWriter) -> None:
    """The stylesheet, fonts, chart glue and the Vega bundle, shared by all pages."""
    package = resources.files("customer_room") / "assets"
    for name in ASSETS:
        site.put(f"assets/{name}", (package / name).read_bytes())
    for font in sorted((package / "fonts").iterdir(), key=lambda f: f.name):
        site.put(f"assets/fonts/{font.name}", font.read_bytes())
    site.put("assets/vega-bundle.js", javascript_bundle(user_cache()).encode("utf-8"))


def content_id(digests: dict[str, str], files: list[str]) -> str:
    """The build id kiosks poll for: it changes when, and only when, a page's content
    or the set of files changes (not when a build merely runs again)."""
    digest = hashlib.sha256(__version__.encode())
    for path, page in sorted(digests.items()):
        digest.update(f"{path}\0{page}\n".encode())
    digest.update("\n".join(files).encode())
    return digest.hexdigest()[:16]


def published_pages(out: Path) -> dict[str, str]:
    """Each page of the published site with the digest it was built with (build.json)."""
    try:
        built = json.loads((out / "build.json").read_text(encoding="utf-8"))
        return {p["path"]: p.get("digest", "") for p in built.get("pages", [])}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return {}


def published_keys(out: Path) -> dict[str, str]:
    """Each issue category of the published site with its page key ('Late delivery' →
    'late-delivery'), so that the next build keeps every category's address."""
    try:
        built = json.loads((out / "build.json").read_text(encoding="utf-8"))
        return {p["title"]: p["path"].removeprefix("issues/").removesuffix(".html")
                for p in built.get("pages", []) if p.get("kind") == "issue"}
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return {}


def build_json(build_id: str, built_at: datetime, room: RoomInput, pages: list[Page], inputs: str = "",
               digests: dict[str, str] | None = None) -> str:
    """`build.json`: build id, built at, data as of, the pages, the warnings and the kiosk.

    `inputs` is the fingerprint of what the build read (see `sources.py`), so that the
    next build can tell that nothing has changed; each page's `digest` lets it tell
    which pages came out the same.
    """
    digests = digests or {}
    return json.dumps({
        "generator": GENERATOR,
        "build_id": build_id,
        "built_at": built_at.isoformat(timespec="seconds"),
        "data_as_of": fmt.date(room.as_of) if room.as_of is not None else None,
        "pages": [{"path": p.path, "title": p.title, "kind": p.kind, "digest": digests.get(p.path, "")}
                  for p in pages],
        "warnings": [str(w) for w in room.warnings[:WARNINGS_SHOWN]],
        "more_warnings": max(0, len(room.warnings) - WARNINGS_SHOWN),
        "kiosk": next((p.context["kiosk"] for p in pages if p.kind == "kiosk"), None),
        "files": room.sources,
        "inputs": inputs,
    }, indent=2, ensure_ascii=False)
