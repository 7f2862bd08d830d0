"""One scale for every chart of a poster (posters/chart_scale.py), on hand-worked sizes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from customer_room.posters.chart_scale import box, chart_sizes, svg_size
from customer_room.sheets import sheet


def chart(path: str, width: int, height: int):
    return SimpleNamespace(svg_path=path, svg=f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">')


def test_the_size_of_an_svg_is_read_from_its_root():
    assert svg_size('<svg class="marks" width="650" height="320.5" viewBox="0 0 650 320.5">') == (650.0, 320.5)
    assert svg_size("<svg>") is None and svg_size(None) is None


def test_a_chart_box_on_a1():
    # A1 landscape: 2384 pt wide, less 2 × 40 pt of margin, three columns with two gaps of
    # 0.6 × 24 pt, less 0.8 × 24 pt of padding: 748.8 pt = 998.4 px, less a 2 px border.
    width, height = box(sheet("A1", "landscape"), "issues")
    assert width == pytest.approx(((2383.94 - 80 - 2 * 14.4) / 3 - 19.2) * 4 / 3 - 2, abs=0.5)
    assert height == pytest.approx(11.5 * 24 * 4 / 3)  # 368 px
    assert box(sheet("A1", "landscape"), "outcomes")[1] == pytest.approx(400)


def test_every_chart_at_the_one_scale_that_fits_them_all():
    on = sheet("A1", "landscape")
    width, height = box(on, "issues")
    sizes = chart_sizes([chart("a.svg", 650, 320), chart("b.svg", 500, 300)], on, "issues")
    factor = min(width / 650, height / 320, width / 500, height / 300)  # a's height binds: 368 / 320
    assert factor == pytest.approx(368 / 320)
    assert sizes == {"a.svg": (round(650 * factor, 1), round(320 * factor, 1)),
                     "b.svg": (round(500 * factor, 1), round(300 * factor, 1))}
    assert all(w <= width + 0.1 and h <= height + 0.1 for w, h in sizes.values())


def test_a_small_chart_is_not_blown_up_past_the_limit_and_no_chart_no_sizes():
    on = sheet("A1", "landscape")
    assert chart_sizes([chart("a.svg", 100, 50)], on, "issues") == {"a.svg": (160.0, 80.0)}
    assert chart_sizes([SimpleNamespace(svg_path="x.svg", svg=None)], on, "issues") == {}
