"""The chart stage: metrics frames in, Vega-Lite specs, words, tables and SVGs out.

- `registry`: the one registry of chart functions (`@chart`), the `ChartSet` pages call
  them through, and the `ChartMemo` a running watch keeps.
- one module per wall defines its charts: `outcomes`, `issues`, `trend`, `touchpoints`;
  `sparkline` draws the inline SVGs of cards.
- `model`: `Chart` and `Table`, what the page renderer receives.
- `theme`: one visual theme in three profiles (screen, kiosk, poster).
- `svg`: build-time SVG rendering with vl-convert, cached on disk (`sealed`) and run in
  the worker pool when that pays; `ahead` renders in the background while pages are
  planned; the vega-embed JavaScript bundle.

Nothing is imported here, so that code that only needs `svg` or `model` (the render
step, the posters) does not pay for importing pandas and Altair.
"""
