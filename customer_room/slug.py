"""Safe, unique, stable file names for issue categories and touchpoint ids.

A category such as "Late delivery" or "../../x" becomes a page name: lowercase ASCII
letters, digits and single hyphens only, so no name can hold a path separator or `..`.
Names in other scripts are transliterated (anyascii: "Доставка" → "dostavka",
"配送遅延" → "peisongchiyan"), so they get readable addresses instead of `item-2`.

A page's address is printed on posters (as a QR code) and keys the owner's note and the
actions of its category, so it must stay with the category that had it: a build passes
the names and slugs of the published site, which keep their slugs; a new name that
wants a taken slug gets '-2', '-3' … Names that differ only by punctuation still get
distinct pages (and `collisions` lets the build say so); the load stage has folded those
that differ only by case or spacing into one category (`load/categories.py`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

from anyascii import anyascii

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(name: str) -> str:
    """The page-name form of `name`: 'Late delivery!' → 'late-delivery'."""
    text = anyascii(unicodedata.normalize("NFKC", str(name)))
    slug = _NOT_WORD.sub("-", text.lower()).strip("-")
    slug = slug[:80].strip("-")
    return slug or "item-" + hashlib.sha256(str(name).encode("utf-8")).hexdigest()[:6]


def unique_slugs(names, published: dict[str, str] | None = None) -> dict[str, str]:
    """A distinct slug per distinct name, stable from build to build.

    Names the published site already had keep their slug (`published`: name → slug);
    the others are taken in the order given (an export's order of first appearance, so
    the category that came first keeps the plain slug), the second name that wants a
    slug getting '-2', the third '-3', and so on.
    """
    wanted = list(dict.fromkeys(names))
    present = set(wanted)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name, slug in (published or {}).items():
        if name in present and name not in out and slug not in taken and _SLUG.match(slug):
            out[name] = slug
            taken.add(slug)
    for name in wanted:
        if name in out:
            continue
        base = slugify(name)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out[name] = slug
    return out


def collisions(slugs: dict[str, str]) -> list[list[str]]:
    """Groups of names whose slugs differ only by a '-2' style suffix: names that differ
    only by case, spaces or punctuation (often one category spelt two ways)."""
    groups = defaultdict(list)
    for name in slugs:
        groups[slugify(name)].append(name)
    return [names for names in groups.values() if len(names) > 1]
