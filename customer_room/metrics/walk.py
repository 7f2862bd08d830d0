"""What moved since the last walk: two snapshots of the room compared, item by item.

A snapshot (made by `pages/walk.py`, kept by `load/history.py`) is plain data: the
headline figures, each KPI's status, each tracked issue's status and owner, the top
categories and loss reasons with their owners, each action's state, a digest of each note. `changes`
lists what a leader asks about at a review, each item with the page it links to. Pure.
"""

from __future__ import annotations

SECTIONS = ("headlines", "kpis", "issues", "categories", "actions", "notes")
REASON = "reason:"  # the owners and top keys of loss reasons, apart from the issue categories' keys
KEPT = {"headlines": ("value", "text", "period"), "kpis": ("status",), "issues": ("status",), "owners": ("owner",),
        "actions": ("state",), "notes": ("digest",)}  # what `changes` reads of the snapshot it compares with


def kept(snapshot: dict) -> dict:
    """The part of a snapshot a later walk compares with: what the history keeps (the
    names and pages come from the build of the day)."""
    out = {"as_of": snapshot["as_of"], "top": list(snapshot.get("top", []))}
    for section, fields in KEPT.items():
        out[section] = {key: {f: item.get(f) for f in fields} for key, item in snapshot.get(section, {}).items()}
    return out


def changes(before: dict, now: dict) -> dict[str, list[dict]]:
    """Each section's items, in the order the walk page shows them."""
    return {
        "headlines": _headlines(before.get("headlines", {}), now.get("headlines", {})),
        "kpis": _statuses(before.get("kpis", {}), now.get("kpis", {})),
        "issues": _issues(before.get("issues", {}), now.get("issues", {})),
        "categories": _categories(before, now),
        "actions": _actions(before.get("actions", {}), now.get("actions", {})),
        "notes": _notes(before.get("notes", {}), now.get("notes", {})),
    }


def _headlines(before: dict, now: dict) -> list[dict]:
    """Every headline shown both times: its figure then and now, and the change."""
    out = []
    for key, h in now.items():
        was = before.get(key)
        if was is None:
            continue
        change = h["value"] - was["value"] if h["value"] is not None and was["value"] is not None else None
        out.append({"key": key, "label": h["label"], "wall": h["wall"], "before": was["text"], "now": h["text"],
                    "before_period": was.get("period"), "period": h.get("period"), "change": change,
                    "moved": was["text"] != h["text"], "page": h["page"]})
    return out


def _statuses(before: dict, now: dict) -> list[dict]:
    """The KPIs whose status is not what it was (on target, watch, off target)."""
    return [{"name": k["name"], "before": before[key]["status"], "now": k["status"], "page": k["page"],
             "reading": k.get("text", "")}
            for key, k in now.items() if key in before and before[key]["status"] != k["status"]]


def _issues(before: dict, now: dict) -> list[dict]:
    """Tracked issues whose status changed, those that reached their target first."""
    out = []
    for key, i in now.items():
        was = before.get(key)
        if was is not None and was["status"] != i["status"]:
            out.append({"name": i["name"], "before": was["status"], "now": i["status"], "owner": i["owner"],
                        "page": i["page"], "reached": i["status"] == "reached"})
    return sorted(out, key=lambda i: not i["reached"])


def _categories(before: dict, now: dict) -> list[dict]:
    """Categories (and reasons customers leave for) that entered the top ones, and those
    whose owner left. A reason (keyed "reason:<key>") entering the top is told only
    against a snapshot that had reasons: one kept before would have every reason enter."""
    top_before, out = set(before.get("top", [])), []
    reasons_then = any(key.startswith(REASON) for key in before.get("owners", {}))
    for key in now.get("top", []):
        reason = key.startswith(REASON)
        if key not in top_before and (reasons_then or not reason):
            c = now["owners"][key]
            out.append({"name": c["name"], "what": f"entered the top {'loss reasons' if reason else 'categories'}",
                        "owner": c["owner"], "page": c["page"]})
    for key, c in now.get("owners", {}).items():
        was = before.get("owners", {}).get(key)
        if was is not None and was["owner"] and not c["owner"]:
            out.append({"name": c["name"], "what": f"lost its owner ({was['owner']})", "owner": None,
                        "page": c["page"]})
    return out


def _actions(before: dict, now: dict) -> list[dict]:
    """Actions that became overdue, and actions done, since the last walk."""
    out = []
    for key, a in now.items():
        was = before.get(key, {}).get("state")
        if a["state"] in ("overdue", "done") and was != a["state"] and not (a["state"] == "overdue" and was == "done"):
            out.append({**a, "what": "became overdue" if a["state"] == "overdue" else "done"})
    return sorted(out, key=lambda a: a["state"] != "overdue")


def _notes(before: dict, now: dict) -> list[dict]:
    """Commentary not updated since the last walk, with its owner."""
    return [{"title": n["title"], "owner": n["owner"], "page": n["page"], "path": path}
            for path, n in now.items() if path in before and before[path]["digest"] == n["digest"]]
