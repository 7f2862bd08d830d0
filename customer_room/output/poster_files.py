"""Where posters live in a site, and how they outlast builds that do not make them.

`customer-room posters` writes `posters/<wall>.pdf` (and `posters/issues/<key>.pdf`)
into the site. A plain build or a watch does not make posters (WeasyPrint is slow to
import and to lay out), but it must not lose them either: the site is swapped in whole,
so each build carries the published PDFs over into its staging folder (hard links,
nothing copied). A poster says on its face which data period and build it shows, so one
kept from an older build is never mistaken for the new data.

Imports nothing heavy, so the build can use it freely.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import POSTERS_DIR

def published_posters(out: Path) -> list[str]:
    """The site paths of the posters in the published site, walls first."""
    folder = out / POSTERS_DIR
    if not folder.is_dir():
        return []
    found = sorted(p.relative_to(out).as_posix() for p in folder.rglob("*.pdf") if p.is_file())
    return sorted(found, key=lambda rel: (rel.count("/"), rel))


def keep_posters(site, out: Path) -> list[str]:
    """Carry the published posters into the staging site unchanged; returns their paths."""
    kept = published_posters(out)
    for rel in kept:
        site.keep(rel)
    return kept
