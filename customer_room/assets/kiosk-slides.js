/* customer-room kiosk: a slide made to fit the screen it is shown on (used by kiosk.js).
   A slide was rendered at build time (templates/slides.html) to hold what fits a 16:9
   screen; a room's long names or notes may still run over. Then the parts marked
   data-drop="1" are left out, then "2" and "3" (a byline, a lead, a second line of
   detail), until it fits, and a level that a later one made room for comes back whole.
   Type never gets smaller. */
(function () {
  "use strict";

  /* Images must be decoded before a slide goes up; a slow one is not waited for long. */
  function decoded(root) {
    var images = root.querySelectorAll("img"), waits = [], timer;
    for (var i = 0; i < images.length; i++) waits.push(images[i].decode().catch(function () { return null; }));
    var late = new Promise(function (resolve) { timer = setTimeout(resolve, 3000); });
    return Promise.race([Promise.all(waits), late]).then(function () { clearTimeout(timer); });
  }

  var BOXES = ".k-block, .k-column, .k-aside, .k-card, .k-stage-col, .big, .k-unowned li";

  /* Whether anything on a slide runs past its box (the slide, or one of its parts). */
  function overflowing(screen) {
    if (screen.scrollHeight > screen.clientHeight + 1 || screen.scrollWidth > screen.clientWidth + 1) return true;
    var boxes = screen.querySelectorAll(BOXES);
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].scrollHeight > boxes[i].clientHeight + 1 || boxes[i].scrollWidth > boxes[i].clientWidth + 1) return true;
    }
    return false;
  }

  /* A slide that would not fit this screen leaves out its data-drop="1" parts, then its
     "2" and "3" ones (a byline, a lead, a second item), never making its type smaller. */
  function fit(screen) {
    var level = 0, groups = [];
    var hide = function (parts, hidden) { for (var i = 0; i < parts.length; i++) parts[i].hidden = hidden; };
    while (level < 3 && overflowing(screen)) {
      level++;
      groups.push(screen.querySelectorAll('[data-drop="' + level + '"]'));
      hide(groups[level - 1], true);
    }
    // a level that a later one's leaving out made room for comes back, whole (the bylines,
    // once the long lead is out), so that like parts look alike
    for (var g = 0; g < groups.length - 1; g++) {
      hide(groups[g], false);
      if (overflowing(screen)) hide(groups[g], true);
    }
    screen.setAttribute("data-dropped", String(level));
  }

  window.KioskSlides = { decoded: decoded, overflowing: overflowing, fit: fit };
})();
