/* customer-room kiosk: the player. It shows the playlist of kiosk.html screen by screen,
   unattended for weeks, from any plain web server:
   - each page of the playlist is fetched from the site and packed into screens
     (kiosk-pack.js) while the screen before it is up, so turns come on time;
   - build.json is polled; a new build is taken at the next turn, with its playlist;
   - when the server cannot be reached the last content stays up, marked "offline since
     HH:MM" until the server answers again;
   - outside the room's hours a resting clock is shown;
   - every `reload_hours` (at a turn, and only when the server answers) it reloads itself,
     so that weeks of running start afresh now and then.
   Each turn replaces the stage's content; the timers are one of each kind, set once or
   re-armed after clearing, so nothing piles up over thousands of turns. Each turn sets
   <html data-turn> and fires a "kiosk:turn" event (what the tests measure). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var POSITION_KEY = "customer-room-kiosk";
  var FETCH_TIMEOUT_MS = 10000;
  var REST_CHECK_MS = 5000;

  var config = JSON.parse($("kiosk-config").textContent);
  var state = {
    buildId: null, pending: null, index: -1, path: null, page: null, screens: [], part: 0, prepared: null,
    turn: 0, timer: 0, pollTimer: 0, offlineSince: null, startedAt: Date.now(), resting: false
  };

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(date) { return pad(date.getHours()) + ":" + pad(date.getMinutes()); }

  function get(path, type) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS);
    return fetch(new URL(path, location.href).href, { cache: type === "json" ? "no-store" : "no-cache",
                                                      signal: controller.signal })
      .then(function (response) {
        online();
        if (!response.ok) return { missing: response.status };
        return type === "json" ? response.json() : response.text();
      }, function (error) { offline(); throw error; })
      .finally(function () { clearTimeout(timer); });
  }

  function offline() {
    if (state.offlineSince) return;
    state.offlineSince = new Date();
    var mark = $("k-offline");
    mark.textContent = "offline since " + clock(state.offlineSince);
    mark.hidden = false;
    document.documentElement.setAttribute("data-offline", "");
  }

  function online() {
    if (!state.offlineSince) return;
    state.offlineSince = null;
    $("k-offline").hidden = true;
    document.documentElement.removeAttribute("data-offline");
  }

  /* ---- builds ---- */

  function poll() {
    clearTimeout(state.pollTimer);
    return get("build.json", "json").then(function (build) {
      if (build && build.build_id && build.build_id !== state.buildId) {
        var next = { id: build.build_id, asOf: build.data_as_of, kiosk: build.kiosk || config };
        if (state.buildId === null) adopt(next);
        else { state.pending = next; prepareAhead(); }
      }
    }, function () { /* offline: marked by get() */ }).finally(function () {
      state.pollTimer = setTimeout(poll, config.poll_seconds * 1000);
    });
  }

  function adopt(build) {
    var current = state.path;
    state.buildId = build.id;
    state.pending = null;
    config = build.kiosk;
    if (build.asOf) $("k-asof").textContent = build.asOf;
    var at = playlistIndex(current);
    // the page shown is gone from the new playlist: play on from the same place
    state.index = at >= 0 ? at : Math.max(-1, Math.min(state.index, config.playlist.length) - 1);
    state.part = state.screens.length;  // the rest of this page's screens are of the old build
  }

  function playlistIndex(path) {
    for (var i = 0; i < config.playlist.length; i++) if (config.playlist[i].path === path) return i;
    return -1;
  }

  /* ---- pages and screens ---- */

  /* Fetch and pack page `index` of `list` (of build `buildId`): a job with a promise of the page. */
  function prepare(list, index, buildId) {
    var entry = list[index];
    var job = { index: index, build: buildId, path: entry.path };
    job.promise = get(entry.path, "text").then(function (html) {
      if (typeof html !== "string") return { index: index, missing: true };
      var page = window.KioskPack.read(html, new URL(entry.path, location.href).href);
      return window.KioskPack.pack(page, $("k-measure")).then(function (screens) {
        page.screens = screens;
        page.index = index;
        page.path = entry.path;
        page.seconds = entry.seconds;
        return page;
      });
    });
    job.promise.catch(function () { /* offline: seen when the job is taken */ });
    return job;
  }

  function release(screens) {
    for (var i = 0; i < screens.length; i++) screens[i].remove();
  }

  function drop(job) {
    if (job) job.promise.then(function (page) { if (page.screens) release(page.screens); }, function () {});
  }

  /* Start on the next page while this one is up (again when a new build comes in). */
  function prepareAhead() {
    var list = state.pending ? state.pending.kiosk.playlist : config.playlist;
    var id = state.pending ? state.pending.id : state.buildId;
    drop(state.prepared);
    state.prepared = null;
    if (!list.length) return;
    var at = -1;
    for (var i = 0; i < list.length; i++) if (list[i].path === state.path) { at = i; break; }
    state.prepared = prepare(list, (at + 1) % list.length, id);
  }

  /* The job for page `index`: the one made ahead when it is still right, else a new one. */
  function take(index) {
    var job = state.prepared, entry = config.playlist[index];
    state.prepared = null;
    if (job && job.index === index && job.build === state.buildId && job.path === entry.path) return job;
    drop(job);
    return prepare(config.playlist, index, state.buildId);
  }

  /* The next page that can be shown (a page gone from the site is skipped), or null
     when the server cannot be reached. */
  function nextPage() {
    var count = config.playlist.length, base = state.index, tries = 0;
    function attempt() {
      if (tries >= count) return Promise.resolve(null);
      var index = (base + 1 + tries) % count;
      tries++;
      return take(index).promise.then(function (page) {
        return page.missing ? attempt() : page;
      }, function () { return null; });
    }
    return attempt();
  }

  function show(screen, page, part, count) {
    screen.classList.add("k-enter");
    $("k-stage").replaceChildren(screen);
    var list = config.playlist;
    $("k-eyebrow").textContent = page.eyebrow || "Customer room";
    $("k-title").textContent = page.title;
    $("k-period").textContent = page.period;
    if (page.colophon) $("k-built").textContent = page.colophon;
    $("k-pos").textContent = (page.index + 1) + " / " + list.length;
    $("k-part").textContent = count > 1 ? "· screen " + (part + 1) + " of " + count : "";
    var bar = $("k-bar");
    bar.style.animation = "none";
    void bar.offsetWidth;
    bar.style.animation = "k-progress " + page.seconds + "s linear forwards";
    state.turn++;
    var html = document.documentElement;
    html.setAttribute("data-turn", String(state.turn));
    html.setAttribute("data-screen", page.path + "#" + (part + 1));
    window.dispatchEvent(new CustomEvent("kiosk:turn", {
      detail: { turn: state.turn, path: page.path, screen: part + 1, screens: count, seconds: page.seconds,
                build: state.buildId }
    }));
  }

  /* ---- the turn ---- */

  function schedule(ms, shownAt) {
    clearTimeout(state.timer);
    state.timer = setTimeout(turn, Math.max(0, shownAt + ms - performance.now()));
  }

  function turn() {
    var started = performance.now();
    if (dueForReload()) return reload();
    if (!running(new Date())) { rest(true); return schedule(REST_CHECK_MS, started); }
    rest(false);
    if (state.pending) adopt(state.pending);
    if (!config.playlist.length) { nothingToShow(); return schedule(REST_CHECK_MS, started); }
    var current = state.page;
    if (current && state.part + 1 < state.screens.length) {
      state.part++;
      show(state.screens[state.part], current, state.part, state.screens.length);
      return schedule(current.seconds * 1000, performance.now());
    }
    return nextPage().then(function (page) {
      if (page) {
        release(state.screens);
        state.page = page;
        state.screens = page.screens;
        state.part = 0;
        state.index = page.index;
        state.path = page.path;
        show(page.screens[0], page, 0, page.screens.length);
        prepareAhead();
      } else if (current && state.screens.length > 1) {  // offline: go round this page's screens
        state.part = (state.part + 1) % state.screens.length;
        show(state.screens[state.part], current, state.part, state.screens.length);
      }
      var shown = page || current;
      schedule((shown ? shown.seconds : REST_CHECK_MS / 1000) * 1000, performance.now());
    });
  }

  function running(date) {
    var h = config.hours;
    if (!h) return true;
    var minute = date.getHours() * 60 + date.getMinutes();
    return h.start < h.end ? (minute >= h.start && minute < h.end) : (minute >= h.start || minute < h.end);
  }

  function rest(on) {
    if (state.resting === on) return;
    state.resting = on;
    $("k-rest").hidden = !on;
    $("k-rest-note").textContent = on && config.hours ? "The room's screens rest until " +
      config.hours.words.split("-")[0] + "." : "";
    if (on) document.documentElement.setAttribute("data-resting", "");
    else document.documentElement.removeAttribute("data-resting");
  }

  function nothingToShow() {
    var note = document.createElement("div");
    note.className = "k-screen k-welcome";
    note.innerHTML = "<p class=\"k-note\">Nothing to show: the kiosk's playlist ([kiosk] pages in room.toml) " +
      "names no page of this site.</p>";
    $("k-stage").replaceChildren(note);
  }

  /* ---- reloading ---- */

  function dueForReload() {
    return Date.now() - state.startedAt >= config.reload_hours * 3600 * 1000 && !state.offlineSince;
  }

  function reload() {
    return fetch(new URL("kiosk.html", location.href).href, { method: "HEAD", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("kiosk.html: " + response.status);
        try { sessionStorage.setItem(POSITION_KEY, state.path || ""); } catch (e) { /* private mode */ }
        location.reload();
      })
      .catch(function () { offline(); schedule(REST_CHECK_MS, performance.now()); });
  }

  function resume() {
    try {
      var path = sessionStorage.getItem(POSITION_KEY);
      sessionStorage.removeItem(POSITION_KEY);
      var at = path ? playlistIndex(path) : -1;
      if (at >= 0) state.index = at;
    } catch (e) { /* no storage: start at the top */ }
  }

  /* ---- the clock ---- */

  function tick() {
    var now = clock(new Date());
    if ($("k-clock").textContent !== now) {
      $("k-clock").textContent = now;
      $("k-rest-clock").textContent = now;
    }
  }

  function start() {
    tick();
    setInterval(tick, 1000);
    var fonts = document.fonts ? Promise.all([document.fonts.load("400 1em 'Room Sans'"),
                                               document.fonts.load("700 1em 'Room Sans'")]).catch(function () {}) : null;
    Promise.all([fonts, poll()]).then(function () { resume(); turn(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
