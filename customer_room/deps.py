"""What depends on what: which pages a change to the room's files makes stale, and why.

The one place that knows the build's dependencies. A page is planned from

- the data files and `room.toml`, through the computed figures: a change to any of
  them re-plans every page (an appended day moves "as of", which every page shows);
  pages whose HTML comes out the same are then still not rewritten;
- its owner's note (its subject: the wall, issue category or touchpoint it is about),
  and the notes it summarises: the issues wall shows a card per tracked issue, the
  outcomes wall a card per owned loss reason (`walls/reasons/`, which have no page of
  their own), the touchpoints wall each touchpoint's note, the kiosk the walls' points
  and the owners and targets of tracked issues and reasons, the index everything;
- the notes and images it read while it was planned (recorded by the page kit);
- the templates, which re-render every page without re-planning any.

Everything here is a pure function of what changed, so the rules are tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A page's subject: ("wall", "issues"), ("issue", "late-delivery"), ("touchpoint", "TP-1").
Subject = tuple[str, str]
SUMMARIES = {"issue": ("wall", "issues"), "touchpoint": ("wall", "touchpoints"), "reason": ("wall", "outcomes")}
KIOSK = ("kiosk", "kiosk")
KIOSK_SHOWS = ("wall", "issue", "reason")  # the kiosk's slides show the walls' points and the owners of issues and reasons


@dataclass
class Stale:
    """The pages to plan again, each with the reason, or all of them for one reason."""

    everything: str | None = None
    pages: dict[str, str] = field(default_factory=dict)  # site path -> why
    rerender: str | None = None  # why every page is rendered again (templates changed)

    def wants(self, path: str) -> bool:
        """Whether the page at `path` must be planned again."""
        return self.everything is not None or path in self.pages

    def reason(self, path: str) -> str:
        """Why the page at `path` is planned again."""
        return self.everything or self.pages.get(path, "")


def describe(paths: set[str]) -> str:
    """'data/issues.csv changed' or 'a.md, b.md, c.md and 3 more changed'."""
    return f"{_names(paths)} changed"


def _names(paths: set[str], limit: int = 3) -> str:
    """'a.md, b.md, c.md and 3 more'."""
    names = sorted(paths)
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def stale_pages(changed: set[str] | None, kinds: dict[str, str], pages: dict[str, Subject],
                reads: dict[str, set[str]], notes_changed: set[Subject]) -> Stale:
    """Which of `pages` (site path -> subject) a change makes stale.

    `changed` holds the room files changed since the last build (None: no last build
    in this process), `kinds` what each is (see `load.inputs.kind_of`), `reads` the files
    each page read when last planned, and `notes_changed` the subjects whose note is
    new, edited or gone. A page not planned before (absent from `reads`) is new.
    """
    if changed is None:
        return Stale(everything="first build in this process")
    whole = {p for p in changed if kinds.get(p) in ("data", "settings")}
    if whole:
        return Stale(everything=describe(whole))
    stale = Stale()
    templates = {p for p in changed if kinds.get(p) == "templates"}
    if templates:
        stale.rerender = describe(templates)
    by_subject: dict[Subject, list[str]] = {}
    for path, subject in pages.items():
        by_subject.setdefault(subject, []).append(path)
    for subject in sorted(notes_changed):
        for path in by_subject.get(subject, []):
            stale.pages.setdefault(path, f"the note of {subject[0]} '{subject[1]}' changed")
        summary = SUMMARIES.get(subject[0])
        for path in by_subject.get(summary, []) if summary else []:
            stale.pages.setdefault(path, f"it summarises the note of {subject[0]} '{subject[1]}'")
    shown = sorted(s for s in notes_changed if s[0] in KIOSK_SHOWS)
    for path in by_subject.get(KIOSK, []) if shown else []:
        stale.pages.setdefault(path, f"its slides show the note of {shown[0][0]} '{shown[0][1]}'")
    room_files = changed - templates
    for path, used in reads.items():
        hit = used & room_files
        if hit and path in pages:
            stale.pages.setdefault(path, f"it shows {_names(hit)}, which changed")
    for path in pages:
        if path not in reads:
            stale.pages.setdefault(path, "new page")
    return stale


def changed_subjects(before: dict[Subject, object], after: dict[Subject, object]) -> set[Subject]:
    """The subjects whose note object is new, replaced or gone (notes are compared by
    identity: the loader hands back the very same object for an unchanged file)."""
    return {s for s in before.keys() | after.keys() if before.get(s) is not after.get(s)}
