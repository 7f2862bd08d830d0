"""Safe, unique file names for issue categories and touchpoint ids.

A category such as "Late delivery" or "../../x" becomes a page name: lowercase ASCII
letters, digits and single hyphens only, so no name can hold a path separator or `..`.
Names that differ only by case or punctuation still get distinct pages.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """The page-name form of `name`: 'Late delivery!' → 'late-delivery'."""
    ascii_text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    slug = _NOT_WORD.sub("-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "item"


def unique_slugs(names) -> dict[str, str]:
    """A distinct slug per distinct name, stable whatever order the names come in.

    Names are taken in sorted order; the second name that wants the same slug gets
    '-2', the third '-3', and so on.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=str):
        base = slugify(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out[name] = slug
    return out
