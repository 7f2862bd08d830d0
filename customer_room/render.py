"""The render stage: Jinja2 templates turn each page's figures and charts into HTML.

Templates are looked up in one ordered list: the room's own `templates/` folder first,
then the built-in ones, so a user can override a single page (or the shared `base.html`)
without copying the rest. Pages ask for the most specific template first, e.g.
`issue-late-delivery.html` before `issue.html`.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from . import fmt
from .charts.model import Chart, Table

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


def environment(room: Path, currency: str = "$") -> jinja2.Environment:
    """The Jinja environment for a room: its overrides first, then the built-ins.

    `money(value)` is available in every template, in the room's currency.
    """
    search = [room / "templates", BUILTIN_TEMPLATES]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search if p.is_dir()]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        number=fmt.number, signed=fmt.signed, percent=fmt.percent, signed_percent=fmt.signed_percent,
        score=fmt.score, date=fmt.date, datetime=fmt.datetime, period=fmt.period, days=fmt.days,
        spec_json=spec_json, reading=fmt.reading,
    )
    env.globals["money"] = lambda value: fmt.money(value, currency)
    env.globals["currency"] = currency
    return env


def spec_json(spec: dict) -> Markup:
    """A Vega-Lite spec as JSON that is safe inside a <script type="application/json">."""
    return Chart("", "", spec, "", Table([])).spec_json


def render_page(env: jinja2.Environment, templates: list[str], context: dict) -> str:
    """Render a page with the first of `templates` that exists (most specific first)."""
    try:
        template = env.select_template(templates)
    except jinja2.TemplatesNotFound as exc:
        searched = ", ".join(str(p) for p in env.loader.searchpath)
        raise jinja2.TemplateNotFound(f"none of {', '.join(templates)} in {searched}") from exc
    return template.render(context)
