/* What the reader's pages do in the browser.
 *
 * Wide tables scroll inside themselves; one that does is made focusable, so that it scrolls by keyboard
 * too (WCAG 2.1.1), and named by its caption or the heading before it.
 *
 * Diagrams fit their column and zoom: each `.refarch-figure` gets zoom in and out, fit, full screen,
 * drag to pan, Ctrl + wheel (or the wheel in full screen) to zoom, keys on the focused diagram
 * (+ and − zoom, 0 fits, arrows pan) and pinch on touch screens. Zoom and pan come from Panzoom
 * (@panzoom/panzoom, fetched from npm by `make install`, served with the site). Without JavaScript the
 * diagram scrolls sideways, as before. Links on the nodes stay links. */
(function () {
  "use strict";
  var STEP = 0.3;
  var PAN = 60;
  var figures = [];

  function naturalSize(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    var width = svg.width.baseVal, height = svg.height.baseVal;
    width.convertToSpecifiedUnits(SVGLength.SVG_LENGTHTYPE_PX);
    height.convertToSpecifiedUnits(SVGLength.SVG_LENGTHTYPE_PX);
    return {
      w: width.valueInSpecifiedUnits || (box && box.width) || 300,
      h: height.valueInSpecifiedUnits || (box && box.height) || 150,
    };
  }

  function setup(figure) {
    var box = figure.querySelector(".refarch-diagram");
    var canvas = figure.querySelector(".refarch-canvas");
    var svg = canvas && canvas.querySelector("svg");
    if (!box || !svg || typeof Panzoom === "undefined") return;
    var size = naturalSize(svg);
    svg.setAttribute("width", size.w + "px");
    svg.setAttribute("height", size.h + "px");
    canvas.style.width = size.w + "px";
    canvas.style.height = size.h + "px";
    box.classList.add("refarch-zoomable");
    var panzoom = Panzoom(canvas, {
      origin: "0 0", minScale: 0.02, maxScale: 8, step: STEP, cursor: "grab", touchAction: "pan-y",
      handleStartEvent: function (event) { event.preventDefault(); },
    });
    var state = { box: box, canvas: canvas, size: size, panzoom: panzoom, touched: false, figure: figure };

    function fit() {
      var full = document.fullscreenElement === figure;
      var toolbar = figure.querySelector(".refarch-toolbar");
      var width = box.clientWidth || figure.clientWidth;
      if (!width) return;  // not shown on this screen (the other drawing of a view is); fitted on resize
      var height = full ? window.innerHeight - (toolbar ? toolbar.offsetHeight : 0) - 8 : size.h;
      var scale = Math.min(width / size.w, height / size.h, 1);
      box.style.height = full ? height + "px" : Math.ceil(size.h * scale) + 2 + "px";
      panzoom.zoom(scale, { animate: false, force: true });
      panzoom.pan(0, 0, { animate: false, force: true });
      state.touched = false;
    }
    state.fit = fit;

    var actions = {
      "zoom-in": function () { panzoom.zoomIn(); state.touched = true; },
      "zoom-out": function () { panzoom.zoomOut(); state.touched = true; },
      "fit": fit,
      "fullscreen": function () {
        if (document.fullscreenElement === figure) document.exitFullscreen();
        else if (figure.requestFullscreen) figure.requestFullscreen();
      },
    };
    figure.querySelectorAll(".refarch-toolbar button").forEach(function (button) {
      button.addEventListener("click", function () { actions[button.dataset.action](); });
    });
    var toolbar = figure.querySelector(".refarch-toolbar");
    if (toolbar) toolbar.hidden = false;
    if (!figure.requestFullscreen) {
      var full = figure.querySelector('[data-action="fullscreen"]');
      if (full) full.hidden = true;
    }

    box.addEventListener("keydown", function (event) {
      var scale = panzoom.getScale();
      var moves = { ArrowLeft: [PAN, 0], ArrowRight: [-PAN, 0], ArrowUp: [0, PAN], ArrowDown: [0, -PAN] };
      if (event.key === "+" || event.key === "=") actions["zoom-in"]();
      else if (event.key === "-") actions["zoom-out"]();
      else if (event.key === "0") fit();
      else if (moves[event.key]) {
        panzoom.pan(moves[event.key][0] / scale, moves[event.key][1] / scale, { relative: true });
        state.touched = true;
      } else return;
      event.preventDefault();
    });
    box.addEventListener("wheel", function (event) {
      if (!(event.ctrlKey || event.metaKey || document.fullscreenElement === figure)) return;
      panzoom.zoomWithWheel(event);
      state.touched = true;
    }, { passive: false });
    canvas.addEventListener("panzoomstart", function () { state.touched = true; });
    figures.push(state);
    fit();
  }

  function refit() {
    figures.forEach(function (state) { if (!state.touched || document.fullscreenElement) state.fit(); });
  }

  function scrollableTables() {
    document.querySelectorAll(".refarch table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        if (!table.hasAttribute("tabindex")) {
          var caption = table.querySelector("caption");
          var heading = table.previousElementSibling;
          table.setAttribute("tabindex", "0");
          table.setAttribute("role", "region");
          var page = table.closest(".refarch");
          var word = (page && page.dataset.tableLabel) || "Taulukko";
          table.setAttribute("aria-label", word + ": " + (caption ? caption.textContent
            : heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : document.title));
        }
      } else if (table.getAttribute("role") === "region") {
        table.removeAttribute("tabindex");
        table.removeAttribute("role");
        table.removeAttribute("aria-label");
      }
    });
  }

  /* The roadmap's current period, by today's date: YYYY, YYYY-MM or YYYY-MM-DD from the model. */
  function markToday() {
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("table.refarch-timeline").forEach(function (table) {
      var heads = table.querySelectorAll("th[data-start]");
      var last = heads.length ? heads[heads.length - 1].dataset.end || "" : "";
      if (last && today > (last.length === 4 ? last + "-12-31" : last)) {
        var note = document.createElement("p");
        note.className = "refarch-now-note";
        var parts = today.split("-");
        var day = (table.dataset.dateFormat || "{d}.{m}.{y}").replace("{y}", parts[0])
          .replace("{mm}", parts[1]).replace("{dd}", parts[2])
          .replace("{m}", String(Number(parts[1]))).replace("{d}", String(Number(parts[2])));
        note.textContent = (table.dataset.past || "{date}").replace("{date}", day);
        table.parentNode.insertBefore(note, table);
      }
    });
    document.querySelectorAll("table.refarch-timeline th[data-start]").forEach(function (th, n) {
      var start = th.dataset.start, end = th.dataset.end || th.dataset.start;
      var from = start + "-01-01".slice(start.length - 4);
      var to = end.length === 4 ? end + "-12-31" : end.length === 7 ? end + "-31" : end;
      if (!start || today < from || today > to) return;
      var table = th.closest("table");
      var badge = document.createElement("span");
      badge.className = "refarch-now-badge";
      badge.textContent = table.dataset.now || "Nyt";
      th.appendChild(document.createTextNode(" "));
      th.appendChild(badge);
      table.querySelectorAll("tr").forEach(function (row) {
        var cell = row.children[n + 1];
        if (cell) cell.classList.add("refarch-now");
      });
    });
  }

  function start() {
    document.querySelectorAll(".refarch-figure").forEach(setup);
    scrollableTables();
    markToday();
  }

  window.addEventListener("resize", function () { refit(); scrollableTables(); });
  document.addEventListener("fullscreenchange", function () { figures.forEach(function (s) { s.fit(); }); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
