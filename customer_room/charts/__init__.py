"""The chart stage: metrics frames in, Vega-Lite specs, words, tables and SVGs out.

- `model`: `Chart` and `Table`, what the page renderer receives.
- `theme`: one visual theme in three profiles (screen, kiosk, poster).
- `specs`: one function per chart kind (implemented per wall in `outcomes`, `issues`,
  `trend`, `touchpoints`) and `sparkline` for the inline SVGs of cards.
- `svg`: build-time SVG rendering with vl-convert, cached on disk and run in worker
  processes when that pays; the vega-embed JavaScript bundle.
- `ahead`: the same workers rendering in the background while pages are planned.

Names are imported lazily, so that code that only needs `svg` or `model` (the render
step, the posters) does not pay for importing pandas and Altair.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Chart": "model", "Table": "model",
    "PROFILES": "theme",
    "render_svgs": "svg", "javascript_bundle": "svg", "prune_cache": "svg",
    "RenderError": "svg", "shutdown": "svg",
    "ageing_chart": "specs", "by_stage_chart": "specs", "churn_chart": "specs",
    "customer_flow_chart": "specs", "issue_flow_chart": "specs",
    "issue_trend_chart": "specs", "kpi_chart": "specs", "loss_reasons_chart": "specs",
    "lost_value_by_segment_chart": "specs", "rates_chart": "specs", "sparkline": "specs",
    "survey_chart": "specs", "time_to_close_chart": "specs",
    "top_categories_chart": "specs",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """Import `name` from its module on first use (PEP 562)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
