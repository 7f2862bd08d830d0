"""A render worker: a fresh interpreter that turns Vega-Lite specs into SVG text.

`svg.render_svgs` starts two of these to render in parallel. They are separate
interpreters started by path (`python -P _render.py`), never forked from the build: a
process forked after vl-convert ran in its parent deadlocks, and a `multiprocessing`
spawn child would first re-import the build's `__main__` (pandas, Altair, about a second
per worker) before doing anything useful. This file imports only the standard library
and vl_convert, so a worker is ready in a fraction of a second.

Protocol, one JSON document per line: the parent writes a list of
[key, spec_json, vl_version] and the worker answers a list of [key, svg, error] in the
same order (svg null and error a message when a spec fails). Anything else vl-convert
might print goes to stderr, so it cannot corrupt the answers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
_FONTS_REGISTERED = False


def render(spec_json: str, vl_version: str | None) -> str:
    """The SVG of one spec, as vl-convert writes it (a standalone <svg> document)."""
    import vl_convert

    global _FONTS_REGISTERED
    if not _FONTS_REGISTERED:  # Room Sans: small, so vl-convert measures labels fast
        vl_convert.register_font_directory(str(FONTS))
        _FONTS_REGISTERED = True
    return vl_convert.vegalite_to_svg(spec_json, vl_version=vl_version,
                                      allowed_base_urls=[])


def render_chunk(chunk: list) -> list:
    """Render a list of [key, spec_json, vl_version]; errors are reported, not raised."""
    results = []
    for key, spec_json, vl_version in chunk:
        try:
            results.append([key, render(spec_json, vl_version), None])
        except Exception as exc:  # reported back to the parent, which names the chart
            results.append([key, None, f"{type(exc).__name__}: {exc}"])
    return results


WARM_UP = '{"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}'


def main() -> None:
    """Answer chunks from stdin on a private copy of stdout until stdin closes."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    render(WARM_UP, None)  # pay vl-convert's start-up now, while the build is still loading
    for line in sys.stdin:
        if line.strip():
            answers.write(json.dumps(render_chunk(json.loads(line))) + "\n")
            answers.flush()


if __name__ == "__main__":
    main()
