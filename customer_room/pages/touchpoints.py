"""Wall 3 — Touchpoints along the journey, and one page per touchpoint (SPEC section 5)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd

from .. import fmt
from ..limits import MAX_CHART_POINTS
from ..load.schema import INSTRUMENT_TABLE
from ..paths import to_root
from ..slug import unique_slugs
from .. import metrics as m
from ..metrics.freshness import stale_since
from ..metrics.headline import UP, good_for_kpi, headline
from ..metrics.touchpoints import OFF_TARGET, ON_TARGET, WATCH
from .common import Page, PageKit, records, running_words, wall_page

SPARK_PERIODS = 12


def touchpoint_list(kit: PageKit) -> pd.DataFrame:
    """The touchpoints: touchpoints.csv, or the ids the KPIs and surveys name when it is absent."""
    tps = kit.room.frame("touchpoints")
    if tps is not None:
        return tps.assign(key=tps["id"].map(unique_slugs(tps["id"])))
    ids = set()
    for name in ("kpis", "surveys"):
        table = kit.room.table(name)
        if table is not None:
            ids |= set(table.select("touchpoint").distinct().to_pandas()["touchpoint"].dropna())
    ids = sorted(ids)
    return pd.DataFrame({"id": ids, "name": ids, "stage": "Other", "owner": None, "priority": pd.NA, "image": None,
                         "key": [unique_slugs(ids)[i] for i in ids]})


def touchpoints_wall(kit: PageKit) -> Page:
    """The touchpoints wall: touchpoints grouped by stage in journey order."""
    wall = kit.figures.touchpoints
    page = wall_page(kit, "touchpoints", 3, "Touchpoints",
                     "Performance and accountability at the priority contact points, along the customer journey.")
    tps = touchpoint_list(kit)
    if wall is None and kit.room.frame("touchpoints") is None:
        page.period = "No touchpoint data yet"
        page.context["stages"] = []
        return page
    page.period = _period_line(kit)
    cards = [touchpoint_view(kit, tp, page) for tp in records(tps)]
    for card in cards:
        card["status"] = touchpoint_status(card["kpis"])
    order = {s: i for i, s in enumerate(kit.room.settings.stages)}
    stages = []
    for stage in [*kit.room.settings.stages, "Other"]:
        members = [c for c in cards if (c["tp"]["stage"] if c["tp"]["stage"] in order else "Other") == stage]
        members.sort(key=lambda c: (_priority(c["tp"]), c["tp"]["name"]))
        counts = {word: sum(1 for c in members if c["status"] == word) for word in STATUSES}
        stages.append({"name": stage, "step": order.get(stage, len(order)) + 1, "cards": members, "counts": counts})
    for stage in stages:  # a sheet with room for fewer cards keeps the misses (see `keep_order`)
        for rank, card in enumerate(keep_order(stage["cards"]), 1):
            card["keep"] = rank
    page.context["stages"] = [s for s in stages if s["cards"] or s["name"] != "Other"]
    page.context["period_label"] = fmt.period(wall.period, wall.freq) if wall is not None and wall.period else ""
    return page


STATUSES = (ON_TARGET, WATCH, OFF_TARGET)
WORST_FIRST = {OFF_TARGET: 0, WATCH: 1, ON_TARGET: 2}


def keep_order(cards: list[dict]) -> list[dict]:
    """A stage's cards in the order a sheet keeps them when it has room for fewer: off
    target first, then watch, then on target or no status, each by the wall's order
    (priority). A printed wall never hides a card that is off target while it shows one
    that is on target; the wall itself keeps its order."""
    return sorted(cards, key=lambda c: WORST_FIRST.get(c["status"], len(WORST_FIRST)))


def touchpoint_status(kpis: list[dict]) -> str | None:
    """A touchpoint's status on the journey strip: its worst KPI's (off target, then
    watch, then on target); None when no KPI has a target."""
    found = {k["status"] for k in kpis}
    return next((word for word in (OFF_TARGET, WATCH, ON_TARGET) if word in found), None)


def _priority(tp: dict) -> int:
    value = tp.get("priority")
    return 99 if value is None or pd.isna(value) else int(value)


def _period_line(kit: PageKit) -> str:
    wall = kit.figures.touchpoints
    if wall is None or wall.period is None:
        return "No KPI or survey data yet"
    label = {"day": "Daily", "week": "Weekly", "month": "Monthly", "quarter": "Quarterly"}[wall.freq]
    words = f"{label} KPIs and surveys · latest complete {wall.freq}: {fmt.period(wall.period, wall.freq)}"
    if wall.running:
        running = running_words(m.next_period(wall.period, wall.freq), wall.freq, kit.room.as_of)
        words += f" · not shown until it is over: {running}"
    return words


def touchpoint_view(kit: PageKit, tp: dict, page: Page) -> dict:
    """Everything shown about one touchpoint: KPIs, surveys, complaints, words, image.

    The figures are worked out once per touchpoint and shared by its wall card and its
    page; only the image path differs, because the two pages sit at different depths.
    """
    views = kit.memo("touchpoint views", dict)
    if tp["id"] not in views:
        views[tp["id"]] = _figures(kit, tp["id"])
    return {"tp": tp, **views[tp["id"]], "image": _image(kit, tp, page)}


def _figures(kit: PageKit, tid: str) -> dict:
    """One touchpoint's KPIs (with sparklines), surveys, latest complaints and words."""
    wall = kit.figures.touchpoints
    groups = kit.memo("touchpoint groups", lambda: _group(wall))
    kpis = []
    for row in records(groups["latest"].get(tid, _EMPTY)):
        if str(row["kpi"]).lower() == "volume":
            continue
        series = groups["kpis"].get((tid, row["kpi"]), _EMPTY)
        recent = series.tail(SPARK_PERIODS)
        periods = [fmt.period(p, wall.freq) for p in recent["period"]]
        unit = row.get("unit")
        kpis.append({**row, "history": series, "head": _kpi_headline(row, wall.freq, stale_since(wall.stale, "kpis")),
                     "recent": list(zip(periods, (fmt.reading(v, unit) for v in recent["actual"]))),
                     "spark": kit.sparkline(recent["actual"].tolist(), str(row["kpi"]), periods,
                                            lambda v, unit=unit: fmt.reading(v, unit))})
    surveys = []
    for instrument, rows in sorted(groups["surveys"].get(tid, {}).items()):
        last = rows.iloc[-1]
        before = rows.iloc[-2] if len(rows) > 1 else None
        head = headline(_label(instrument), last["score"], before["score"] if before is not None else None,
                        fmt.period(last["period"], wall.freq),
                        fmt.period(before["period"], wall.freq) if before is not None else "", "score", good=UP,
                        stale=stale_since(wall.stale, "surveys"))
        surveys.append({"instrument": instrument, "label": _label(instrument), "last": last, "history": rows,
                        "head": head,
                        "spark": kit.sparkline(rows["score"].tail(SPARK_PERIODS).tolist(),
                                               f"{_label(instrument)} by {wall.freq}",
                                               [fmt.period(p, wall.freq) for p in rows["period"].tail(SPARK_PERIODS)],
                                               lambda v: fmt.score(v))})
    mine = groups["complaints"].get(tid)
    kpis.sort(key=lambda k: WORST_FIRST.get(k["status"], len(WORST_FIRST)))  # a sheet that shows fewer keeps the misses
    return {"kpis": kpis, "numbers": _numbers(kpis), "surveys": surveys, "complaints": mine.iloc[-1] if mine is not None else None,
            "words": kit.words("surveys", "touchpoint", tid, 3)}


def _numbers(kpis: list[dict]) -> dict:
    """The readings behind a card's sparklines as one table: a row per period, newest
    first, and a column per KPI (a sparkline alone gives no screen reader its numbers)."""
    periods = sorted({p for k in kpis for p, _ in k["recent"]}, reverse=True)
    cells = [dict(k["recent"]) for k in kpis]
    return {"columns": [k["kpi"] for k in kpis], "rows": [(p, [c.get(p, fmt.DASH) for c in cells]) for p in periods]}


def _kpi_headline(row: dict, freq: str, stale: str | None = None):
    """A KPI's latest complete reading against the reading before, judged by its `better`."""
    return headline(str(row["kpi"]), row["actual"], row.get("previous_actual"), fmt.period(row["period"], freq),
                    fmt.period(row.get("previous_period"), freq), "reading", good=good_for_kpi(row.get("better")),
                    unit=row.get("unit"), stale=stale)


_EMPTY = pd.DataFrame(columns=["touchpoint", "kpi", "period", "actual"])


def _label(instrument: str) -> str:
    """'NPS' for 'nps'; an unknown instrument as it is written."""
    found = INSTRUMENT_TABLE.get(instrument)
    return found.label if found else instrument


def _group(wall) -> dict:
    """Wall 3's tables split once by touchpoint (and KPI, instrument), sorted by period."""
    if wall is None:
        return {"latest": {}, "kpis": {}, "surveys": {}, "complaints": {}}
    surveys: dict = {}
    for (tid, instrument), rows in wall.surveys.sort_values("period").groupby(["touchpoint", "instrument"]):
        surveys.setdefault(tid, {})[instrument] = rows
    return {
        "latest": dict(tuple(wall.latest.groupby("touchpoint"))),
        "kpis": dict(tuple(wall.kpis.sort_values("period").groupby(["touchpoint", "kpi"]))),
        "surveys": surveys,
        "complaints": dict(tuple(wall.complaints.sort_values("period").groupby("touchpoint"))),
    }


def _image(kit: PageKit, tp: dict, page: Page) -> str | None:
    """The artifact image's site path (relative to `page`, which records that it read
    it), from touchpoints.csv or the note."""
    note = kit.room.commentary.touchpoints.get(tp["id"])
    reference = tp.get("image") or (note.get("image") if note is not None else None)
    if not reference:
        return None
    source = kit.room.sources.get("touchpoints", "data/touchpoints.csv")
    site_path = kit.markdown.media.add(kit.room.root, str(reference), PurePosixPath("walls/images"), source, page)
    return to_root(page.path) + site_path if site_path else None


def touchpoint_page_makers(kit: PageKit) -> list[tuple]:
    """(site path, touchpoint id, planner) of each touchpoint's page, not yet planned."""
    return [(f"touchpoints/{tp['key']}.html", tp["id"], (lambda tp=tp: _touchpoint_page(kit, tp)))
            for tp in records(touchpoint_list(kit))]


def once(words: list[dict]) -> list[dict]:
    """Customer words with each text shown once: one export read as issues and as survey
    comments (`[[data.…]]`) would otherwise show every quote twice."""
    seen: set[str] = set()
    out = []
    for w in words:
        text = w["text"].strip()
        if text not in seen:
            seen.add(text)
            out.append(w)
    return out


def _touchpoint_page(kit: PageKit, tp: dict) -> Page:
    """The page of one touchpoint: its KPIs and surveys in full, words, commentary."""
    wall = kit.figures.touchpoints
    common = dict(profile=kit.profile, colors=kit.colors)
    path = f"touchpoints/{tp['key']}.html"
    page = Page(path, [f"touchpoint-{tp['key']}.html", "touchpoint.html"], "touchpoint", tp["name"],
                _period_line(kit), eyebrow=f"Touchpoint · {tp['stage']}")
    view = touchpoint_view(kit, tp, page)
    for kpi in view["kpis"]:
        history = kpi["history"]
        if len(history) > MAX_CHART_POINTS:  # every point costs the renderer time and memory: say what is shown
            title = f"{kpi['kpi']} — the latest {MAX_CHART_POINTS:,} of {len(history):,} readings"
            page.charts.append(kit.charts.kpi_chart(history.tail(MAX_CHART_POINTS), title=title, **common))
        else:
            page.charts.append(kit.charts.kpi_chart(history, **common))
    for survey in view["surveys"]:
        page.charts.append(kit.charts.survey_chart(survey["history"], survey["instrument"], **common))
    words = once(view["words"] + kit.words("issues", "touchpoint", tp["id"], 3))
    complaints = kit.memo("touchpoint groups", lambda: _group(wall))["complaints"].get(tp["id"])
    page.context.update(view=view, note=kit.note(kit.room.commentary.touchpoints.get(tp["id"]), page,
                                                   "From the owner"),
                        words=words, complaints=complaints.tail(6) if complaints is not None else None,
                        freq=wall.freq if wall is not None else "month")
    return page
