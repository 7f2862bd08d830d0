"""Vega-Lite specs to SVG text with vl-convert: in the build's process, or as the
"charts" service of the worker pool (`workers.py`), which renders in two processes.

This module imports only the standard library and vl_convert, so a worker is ready in
a fraction of a second. A request is a list of [key, spec_json, vl_version] and the
answer a list of [key, svg, error] in the same order (svg None and error a message when
a spec fails).
"""

from __future__ import annotations

import json
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
_FONTS_REGISTERED = False


def render(spec_json: str, vl_version: str | None) -> str:
    """The SVG of one spec, as vl-convert writes it (a standalone <svg> document).

    Charts of one kind differ only in their data, so the Vega-Lite → Vega compile
    (~15 % of a chart's time) is done once per kind: the spec's inline data is swapped
    for named datasets, the rest is compiled and kept, and each chart's values go into
    the compiled Vega. The SVG is byte for byte what `vegalite_to_svg` makes.
    """
    import vl_convert

    global _FONTS_REGISTERED
    if not _FONTS_REGISTERED:  # Room Sans: small, so vl-convert measures labels fast
        vl_convert.register_font_directory(str(FONTS))
        _FONTS_REGISTERED = True
    shape, values = _split_data(json.loads(spec_json))
    key = (json.dumps(shape, sort_keys=True), vl_version)
    compiled = _COMPILED.pop(key, None)
    if compiled is None:
        compiled = vl_convert.vegalite_to_vega(shape, vl_version=vl_version)
    _COMPILED[key] = compiled  # most recently used last
    while len(_COMPILED) > 64:
        _COMPILED.pop(next(iter(_COMPILED)))
    vega = {**compiled, "data": [{**d, "values": values[d["name"]]} if d.get("name") in values else d
                                 for d in compiled.get("data", [])]}
    return vl_convert.vega_to_svg(vega, allowed_base_urls=[])


_COMPILED: dict = {}
_NAME = "__customer_room_inline_{}"


def _split_data(spec):
    """The spec with each inline `data.values` replaced by a named dataset, and the values."""
    values: dict = {}

    def walk(node):
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k == "data" and isinstance(v, dict) and "values" in v:
                    name = _NAME.format(len(values))
                    values[name] = v["values"]
                    out[k] = {**{a: b for a, b in v.items() if a != "values"}, "name": name}
                else:
                    out[k] = walk(v)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(spec), values


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


def warm() -> bool:
    """Whether vl-convert has started in this process (its first chart costs ~0.7 s)."""
    return _FONTS_REGISTERED


def warm_up() -> None:
    """Pay vl-convert's start-up now (a worker does as it starts, while the build loads)."""
    render(WARM_UP, None)


def handle(request: list) -> list:
    """The worker pool's entry: one chunk of specs rendered."""
    return render_chunk(request)
