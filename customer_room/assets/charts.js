/* customer-room: turn each chart's embedded Vega-Lite spec into a live chart with
   vega-embed (served from this site's assets). The build-time SVG stays in the page for
   browsers without JavaScript and for print; it is hidden once the live chart is drawn.

   A live chart takes its card's width and is drawn again when the card changes width
   (a window resized, a phone turned). The spec's plot width is the card's width less
   what the axes and legend take, measured on the build-time SVG (same spec, known
   plot width); a chart that still comes out wider than its card is drawn once more
   with the difference taken off, and with shorter names where the plot is at its
   narrowest, so no label is ever cut and no page scrolls sideways. */
(function () {
  "use strict";
  var MIN_PLOT = 120;  // px: below this a plot says nothing; the names give way instead
  var MIN_NAMES = 60;  // px: the shortest a bar chart's names may be cut to (with "…")

  function plotWidth(spec) {
    if (typeof spec.width === "number") return spec.width;
    var parts = spec.vconcat || [];
    for (var i = 0; i < parts.length; i++) { var w = plotWidth(parts[i]); if (w) return w; }
    return 0;
  }

  function setWidth(spec, width) {
    if (typeof spec.width === "number") spec.width = width;
    (spec.vconcat || []).forEach(function (part) { setWidth(part, width); });
  }

  function shortenNames(spec, by) {
    // A bar chart's names sit on a band axis (theme: axisBand.labelLimit); cut with "…".
    var config = spec.config = spec.config || {};
    var band = config.axisBand = Object.assign({}, config.axisBand);
    band.labelLimit = Math.max(MIN_NAMES, Math.floor((band.labelLimit || 180) - by));
  }

  function fewerLegendColumns(node, room) {
    // Legends lay their entries in a fixed number of columns (made for the build's
    // plot width): on a narrow card, as many as fit the plot, about 110 px each.
    if (Array.isArray(node)) { node.forEach(function (n) { fewerLegendColumns(n, room); }); return; }
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (key === "legend" && value && typeof value === "object") {
        value.columns = Math.max(1, Math.min(value.columns || 99, Math.floor(room / 110)));
        value.titleOrient = "top";  // beside the entries it would take a column's room
        value.labelLimit = Math.min(value.labelLimit || 9999, Math.max(MIN_NAMES, room - 40));
      } else fewerLegendColumns(value, room);
    });
  }

  function Live(el) {
    this.el = el;
    this.source = document.getElementById(el.getAttribute("data-spec"));
    this.figure = el.closest("figure");
    this.image = this.figure ? this.figure.querySelector("img.chart-static") : null;
    this.drawnFor = 0;
    this.corrected = 0;  // passes drawn narrower because the chart came out too wide
    this.shorter = 0;
    this.result = null;
  }

  Live.prototype.overhead = function (spec) {
    // The build-time SVG is this spec drawn at its own plot width: the rest is axes and legend.
    var drawn = this.image && this.image.naturalWidth;
    return drawn ? Math.max(0, drawn - plotWidth(spec)) : 100;
  };

  Live.prototype.draw = function () {
    var self = this, room = Math.floor(this.el.clientWidth);
    if (!this.source || typeof window.vegaEmbed !== "function" || room <= 0) return;
    if (Math.abs(room - this.drawnFor) < 2) return;
    var spec = JSON.parse(this.source.textContent);
    var plot = Math.max(MIN_PLOT, Math.floor(room - this.overhead(spec) - this.shorter));
    setWidth(spec, plot);
    if (this.names) shortenNames(spec, this.names);
    if (this.narrow) fewerLegendColumns(spec, plot);
    this.drawnFor = room;
    if (this.result) { this.result.finalize(); this.result = null; }
    return window.vegaEmbed(this.el, spec, { renderer: "svg", actions: false }).then(function (result) {
      self.result = result;
      if (self.figure) self.figure.classList.add("is-live");
      var svg = self.el.querySelector("svg");
      var over = svg ? Math.ceil(svg.getBoundingClientRect().width - room) : 0;
      if (over > 0 && self.corrected < 2) {  // wider than its card: again, narrower
        self.corrected += 1;
        if (plot - over >= MIN_PLOT) self.shorter += over; else self.names = (self.names || 0) + over;
        self.narrow = true;
        self.drawnFor = 0;
        return self.draw();
      }
    }).catch(function (err) { console.warn("chart", self.el.getAttribute("data-spec"), err); });
  };

  function start() {
    var charts = document.querySelectorAll(".chart-live[data-spec]"), lives = [];
    for (var i = 0; i < charts.length; i++) lives.push(new Live(charts[i]));
    lives.forEach(function (live) {
      if (live.image && !live.image.complete) {
        live.image.addEventListener("load", function () { live.draw(); }, { once: true });
        live.image.addEventListener("error", function () { live.draw(); }, { once: true });
      } else live.draw();
    });
    if (typeof window.ResizeObserver !== "function") return;
    var timer = null, byElement = new Map(), resized = new Set();
    lives.forEach(function (live) { byElement.set(live.el, live); });
    var observer = new ResizeObserver(function (entries) {
      // Only a change of width redraws (drawing a chart changes its height, not its width).
      entries.forEach(function (e) {
        var live = byElement.get(e.target);
        if (live && live.drawnFor && Math.abs(Math.floor(live.el.clientWidth) - live.drawnFor) >= 2) resized.add(live);
      });
      if (!resized.size) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        resized.forEach(function (live) {
          live.corrected = 0; live.shorter = 0; live.names = 0; live.narrow = false; live.draw();
        });
        resized.clear();
      }, 150);
    });
    lives.forEach(function (live) { observer.observe(live.el); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
