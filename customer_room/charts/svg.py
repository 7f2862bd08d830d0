"""Build-time SVGs of every chart, for posters, print and browsers without JavaScript.

vl-convert costs ~0.7 s for its first chart in a process and 25–65 ms for each later
one (PERFORMANCE.md), so a site of hundreds of charts must not re-render what has not
changed: each SVG is cached on disk under the sha256 of the spec's canonical JSON and
the vl-convert version. Charts that do miss the cache are rendered in two worker
interpreters when there are enough of them to pay for starting the workers (see
`_render` for why these are fresh interpreters and never forks), otherwise in this
process. The vega-embed JavaScript bundle the pages load is cached the same way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Callable, Mapping

from ..workers import WorkerError, pool, running, shutdown
from . import _render
from .sealed import read_sealed, write_sealed

# When two workers beat rendering here, in charts to render (medians on the 2-core
# build machine, ~60 ms per chart in one process, ~31 ms with two warm workers):
# - neither this process nor the pool has rendered yet (a one-shot build): both pay
#   vl-convert's start-up, ~0.75 s here against ~1 s for two workers starting side by
#   side, so the pool wins from about 8 charts;
# - this process has rendered before but the pool is not running: from about 40;
# - the pool is running (watch mode): from about 4, or from 1 if this process would
#   otherwise pay the start-up.
PARENT_COLD_MIN = 8
PARENT_WARM_MIN = 40
POOL_WARM_MIN = 4
CHUNK = 8  # specs per message: small enough to balance, large enough for cheap IPC
SERVICE = "charts"  # the worker pool's name for chart rendering (see workers.py)


class RenderError(RuntimeError):
    """vl-convert could not render a spec: a bug in a chart function, not in the data."""


@functools.lru_cache(maxsize=1)
def vl_convert_version() -> str:
    """The installed vl-convert's version, part of every cache key."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vl-convert-python")
    except PackageNotFoundError:  # pragma: no cover - an unusual install
        import vl_convert

        return str(getattr(vl_convert, "__version__", "unknown"))


@functools.lru_cache(maxsize=8)
def _supported(schema_version: str) -> str | None:
    """The vl-convert Vega-Lite version ("6.4") matching a spec's "$schema" ("v6.4.1")."""
    import vl_convert

    wanted = ".".join(schema_version.lstrip("v").split(".")[:2])
    return wanted if wanted in vl_convert.get_vegalite_versions() else None


def vl_version(spec: Mapping) -> str | None:
    """The Vega-Lite version a spec was written for, or None for vl-convert's latest."""
    schema = str(spec.get("$schema", ""))
    name = schema.rsplit("/", 1)[-1].removesuffix(".json")
    return _supported(name) if name.startswith("v") else None


def static_spec(spec: Mapping) -> dict:
    """The spec as the build-time SVG needs it: without tooltips.

    A static SVG cannot show a tooltip, yet Vega still computes one per mark, ~10 %
    of a chart's render time; the page keeps the full spec for the live chart.
    """
    def strip(node):
        if isinstance(node, dict):  # data values hold no tooltips: copied as they are
            out = {k: (v if k in ("data", "datasets") else strip(v)) for k, v in node.items() if k != "tooltip"}
            if isinstance(node.get("mark"), dict) and "tooltip" in node["mark"]:
                out["mark"] = {k: v for k, v in node["mark"].items() if k != "tooltip"}
            return out
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(spec)


def canonical(spec: Mapping) -> str:
    """The spec as canonical JSON: sorted keys, no spaces, so equal specs hash equal."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def cache_key(spec_json: str) -> str:
    """sha256 of the canonical spec and the vl-convert version."""
    digest = hashlib.sha256(spec_json.encode("utf-8"))
    digest.update(b"\0vl-convert " + vl_convert_version().encode())
    return digest.hexdigest()


def prestart(workers: int = 2) -> None:
    """Start the render workers now, so their start-up overlaps the build's loading.

    Worth it when many charts are new (an empty cache); a worker pays vl-convert's
    start-up (~0.75 s) as soon as it starts.
    """
    pool(SERVICE, workers)


def warm_in_process() -> None:
    """Pay vl-convert's start-up (~0.75 s) in this process now. A watch calls this
    between builds, so that the one or two new charts of a later rebuild render in tens
    of milliseconds instead of waiting for the start-up."""
    if _render.warm():
        return
    try:
        _render.warm_up()
    except Exception:  # noqa: BLE001 - a failed warm-up only means the first real chart pays it
        pass


def use_workers(count: int, workers: int) -> bool:
    """Whether rendering `count` uncached specs in `workers` processes pays off.

    Starting vl-convert costs ~0.75 s in any process, so the answer depends on who has
    already paid it (see PARENT_COLD_MIN and the notes above it).
    """
    if workers < 2 or count < 1:
        return False
    warm_here = _render.warm()
    found = running(SERVICE)
    if found is not None and found.size == workers:
        return count >= (POOL_WARM_MIN if warm_here else 1)
    return count >= (PARENT_WARM_MIN if warm_here else PARENT_COLD_MIN)


def render_svgs(specs: Mapping[str, Mapping], cache_dir: Path | None = None,
                workers: int = 2, progress: Callable[[int, int], None] | None = None,
                texts: Mapping[str, str] | None = None, counts: dict | None = None) -> dict[str, str]:
    """The SVG text of each spec (key → svg), from the disk cache or vl-convert.

    Identical specs are rendered once. New SVGs are written to `cache_dir` atomically;
    `progress(done, total)` is called as charts come in. A spec vl-convert rejects
    raises `RenderError` naming its key. `texts`, if given, holds each spec's
    `canonical` JSON already made by the caller, so it is not made twice. `counts`, if
    given, gets how many were "cached" and how many "rendered".
    """
    total = len(specs)
    texts = dict(texts or {})
    for key, spec in specs.items():
        if key in texts:
            continue
        try:
            texts[key] = canonical(spec)
        except (TypeError, ValueError) as exc:
            raise RenderError(f"chart '{key}' is not plain JSON: {exc}") from None
    keys = {key: cache_key(text) for key, text in texts.items()}
    folder = Path(cache_dir) / "svg" if cache_dir is not None else None
    by_hash: dict[str, str] = {}
    missing: dict[str, tuple[str, str, str | None]] = {}
    for key, digest in keys.items():
        if digest in by_hash or digest in missing:
            continue
        cached = folder / f"{digest}.svg" if folder is not None else None
        text = read_sealed(cached, digest) if cached is not None else None  # None: missing or damaged
        if text is not None:
            by_hash[digest] = text
            _touch(cached)
        else:
            missing[digest] = (key, texts[key], vl_version(specs[key]))
    done = [sum(1 for d in keys.values() if d in by_hash)]
    failures: list[str] = []

    def store(results: list) -> None:
        for digest, svg, error in results:
            if error is not None:
                failures.append(f"chart '{missing[digest][0]}' could not be rendered: "
                                f"{error}")
                continue
            by_hash[digest] = svg
            if folder is not None:
                write_sealed(folder / f"{digest}.svg", svg, digest)
        done[0] = sum(1 for d in keys.values() if d in by_hash)
        if progress is not None:
            progress(done[0], total)

    if progress is not None and done[0]:
        progress(done[0], total)
    work = [[digest, text, version] for digest, (_, text, version) in missing.items()]
    if counts is not None:
        counts.update(cached=len(by_hash), rendered=len(work))
    if use_workers(len(work), workers):
        size = min(CHUNK, max(1, len(work) // (workers * 3)))
        renderers = pool(SERVICE, workers)
        with renderers.lock:
            try:
                renderers.map([work[i:i + size] for i in range(0, len(work), size)], store)
            except WorkerError as exc:
                shutdown(SERVICE)  # a worker may be mid-chunk: start afresh next time
                raise RenderError(str(exc)) from None
    else:
        for item in work:
            store(_render.render_chunk([item]))
    if failures:
        raise RenderError("\n".join(failures))
    return {key: by_hash[digest] for key, digest in keys.items()}


def _touch(path: Path) -> None:
    """Mark a cache file as used now, so `prune_cache` keeps it."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune_cache(cache_dir: Path, max_age_days: float = 30) -> int:
    """Delete cached SVGs no build has used for `max_age_days`; return how many.

    Every data change makes new SVGs, so a room rebuilt daily for a year would keep
    thousands of dead files; a file is "used" whenever `render_svgs` reads or writes it.
    """
    folder = Path(cache_dir) / "svg"
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age_days * 86400
    removed = 0
    for path in folder.iterdir():
        try:
            if path.suffix in (".svg", ".tmp") and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def javascript_bundle(cache_dir: Path | None = None, vl_version: str | None = None) -> str:
    """vega, vega-lite and vega-embed as one script (~880 KB) for the site's assets.

    Making it takes vl-convert 1.6–2 s, so it is kept in `cache_dir` under the
    vl-convert and Vega-Lite versions and only the first build pays. It defines
    window.vegaEmbed, window.vega and window.vegaLite.
    """
    # Named by Altair's version (which fixes the Vega-Lite version of our specs), so that
    # finding the cached file needs no import of Altair.
    name = f"vega-bundle-{vl_convert_version()}-{f'vl{vl_version}' if vl_version else _altair_version()}.js"
    path = Path(cache_dir) / name if cache_dir is not None else None
    cached = read_sealed(path, name) if path is not None else None
    if cached is not None:
        return cached
    text = _bundle(vl_version or _default_vl_version())
    if path is not None:
        write_sealed(path, text, name, ("/*", "*/"))
    return text


@functools.lru_cache(maxsize=2)
def _bundle(version: str | None) -> str:
    """The bundle made by vl-convert, once per process."""
    import vl_convert

    return vl_convert.javascript_bundle(vl_version=version)


def _altair_version() -> str:
    """'altair6.3.0': the installed Altair, from its metadata (no import)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return "altair" + version("altair")
    except PackageNotFoundError:  # pragma: no cover - altair is a dependency
        return "altair-unknown"


def _default_vl_version() -> str | None:
    """The Vega-Lite version of Altair's schema (what our specs are written for)."""
    try:
        import altair
    except ImportError:  # pragma: no cover - altair is a dependency
        return None
    return _supported(str(altair.SCHEMA_VERSION))
