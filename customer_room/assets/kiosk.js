/* customer-room kiosk: the player. It shows the playlist of kiosk.html slide by slide,
   unattended for weeks, from any plain web server:
   - a slide is taken from the <template id="k-slides"> of the build's kiosk.html, where
     the build rendered it (templates/slides.html); a page of the playlist with no slides
     of its own is fetched from the site and packed into screens (kiosk-pack.js); either
     is made ready while the screen before it is up, so turns come on time;
   - build.json is polled; a new build is taken at the next turn, with its playlist;
   - when the server cannot be reached the last content stays up, marked "offline since
     HH:MM" until the server answers again;
   - outside the room's hours a resting clock is shown;
   - every `reload_hours` (at a turn, and only when the server answers) it reloads itself,
     so that weeks of running start afresh now and then.
   Each turn replaces the stage's content; the timers are one of each kind, set once or
   re-armed after clearing, so nothing piles up over thousands of turns. Each turn sets
   <html data-turn> and fires a "kiosk:turn" event (what the tests measure).
   Nothing a server sends can stop it: a build.json that is not JSON, not an object, or
   whose kiosk table gives no usable playlist is ignored (the kiosk plays on what it has,
   and takes the next good one); a playlist entry that is not a page of this site with
   seconds in range is dropped, a setting out of range keeps its last value; and a turn
   that fails still times the next one, so the next turn and the timed reload always come. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var POSITION_KEY = "customer-room-kiosk";
  var FETCH_TIMEOUT_MS = 10000;
  var REST_CHECK_MS = 5000;
  var K = window.KioskConfig, S = window.KioskSlides;  // kiosk-config.js, kiosk-slides.js
  var config = K.usable(K.own(), K.DEFAULTS) || K.DEFAULTS;
  var state = {
    buildId: null, pending: null, index: -1, key: null, page: null, screens: [], part: 0, prepared: null, slides: null,
    turn: 0, timer: 0, pollTimer: 0, offlineSince: null, startedAt: Date.now(), resting: false
  };

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(date) { return pad(date.getHours()) + ":" + pad(date.getMinutes()); }

  /* `path` of the site as "json", "text", "fresh" (text never from the browser's cache:
     a page rewritten within the second its server dates it by would revalidate as the
     old one) or "head" (just whether it is there), given up
     after FETCH_TIMEOUT_MS: {missing: status} when the server has no such file. */
  function get(path, type) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS);
    return fetch(new URL(path, location.href).href, { method: type === "head" ? "HEAD" : "GET",
                                                      cache: type === "text" ? "no-cache" : "no-store",
                                                      signal: controller.signal })
      .then(function (response) {
        online();
        if (!response.ok) return { missing: response.status };
        return type === "json" ? response.json() : type === "text" || type === "fresh" ? response.text() : {};
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

  /* Check build.json for a new build; never fails (a build.json it cannot use is ignored),
     so the next check is always timed. */
  function poll() {
    clearTimeout(state.pollTimer);
    return get("build.json", "json").then(function (answer) {
      var next = K.buildOf(answer, config);
      if (next && next.id !== state.buildId) {
        if (state.buildId === null) adopt(next);
        else { state.pending = next; prepareAhead(); }
      }
    }, function () { /* offline (marked by get()), or not JSON */ }).catch(failed("a check of build.json"))
      .finally(function () {
        state.pollTimer = setTimeout(poll, config.poll_seconds * 1000);
      });
  }

  function adopt(build) {
    state.buildId = build.id;
    state.pending = null;
    config = build.kiosk;
    if (build.asOf) $("k-asof").textContent = build.asOf;
    var at = K.indexIn(config.playlist, state.key, state.index);
    // the page shown is gone from the new playlist: play on from the same place
    state.index = at >= 0 ? at : Math.max(-1, Math.min(state.index, config.playlist.length) - 1);
    state.part = state.screens.length;  // the rest of this page's screens are of the old build
  }

  /* ---- pages and screens ---- */

  /* The slides of build `buildId`: a promise of {slides: the template's content, built},
     from kiosk.html as the server has it now (fetched once a build; again after a failure). */
  function slidesOf(buildId) {
    if (state.slides && state.slides.build === buildId) return state.slides.promise;
    var held = { build: buildId };
    held.promise = get(location.pathname, "fresh").then(function (html) {
      if (typeof html !== "string") return { slides: null, built: "" };
      var doc = new DOMParser().parseFromString(html, "text/html");
      var template = doc.getElementById("k-slides"), built = doc.getElementById("k-built");
      return { slides: template && template.content ? template.content : null, built: built ? built.textContent : "" };
    });
    held.promise.catch(function () { if (state.slides === held) state.slides = null; });
    state.slides = held;
    return held.promise;
  }

  /* Slide `entry.slide` of build `buildId` as a page of one screen, or {missing} when that build has no such slide. */
  function prepareSlide(entry, index, buildId) {
    return slidesOf(buildId).then(function (doc) {
      var section = doc.slides ? doc.slides.getElementById("slide-" + entry.slide) : null;
      if (!section) return { index: index, missing: true };
      var screen = document.importNode(section, true);
      $("k-measure").appendChild(screen);
      return S.decoded(screen).then(function () {
        S.fit(screen);
        return { eyebrow: screen.getAttribute("data-eyebrow"), title: screen.getAttribute("data-title"),
                 period: screen.getAttribute("data-period"), colophon: doc.built, screens: [screen],
                 index: index, path: entry.path, slide: entry.slide, seconds: entry.seconds };
      });
    });
  }

  /* Fetch and pack page `index` of `list` (of build `buildId`), or take its slide: a job with a promise of the page. */
  function prepare(list, index, buildId) {
    var entry = list[index];
    var job = { index: index, build: buildId, key: K.keyOf(entry) };
    if (entry.slide) {
      job.promise = prepareSlide(entry, index, buildId);
      job.promise.catch(function () { /* offline: seen when the job is taken */ });
      return job;
    }
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
    var at = state.pending ? K.indexIn(list, state.key, state.index) : state.index;
    state.prepared = prepare(list, (at + 1) % list.length, id);
  }

  /* The job for page `index`: the one made ahead when it is still right, else a new one. */
  function take(index) {
    var job = state.prepared, entry = config.playlist[index];
    state.prepared = null;
    if (job && job.index === index && job.build === state.buildId && job.key === K.keyOf(entry)) return job;
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

  /* The title on one line: a long one gets smaller type, down to 1.4rem, rather than an ellipsis. */
  function fitTitle(title) {
    var el = $("k-title");
    el.textContent = title;
    el.style.fontSize = "";
    var size = parseFloat(getComputedStyle(el).fontSize), least = 1.4 * parseFloat(getComputedStyle(document.documentElement).fontSize);
    if (el.scrollWidth > el.clientWidth + 1) el.style.fontSize = Math.max(least, Math.floor(size * el.clientWidth / el.scrollWidth)) + "px";
  }

  function show(screen, page, part, count) {
    screen.classList.add("k-enter");
    $("k-stage").replaceChildren(screen);
    var list = config.playlist;
    $("k-eyebrow").textContent = page.eyebrow || "Customer room";
    fitTitle(page.title);
    $("k-period").textContent = page.period;
    // the build stamp: a slide's from its kiosk.html, a page's from its colophon ("… · built 1 Dec 2026 14:02")
    var built = page.slide ? page.colophon : (/built .*$/.exec(page.colophon || "") || [""])[0];
    if (built) $("k-built").textContent = built.charAt(0).toUpperCase() + built.slice(1);
    $("k-pos").textContent = (page.index + 1) + " / " + list.length;
    $("k-part").textContent = count > 1 ? "· screen " + (part + 1) + " of " + count : "";
    var fits = page.slide ? !S.overflowing(screen) : screen.scrollHeight <= screen.clientHeight + 1 &&
      screen.scrollWidth <= screen.clientWidth + 1;
    var bar = $("k-bar");
    bar.style.animation = "none";
    void bar.offsetWidth;
    bar.style.animation = "k-progress " + page.seconds + "s linear forwards";
    state.turn++;
    var html = document.documentElement;
    html.setAttribute("data-turn", String(state.turn));
    html.setAttribute("data-screen", page.slide ? "slide:" + page.slide : page.path + "#" + (part + 1));
    if (fits) html.removeAttribute("data-overflow");
    else { html.setAttribute("data-overflow", ""); console.warn("kiosk: " + (page.slide || page.path) + " does not fit the screen"); }
    window.dispatchEvent(new CustomEvent("kiosk:turn", {
      detail: { turn: state.turn, path: page.path, slide: page.slide || null, index: page.index, screen: part + 1,
                screens: count, seconds: page.seconds, build: state.buildId }
    }));
  }

  /* ---- the turn ---- */

  function schedule(ms, shownAt) {
    clearTimeout(state.timer);
    state.timer = setTimeout(turn, Math.max(0, shownAt + ms - performance.now()));
  }

  /* What went wrong, on the console: `what` failed, and the kiosk goes on. */
  function failed(what) {
    return function (error) { console.error("kiosk: " + what + " failed; carrying on:", error); };
  }

  /* One turn, and the next one timed whatever happens in it: a turn that throws or
     fails is tried again after REST_CHECK_MS (and the reload, checked first, comes). */
  function turn() {
    var next;
    try { next = step(performance.now()); } catch (error) { next = Promise.reject(error); }
    Promise.resolve(next).then(function (when) { schedule(when.ms, when.from); }, function (error) {
      failed("a turn")(error);
      schedule(REST_CHECK_MS, performance.now());
    });
  }

  function after(ms, from) { return { ms: ms, from: from === undefined ? performance.now() : from }; }

  /* The turn itself: shows the next screen; {ms, from}, or a promise of it, says when the next comes. */
  function step(started) {
    if (dueForReload()) return reload().then(function () { return after(REST_CHECK_MS); });
    if (!running(new Date())) { rest(true); return after(REST_CHECK_MS, started); }
    rest(false);
    if (state.pending) adopt(state.pending);
    if (!config.playlist.length) { nothingToShow(); return after(REST_CHECK_MS, started); }
    var current = state.page;
    if (current && state.part + 1 < state.screens.length) {
      state.part++;
      show(state.screens[state.part], current, state.part, state.screens.length);
      return after(current.seconds * 1000);
    }
    return nextPage().then(function (page) {
      if (page) {
        release(state.screens);
        state.page = page;
        state.screens = page.screens;
        state.part = 0;
        state.index = page.index;
        state.key = K.keyOf(config.playlist[page.index]);
        show(page.screens[0], page, 0, page.screens.length);
        prepareAhead();
      } else if (current && state.screens.length > 1) {  // offline: go round this page's screens
        state.part = (state.part + 1) % state.screens.length;
        show(state.screens[state.part], current, state.part, state.screens.length);
      }
      var shown = page || current;
      return after(shown ? shown.seconds * 1000 : REST_CHECK_MS);
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

  /* Reload kiosk.html, where it is (kept for resume()), when the server has it; else the
     turns go on and the next one tries again. Never fails. */
  function reload() {
    return get("kiosk.html", "head").then(function (answer) {
      if (answer.missing) return;
      try { sessionStorage.setItem(POSITION_KEY, JSON.stringify({ key: state.key, index: state.index })); }
      catch (e) { /* private mode */ }
      location.reload();
    }, function () { /* offline: marked by get() */ });
  }

  function resume() {
    try {
      var kept = JSON.parse(sessionStorage.getItem(POSITION_KEY) || "null");
      sessionStorage.removeItem(POSITION_KEY);
      var at = kept && typeof kept.key === "string" ? K.indexIn(config.playlist, kept.key, Number(kept.index) || 0) : -1;
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
    var begin = function () { resume(); turn(); };
    Promise.all([fonts, poll()]).then(begin, begin);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
