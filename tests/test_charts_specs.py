"""The chart functions in general: valid Vega-Lite, plain JSON, words and tables for every kind."""

from __future__ import annotations

import os

import json
import re

import jsonschema
import pytest

from customer_room.charts import _base, theme
from customer_room.charts.model import Table

from chart_samples import KINDS, SAMPLED, data, sample_charts
from customer_room.charts.registry import registered


def test_every_registered_chart_has_a_sample_and_every_sample_is_registered():
    assert SAMPLED == set(registered())
    assert len(KINDS) == len(set(KINDS))  # one chart id per sample


@pytest.mark.parametrize("profile", theme.PROFILES)
def test_every_kind_is_valid_vega_lite(validator, profile):
    for chart in sample_charts(profile).values():
        error = jsonschema.exceptions.best_match(validator.iter_errors(chart.spec))
        assert error is None, f"{chart.id} ({profile}): {error.message[:300]}"


@pytest.mark.parametrize("kind", KINDS)
def test_chart_is_plain_json_without_title(charts, kind):
    chart = charts[kind]
    text = json.dumps(chart.spec, allow_nan=False)
    assert "Timestamp" not in text and "title" not in chart.spec
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", chart.id)
    assert chart.svg is None and chart.title


@pytest.mark.parametrize("kind", KINDS)
def test_alt_text_is_one_to_three_sentences(charts, kind):
    sentences = re.findall(r"[.!?](?:\s|$)", charts[kind].alt)
    assert 1 <= len(sentences) <= 3, charts[kind].alt


@pytest.mark.parametrize("kind", KINDS)
def test_table_is_text_with_one_cell_per_column(charts, kind):
    table = charts[kind].table
    assert isinstance(table, Table) and table.rows
    for row in table.rows:
        assert len(row) == len(table.columns) and all(isinstance(c, str) for c in row)
        assert not any("nan" in c.lower() for c in row)


@pytest.mark.parametrize("profile, tooltips", [("screen", True), ("kiosk", False),
                                               ("poster", False)])
def test_tooltips_only_on_screen_and_fixed_sizes(profile, tooltips):
    p = theme.profile(profile)
    for chart in sample_charts(profile).values():
        assert ('"tooltip"' in json.dumps(chart.spec)) is tooltips, chart.id
        width = p.hbar_width if chart.spec["usermeta"]["kind"].startswith("hbar") else p.width
        if "vconcat" in chart.spec:  # two panels on one time axis: one width, 1 to 1.4 plots tall
            assert [v["width"] for v in chart.spec["vconcat"]] == [width, width], chart.id
            tall = _base.PANEL_HEIGHT[profile]
            assert sum(v["height"] for v in chart.spec["vconcat"]) == pytest.approx(p.height * tall, abs=1)
        else:
            assert (chart.spec["width"], chart.spec["height"]) == (width, p.height)
        assert chart.spec["config"]["font"] == theme.FONT


def test_periods_are_iso_dates_with_labels(charts):
    rows = data(charts["issue-flow"])
    assert [r["period"] for r in rows][:2] == ["2026-01-05", "2026-01-12"]
    assert rows[0]["end"] == "2026-01-12" and rows[0]["mid"] == "2026-01-08"
    assert rows[0]["label"] == "2026-W02"
    month = data(charts["churn"])[0]
    assert (month["period"], month["end"], month["label"]) == ("2026-01-01", "2026-02-01",
                                                               "2026-01")


def test_time_axis_is_utc(charts):
    text = json.dumps(charts["churn"].spec)
    assert '"type": "utc"' in text and "utcFormat" in text


@pytest.mark.slow  # starts other processes
def test_chart_templates_are_kept_per_user_so_a_later_build_needs_no_altair(small_room, tmp_path):
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path\n"
        "from customer_room.build import build_site\nfrom customer_room.report import Reporter\n"
        f"build_site(Path({str(small_room)!r}), Path({str(tmp_path / 'site')!r}), Reporter(quiet=True))\n"
        "print(type(sys.modules['altair']).__name__)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    runs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        build = json.loads((tmp_path / "site" / "build.json").read_text())
        runs.append((done.stdout.strip(), {p["path"]: p["digest"] for p in build["pages"]}))
    assert runs[0][0] == "module"  # the first build made the templates with Altair
    assert runs[1][0] == "_LazyModule"  # the second never imported it
    assert runs[0][1] == runs[1][1]  # and made the very same pages
    assert list((tmp_path / "user-cache" / "customer-room").glob("chart-templates-*.json"))


def _contrast_on_white(color: str) -> float:
    """WCAG contrast ratio of an #rrggbb colour against white."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(color[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_every_mark_colour_has_three_to_one_contrast_on_white():
    """WCAG 1.4.11: bars, lines and markers must be seen against the card (3:1)."""
    colours = {*theme.PALETTE, theme.INFLOW, theme.OUTFLOW, theme.IDEAL, theme.PROJECTION, theme.TARGET,
               theme.MUTED, *theme.STATUS_COLORS.values(), *theme.DEFAULT_COLORS.values()}
    weak = {c: round(_contrast_on_white(c), 2) for c in colours if _contrast_on_white(c) < 3}
    assert not weak
