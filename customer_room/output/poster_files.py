"""Outputs a build does not always make, carried over when it does not make them.

`customer-room posters` writes `posters/<wall>.pdf` (and `posters/issues/<key>.pdf`)
into the site through its hook. A plain build or a watch does not make posters
(WeasyPrint is slow to import and to lay out), but it must not lose them either: the
site is swapped in whole, so each build carries the published files of such a folder
over into its staging folder (hard links, nothing copied). A poster says on its face
which data period and build it shows, so one kept from an older build is never
mistaken for the new data.
"""

from __future__ import annotations

from pathlib import Path


def published_files(out: Path, folder: str, suffix: str = "") -> list[str]:
    """The site paths of the files under `folder` in the published site, shallowest first."""
    base = out / folder
    if not base.is_dir():
        return []
    found = sorted(p.relative_to(out).as_posix() for p in base.rglob(f"*{suffix}") if p.is_file())
    return sorted(found, key=lambda rel: (rel.count("/"), rel))


def keep_folder(site, out: Path, folder: str) -> list[str]:
    """Carry the published files under `folder` into the staging site unchanged."""
    kept = published_files(out, folder)
    for rel in kept:
        site.keep(rel)
    return kept


def published_text(out: Path, rel: str) -> str | None:
    """A small text file of the published site (`posters/printed.json`), or None."""
    try:
        return (out / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
