/* customer-room kiosk: what a server sends, checked (used by kiosk.js).
   A kiosk runs for weeks on whatever the site holds, so nothing it is sent can stop it:
   a playlist entry that is not a page of this site with seconds in range (and, for a
   slide, an id) is dropped, a setting out of range keeps its last value, and a
   build.json that is not an object with an id, or whose kiosk table gives no playlist
   to play, is no build at all (tests/test_kiosk_build_json.py). */
(function () {
  "use strict";
  var MIN_SECONDS = 0.5, MAX_SECONDS = 86400;  // a day: setTimeout holds at most 24.8 days
  var DEFAULTS = { playlist: [], hours: null, reload_hours: 6, poll_seconds: 30 };

  /* The playlist kiosk.html was built with (a template that broke it leaves the defaults). */
  function ownConfig() {
    try { return JSON.parse(document.getElementById("kiosk-config").textContent); } catch (e) { return null; }
  }

  function inRange(value, min, max) {
    return typeof value === "number" && isFinite(value) && value >= min && value <= max;
  }

  /* A playlist entry as the kiosk plays it, or null: a page of this site, its seconds in range. */
  function entryOf(item) {
    if (!item || typeof item !== "object" || typeof item.path !== "string" || !item.path) return null;
    if (!inRange(item.seconds, MIN_SECONDS, MAX_SECONDS)) return null;
    try { if (new URL(item.path, location.href).origin !== location.origin) return null; } catch (e) { return null; }
    if (item.slide !== undefined && (typeof item.slide !== "string" || !/^[A-Za-z0-9_-]{1,200}$/.test(item.slide))) return null;
    return { path: item.path, seconds: item.seconds, slide: item.slide || null };
  }

  /* What a turn shows, the same from build to build: the page and its slide. */
  function keyOf(entry) { return entry.path + "#" + (entry.slide || ""); }

  /* Where `key` is in `list`: of its places (a slide may come back), the one nearest `near`; -1 if nowhere. */
  function indexIn(list, key, near) {
    var best = -1;
    for (var i = 0; i < list.length; i++) {
      if (keyOf(list[i]) === key && (best < 0 || Math.abs(i - near) < Math.abs(best - near))) best = i;
    }
    return best;
  }

  /* The hours as the kiosk uses them, null for always, undefined when they are not hours. */
  function hoursOf(h) {
    if (h === null) return null;
    var minute = function (m) { return typeof m === "number" && m % 1 === 0 && m >= 0 && m < 1440; };
    if (!h || typeof h !== "object" || !minute(h.start) || !minute(h.end) || h.start === h.end ||
        typeof h.words !== "string") return undefined;
    return { start: h.start, end: h.end, words: h.words };
  }

  /* `kiosk` (from build.json or the page) as a config the kiosk can run on, or null when
     it gives no playlist to play: entries that are not usable are dropped (all of them:
     null), and a setting missing or out of range keeps the one of `current`. */
  function usable(kiosk, current) {
    if (!kiosk || typeof kiosk !== "object" || !Array.isArray(kiosk.playlist)) return null;
    var playlist = [];
    for (var i = 0; i < kiosk.playlist.length; i++) {
      var entry = entryOf(kiosk.playlist[i]);
      if (entry) playlist.push(entry);
    }
    if (kiosk.playlist.length && !playlist.length) return null;
    var hours = hoursOf(kiosk.hours);
    return {
      playlist: playlist,
      hours: hours === undefined ? current.hours : hours,
      reload_hours: inRange(kiosk.reload_hours, 1e-9, Infinity) ? kiosk.reload_hours : current.reload_hours,
      poll_seconds: inRange(kiosk.poll_seconds, MIN_SECONDS, MAX_SECONDS) ? kiosk.poll_seconds : current.poll_seconds
    };
  }

  /* build.json as a build the kiosk can take, or null: it must be an object with an id, and
     its kiosk table (when it has one: a site with no kiosk page has none) must be usable. */
  function buildOf(build, config) {
    if (!build || typeof build !== "object" || typeof build.build_id !== "string" || !build.build_id) return null;
    var kiosk = build.kiosk == null ? config : usable(build.kiosk, config);
    if (!kiosk) return null;
    return { id: build.build_id, asOf: typeof build.data_as_of === "string" ? build.data_as_of : null, kiosk: kiosk };
  }

  window.KioskConfig = { DEFAULTS: DEFAULTS, own: ownConfig, usable: usable, buildOf: buildOf, keyOf: keyOf,
                         indexIn: indexIn };
})();
