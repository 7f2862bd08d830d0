"""What every page of a site shares: the stylesheet, fonts, chart glue, kiosk player and
the Vega bundle, written into each build (kept as hard links when unchanged)."""

from __future__ import annotations

from ..charts.svg import javascript_bundle
from ..paths import ASSETS, caches_off, user_cache
from .writer import SiteWriter

SHARED = ("room.css", "charts.js", "favicon.svg", "kiosk.css", "kiosk-config.js", "kiosk-slides.js", "kiosk-pack.js",
          "kiosk.js")


def write_assets(site: SiteWriter) -> None:
    """The stylesheet, fonts, chart glue and the Vega bundle, shared by all pages."""
    for name in SHARED:
        site.put(f"assets/{name}", (ASSETS / name).read_bytes())
    for font in sorted((ASSETS / "fonts").iterdir(), key=lambda f: f.name):
        site.put(f"assets/fonts/{font.name}", font.read_bytes())
    cache = user_cache() if "vega bundle" not in caches_off() else None
    site.put("assets/vega-bundle.js", javascript_bundle(cache).encode("utf-8"))
