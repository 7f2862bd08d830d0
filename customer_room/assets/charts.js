/* customer-room: turn each chart's embedded Vega-Lite spec into a live chart with
   vega-embed (served from this site's assets). The build-time SVG stays in the page for
   browsers without JavaScript and for print; it is hidden once the live chart is drawn. */
(function () {
  "use strict";
  function embed(el) {
    var source = document.getElementById(el.getAttribute("data-spec"));
    if (!source || typeof window.vegaEmbed !== "function") return;
    var spec = JSON.parse(source.textContent);
    var figure = el.closest("figure");
    return window.vegaEmbed(el, spec, { renderer: "svg", actions: false })
      .then(function () { if (figure) figure.classList.add("is-live"); })
      .catch(function (err) { console.warn("chart", el.getAttribute("data-spec"), err); });
  }
  function embedAll() {
    var charts = document.querySelectorAll(".chart-live[data-spec]");
    for (var i = 0; i < charts.length; i++) embed(charts[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", embedAll);
  else embedAll();
})();
