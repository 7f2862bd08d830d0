"""The walk page (walk.html): what moved since the last review, and who owns it.

Leaders walk the room on its review dates (`[review]`). This page compares the room as
it is now with the snapshot kept from the last walk (`load/history.py`), through the
pure comparison of `metrics/walk.py`: headline figures then and now, KPIs and tracked
issues whose status changed, categories and loss reasons that entered the top or lost
their owner,
actions that became overdue or were done, and commentary nobody has updated since. Each
item links to its page. `snapshot` is also what the build keeps of itself for the next
walk, so the page and the history say the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .. import fmt
from ..load.history import baseline
from ..load.review import last_review, review_dates
from ..metrics.outcomes import NO_REASON
from ..metrics.walk import REASON, changes
from .common import Page, PageKit, records
from .headlines import issue_headlines, outcome_headlines
from .slides import Slide, count_words
from .touchpoints import touchpoint_list

WALK_PAGE = "walk.html"
REASONS_KEPT = 50  # loss reasons whose owner a snapshot keeps, past the owned and the top ones (a free-text reason has thousands)
SECTION_TITLES = {
    "headlines": "Headline figures", "kpis": "KPIs whose status changed", "issues": "Tracked issues",
    "categories": "Top categories, loss reasons and owners", "actions": "Actions", "notes": "Commentary not updated since the walk",
}


def walk_changes(kit: PageKit) -> dict:
    """This build's snapshot, the last review, the snapshot kept from it and what moved.
    Worked out for the page and for its kiosk slide alike (milliseconds), not remembered:
    the kit outlives a note edit in a watch, and the walk must see the notes as they are."""
    review, as_of = kit.room.settings.review, kit.figures.as_of
    now = snapshot(kit)
    last = last_review(review.cadence, review.dates, as_of.date()) if as_of is not None else None
    before = baseline(kit.room.history.entries, last) if last is not None else None
    return {"snapshot": now, "reviews_set": bool(review.cadence or review.dates), "last": last,
            "before": before, "items": changes(before, now) if before is not None else None}


def walk_page(kit: PageKit) -> Page:
    """walk.html: the changes since the last review before the data's "as of" date."""
    as_of = kit.figures.as_of
    page = Page(WALK_PAGE, ["walk.html"], "walk", "Since the last walk", "", eyebrow="Monthly walk")
    page.context.update(walk_changes(kit), titles=SECTION_TITLES, next=next_reviews(kit))
    last, before = page.context["last"], page.context["before"]
    if last is None:
        page.period = "No review before this data" if page.context["reviews_set"] else "No review dates set"
    else:
        page.period = f"Since the walk of {last:%Y-%m-%d} · data as of {as_of:%Y-%m-%d}"
    page.lede = ("What moved since the last review, and who owns it." if before is not None
                 else "What moved since the last review, once there is one to compare with."
                 if page.context["reviews_set"] else "Give the room its review dates, and this page says what "
                 "moved since the last walk.")
    return page


def snapshot(kit: PageKit) -> dict:
    """What this build shows, as plain data small enough to keep for every walk."""
    f, room = kit.figures, kit.room
    out = {"as_of": f"{f.as_of:%Y-%m-%d}" if f.as_of is not None else "0001-01-01",  # no build time: the same
           "headlines": {}, "kpis": {}, "issues": {}, "top": [], "owners": {}, "actions": {}, "notes": {}}
    currency = room.settings.currency
    for wall, heads in (("outcomes", outcome_headlines(f.outcomes) if f.outcomes else {}),
                        ("issues", issue_headlines(f.issues) if f.issues else {})):
        for key, h in heads.items():
            if key == "closed_n":  # the same count as "closed" (those closed in the period), told twice on a wall
                continue
            value = None if h.value is None or h.value != h.value else float(h.value)
            out["headlines"][f"{wall}.{key}"] = {"label": h.label, "wall": wall.title(), "value": value,
                                                 "text": fmt.figure(h, currency), "period": h.period,
                                                 "page": f"walls/{wall}.html"}
    _touchpoints(kit, out)
    _issues(kit, out)
    _reasons(kit, out)
    _notes(kit, out)
    return out


def _reasons(kit: PageKit, out: dict) -> None:
    """Each reason customers leave for with its owner, and the top reasons (the wall's
    five, "(not given)" left out), keyed "reason:<key>" beside the categories."""
    wall = kit.figures.outcomes
    if wall is None:
        return
    owners = {r.name: r.owner for r in wall.tracked}
    top = [r for r, rest in zip(wall.reasons["reason"], wall.reasons["rest"]) if not rest and r in wall.reason_keys
           and r != NO_REASON]
    for name in dict.fromkeys([*owners, *top, *list(wall.reason_keys)[:REASONS_KEPT]]):
        out["owners"][f"{REASON}{wall.reason_keys[name]}"] = {"name": name, "owner": owners.get(name),
                                                             "page": "walls/outcomes.html"}
    out["top"] += [f"{REASON}{wall.reason_keys[name]}" for name in top]


def _touchpoints(kit: PageKit, out: dict) -> None:
    """Each KPI's latest status, by touchpoint and KPI."""
    tps = kit.figures.touchpoints
    if tps is None or not len(tps.latest):
        return
    names = {t["id"]: t for t in records(touchpoint_list(kit))}
    for row in records(tps.latest):
        if str(row["kpi"]).lower() == "volume" or row["touchpoint"] not in names:
            continue
        tp = names[row["touchpoint"]]
        out["kpis"][f"{row['touchpoint']}/{row['kpi']}"] = {
            "name": f"{tp['name']}: {row['kpi']}", "status": row["status"],
            "text": fmt.reading(row["actual"], row["unit"]), "page": f"touchpoints/{tp['key']}.html"}


def _issues(kit: PageKit, out: dict) -> None:
    """Tracked issues' statuses, the top categories and their owners, and the actions."""
    wall, as_of = kit.figures.issues, kit.figures.as_of
    if wall is None:
        return
    named = [c for c in wall.categories.values() if not c.group]
    for c in named:
        page = f"issues/{c.key}.html"
        out["owners"][c.key] = {"name": c.name, "owner": c.owner, "page": page}
        if c.trend is not None:
            out["issues"][c.key] = {"name": c.name, "status": c.trend["status"], "owner": c.owner, "page": page}
    out["top"] = [c.key for c in named[: kit.room.settings.top_categories]]
    actions = kit.room.frame("actions")
    keys = {**{c.name: c.key for c in named}, **{c.key: c.key for c in named}}
    names = {c.key: c.name for c in named}
    for a in records(actions) if actions is not None else []:
        done = a["status"] == "done"
        late = not done and a["due"] is not None and as_of is not None and a["due"] < as_of
        key = keys.get(a["issue"])
        out["actions"][hashlib.sha1(f"{a['issue']}|{a['action']}".encode()).hexdigest()[:12]] = {  # short to keep
            "action": a["action"], "issue": names.get(key, a["issue"]), "owner": a["owner"],
            "due": f"{a['due']:%Y-%m-%d}" if a["due"] is not None else None,
            "state": "done" if done else "overdue" if late else "open",
            "page": f"issues/{key}.html" if key else "walls/issues.html"}


def _notes(kit: PageKit, out: dict) -> None:
    """Each note's owner and a digest of what it says (unchanged digest: not updated)."""
    pages = {id(c.note): f"issues/{c.key}.html" for c in (kit.figures.issues.categories.values()
                                                          if kit.figures.issues else ()) if c.note is not None}
    reasons = {id(r.note): r.name for r in kit.figures.outcomes.tracked} if kit.figures.outcomes else {}
    tps = {t["id"]: t for t in records(touchpoint_list(kit))} if kit.figures.touchpoints is not None else {}
    for note in kit.room.commentary.all():
        folder = note.path.split("/")[1] if note.path.count("/") > 1 else None
        if folder is None:
            page, title = f"walls/{note.key}.html", f"{note.key.title()} wall"
        elif folder == "touchpoints" and note.key in tps:
            page, title = f"touchpoints/{tps[note.key]['key']}.html", tps[note.key]["name"]
        elif id(note) in pages:
            page, title = pages[id(note)], note.get("category") or note.key
        elif id(note) in reasons:  # a loss reason's note, on its card on Wall 1
            page, title = "walls/outcomes.html", f"Why customers leave: {reasons[id(note)]}"
        else:
            continue
        text = repr(sorted((k, str(v)) for k, v in note.meta.items())) + note.body
        out["notes"][note.path] = {"title": note.get("title") or title,
                                   "owner": note.get("owner") or note.get("author"), "page": page,
                                   "digest": hashlib.sha1(text.encode()).hexdigest()[:16]}


def next_reviews(kit: PageKit, count: int = 3) -> list[dt.date]:
    """The room's next review dates after its data's "as of", for the page's foot."""
    review, as_of = kit.room.settings.review, kit.figures.as_of
    if as_of is None or not (review.cadence or review.dates):
        return []
    return review_dates(review.cadence, review.dates, as_of.date() + dt.timedelta(days=1),
                        as_of.date() + dt.timedelta(days=400))[:count]


def walk_slide(kit: PageKit) -> Slide:
    """The kiosk's slide of the walk: what moved since the last review, in a few lines
    big enough for a TV (the page has the rest)."""
    walk = walk_changes(kit)
    last, items = walk["last"], walk["items"]
    title = f"Since the walk of {last.day} {last:%b}" if items is not None else "Since the last walk"  # fits a 4K title bar
    lines = _slide_lines(items) if items is not None else []
    point = ("What moved since the last review, and who owns it." if items is not None
             else "Nothing to compare yet: the next walk will list what moved since this one.")
    context = {"point": point, "lines": lines[:SLIDE_LINES], "more": max(0, len(lines) - SLIDE_LINES)}
    return Slide("walk", WALK_PAGE, "walk", "Monthly walk", title, f"data as of {kit.figures.as_of:%Y-%m-%d}"
                 if kit.figures.as_of is not None else "", context,
                 words=count_words(point, *(f"{a} {b}" for a, b, _ in context["lines"])) + 6)


SLIDE_LINES = 8  # lines on the walk's kiosk slide (two columns of four); more are counted


def _slide_lines(items: dict) -> list[tuple[str, str, str]]:
    """(what, how it moved, good/bad/none) per item that matters at a walk, most telling first."""
    good = ("reached", "on track", "converging", "on target")
    out = [(i["name"], "reached its target" if i["reached"] else f"{i['before']} → {i['now']}",
            "good" if i["now"] in good else "bad") for i in items["issues"]]
    out += [(k["name"], f"{k['before']} → {k['now']}", "good" if k["now"] == "on target" else "bad")
            for k in items["kpis"]]
    late = [a for a in items["actions"] if a["state"] == "overdue"]
    if late:
        out.append((f"{len(late)} action{'s' if len(late) != 1 else ''} became overdue",
                    late[0]["action"] + (f" and {len(late) - 1} more" if len(late) > 1 else ""), "bad"))
    out += [(c["name"], c["what"] + ("" if c["owner"] or "owner" in c["what"] else ", no owner"),
             "none" if c["owner"] else "bad") for c in items["categories"]]
    if items["notes"]:
        owners = sorted({n["owner"].split(",")[0] for n in items["notes"] if n["owner"]})  # the name, not the title
        out.append((f"{len(items['notes'])} note{'s' if len(items['notes']) != 1 else ''} not updated since the walk",
                    ", ".join(owners[:3]) + (" …" if len(owners) > 3 else ""), "none"))
    return out
