"""Build-time SVGs: every chart kind renders, the disk cache works, workers agree.

These call the real vl-convert (about a second for the first chart in a process).
"""

from __future__ import annotations

import copy
import os
import time

import pytest
from test_charts_specs import sample_charts

from customer_room.charts.sealed import read_sealed
from customer_room import workers
from customer_room.charts import _render, svg


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """Every kind rendered once in this process (no cache)."""
    specs = {key: chart.spec for key, chart in sample_charts().items()}
    return svg.render_svgs(specs, workers=1)


@pytest.fixture(autouse=True, scope="module")
def stop_workers():
    yield
    svg.shutdown()


def many_specs(count: int) -> dict[str, dict]:
    """`count` distinct specs cycling through every kind."""
    base = list(sample_charts().values())
    out = {}
    for i in range(count):
        spec = copy.deepcopy(base[i % len(base)].spec)
        spec["usermeta"]["copy"] = i
        out[f"chart-{i}"] = spec
    return out


@pytest.mark.parametrize("kind", list(sample_charts()))
def test_every_kind_renders_to_svg_with_marks(rendered, kind):
    text = rendered[kind]
    assert text.lstrip().startswith("<svg") and text.rstrip().endswith("</svg>")
    assert 'class="mark-' in text
    assert "DejaVu Sans" in text  # the theme's font names, nothing downloaded
    assert "http://" not in text.replace("http://www.w3.org/", "")


def test_cache_reuses_the_file_without_vl_convert(tmp_path, monkeypatch, rendered):
    specs = {"a": sample_charts()["churn"].spec}
    first = svg.render_svgs(specs, cache_dir=tmp_path)
    files = list((tmp_path / "svg").glob("*.svg"))
    assert len(files) == 1 and read_sealed(files[0], files[0].stem) == first["a"]
    assert not list((tmp_path / "svg").glob(".*"))  # no temporary files left behind

    def fail(chunk):
        raise AssertionError("vl-convert called for a cached chart")

    monkeypatch.setattr(_render, "render_chunk", fail)
    start = time.perf_counter()
    again = svg.render_svgs({"b": specs["a"]}, cache_dir=tmp_path)
    assert again["b"] == first["a"] and time.perf_counter() - start < 0.5


def test_prune_cache_keeps_what_builds_use(tmp_path, rendered):
    specs = many_specs(2)
    svg.render_svgs(specs, cache_dir=tmp_path, workers=1)
    old, used = sorted((tmp_path / "svg").glob("*.svg"))
    month_ago = time.time() - 31 * 86400
    for path in (old, used):
        os.utime(path, (month_ago, month_ago))
    digest = used.stem
    key = next(k for k, s in specs.items() if svg.cache_key(svg.canonical(s)) == digest)
    svg.render_svgs({key: specs[key]}, cache_dir=tmp_path)  # a cache hit marks it used
    assert svg.prune_cache(tmp_path, max_age_days=30) == 1
    assert not old.exists() and used.exists()
    assert svg.prune_cache(tmp_path / "nowhere") == 0


def test_cache_key_changes_with_spec_and_version(monkeypatch):
    spec = sample_charts()["churn"].spec
    key = svg.cache_key(svg.canonical(spec))
    changed = copy.deepcopy(spec)
    changed["data"]["values"][1]["churn_pct"] = 5.1
    assert svg.cache_key(svg.canonical(changed)) != key
    reordered = dict(reversed(list(spec.items())))
    assert svg.cache_key(svg.canonical(reordered)) == key
    monkeypatch.setattr(svg, "vl_convert_version", lambda: "0.0.0")
    assert svg.cache_key(svg.canonical(spec)) != key


def test_identical_specs_render_once(monkeypatch, rendered):
    calls = []
    real = _render.render_chunk
    monkeypatch.setattr(_render, "render_chunk", lambda chunk: calls.append(1) or real(chunk))
    spec = sample_charts()["issue-ageing"].spec
    out = svg.render_svgs({"x": spec, "y": copy.deepcopy(spec)}, workers=1)
    assert out["x"] == out["y"] and len(calls) == 1


def test_progress_is_reported(tmp_path, rendered):
    seen = []
    specs = many_specs(3)
    svg.render_svgs(specs, cache_dir=tmp_path, workers=1,
                    progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)
    seen.clear()
    svg.render_svgs(specs, cache_dir=tmp_path, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(3, 3)]


@pytest.mark.slow  # starts other processes
def test_workers_give_the_same_svgs_as_serial(rendered, monkeypatch):
    specs = many_specs(20)
    serial = svg.render_svgs(specs, workers=1)
    monkeypatch.setattr(svg, "use_workers", lambda count, workers: True)
    parallel = svg.render_svgs(specs, workers=2)
    assert workers.running("charts") is not None and len(workers.running("charts").workers) == 2
    assert parallel == serial
    again = svg.render_svgs({k: v for k, v in list(specs.items())[:5]}, workers=2)
    assert all(again[k] == serial[k] for k in again)  # the warm pool is reused


@pytest.mark.parametrize("parent_warm, pool_warm, count, expected", [
    (False, False, 7, False), (False, False, 8, True),   # one-shot build
    (True, False, 39, False), (True, False, 40, True),   # rendered here before
    (True, True, 3, False), (True, True, 4, True),       # watch mode, both warm
    (False, True, 1, True),                              # pool warm, this process cold
])
def test_when_workers_pay(monkeypatch, parent_warm, pool_warm, count, expected):
    class Warm:
        size = 2

    monkeypatch.setattr(_render, "warm", lambda: parent_warm)
    monkeypatch.setattr(svg, "running", lambda service: Warm() if pool_warm else None)
    assert svg.use_workers(count, 2) is expected
    assert svg.use_workers(count, 1) is False


def test_a_bad_spec_names_its_chart(rendered, monkeypatch):
    bad = {"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
           "mark": "no-such-mark", "data": {"values": []}}
    with pytest.raises(svg.RenderError, match="'broken'"):
        svg.render_svgs({"fine": sample_charts()["churn"].spec, "broken": bad}, workers=1)
    monkeypatch.setattr(svg, "use_workers", lambda count, workers: True)
    with pytest.raises(svg.RenderError, match="'broken'"):
        svg.render_svgs({"fine": sample_charts()["churn"].spec, "broken": bad}, workers=2)
    with pytest.raises(svg.RenderError, match="'nan'"):
        svg.render_svgs({"nan": {"mark": "point", "width": float("nan")}}, workers=1)


def test_spec_version_maps_to_vl_convert():
    spec = sample_charts()["churn"].spec
    assert svg.vl_version(spec) == "6.4"
    assert svg.vl_version({}) is None


def test_javascript_bundle_is_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(svg, "_bundle", lambda version: "window.vegaEmbed = 1;")
    assert svg.javascript_bundle(tmp_path) == "window.vegaEmbed = 1;"
    files = list(tmp_path.glob("vega-bundle-*.js"))
    assert len(files) == 1 and svg.vl_convert_version() in files[0].name

    def fail(version):
        raise AssertionError("bundle rebuilt")

    monkeypatch.setattr(svg, "_bundle", fail)
    assert svg.javascript_bundle(tmp_path) == "window.vegaEmbed = 1;"


@pytest.mark.slow  # starts other processes
def test_real_javascript_bundle_defines_vega_embed():
    text = svg.javascript_bundle(None)
    assert len(text) > 500_000 and "vegaEmbed" in text


@pytest.mark.slow  # starts other processes
def test_render_ahead_fills_the_cache_in_the_background_and_gives_the_pool_back(tmp_path, monkeypatch):
    from customer_room.charts.ahead import RenderAhead

    specs = many_specs(13)
    texts = {key: svg.canonical(spec) for key, spec in specs.items()}
    serial = svg.render_svgs(specs, workers=1)
    svg.prestart(2)
    ahead = RenderAhead(tmp_path)
    assert ahead.active
    for text in texts.values():
        ahead.add(text, None)
        ahead.add(text, None)  # a second copy is not queued twice
    ahead.wait()
    assert ahead.rendered == 13
    cached = {key: read_sealed(tmp_path / "svg" / f"{svg.cache_key(text)}.svg", svg.cache_key(text))
              for key, text in texts.items()}
    assert cached == serial
    monkeypatch.setattr(_render, "render_chunk", lambda chunk: pytest.fail("rendered again"))
    assert svg.render_svgs(specs, cache_dir=tmp_path, workers=2) == serial  # all from the cache
    assert workers.running("charts").lock.acquire(blocking=False)  # the pool is free for the foreground again
    workers.running("charts").lock.release()


def test_render_ahead_is_idle_without_a_running_pool(tmp_path):
    from customer_room.charts.ahead import RenderAhead

    svg.shutdown()
    ahead = RenderAhead(tmp_path)
    ahead.add(svg.canonical(next(iter(many_specs(1).values()))), None)
    ahead.wait()
    assert not ahead.active and ahead.rendered == 0 and not (tmp_path / "svg").exists()


@pytest.mark.parametrize("damage", ["truncated", "edited", "another chart's file", "empty"])
def test_a_damaged_cache_file_is_rendered_again_never_published(tmp_path, rendered, damage):
    """Issue 11, finding 15: the cache is checked, not trusted."""
    specs = many_specs(2)
    first = svg.render_svgs(specs, cache_dir=tmp_path, workers=1)
    a, b = (tmp_path / "svg" / f"{svg.cache_key(svg.canonical(specs[k]))}.svg" for k in sorted(specs))
    text = a.read_text()
    if damage == "truncated":
        a.write_text(text[: len(text) // 2])
    elif damage == "edited":
        a.write_text(text.replace("<svg", '<svg onload="alert(1)"', 1))
    elif damage == "another chart's file":
        a.write_text(b.read_text())
    else:
        a.write_text("")
    again = svg.render_svgs(specs, cache_dir=tmp_path, workers=1)
    assert again == first
    assert "alert" not in again[sorted(specs)[0]]
    assert read_sealed(a, a.stem) == first[sorted(specs)[0]]  # made again, whole
