"""Wall 1's owners of why customers leave: a card per owned loss reason and the large
reasons nobody owns, as Wall 2 has for issues (issue 17; `metrics/reasons.py`).

A reason has no page of its own, so its card carries its owner's note. A note that
names no reason of the data is a warning naming the file, as an issue note whose
category the data does not know is (`load/checks.check_notes`).
"""

from __future__ import annotations

from markupsafe import Markup

from .. import fmt
from ..errors import Problem
from .common import Page, PageKit, complete
from .markup import nest_headings

SPARK_PERIODS = 12  # periods on a reason card's sparkline: a year of months
CARD_HEADINGS = 4  # a note on a card: its highest heading under the card's <h3>


def reasons_section(kit: PageKit, page: Page, window: str) -> dict:
    """The section's context (cards, unowned, window, freq) for Wall 1's template; the
    page records the notes it read and a warning for each note that names no reason."""
    wall = kit.figures.outcomes
    freq = wall.freq
    page.problems.extend(stray_problems(wall.stray_notes, kit.room.sources.get("customers", "data/customers.csv"),
                                        sorted(wall.reason_keys.values()), wall.tracked))
    cards = []
    for reason in wall.tracked:
        recent = complete(reason.counts, wall.period).tail(SPARK_PERIODS)
        periods = [fmt.period(p, freq) for p in recent["period"]]
        cards.append({"reason": reason, "trend": reason.trend,
                      "spark": kit.sparkline(recent["count"].tolist(), f"{reason.name}, customers lost per {freq}",
                                             periods),
                      "note": _under_card(kit.note(reason.note, page, reason.name))})
    unowned = wall.unowned if wall.unowned is not None else wall.reasons.iloc[:0]
    return {"cards": cards, "spark_periods": SPARK_PERIODS, "window": window, "freq": freq,
            "unowned": [{"name": r, "count": int(n), "value": float(v), "rank": int(k),
                         "rank_words": "the largest reason" if k == 1 else f"the {fmt.ordinal(int(k))} largest reason"}
                        for r, n, v, k in zip(unowned["reason"], unowned["count"], unowned["value"], unowned["rank"])]}


def _under_card(note: dict | None) -> dict | None:
    """A note for a card: its headings one level below the card's own <h3>."""
    return None if note is None else {**note, "html": Markup(nest_headings(str(note["html"]), CARD_HEADINGS))}


def stray_problems(notes: list, source: str, keys: list[str], tracked: list) -> list[Problem]:
    """A warning per reason note left out, naming its file: one that names no reason of
    the data (with the keys the data's reasons have), or one for a reason another note
    already owns (`metrics.reasons.match_notes`)."""
    known = ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
    owner_of = {r.name: r.note.path for r in tracked}
    out = []
    for note, taken in notes:
        named = note.get("reason")
        if taken is not None:
            out.append(Problem(note.path, f"reason '{taken}' already has a note, {owner_of.get(taken, '')}; this one "
                               "is left out", hint="one note per reason: merge the two"))
        elif named is not None:
            out.append(Problem(note.path, f"reason '{named}' does not appear as such among the customers lost in "
                               f"{source}", hint="write the reason as the export spells it, in the 'reason' column "
                                                 "of the lost rows"))
        else:
            out.append(Problem(note.path, f"no loss reason in {source} has the key '{note.key}'",
                               hint=f"name the file after a reason's key ({known or 'the data has no reasons'}), "
                                    "or set 'reason:' in its front matter"))
    return out
