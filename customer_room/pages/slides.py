"""The kiosk's slides: each wall and each tracked issue designed for a TV (SPEC section 7).

A TV in the room is read from three metres by someone walking past, so the kiosk does
not show the web pages cut into screens: it shows slides made for a 16:9 screen, each
with one job. A wall gets one to three: its point (the commentary's title) with its
headline figures and its key chart, then its second chart or its list (Wall 1: who owns
each reason customers leave for, and the large ones nobody owns). A tracked issue
gets one (owner, status against the target date, count against the target, the late
actions, the count's chart); every issue with no owner shares one summary slide.

Each slide is planned from the figures the build computed, with its charts in the
kiosk profile (large type, few labels), and holds only what fits: a list longer than
its slide says how many more there are and where they are. How long a slide stays up
follows from what it holds (`playlist.slide_seconds`), within the room's bounds. The kiosk page
(`pages/kiosk.py`) renders them all into kiosk.html, and its playlist names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from .. import fmt
from .. import metrics as m
from ..charts import theme
from ..charts.model import Chart
from ..charts.sparkline import sparkline
from ..metrics.freshness import stale_since
from ..metrics.headline import DOWN, UP, headline
from ..metrics.touchpoints import status_counts
from .common import PageKit, complete
from .issues import issue_page_makers, issue_size, issues_wall, recent_span
from .outcomes import outcomes_wall
from .follow_up import room_follow_up
from .touchpoints import keep_order, touchpoints_wall

LEAD_WORDS = 90  # a first paragraph longer than this never fits a slide: the point is its title alone
UNOWNED_ROWS = 14  # issues with no owner on their summary slide (two columns of seven)
TRACKED_ROWS = 6  # tracked issues named beside the top categories
REASON_CARDS = 3  # owned loss reasons on Wall 1's owners slide (one row of cards over the unowned ones); more are counted
OFF_TARGET_CARDS = 6  # off-target touchpoints per slide (three across, two down)
OFF_TARGET_SLIDES = 2  # slides of off-target touchpoints at most; more are counted
STRIP_NAMES = 4  # touchpoints named per stage on the journey strip; more are counted
LATE_ACTIONS = 2
SPARK_READINGS = 12  # readings on an off-target KPI's line  # late actions named on an issue's slide; more are counted


@dataclass
class Slide:
    """One slide: its id (unique in the kiosk), the site page it stands for, the
    template macro that draws it (`kind`), its title bar and footer words, and what it
    shows. `words` counts the words on it, for its time on screen."""

    id: str
    page: str
    kind: str  # point, chart, unowned, reasons, journey, off_target, issue (macros in slides.html)
    eyebrow: str
    title: str
    period: str
    context: dict = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    words: int = 0
    group: str = "wall"  # wall, or issue (the playlist returns to the outcomes between groups of issues)


_TAGS = re.compile(r"<[^>]+>")


def count_words(*texts) -> int:
    """The words in some texts (HTML tags left out), for a slide's time on screen."""
    return sum(len(_TAGS.sub(" ", str(t)).split()) for t in texts if t)


def kiosk_kit(kit: PageKit) -> PageKit:
    """The build's kit with the kiosk chart profile: the same figures, notes, charts memo
    and per-build memo (whose tables do not depend on the profile: worked out again, the
    touchpoints' figures and the customers' words cost an L room 0.6 s a build)."""
    return PageKit(kit.room, kit.figures, kit.markdown, profile="kiosk", logo=kit.logo, charts=kit.charts,
                   _memo=kit._memo)


def point_of(kit: PageKit, note, page) -> dict | None:
    """A wall's point for its first slide: the commentary's title, and its first
    paragraph when that is short enough to read from across the room."""
    found = kit.note(note, page)
    if found is None:
        return None
    lead = found["lead"] if count_words(found["lead"]) <= LEAD_WORDS else ""
    who = note.get("author") or note.get("owner")  # who says it; when is on the wall
    return {"title": found["title"], "byline": f"— {who}" if who else "", "lead": lead}


def chart_of(page, chart_id: str) -> Chart | None:
    """The chart of a planned page with this id, if it has one."""
    return next((c for c in page.charts if c.id == chart_id), None)


def outcome_slides(kit: PageKit, into) -> list[Slide]:
    """Wall 1: its point with customers in and out, then why they leave (the reasons
    and the segments whose value left), then who owns each reason."""
    wall = outcomes_wall(kiosk_kit(kit))
    path, ctx = "walls/outcomes.html", wall.context
    point = point_of(kit, kit.room.commentary.walls.get("outcomes"), into)
    if "heads" not in ctx:
        return [_empty("outcomes", path, "Wall 1", "Outcomes", point, wall.period, "customers")]
    heads = ctx["heads"]
    first = [heads[k] for k in ("came in", "left", "active", "churn")]
    flow = chart_of(wall, "customer-flow")
    second = [heads[k] for k in ("retention", "save", "referral")]
    reasons = [c for c in (chart_of(wall, "loss-reasons"), chart_of(wall, "lost-value-by-segment")) if c]
    owners = reasons_slide(ctx, path)
    return [
        Slide("outcomes", path, "point", "Wall 1", "Outcomes", short_period(ctx), {"point": point, "heads": first},
              [flow] if flow else [], _words(point, first)),
        Slide("outcomes-why", path, "chart", "Wall 1", "Why customers leave", short_period(ctx), {"heads": second},
              reasons, _words(None, second)),
        *([owners] if owners else []),
    ]


def reasons_slide(ctx: dict, path: str) -> Slide | None:
    """Wall 1's owners of why customers leave: a card per owned reason (status, the
    latest count against the target, owner, change since the owner started, a year of
    counts) over the large reasons nobody owns (`pages/reasons.py`); None when the data
    has no reason to own."""
    found = ctx.get("reasons")
    if not found or not (found["cards"] or found["unowned"]):
        return None
    wall, cards = ctx["wall"], found["cards"][:REASON_CARDS]
    owned = []
    for card in cards:
        reason = card["reason"]
        recent = complete(reason.counts, wall.period)["count"].tail(SPARK_READINGS).tolist()
        owned.append({**card, "readings": len(recent), "line": Markup(sparkline(
            recent, 480, 90, aria_label=f"{reason.name}, customers lost in the last {len(recent)} {wall.freq}s",
            target=reason.note.get("target"), stroke_width=4))})
    context = {"owned": owned, "more_owned": len(found["cards"]) - len(cards), "unowned": found["unowned"],
               "window": found["window"], "freq": found["freq"], "this_label": ctx["this_label"]}
    words = count_words(*(f"{c['reason'].name} {c['reason'].owner} {c['trend'] and c['trend']['status']}" for c in cards),
                        *(f"{u['name']} {u['count']} lost" for u in found["unowned"]))
    return Slide("outcomes-owners", path, "reasons", "Wall 1", "Who owns why customers leave", short_period(ctx),
                 context, words=words + 10)


def issue_wall_slides(kit: PageKit, into) -> list[Slide]:
    """Wall 2: its point with the flow of issues, then the top categories beside who
    works on them; the issues with no owner have a slide of their own (`unowned_slide`)."""
    wall = issues_wall(kiosk_kit(kit))
    path, ctx = "walls/issues.html", wall.context
    point = point_of(kit, kit.room.commentary.walls.get("issues"), into)
    if "heads" not in ctx:
        return [_empty("issues", path, "Wall 2", "Issues", point, wall.period, "issues")]
    heads = [ctx["heads"][k] for k in ("opened", "closed", "backlog", "time_to_close")]
    flow = chart_of(wall, "issue-flow")
    top = chart_of(wall, "top-categories")
    tracked = [{"cat": c["cat"], "status": c["trend"].get("status")} for c in ctx["tracked"]]
    return [
        Slide("issues", path, "point", "Wall 2", "Issues", short_period(ctx), {"point": point, "heads": heads},
              [flow] if flow else [], _words(point, heads)),
        Slide("issues-nature", path, "chart", "Wall 2", "Top issues and their owners",
              f"{ctx['recent_label']}", {"tracked": tracked[:TRACKED_ROWS], "more_tracked": max(0, len(tracked) - TRACKED_ROWS)},
              [top] if top else [],
              count_words(*(f"{t['cat'].name} {t['cat'].owner} {t['status']}" for t in tracked[:TRACKED_ROWS]))),
    ]


def unowned_slide(kit: PageKit) -> Slide | None:
    """Every issue with no owner on one slide, largest first: how many, and what they
    hold; None when every issue has an owner."""
    wall = kit.figures.issues
    if wall is None:
        return None
    cats = [c for c in wall.categories.values() if c.owner is None and c.recent > 0 and not c.group]
    if not cats:
        return None
    shown = cats[:UNOWNED_ROWS]
    rest = cats[UNOWNED_ROWS:]
    rows = [{"cat": c, "size": issue_size(c, wall.freq)} for c in shown]
    context = {"rows": rows, "count": len(cats), "issues": sum(c.recent for c in cats),
               "more": len(rest), "more_issues": sum(c.recent for c in rest), "window": recent_span(kit)}
    return Slide("unowned", "walls/issues.html", "unowned", "Wall 2", "Issues that need an owner", context["window"],
                 context, words=count_words(*(f"{r['cat'].name} {r['size']}" for r in rows)) + 12)


def touchpoint_slides(kit: PageKit, into) -> list[Slide]:
    """Wall 3: its point over the journey strip (each stage's touchpoints and their
    status), then the touchpoints off target, worst first, as cards."""
    wall = touchpoints_wall(kiosk_kit(kit))
    path, ctx = "walls/touchpoints.html", wall.context
    point = point_of(kit, kit.room.commentary.walls.get("touchpoints"), into)
    stages = [{"name": s["name"], "step": s["step"], "counts": s["counts"],
               "cards": [{"tp": c["tp"], "status": c["status"], "kpi": c["kpis"][0] if c["kpis"] else None}
                         for c in _strip_cards(s["cards"])],
               "more": max(0, len(s["cards"]) - STRIP_NAMES)} for s in ctx.get("stages", [])]
    if not ctx.get("stages"):
        return [_empty("touchpoints", path, "Wall 3", "Touchpoints", point, wall.period, "touchpoints")]
    period = ctx.get("period_label") or wall.period
    totals = journey_totals(kit, ctx["stages"])
    compare = (f"Each touchpoint by its worst KPI, {totals[0].period} against {totals[0].compared}"
               if totals[0].compared else wall.period)
    slides = [Slide("touchpoints", path, "journey", "Wall 3", "Touchpoints", compare,
                    {"point": point, "stages": stages, "totals": totals, "follow_up": room_follow_up(kit)},
                    words=_words(point, []) + count_words(*(c["tp"]["name"] for s in stages for c in s["cards"])))]
    off = [c for s in ctx.get("stages", []) for c in s["cards"] if c["status"] == "off target"]
    pages = [off[i:i + OFF_TARGET_CARDS] for i in range(0, len(off), OFF_TARGET_CARDS)][:OFF_TARGET_SLIDES]
    for n, cards in enumerate(pages, start=1):
        shown = sum(len(p) for p in pages[:n])
        more = len(off) - shown if n == len(pages) else 0
        views = [_off_target_view(c) for c in cards]
        title = "Touchpoints off target" + (f" ({n} of {len(pages)})" if len(pages) > 1 else "")
        slides.append(Slide(f"touchpoints-off-{n}", path, "off_target", "Wall 3", title, _month_words(period),
                            {"cards": views, "more": more, "count": len(off)},
                            words=count_words(*(f"{v['tp']['name']} {v['tp']['owner']} " + " ".join(
                                f"{k['kpi']} {k['actual']} {k['target']}" for k in v["kpis"]) for v in views))))
    return slides


def journey_totals(kit: PageKit, stages: list[dict]) -> list:
    """The journey's touchpoints off target, watch and on target (the strip's own
    counts), each a headline against the period before (`status_counts`): fewer off
    target is better, more on target is better."""
    wall = kit.figures.touchpoints
    if wall is None or wall.period is None:  # touchpoints, but no KPI readings yet: nothing to compare
        before, this, compared = {}, "", ""
    else:
        previous = m.next_period(wall.period, wall.freq, -1)
        before = status_counts(wall.kpis, previous)
        this, compared = fmt.period(wall.period, wall.freq), fmt.period(previous, wall.freq)
    stale = stale_since(wall.stale, "kpis") if wall is not None else None
    return [headline(word.capitalize(), sum(s["counts"].get(word, 0) for s in stages), before.get(word), this, compared,
                     good=good, stale=stale) for word, good in (("off target", DOWN), ("watch", None), ("on target", UP))]


def _strip_cards(cards: list[dict]) -> list[dict]:
    """The touchpoints a stage of the strip names: the off-target ones first, then watch,
    then the rest (`keep_order`, as a printed wall keeps them), in the wall's order."""
    kept = {id(c) for c in keep_order(cards)[:STRIP_NAMES]}
    return [c for c in cards if id(c) in kept]


def _empty(id: str, path: str, eyebrow: str, title: str, point, period: str, file: str) -> Slide:
    """A wall's one slide when its data file is not in the room yet: its point, if it has
    a note, and what to add."""
    empty = f"{period}: add data/{file}.csv (or .xlsx, .parquet) to the room to fill this wall."
    return Slide(id, path, "point", eyebrow, title, period, {"point": point, "empty": empty},
                 words=_words(point, []) + count_words(empty))


def _off_target_view(card: dict) -> dict:
    """An off-target touchpoint's card: its first KPI off target (the worst first, as on
    the wall) with its last twelve readings against the target, and how many more are off."""
    off = [k for k in card["kpis"] if k["status"] == "off target"]
    kpis = []
    for k in off[:1]:
        recent = k["history"]["actual"].tail(SPARK_READINGS).tolist()
        target = k.get("target")
        kpis.append({**k, "readings": len(recent), "trend": Markup(sparkline(
            recent, 480, 90, aria_label=f"{k['kpi']}, the last {len(recent)} readings", color=theme.STATUS_COLORS[theme.OFF_TARGET],
            target=target if target == target else None, stroke_width=4))})
    return {"tp": card["tp"], "kpis": kpis, "more": max(0, len(off) - 1)}


def issue_slide(kit: PageKit, make, key: str) -> Slide:
    """One issue's slide: owner, status against the target date, count against the
    target, the late actions and the count's chart."""
    page = make()
    ctx = page.context
    cat, trend = ctx["cat"], ctx["trend"]
    late = [a for a in ctx["actions"] if a["overdue"]]  # soonest due first
    meaning = ctx["status_meaning"]
    context = {"cat": cat, "trend": trend, "target": ctx["target"], "heads": ctx["heads"], "meaning": meaning,
               "size": ctx["size"], "late": late[:LATE_ACTIONS], "more_late": max(0, len(late) - LATE_ACTIONS),
               "actions": len(ctx["actions"]), "freq": ctx["freq"], "this_label": ctx["this_label"],
               "target_date": cat.note.get("target_date") if cat.note is not None else None}
    words = count_words(meaning, cat.owner, ctx["size"], *(f"{a['action']} {a['owner']}" for a in late[:LATE_ACTIONS]))
    return Slide(f"issue-{key}", page.path, "issue", "Issue" if cat.owner is None else "Tracked issue", cat.name,
                 f"{_freq_words(ctx['freq'])} · latest complete {ctx['freq']}: {ctx['this_label']}", context,
                 page.charts[:1], words + 15, group="issue")


def wall_slides(kit: PageKit, into) -> dict[str, list[Slide]]:
    """Each wall's slides by the wall's site path (the unowned summary with Wall 2)."""
    unowned = unowned_slide(kit)
    return {"walls/outcomes.html": outcome_slides(kit, into),
            "walls/issues.html": issue_wall_slides(kit, into) + ([unowned] if unowned else []),
            "walls/touchpoints.html": touchpoint_slides(kit, into)}


def issue_makers(kit: PageKit) -> dict[str, tuple[str, object, bool]]:
    """Each issue page's path → (category key, planner of its page with kiosk charts,
    whether it is tracked)."""
    wall = kit.figures.issues
    kit = kiosk_kit(kit)
    tracked = {c.key for c in wall.categories.values() if c.note is not None} if wall is not None else set()
    return {path: (key, make, key in tracked) for path, key, make in issue_page_makers(kit)}


def short_period(ctx: dict) -> str:
    """'Monthly · latest complete month: 2026-10': the footer's period of a wall's slide."""
    wall = ctx["wall"]
    return f"{_freq_words(wall.freq)} · latest complete {wall.freq}: {fmt.period(wall.period, wall.freq)}"


def _freq_words(freq: str) -> str:
    return {"day": "Daily", "week": "Weekly", "month": "Monthly", "quarter": "Quarterly"}[freq]


def _month_words(label: str) -> str:
    return f"KPIs and surveys of {label}" if label and label[:1].isdigit() else label


def _words(point: dict | None, heads: list) -> int:
    """The words of a point and a row of headline figures."""
    text = [point["title"], point["lead"]] if point else []
    return count_words(*text) + 6 * len(heads)


__all__ = ["Slide", "count_words", "issue_makers", "issue_slide", "kiosk_kit", "wall_slides"]
