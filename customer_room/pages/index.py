"""The index: the room at a glance, data health, and a link to every page (SPEC section 5)."""

from __future__ import annotations

from .. import fmt
from .. import metrics as m
from ..limits import WARNINGS_SHOWN
from ..load.schema import FILES
from ..metrics.freshness import stale_since
from ..metrics.headline import DOWN, UP, headline
from ..paths import WALK_HANDOUT, poster_path
from .common import Page, PageKit, stale_list
from .headlines import issue_headlines, outcome_headlines
from .printed import reprints


def index_page(kit: PageKit, pages: list[Page]) -> Page:
    """The front page, made last because it links to every other page."""
    f = kit.figures
    page = Page("index.html", ["index.html"], "index", kit.room.settings.name, "", eyebrow="Customer room",
                lede="The room at a glance: outcomes, issues and touchpoints, with data health.")
    page.period = f"Data as of {f.as_of:%Y-%m-%d}" if f.as_of is not None else "No data yet"
    outcomes = f.outcomes
    issues = f.issues
    tps = f.touchpoints
    status_counts, status_heads = {}, {}
    if tps is not None and len(tps.latest):
        real = tps.latest[tps.latest["kpi"].str.lower() != "volume"]
        status_counts = real["status"].value_counts().to_dict()
        status_heads = _status_headlines(tps, status_counts)
    page.stale = stale_list(kit, "index")
    titles = {path: _poster_title(path, pages) for path in kit.posters}
    page.context.update(
        outcomes=outcomes,
        outcome_heads=outcome_headlines(outcomes) if outcomes else None,
        issue_heads=issue_headlines(issues) if issues else None,
        outcome_row=outcomes.flow.loc[outcomes.flow["period"] == outcomes.period].iloc[0] if outcomes else None,
        issues=issues,
        issue_row=issues.flow.loc[issues.flow["period"] == issues.period].iloc[0] if issues else None,
        tracked=[c for c in issues.categories.values() if c.trend is not None] if issues else [],
        unowned=sum(1 for c in issues.categories.values() if c.owner is None and not c.group) if issues else 0,
        touchpoints=tps,
        status_counts=status_counts,
        status_heads=status_heads,
        kpi_period=tps.latest["period"].max() if tps is not None and len(tps.latest) else None,
        warnings=kit.room.warnings, warnings_shown=WARNINGS_SHOWN,
        notes=kit.room.notes,
        files=[(name, kit.room.sources.get(name), schema.help) for name, schema in FILES.items()],
        issue_pages=[p for p in pages if p.kind == "issue"],
        touchpoint_pages=[p for p in pages if p.kind == "touchpoint"],
        posters=[{"path": path, "title": title} for path, title in titles.items()],
        reprints=reprints(kit.printed, f, list(titles), titles),
    )
    return page


def _status_headlines(tps, now: dict) -> dict:
    """How many KPIs are on target, watch and off target, each against the month before
    (the KPIs read in that month): more on target is better, more off target worse."""
    previous = m.next_period(tps.period, tps.freq, -1)
    history = tps.kpis[(tps.kpis["kpi"].str.lower() != "volume") & (tps.kpis["period"] >= previous)
                       & (tps.kpis["period"] <= m.period_end(previous, tps.freq))]
    before = history["status"].value_counts().to_dict()
    this, compared = fmt.period(tps.period, tps.freq), fmt.period(previous, tps.freq)
    return {word: headline(label, now.get(word, 0), before.get(word, 0) if len(history) else None, this, compared,
                           good=good, stale=stale_since(tps.stale, "kpis"))
            for word, label, good in (("on target", "On target", UP), ("watch", "Watch", None),
                                      ("off target", "Off target", DOWN))}


def _poster_title(path: str, pages: list[Page]) -> str:
    """A poster's link text: the title of the page it prints ('Outcomes'), or its file name."""
    if path == WALK_HANDOUT:
        return "Walk handout (A4)"
    return next((p.title for p in pages if poster_path(p.path) == path), path.rsplit("/", 1)[-1])
