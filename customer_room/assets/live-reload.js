// Live reload for `customer-room serve` (added by the preview server, never part of a built site).
// Long-polls /__live__/wait: the server answers when a build finishes. A good build with a new id
// reloads the page; a failed build shows its problems in a banner over the last good page, until
// the next good build. If the server goes away the page stays as it is and asks again later.
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = me.getAttribute("data-build");
  var epoch = "";  // the first request answers at once with the state as it is now
  var banner = null;

  function showProblems(problems) {
    if (!problems || !problems.length) {
      if (banner) { banner.remove(); banner = null; }
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "live-build-error";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:60vh;" +
        "overflow:auto;background:#8b1a1a;color:#fff;font:15px/1.45 system-ui,sans-serif;" +
        "padding:12px 20px;box-shadow:0 4px 16px rgba(0,0,0,.35);white-space:pre-wrap";
      document.body.appendChild(banner);
    }
    banner.textContent = "";
    var head = document.createElement("strong");
    head.textContent = "The last build failed. This page shows the last good build until the problems are fixed:";
    banner.appendChild(head);
    var list = document.createElement("ul");
    list.style.cssText = "margin:6px 0 0;padding-left:20px";
    problems.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    banner.appendChild(list);
  }

  function poll() {
    fetch("/__live__/wait?epoch=" + encodeURIComponent(epoch), { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (state) {
        epoch = String(state.epoch);
        if (state.problems.length === 0 && state.build_id && state.build_id !== shown) {
          location.reload();
          return;
        }
        showProblems(state.problems);
        poll();
      })
      .catch(function () { setTimeout(poll, 2000); });
  }

  poll();
})();
