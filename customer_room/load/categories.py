"""Category hygiene: one category per name however the export spells it, and no page of
its own for a category too small to need one.

Exports spell one category several ways ("Comcast", "comcast", "COMCAST  internet"):
names that differ only by case or spacing are one category, counted under their most
frequent spelling, and a note says which spellings were folded. Names that differ by
punctuation stay apart (a warning in `checks.check_keys` says so).

A free-text column mapped as the category (a complaint's title) has thousands of names,
most used once: a page each would make a site of tens of megabytes and walls that rank
noise. Categories with fewer than `min_category_issues` issues are grouped into one
category with one page, which lists them; the wall says so. By default this happens only
when the issues file has more than `AUTO_CATEGORIES` categories, so a room with a real
list of issue types keeps a page for every type, however small. A category that an
owner's note or an action names keeps its page whatever its size.

Everything here is pure: frames in, frames and findings out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import Problem
from ..slug import slugify

AUTO_CATEGORIES = 200  # past this many categories a room groups its small ones unless told otherwise
AUTO_MIN_ISSUES = 5  # ... those with fewer issues than this
SPELLINGS_SHOWN = 3  # folded categories named in the note


@dataclass(frozen=True)
class Grouped:
    """The categories too small for a page of their own, and the one category they form."""

    name: str  # the group's category name, its page's title
    below: int  # categories with fewer issues than this are in the group
    members: tuple[tuple[str, int], ...]  # (category, issues), largest first
    automatic: bool  # the threshold was chosen by the room, not set in room.toml

    @property
    def issues(self) -> int:
        """Issues in the group."""
        return sum(n for _, n in self.members)


def fold_key(name) -> str:
    """What two spellings of one category share: 'COMCAST  Internet ' → 'comcast internet'."""
    return " ".join(str(name).split()).casefold()


def fold_plan(counts: pd.Series, source: str) -> tuple[dict[str, str], list[Problem], int]:
    """How to fold the spellings of `counts` (issues per category name, in the order the
    names first appear): ({spelling: the most frequent spelling (the first seen on a
    tie)}, a note naming what was folded, how many categories there are then)."""
    first_seen = {name: i for i, name in enumerate(counts.index)}
    groups: dict[str, list[str]] = {}
    for name in counts.index:
        groups.setdefault(fold_key(name), []).append(name)
    rename: dict[str, str] = {}
    folded: list[tuple[str, list[str], int]] = []
    for names in groups.values():
        if len(names) < 2:
            continue
        names.sort(key=lambda n: (-int(counts[n]), first_seen[n]))
        keep, others = names[0], names[1:]
        rename.update((other, keep) for other in others)
        folded.append((keep, others, int(sum(counts[n] for n in others))))
    if not rename:
        return {}, [], len(groups)
    folded.sort(key=lambda f: -f[2])
    shown = "; ".join(f"'{keep}' (also " + ", ".join(f"'{o}'" for o in others[:SPELLINGS_SHOWN])
                      + (f" and {len(others) - SPELLINGS_SHOWN} more" if len(others) > SPELLINGS_SHOWN else "") + ")"
                      for keep, others, _ in folded[:SPELLINGS_SHOWN])
    more = f"; and {len(folded) - SPELLINGS_SHOWN:,} more" if len(folded) > SPELLINGS_SHOWN else ""
    moved = sum(n for _, _, n in folded)
    note = Problem(source, f"{len(folded):,} categor{'y is' if len(folded) == 1 else 'ies are'} spelt in more than one way "
                   f"(case or spacing) and counted as one, under the most frequent spelling: {shown}{more} "
                   f"({moved:,} issue{'s' if moved != 1 else ''} recounted)", column="category")
    return rename, [note], len(groups)


def min_issues(setting: int, categories: int) -> tuple[int, bool]:
    """The threshold in force: the room's own when set (1 or more), else the automatic
    one, which groups only when there are more than `AUTO_CATEGORIES` categories.
    Returns (threshold, automatic); a threshold of 1 groups nothing."""
    if setting:
        return setting, False
    return (AUTO_MIN_ISSUES if categories > AUTO_CATEGORIES else 1), True


def named_elsewhere(names, note_keys: dict[str, str | None], action_issues) -> set[str]:
    """The names among `names` that a note (its key → the category it names, if it does)
    or an action (its `issue`: a name or a page key) refers to: they keep their page."""
    by_fold = {fold_key(c) for c in note_keys.values() if c is not None}
    keys = {k for k, c in note_keys.items() if c is None}
    actions = {str(a).strip() for a in action_issues}
    return {n for n in names if fold_key(n) in by_fold or slugify(n) in keys or n in actions or slugify(n) in actions}


def group_plan(counts: pd.Series, below: int, automatic: bool, keep: set[str]) -> tuple[set[str], Grouped | None]:
    """The categories of `counts` (issues per category, folded) with fewer than `below`
    issues and not in `keep`, and the one group they form; none when fewer than two
    would be (a group of one is that category under another name)."""
    small = counts[(counts < below) & ~counts.index.isin(keep)]
    if len(small) < 2:
        return set(), None
    name = f"Categories with fewer than {below:,} issues"
    while name in counts.index:
        name += " (grouped)"
    members = sorted(((str(n), int(c)) for n, c in small.items()), key=lambda m: (-m[1], m[0]))
    return set(small.index), Grouped(name, below, tuple(members), automatic)


def group_warning(grouped: Grouped, total: int, source: str) -> list[Problem]:
    """Most issues in the group: the category column is most likely free text."""
    if not total or grouped.issues * 2 <= total:
        return []
    return [Problem(source, f"{100 * grouped.issues / total:.0f} % of the issues are in {len(grouped.members):,} categories "
                    f"with fewer than {grouped.below:,} issues each, grouped on one page; the category column looks "
                    "like free text", column="category",
                    hint="map a coarser column with columns.category, or recode values with [data.issues.values.category]")]


def _recode(issues: pd.DataFrame, rename: dict[str, str]) -> pd.DataFrame:
    """A copy of `issues` with categories renamed, by their distinct values (10M rows
    hold a few thousand names, so each name is looked up once)."""
    column = issues["category"]
    codes, uniques = pd.factorize(column)
    renamed = pd.array([rename.get(u, u) for u in uniques], dtype=column.dtype)
    values = renamed.take(codes, allow_fill=True)  # -1, a missing category, stays missing
    out = issues.copy(deep=False)
    out["category"] = pd.Series(values, index=issues.index)
    return out


@dataclass(frozen=True)
class Tidied:
    """The issues frame after folding and grouping, and what the build says about it."""

    issues: pd.DataFrame | None  # None when only the counts were tidied (`tidy_counts`)
    grouped: Grouped | None
    notes: list[Problem]
    warnings: list[Problem]
    rename: dict[str, str] = field(default_factory=dict)  # the export's category -> the one it is counted under
    categories: tuple[str, ...] = ()  # the categories after tidying, in first-seen order


def tidy_counts(counts: pd.Series, total: int, setting: int, source: str, note_keys: dict[str, str | None],
                action_issues) -> Tidied:
    """Fold spellings, then group the small categories (see the module's docstring), from
    `counts` (issues per category, in first-seen order) and `total` issues: what to
    rename, and what the build says. A warehouse's or a scanned file's counts are enough."""
    folds, notes, categories = fold_plan(counts, source)
    merged = counts.groupby(lambda n: folds.get(n, n), sort=False).sum() if folds else counts
    below, automatic = min_issues(setting, categories)
    small, grouped = set(), None
    if below > 1:
        small_ones = merged[merged < below]
        keep = named_elsewhere(small_ones.index, note_keys, action_issues) if len(small_ones) else set()
        small, grouped = group_plan(merged, below, automatic, keep)
    rename = {raw: grouped.name if folds.get(raw, raw) in small else folds.get(raw, raw) for raw in counts.index}
    rename = {raw: new for raw, new in rename.items() if raw != new}
    after = tuple(dict.fromkeys(rename.get(n, n) for n in counts.index))
    if grouped is None:
        return Tidied(None, None, notes, [], rename, after)
    said = Problem(source, f"{len(grouped.members):,} categories with fewer than {below:,} issues each "
                   f"({grouped.issues:,} issues) have no page of their own: they are grouped as '{grouped.name}'",
                   column="category", hint="min_category_issues in room.toml sets the threshold; 1 gives every "
                                           "category a page")
    return Tidied(None, grouped, notes + [said], group_warning(grouped, total, source), rename, after)


def tidy_issues(issues: pd.DataFrame, setting: int, source: str, note_keys: dict[str, str | None],
                action_issues, memo=lambda key, make: make()) -> Tidied:
    """`tidy_counts` applied to an issues frame: the frame with its categories renamed.

    `memo(key, make)` keeps the counts and the renamed frame from build to build while
    their inputs are the same, so a watch that rebuilds for a note edit hands later
    stages the very frame they saw before (their caches key on it).
    """
    counts = memo(("category counts", id(issues)), lambda: issues["category"].value_counts(sort=False))
    plan = tidy_counts(counts, len(issues), setting, source, note_keys, action_issues)
    frame = memo(("categories renamed", id(issues), tuple(sorted(plan.rename.items()))),
                 lambda: _recode(issues, plan.rename) if plan.rename else issues)
    return Tidied(frame, plan.grouped, plan.notes, plan.warnings, plan.rename, plan.categories)
