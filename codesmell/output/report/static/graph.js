/* The community graph: layout from Python, drawing, focus, search, legend. */
  /* ------------------------------------------------------------ graph state */
  var mods = D.modules, edges = D.edges;
  var level = D.defaultLevel;
  var expanded = new Set();
  var focus = null;          // {kind: "c"|"m", id}
  var picked = null;         // module index pinned by click/search
  var svg = document.getElementById("graph-svg");
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var view = { x: 0, y: 0, k: 1 };
  var root = sv("g"), gHull = sv("g"), gEdge = sv("g"), gNode = sv("g"), gLabel = sv("g");
  root.appendChild(gHull); root.appendChild(gEdge); root.appendChild(gNode); root.appendChild(gLabel);
  svg.appendChild(root);
  var shapes = [];           // visible items: {kind, id, x, y, r, el, label}

  function comms() { return D.levels.length ? D.levels[level].communities : []; }
  function commOf(i) { return mods[i].c[level]; }
  function clabel(c) { return "C" + (c + 1); }
  function isCollapsed(c) { return D.clusterFirst && comms()[c].size > 1 && !expanded.has(c); }

  function applyView() {
    root.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
    var few = mods.length <= 120;
    svg.classList.toggle("zoomed", view.k > 1.2 || few);
    gLabel.setAttribute("style", "--fs:" + (10.5 / view.k).toFixed(3) + "px");
  }

  function fit(items) {
    var box = svg.getBoundingClientRect();
    if (!items.length || !box.width) return;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    items.forEach(function (s) {
      x0 = Math.min(x0, s.x - s.r); y0 = Math.min(y0, s.y - s.r);
      x1 = Math.max(x1, s.x + s.r); y1 = Math.max(y1, s.y + s.r);
    });
    var pad = 30, w = Math.max(x1 - x0, 40), h = Math.max(y1 - y0, 40);
    var k = Math.min((box.width - 2 * pad) / w, (box.height - 2 * pad) / h, 4);
    view.k = k; view.x = box.width / 2 - k * (x0 + x1) / 2; view.y = box.height / 2 - k * (y0 + y1) / 2;
    applyView();
  }

  function fitCommunity(c) { fit(shapes.filter(function (s) { return s.c === c; })); }

  function moduleShape(i) {
    var m = mods[i], c = commOf(i), colour = comms()[c].colour;
    var circle = sv("circle", { cx: m.x, cy: m.y, r: m.r, fill: colour,
      "class": "node" + (m.worst.length ? " flag" + m.worst[0][2] : "") });
    circle.addEventListener("mouseenter", function (e) { hoverModule(i, e); });
    circle.addEventListener("mousemove", moveTip);
    circle.addEventListener("mouseleave", hideTip);
    circle.addEventListener("click", function (e) { e.stopPropagation(); pick(i, false); });
    gNode.appendChild(circle);
    var short = m.n.split(".").pop();
    var label = sv("text", { x: m.x, y: m.y - m.r - 2, "text-anchor": "middle", "class": "lbl mod" }, short);
    gLabel.appendChild(label);
    return { kind: "m", id: i, x: m.x, y: m.y, r: m.r, el: circle, label: label, c: c };
  }

  function clusterShape(c) {
    var info = comms()[c];
    var r = Math.max(10, info.r * 0.62);
    var circle = sv("circle", { cx: info.x, cy: info.y, r: r, fill: info.colour, "class": "cluster" });
    circle.addEventListener("mouseenter", function (e) { hoverCommunity(c, e); });
    circle.addEventListener("mousemove", moveTip);
    circle.addEventListener("mouseleave", hideTip);
    circle.addEventListener("click", function (e) { e.stopPropagation(); expanded.add(c); draw(); focus = null; setFocus({ kind: "c", id: c }); fitCommunity(c); });
    gNode.appendChild(circle);
    var label = sv("text", { x: info.x, y: info.y + r, dy: "1.2em", "text-anchor": "middle", "class": "lbl cl" });
    label.appendChild(sv("tspan", null, clabel(c) + " "));
    label.appendChild(sv("tspan", { "class": "sub" }, (info.pkg || "(top level)") + " · " + info.size));
    gLabel.appendChild(label);
    return { kind: "c", id: c, x: info.x, y: info.y, r: r, el: circle, label: label, c: c };
  }

  function draw() {
    [gHull, gEdge, gNode, gLabel].forEach(clear);
    shapes = [];
    var rep = new Array(mods.length);
    var cs = comms();
    var clusterShapes = {};
    cs.forEach(function (info, c) {
      if (isCollapsed(c)) {
        clusterShapes[c] = shapes.length;
        shapes.push(clusterShape(c));
      } else if (info.size > 1) {
        var hull = sv("circle", { cx: info.x, cy: info.y, r: info.r, fill: info.colour, stroke: info.colour, "class": "hull" });
        hull.addEventListener("click", function (e) { e.stopPropagation(); setFocus({ kind: "c", id: c }); });
        hull.addEventListener("mouseenter", function (e) { hoverCommunity(c, e); });
        hull.addEventListener("mousemove", moveTip);
        hull.addEventListener("mouseleave", hideTip);
        hull.dataset.c = c;
        gHull.appendChild(hull);
      }
    });
    for (var i = 0; i < mods.length; i++) {
      var c = commOf(i);
      if (isCollapsed(c)) { rep[i] = clusterShapes[c]; } else { rep[i] = shapes.length; shapes.push(moduleShape(i)); }
    }
    var agg = new Map();
    edges.forEach(function (e) {
      var a = rep[e[0]], b = rep[e[1]];
      if (a === b) return;
      var key = a < b ? a + ":" + b : b + ":" + a;
      var cur = agg.get(key);
      if (cur) { cur.w += e[2]; cur.kind |= e[3]; } else agg.set(key, { a: Math.min(a, b), b: Math.max(a, b), w: e[2], kind: e[3] });
    });
    var frag = document.createDocumentFragment();
    agg.forEach(function (e) {
      var A = shapes[e.a], B = shapes[e.b];
      var line = sv("line", { x1: A.x, y1: A.y, x2: B.x, y2: B.y, "class": "edge" + (e.kind === 2 ? " call" : ""),
        "stroke-width": Math.min(4, 0.5 + Math.log2(1 + e.w) * 0.5).toFixed(2) });
      line._a = e.a; line._b = e.b;
      frag.appendChild(line);
    });
    gEdge.appendChild(frag);
    var sub = mods.length + " modules · " + edges.length + " links · " + cs.filter(function (x) { return x.size > 1; }).length +
      " communities at level " + level + (D.clusterFirst ? " · click a community to expand it" : "");
    document.getElementById("graph-sub").textContent = sub;
    paintFocus();
    applyView();
  }

  function inFocus(s) {
    if (!focus) return false;
    if (focus.kind === "c") return s.c === focus.id;
    if (s.kind === "m") return s.id === focus.id || neighbours(focus.id).has(s.id);
    return s.c === commOf(focus.id);
  }
  var nbCache = null;
  function neighbours(i) {
    if (!nbCache) {
      nbCache = mods.map(function () { return new Set(); });
      edges.forEach(function (e) { nbCache[e[0]].add(e[1]); nbCache[e[1]].add(e[0]); });
    }
    return nbCache[i];
  }

  function paintFocus() {
    svg.classList.toggle("focus", !!focus);
    shapes.forEach(function (s) {
      var on = inFocus(s);
      s.el.classList.toggle("in", on);
      s.label.classList.toggle("in", on);
      if (s.kind === "m") s.el.classList.toggle("picked", picked === s.id);
    });
    Array.prototype.forEach.call(gHull.childNodes, function (h) {
      h.classList.toggle("in", !!focus && focus.kind === "c" && Number(h.dataset.c) === focus.id);
    });
    Array.prototype.forEach.call(gEdge.childNodes, function (line) {
      var A = shapes[line._a], B = shapes[line._b], on = false;
      if (focus && focus.kind === "c") on = A.c === focus.id || B.c === focus.id;
      else if (focus) on = (A.kind === "m" && A.id === focus.id) || (B.kind === "m" && B.id === focus.id);
      line.classList.toggle("in", on);
      line.classList.toggle("hl", on);
    });
    Array.prototype.forEach.call(document.querySelectorAll("#legend li"), function (li) {
      li.classList.toggle("on", !!focus && focus.kind === "c" && Number(li.dataset.c) === focus.id);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".community-row"), function (tr) {
      tr.classList.toggle("on", !!focus && focus.kind === "c" && level === D.defaultLevel && Number(tr.dataset.c) === focus.id);
    });
  }

  function setFocus(f) {
    var same = focus && f && focus.kind === f.kind && focus.id === f.id;
    focus = same ? null : f;
    if (!focus || focus.kind === "c") picked = null;
    paintFocus();
    if (focus && focus.kind === "c") showCommunity(focus.id, details);
  }

  /* ------------------------------------------------------------ details */
  function dl(rows) {
    var list = el("dl");
    rows.forEach(function (r) { list.appendChild(el("dt", null, r[0])); var dd = el("dd"); if (r[1] instanceof Node) dd.appendChild(r[1]); else dd.textContent = r[1]; list.appendChild(dd); });
    return list;
  }
  function commName(c) { var info = comms()[c]; return clabel(c) + " · " + (info.pkg || "(top level)") + " · " + info.size + " modules"; }
  function showModule(i, target) {
    var m = mods[i];
    clear(target);
    target.appendChild(el("h4", null, m.n));
    target.appendChild(dl([["path", m.p || "(external)"], ["community", commName(commOf(i))], ["package", m.pkg || "(top level)"],
      ["fan-in / out", m.fi + " / " + m.fo], ["lines", m.lines], ["flagged", m.flag + " function" + (m.flag === 1 ? "" : "s")]]));
    if (m.worst.length) {
      var list = el("ol", { "class": "worst-list" });
      m.worst.forEach(function (w) {
        var li = el("li"); li.appendChild(tierBadge(w[2])); li.appendChild(document.createTextNode(" "));
        var a = el("a", null, w[0] + " :" + w[1]); a.addEventListener("click", function () { openFunction(w[3]); });
        li.appendChild(a); list.appendChild(li);
      });
      target.appendChild(el("div", { "class": "muted small" }, "worst functions"));
      target.appendChild(list);
    }
  }
  function showCommunity(c, target) {
    var info = comms()[c];
    clear(target);
    var h = el("h4"); var sw = el("span", { "class": "swatch" }); sw.style.background = info.colour;
    h.appendChild(sw); h.appendChild(document.createTextNode(clabel(c))); target.appendChild(h);
    var members = [];
    mods.forEach(function (m, i) { if (commOf(i) === c) members.push(m.n); });
    target.appendChild(dl([["modules", info.size], ["dominant package", info.pkg || "(top level)"], ["lines", info.lines],
      ["members", members.slice(0, 8).join(", ") + (members.length > 8 ? ", +" + (members.length - 8) + " more" : "")]]));
  }
  function hoverModule(i, e) { showModule(i, tooltip); tooltip.hidden = false; moveTip(e); }
  function hoverCommunity(c, e) {
    showCommunity(c, tooltip);
    if (isCollapsed(c)) tooltip.appendChild(el("div", { "class": "tt-row" }, "click to expand"));
    tooltip.hidden = false; moveTip(e);
  }
  function moveTip(e) {
    var box = svg.getBoundingClientRect();
    var x = e.clientX - box.left + 14, y = e.clientY - box.top + 14;
    if (x + 360 > box.width) x = Math.max(4, x - 380);
    if (y + tooltip.offsetHeight > box.height) y = Math.max(4, y - tooltip.offsetHeight - 24);
    tooltip.style.left = x + "px"; tooltip.style.top = y + "px";
  }
  function hideTip() { tooltip.hidden = true; }

  function pick(i, centre) {
    var c = commOf(i);
    if (isCollapsed(c)) { expanded.add(c); draw(); }
    picked = i; focus = { kind: "m", id: i };
    paintFocus();
    showModule(i, details);
    if (centre) {
      var box = svg.getBoundingClientRect();
      view.k = Math.max(view.k, 2.2);
      view.x = box.width / 2 - view.k * mods[i].x; view.y = box.height / 2 - view.k * mods[i].y;
      applyView();
    }
  }

  /* ------------------------------------------------------------ zoom & pan */
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var box = svg.getBoundingClientRect(), px = e.clientX - box.left, py = e.clientY - box.top;
    var f = Math.exp(-e.deltaY * 0.0015), k = Math.min(40, Math.max(0.05, view.k * f));
    view.x = px - (px - view.x) * k / view.k; view.y = py - (py - view.y) * k / view.k; view.k = k;
    applyView();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (e) { drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false }; svg.classList.add("dragging"); });
  window.addEventListener("mousemove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.x = drag.vx + dx; view.y = drag.vy + dy; applyView();
  });
  window.addEventListener("mouseup", function () { svg.classList.remove("dragging"); setTimeout(function () { drag = null; }, 0); });
  svg.addEventListener("click", function () { if (drag && drag.moved) return; if (focus) { focus = null; picked = null; paintFocus(); } });

  /* ------------------------------------------------------------ controls */
  var levelSelect = document.getElementById("level");
  D.levels.forEach(function (lv, i) {
    var n = lv.communities.filter(function (x) { return x.size > 1; }).length;
    var tag = i === D.defaultLevel ? " · final" : i === 0 ? " · finest" : "";
    var text = "Level " + i + " · " + n + " communities" + tag;
    levelSelect.appendChild(el("option", { value: String(i) }, text));
  });
  levelSelect.value = String(level);
  levelSelect.addEventListener("change", function () {
    level = Number(levelSelect.value); expanded.clear(); focus = null; picked = null; legend(); draw(); fit(shapes);
  });
  document.getElementById("expand-all").addEventListener("click", function () { comms().forEach(function (_, c) { expanded.add(c); }); draw(); });
  document.getElementById("collapse-all").addEventListener("click", function () { expanded.clear(); draw(); });
  document.getElementById("reset-view").addEventListener("click", function () { fit(shapes); });

  function legend() {
    var ul = document.getElementById("legend");
    clear(ul);
    comms().forEach(function (info, c) {
      if (info.size < 2) return;
      var li = el("li", { "data-c": String(c) });
      var sw = el("span", { "class": "swatch" }); sw.style.background = info.colour;
      li.appendChild(sw); li.appendChild(el("span", null, clabel(c))); li.appendChild(el("code", null, info.pkg || "(top level)"));
      li.appendChild(el("span", { "class": "cnt" }, info.size));
      li.addEventListener("click", function () {
        var opening = isCollapsed(c);
        if (opening) { expanded.add(c); draw(); }
        setFocus({ kind: "c", id: c });
        if (opening) fitCommunity(c);
      });
      ul.appendChild(li);
    });
  }

  var search = document.getElementById("search"), results = document.getElementById("search-results");
  function runSearch() {
    clear(results);
    var q = search.value.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    for (var i = 0; i < mods.length && hits.length < 12; i++) if (mods[i].n.toLowerCase().indexOf(q) >= 0) hits.push(i);
    hits.sort(function (a, b) {
      var sa = mods[a].n.toLowerCase() === q ? 0 : 1, sb = mods[b].n.toLowerCase() === q ? 0 : 1;
      return sa - sb || mods[a].n.length - mods[b].n.length || (mods[a].n < mods[b].n ? -1 : 1);
    });
    hits.forEach(function (i, n) {
      var li = el("li", { "class": n === 0 ? "active" : "" }, mods[i].n);
      li.addEventListener("click", function () { pick(i, true); clear(results); });
      results.appendChild(li);
    });
    if (!hits.length) results.appendChild(el("li", { "class": "muted" }, "no module matches"));
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { var hits = runSearch(); if (hits.length) { pick(hits[0], true); clear(results); } }
  });

  document.querySelectorAll(".community-row").forEach(function (tr) {
    tr.addEventListener("click", function () {
      if (level !== D.defaultLevel) { level = D.defaultLevel; levelSelect.value = String(level); expanded.clear(); legend(); draw(); }
      var c = Number(tr.dataset.c);
      if (isCollapsed(c)) { expanded.add(c); draw(); }
      focus = null; setFocus({ kind: "c", id: c });
      document.getElementById("graph").scrollIntoView();
    });
  });

  legend();
  draw();
  fit(shapes);
  window.addEventListener("resize", function () { fit(shapes); });
