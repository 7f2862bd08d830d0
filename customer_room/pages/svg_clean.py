"""SVG artifacts made safe to publish: no script in a room's SVG ever runs on the site.

An SVG is a document, not just a picture: opened directly (or through a link) it runs
its `<script>` and `onload` handlers on the site's origin, where they could read
`build.json` or any page. Every SVG the site copies from the room (note images,
touchpoint images, the logo) therefore goes through svg-hush, Cloudflare's SVG filter
(py-svg-hush binds it): it keeps the drawing and strips scripts, event handlers,
`<foreignObject>`, links to other sites and `javascript:` addresses, and refuses DTDs
(so no entity bomb either). Embedded PNG, JPEG, GIF and WebP pictures are kept.

The room's own file is never changed; the site gets the cleaned copy, and the build
says so when something was taken out.
"""

from __future__ import annotations

import re
from collections import Counter

import py_svg_hush

KEPT_DATA_IMAGES = {"image": ["png", "jpeg", "gif", "webp"]}
_NAMES = re.compile(rb"<([A-Za-z][\w:.-]*)|\s([A-Za-z_:][\w:.-]*)\s*=")
_LINKS = re.compile(rb"(?:href|src)\s*=\s*[\"']\s*([^\"']*)", re.IGNORECASE)


class SvgError(ValueError):
    """The file is not an SVG that can be published (not well-formed XML, or a DTD)."""


def clean_svg(data: bytes) -> tuple[bytes, bool]:
    """(the SVG without anything that can run or reach out, whether anything was taken out)."""
    try:
        cleaned = py_svg_hush.filter_svg(data, keep_data_url_mime_types=KEPT_DATA_IMAGES)
    except ValueError:
        raise SvgError("is not a well-formed SVG (or declares a DTD)") from None
    return cleaned, _shape(cleaned) != _shape(data)


def _shape(data: bytes) -> tuple[Counter, list[bytes]]:
    """The element and attribute names of an SVG, and its link targets: what the filter
    would change if it took something out (it also re-indents, which does not count)."""
    names = Counter((m.group(1) or m.group(2)).removeprefix(b"xlink:") for m in _NAMES.finditer(data))
    for written in (b"xml", b"version", b"encoding", b"standalone"):  # the XML declaration it always writes
        names.pop(written, None)
    for name in [n for n in names if n.startswith(b"xmlns")]:  # namespaces it declares as it needs them
        del names[name]
    return names, sorted(m.group(1).strip() for m in _LINKS.finditer(data))
