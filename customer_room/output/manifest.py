"""`build.json`, the site's own record, and the one module that reads and writes it.

It holds the build id kiosks poll, when it was built, the pages with the digest of each
one's HTML (so that the next build, in any process, can tell which pages came out the
same and keep their files, and which category had which page address), the warnings,
the kiosk's playlist (so that a running kiosk takes a new playlist with the next
build), the fingerprint of the inputs (so that a build with nothing changed stops at
once), and that customer-room made the site (so that a folder of someone else's files
is never taken for one: see `site_folder.py`).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

from typing import TYPE_CHECKING

from .. import __version__
from ..limits import WARNINGS_SHOWN
from ..paths import BUILD_JSON

if TYPE_CHECKING:  # for the annotations only: the command line reads build.json without pandas
    from ..load import RoomInput
    from ..pages import Page

GENERATOR = "customer-room"


def read_manifest(site: Path) -> dict | None:
    """The published site's build.json as a dict, or None when there is none (or it is
    not a JSON object)."""
    try:
        built = json.loads((site / BUILD_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return built if isinstance(built, dict) else None


def is_site(folder: Path) -> bool:
    """Whether `folder` holds a site customer-room made: its build.json says so (sites
    built before build.json named its generator are known by its own keys)."""
    built = read_manifest(folder)
    return built is not None and (built.get("generator") == GENERATOR or {"build_id", "pages", "inputs"} <= built.keys())


def _pages(site: Path) -> list[dict]:
    pages = (read_manifest(site) or {}).get("pages")
    return [p for p in pages if isinstance(p, dict) and isinstance(p.get("path"), str)] if isinstance(pages, list) else []


def published_pages(site: Path) -> dict[str, str]:
    """Each page of the published site with the digest it was built with."""
    return {p["path"]: str(p.get("digest", "")) for p in _pages(site)}


def published_keys(site: Path) -> dict[str, str]:
    """Each issue category of the published site with its page key ('Late delivery' →
    'late-delivery'), so that the next build keeps every category's address."""
    return {str(p.get("title")): p["path"].removeprefix("issues/").removesuffix(".html")
            for p in _pages(site) if p.get("kind") == "issue"}


def published_build_id(site: Path) -> str | None:
    """The id of the published build: pages served before the next build belong to it."""
    found = (read_manifest(site) or {}).get("build_id")
    return found if isinstance(found, str) else None


def published_warnings(site: Path) -> tuple[list[str], int]:
    """The warnings the published build listed, and how many more it counted."""
    built = read_manifest(site) or {}
    warnings = built.get("warnings")
    return ([str(w) for w in warnings] if isinstance(warnings, list) else []), int(built.get("more_warnings") or 0)


def unchanged(site: Path, fingerprint: str) -> bool:
    """Whether the published site was built from inputs with this fingerprint (see
    `load.inputs.fingerprint`); CUSTOMER_ROOM_FORCE says no."""
    if not (site / "index.html").is_file() or os.environ.get("CUSTOMER_ROOM_FORCE"):
        return False
    return (read_manifest(site) or {}).get("inputs") == fingerprint


def content_id(digests: dict[str, str], files: list[str]) -> str:
    """The build id kiosks poll for: it changes when, and only when, a page's content
    or the set of files changes (not when a build merely runs again)."""
    digest = hashlib.sha256(__version__.encode())
    for path, page in sorted(digests.items()):
        digest.update(f"{path}\0{page}\n".encode())
    digest.update("\n".join(files).encode())
    return digest.hexdigest()[:16]


def build_json(build_id: str, built_at: datetime, room: RoomInput, pages: list[Page], inputs: str = "",
               digests: dict[str, str] | None = None) -> str:
    """`build.json`: build id, built at, data as of, the pages, the warnings and the kiosk.

    `inputs` is the fingerprint of what the build read (see `load.inputs`), so that the
    next build can tell that nothing has changed; each page's `digest` lets it tell
    which pages came out the same.
    """
    from .. import fmt  # pandas: only a build that writes build.json needs it

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
