/* customer-room kiosk: turn one page of the site into screens that fit a TV.
   `KioskPack.read` takes the HTML of a page (fetched from the same site), keeps what
   suits a TV (the static chart SVGs, big numbers, cards, the first paragraph of the
   commentary; no live charts, data tables or links to follow) and fixes its relative
   URLs. `KioskPack.pack` lays its blocks out at screen size in an off-screen box and
   fills as many screens as they need: a wall too tall for one screen is split, never
   scrolled or cut, and a single block taller than a screen is scaled down to fit.
   Templates say how to treat a part with data-kiosk: "split" (its children may go on
   several screens), "hide", "brief" (commentary: first paragraph), "flatten" (its
   children are blocks of their own); without marks, each child of <main> is a block. */
(function () {
  "use strict";
  var DROP = "script, noscript, template, style, link, .chart-live, .chart-table, .chart-alt, [data-kiosk=hide]";
  var BRIEF_CHARS = 420;
  var ONE_LINE = ".big-value, .card .figure, .tote td.now";  // headline figures: smaller type, never wrapped
  var IMAGE_WAIT_MS = 5000;

  function text(root, selector) {
    var el = root && root.querySelector(selector);
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function removeAll(root, selector) {
    var found = root.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) found[i].remove();
  }

  /* Relative URLs are relative to the page they came from, not to kiosk.html. */
  function fixUrls(root, pageUrl) {
    var attrs = ["src", "href", "poster", "xlink:href"];
    for (var a = 0; a < attrs.length; a++) {
      var found = root.querySelectorAll("[" + attrs[a].replace(":", "\\:") + "]");
      for (var i = 0; i < found.length; i++) {
        var value = found[i].getAttribute(attrs[a]);
        try { found[i].setAttribute(attrs[a], new URL(value, pageUrl).href); } catch (e) { found[i].removeAttribute(attrs[a]); }
        if (attrs[a] === "href") found[i].setAttribute("tabindex", "-1");
      }
    }
  }

  /* Commentary on a TV: its title, byline and first paragraph, shortened at a sentence. */
  function brief(root) {
    var notes = root.querySelectorAll("[data-kiosk=brief]");
    for (var n = 0; n < notes.length; n++) {
      var prose = notes[n].querySelector(".prose") || notes[n];
      var first = prose.querySelector("p");
      var kids = Array.prototype.slice.call(prose.children);
      for (var k = 0; k < kids.length; k++) if (kids[k] !== first) kids[k].remove();
      if (first && first.textContent.length > BRIEF_CHARS) {
        var words = first.textContent.replace(/\s+/g, " ").trim();
        var cut = words.slice(0, BRIEF_CHARS);
        var stop = cut.lastIndexOf(". ");
        first.textContent = (stop > BRIEF_CHARS / 2 ? cut.slice(0, stop + 1) : cut.replace(/\s+\S*$/, "") + " …");
      }
    }
  }

  function collect(parent, out) {
    for (var child = parent.firstElementChild; child; child = child.nextElementSibling) {
      if (child.getAttribute("data-kiosk") === "flatten") collect(child, out);
      else out.push(child);
    }
  }

  /* The parts of a page worth showing on a TV, adopted into this document. */
  function read(html, pageUrl) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main") || doc.body;
    var head = main.querySelector(".page-head");
    if (head) removeAll(head, ".print-only, .print-inline");  // what only a printed sheet shows
    var page = {
      eyebrow: text(head, ".eyebrow"), title: text(head, "h1") || doc.title, period: text(head, ".period"),
      asOf: text(doc, ".stamp strong"), colophon: text(doc, ".colophon p"), blocks: []
    };
    if (head) head.remove();
    removeAll(main, DROP);
    fixUrls(main, pageUrl);
    brief(main);
    var blocks = [];
    collect(main, blocks);
    for (var i = 0; i < blocks.length; i++) page.blocks.push(document.adoptNode(blocks[i]));
    return page;
  }

  /* A headline figure too wide for its box gets smaller type rather than a second line. */
  function fitFigures(root) {
    var figures = root.querySelectorAll(ONE_LINE);
    for (var i = 0; i < figures.length; i++) {
      var el = figures[i];
      if (el.scrollWidth > el.clientWidth + 1) {
        var size = parseFloat(getComputedStyle(el).fontSize);
        el.style.fontSize = Math.floor(size * el.clientWidth / el.scrollWidth * 0.97) + "px";
      }
    }
  }

  /* Images must be laid out at their real size before the blocks are measured. */
  function imagesReady(root) {
    var images = root.querySelectorAll("img");
    var waits = [];
    for (var i = 0; i < images.length; i++) waits.push(images[i].decode().catch(function () { return null; }));
    var timer;
    var late = new Promise(function (resolve) { timer = setTimeout(resolve, IMAGE_WAIT_MS); });
    return Promise.race([Promise.all(waits), late]).then(function () { clearTimeout(timer); });
  }

  function isHeading(el) { return /^H[1-6]$/.test(el.tagName); }
  function isSplit(el) { return el.getAttribute("data-kiosk") === "split"; }

  /* A splittable block's units (a table's body rows, or its children) and an empty copy to hold some of them. */
  function units(block) {
    if (block.tagName === "TABLE") return block.tBodies.length ? Array.prototype.slice.call(block.tBodies[0].rows) : [];
    return Array.prototype.slice.call(block.children);
  }
  function shellOf(block) {
    var shell = block.cloneNode(false);
    if (block.tagName === "TABLE") {
      if (block.tHead) shell.appendChild(block.tHead.cloneNode(true));
      shell.appendChild(document.createElement("tbody"));
    }
    return shell;
  }
  function holder(shell) { return shell.tagName === "TABLE" ? shell.tBodies[0] : shell; }

  function Packer(box) {
    this.box = box;
    this.screens = [];
    this.screen = null;
    this.heading = null;  // the heading just placed, repeated when what follows it goes on
    this.next();
    var style = getComputedStyle(this.screen);
    this.padBottom = parseFloat(style.paddingBottom) || 0;
  }

  Packer.prototype.add = function () {
    var s = document.createElement("div");
    s.className = "k-screen";
    this.box.appendChild(s);
    this.screens.push(s);
    this.screen = s;
  };

  /* A new screen; a heading left at the end of the last one goes along with what follows it. */
  Packer.prototype.next = function () {
    var carry = [], s = this.screen;
    while (s && s.children.length > 1 && isHeading(s.lastElementChild)) carry.unshift(s.removeChild(s.lastElementChild));
    this.add();
    for (var i = 0; i < carry.length; i++) this.screen.appendChild(carry[i]);
  };

  Packer.prototype.fits = function () {
    var s = this.screen, last = s.lastElementChild;
    if (!last) return true;
    if (last.getBoundingClientRect().bottom > s.getBoundingClientRect().bottom - this.padBottom + 0.5) return false;
    for (var c = s.firstElementChild; c; c = c.nextElementSibling) if (c.scrollWidth > c.clientWidth + 1) return false;
    return true;
  };

  Packer.prototype.hasContent = function () {
    for (var c = this.screen.firstElementChild; c; c = c.nextElementSibling) if (!isHeading(c)) return true;
    return false;
  };

  /* Scale a block down (CSS zoom, so its box shrinks too) until the screen fits. */
  Packer.prototype.shrink = function (el) {
    var zoom = 1;
    for (var i = 0; i < 12 && !this.fits(); i++) {
      var s = this.screen.getBoundingClientRect(), r = el.getBoundingClientRect();
      var room = s.bottom - this.padBottom - r.top;
      var byHeight = r.height > 0 ? Math.max(0.05, room / r.height) : 1;
      var byWidth = el.scrollWidth > el.clientWidth ? el.clientWidth / el.scrollWidth : 1;
      zoom *= Math.min(byHeight, byWidth, 0.97);
      el.style.zoom = String(zoom);
    }
    el.setAttribute("data-kiosk-scaled", zoom.toFixed(2));
  };

  Packer.prototype.place = function (block) {
    var heading = this.heading;
    this.heading = isHeading(block) ? block : null;
    block.setAttribute("data-kiosk-block", "");
    this.screen.appendChild(block);
    if (this.fits()) return;
    this.screen.removeChild(block);
    if (isSplit(block) && units(block).length > 1) return this.placeParts(block, heading);
    if (this.hasContent()) this.next();
    this.screen.appendChild(block);
    if (!this.fits()) this.shrink(block);
  };

  /* A split block goes part by part (cards, charts, rows) into copies of itself, screen
     after screen; the heading it follows is repeated, marked as continued. */
  Packer.prototype.placeParts = function (block, heading) {
    var parts = units(block), shell = null;
    for (var i = 0; i < parts.length; i++) {
      if (!shell) shell = this.open(block);
      holder(shell).appendChild(parts[i]);
      if (this.fits()) continue;
      holder(shell).removeChild(parts[i]);
      var started = units(shell).length > 0;
      if (!started) this.screen.removeChild(shell);
      if (this.hasContent()) {
        this.next();
        if (started && heading) this.continued(heading);
      }
      shell = this.open(block);
      holder(shell).appendChild(parts[i]);
      if (!this.fits()) this.shrink(parts[i]);
    }
  };

  Packer.prototype.continued = function (heading) {
    var copy = heading.cloneNode(true);
    copy.removeAttribute("id");
    copy.classList.add("k-continued");
    this.screen.appendChild(copy);
  };

  Packer.prototype.open = function (block) {
    var shell = shellOf(block);
    shell.setAttribute("data-kiosk-block", "");
    this.screen.appendChild(shell);
    return shell;
  };

  /* Lay the page's blocks out in `box` (off screen, at screen size): a promise of the screens. */
  function pack(page, box) {
    var staging = document.createElement("div");
    staging.className = "k-screen k-staging";
    for (var i = 0; i < page.blocks.length; i++) staging.appendChild(page.blocks[i]);
    box.appendChild(staging);
    return imagesReady(staging).then(function () {
      fitFigures(staging);
      staging.remove();
      var packer = new Packer(box);
      for (var j = 0; j < page.blocks.length; j++) packer.place(page.blocks[j]);
      page.blocks = null;
      return packer.screens.filter(function (s) {
        if (!s.firstElementChild) s.remove();
        return Boolean(s.firstElementChild);
      });
    });
  }

  window.KioskPack = { read: read, pack: pack };
})();
