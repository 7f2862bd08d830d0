"""The one way to add outputs to a build: a hook plans them with the pages, then writes
them into the staged site before it is published.

The posters are such a hook (`posters/hook.py`): they are planned from the build's
figures and drawn from the staged site's own stylesheet, fonts and images, then
published with the site in one swap. The pipeline knows nothing of posters; a hook
knows nothing of how the pipeline keeps its state. Modelled on MkDocs' plugin events,
with only the two events a build needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from .output.writer import SiteWriter
from .pages import PageKit


@dataclass
class Staged:
    """The site as it stands staged for publishing, and what a hook may use to add to it."""

    site: SiteWriter  # write_bytes(rel, data); `site.staging` is the folder
    env: object  # the build's Jinja environment (the room's templates first)
    built_at: datetime
    chart_cache: Path  # where chart SVGs are cached (see paths.room_cache)

    @property
    def folder(self) -> Path:
        """The staging folder: the new site, complete but for what hooks add."""
        return self.site.staging


class BuildHook(Protocol):
    """Extra outputs of a build (the posters)."""

    folder: str  # the site folder the hook's outputs live in; a build without the hook keeps it as published

    def plan(self, kit: PageKit, ahead) -> list[str]:
        """Plan the outputs from the build's figures (queueing their charts with `ahead`,
        the background renderer); returns their site paths, which the index links."""

    def write(self, staged: Staged) -> list[str]:
        """Write the outputs into the staged site; returns the site paths written."""
