/* The module graph: the circle packing of layout.py, drilled down along the Louvain dendrogram.
   Every circle is drawn once; a click changes the focus (dims what is outside, redraws the
   links between the focus's children, fits the view); labels live in screen space and are
   placed greedily by importance, only where they collide with no other label. */
  /* ------------------------------------------------------------ state */
  var mods = D.modules, edges = D.edges, G = D.graph, T = G.nodes;
  var svg = document.getElementById("graph-svg");
  var stage = svg.parentNode;
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var crumbs = document.getElementById("crumbs");
  var view = { x: 0, y: 0, k: 1 };
  var world = sv("g"), gHull = sv("g"), gEdge = sv("g"), gMis = sv("g"), gNode = sv("g");
  var veil = sv("path", { "class": "veil", "fill-rule": "evenodd" });
  var gLabel = sv("g", { "class": "labels" });
  world.appendChild(gHull); world.appendChild(gNode); world.appendChild(gEdge); world.appendChild(gMis); world.appendChild(veil);
  svg.appendChild(world); svg.appendChild(gLabel);
  var focusNode = 0, picked = null, aspect = -1;
  var NX = new Float64Array(T.length), NY = new Float64Array(T.length);
  var MX = new Float64Array(mods.length), MY = new Float64Array(mods.length);
  var depth = new Int32Array(T.length), topOf = new Int32Array(T.length);
  var kids = T.map(function () { return []; }), leaves = T.map(function () { return []; });
  T.forEach(function (t, i) {
    if (t.p >= 0) { depth[i] = depth[t.p] + 1; kids[t.p].push(i); topOf[i] = depth[i] === 1 ? i : topOf[t.p]; }
  });
  mods.forEach(function (m, i) { leaves[m.t].push(i); });
  var rootChild = {};   // community index at the default level -> its node
  kids[0].forEach(function (n) { if (T[n].lv === D.defaultLevel) rootChild[T[n].c] = n; });
  var misOf = {};
  (D.misplaced || []).forEach(function (x) { misOf[x.m] = x; });
  var hulls = new Array(T.length), nodes = new Array(mods.length);

  function inside(n, of) { return n >= of && n < T[of].e; }
  function clabel(c) { return "C" + (c + 1); }
  function nodeName(n) {
    var t = T[n];
    if (t.k === "l") return "lone modules";
    if (t.k === "r") return "All modules";
    var name = t.name || "(top level)";
    return t.p === 0 && t.lv === D.defaultLevel ? clabel(t.c) + " " + name : name;
  }
  function nodeLabel(n) { return nodeName(n) + " (" + T[n].n + ")"; }

  /* ------------------------------------------------------------ positions for the frame's aspect */
  function place(a) {
    aspect = a;
    var dx = new Float64Array(T.length), dy = new Float64Array(T.length);
    kids[0].forEach(function (n) {
      var xy = T[n].xy;
      if (xy) { dx[n] = xy[a][0] - xy[G.aspect][0]; dy[n] = xy[a][1] - xy[G.aspect][1]; }
    });
    for (var i = 1; i < T.length; i++) {
      NX[i] = T[i].x + dx[topOf[i]]; NY[i] = T[i].y + dy[topOf[i]];
      if (hulls[i]) { hulls[i].setAttribute("cx", NX[i].toFixed(2)); hulls[i].setAttribute("cy", NY[i].toFixed(2)); }
    }
    mods.forEach(function (m, j) {
      var top = m.t === 0 ? 0 : topOf[m.t];
      MX[j] = m.x + dx[top]; MY[j] = m.y + dy[top];
      if (nodes[j]) { nodes[j].setAttribute("cx", MX[j].toFixed(2)); nodes[j].setAttribute("cy", MY[j].toFixed(2)); }
    });
    drawMisplaced();
    drawDrift();
  }
  function bestAspect() {
    var box = frameBox();
    if (!box.width || !box.height) return G.aspect;
    var want = Math.log(box.width / box.height), best = 0;
    G.aspects.forEach(function (a, i) { if (Math.abs(Math.log(a) - want) < Math.abs(Math.log(G.aspects[best]) - want)) best = i; });
    return best;
  }

  /* ------------------------------------------------------------ drawing, once */
  // one group per top-level community, hulls under modules, so what lies outside the frame is not painted
  var parts = {};
  function partOf(n) {
    var top = n === 0 ? 0 : topOf[n];
    if (!parts[top]) { parts[top] = sv("g", { "class": "part" }); gNode.appendChild(parts[top]); parts[top]._h = sv("g"); parts[top]._m = sv("g"); parts[top].appendChild(parts[top]._h); parts[top].appendChild(parts[top]._m); }
    return parts[top];
  }
  function build() {
    for (var i = 1; i < T.length; i++) {
      var h = sv("circle", { r: T[i].r, fill: T[i].col, stroke: T[i].col, "class": "hull k" + T[i].k, "data-t": String(i) });
      hulls[i] = h; partOf(i)._h.appendChild(h);
    }
    mods.forEach(function (m, i) {
      var cls = "node" + (m.worst.length ? " flag" + m.worst[0][2] : "") + (misOf[i] ? " misplaced" : "");
      // the ring's width is a share of the circle (world units): it scales with the zoom at no cost
      var c = sv("circle", { r: m.r, fill: T[m.t].col, "class": cls, "data-i": String(i) });
      c.style.strokeWidth = (0.12 * m.r).toFixed(2);
      nodes[i] = c; partOf(m.t)._m.appendChild(c);
    });
  }
  function cull() {
    var box = frameBox(), W = box.width, H = box.height, k = view.k;
    Object.keys(parts).forEach(function (key) {
      var n = Number(key), g = parts[key], show = true;
      if (n) {
        var x = view.x + k * NX[n], y = view.y + k * NY[n], r = k * T[n].r;
        show = x + r > 0 && x - r < W && y + r > 0 && y - r < H;
      }
      var want = show ? "" : "none";
      if (g.style.display !== want) g.style.display = want;
    });
  }
  function drawMisplaced() {
    clear(gMis);
    (D.misplaced || []).forEach(function (x) {
      var m = mods[x.m], home = rootChild[x.home];
      gMis.appendChild(sv("circle", { cx: MX[x.m].toFixed(2), cy: MY[x.m].toFixed(2), r: (m.r + 2.2).toFixed(2),
        "class": "mis-ring", "data-m": String(x.m) }));
      if (home === undefined) return;
      var cx = NX[home], cy = NY[home], r = T[home].r, vx = MX[x.m] - cx, vy = MY[x.m] - cy, d = Math.hypot(vx, vy) || 1;
      gMis.appendChild(sv("line", { x1: MX[x.m].toFixed(2), y1: MY[x.m].toFixed(2), x2: (cx + vx / d * r).toFixed(2),
        y2: (cy + vy / d * r).toFixed(2), "class": "mis-line", "data-m": String(x.m) }));
    });
  }

  /* Drift since the baseline (`report --baseline`): the modules of each new cycle, new
     dependency between communities and moved module ringed in red, the import behind it drawn. */
  var byName = {};
  mods.forEach(function (m, i) { byName[m.n] = i; });
  function drawDrift() {
    (D.drift || []).forEach(function (x, n) {
      x.modules.forEach(function (name) {
        var i = byName[name];
        if (i === undefined) return;
        gMis.appendChild(sv("circle", { cx: MX[i].toFixed(2), cy: MY[i].toFixed(2), r: (mods[i].r + 3.6).toFixed(2),
          "class": "drift-ring drift-" + x.kind, "data-m": String(i), "data-d": String(n) }));
      });
      var a = byName[x.edge[0]], b = byName[x.edge[1]];
      if (a === undefined || b === undefined) return;
      gMis.appendChild(sv("line", { x1: MX[a].toFixed(2), y1: MY[a].toFixed(2), x2: MX[b].toFixed(2), y2: MY[b].toFixed(2),
        "class": "drift-line drift-" + x.kind, "data-d": String(n) }));
    });
  }

  /* ------------------------------------------------------------ focus: dim, links, legend, path */
  function unitCentre(u) { return u >= 0 ? [NX[u], NY[u], T[u].r] : [MX[-u - 1], MY[-u - 1], mods[-u - 1].r]; }
  function drawEdges() {
    clear(gEdge);
    var f = focusNode, unitNode = new Int32Array(T.length).fill(-1);
    kids[f].forEach(function (c) { for (var j = c; j < T[c].e; j++) unitNode[j] = c; });
    function unit(i) { var t = mods[i].t; return t === f ? -i - 1 : inside(t, f) ? unitNode[t] : null; }
    var agg = new Map();
    edges.forEach(function (e) {
      var a = unit(e[0]); if (a === null) return;
      var b = unit(e[1]); if (b === null || a === b) return;
      var key = a < b ? a + ":" + b : b + ":" + a, cur = agg.get(key);
      if (cur) { cur.w += e[2]; cur.kind |= e[3]; } else agg.set(key, { a: a, b: b, w: e[2], kind: e[3] });
    });
    var frag = document.createDocumentFragment();
    agg.forEach(function (e) {
      var A = unitCentre(e.a), B = unitCentre(e.b), dx = B[0] - A[0], dy = B[1] - A[1], d = Math.hypot(dx, dy) || 1;
      if (d <= A[2] + B[2]) return;
      var line = sv("line", { x1: (A[0] + dx / d * A[2]).toFixed(2), y1: (A[1] + dy / d * A[2]).toFixed(2),
        x2: (B[0] - dx / d * B[2]).toFixed(2), y2: (B[1] - dy / d * B[2]).toFixed(2),
        "class": "edge" + (e.kind === 2 ? " call" : ""), "stroke-width": Math.min(5, 0.6 + Math.log2(1 + e.w) * 0.6).toFixed(2) });
      line._a = e.a; line._b = e.b;
      frag.appendChild(line);
    });
    gEdge.appendChild(frag);
  }
  // What lies outside the focus fades under one veil with a hole (one element to change, not thousands).
  function drawVeil() {
    if (!focusNode) { veil.setAttribute("d", ""); return; }
    var x = NX[focusNode], y = NY[focusNode], r = T[focusNode].r, far = 1e6;
    veil.setAttribute("d", "M" + (-far) + "," + (-far) + "H" + far + "V" + far + "H" + (-far) + "Z" +
      "M" + (x - r).toFixed(2) + "," + y.toFixed(2) + "a" + r + "," + r + " 0 1,0 " + (2 * r).toFixed(2) + ",0" +
      "a" + r + "," + r + " 0 1,0 " + (-2 * r).toFixed(2) + ",0Z");
  }
  var shownPick = null, shownCur = null;
  function paintFocus() {
    var f = focusNode;
    drawVeil();
    if (shownCur !== null && hulls[shownCur]) hulls[shownCur].classList.remove("cur");
    if (f && hulls[f]) hulls[f].classList.add("cur");
    shownCur = f;
    if (shownPick !== null) nodes[shownPick].classList.remove("picked");
    if (picked !== null) nodes[picked].classList.add("picked");
    shownPick = picked;
    svg.dataset.focus = String(f);
    Array.prototype.forEach.call(document.querySelectorAll("#legend li"), function (li) {
      li.classList.toggle("on", f !== 0 && Number(li.dataset.t) === topOf[f]);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".community-row"), function (tr) {
      tr.classList.toggle("on", f !== 0 && rootChild[Number(tr.dataset.c)] === topOf[f]);
    });
  }
  function path(n) { var p = []; for (; n >= 0; n = T[n].p) p.unshift(n); return p; }
  function drawCrumbs() {
    clear(crumbs);
    path(focusNode).forEach(function (n, i, all) {
      if (i) crumbs.appendChild(el("span", { "class": "sep" }, "›"));
      if (i === all.length - 1) { crumbs.appendChild(el("span", { "class": "here" }, i ? nodeLabel(n) : "All modules (" + mods.length + ")")); return; }
      var b = el("button", { type: "button", "data-t": String(n) }, i ? nodeName(n) : "All modules");
      b.addEventListener("click", function () { drill(n); });
      crumbs.appendChild(b);
    });
  }
  function subtitle() {
    var communities = kids[0].filter(function (n) { return T[n].k === "c"; }).length;
    var levels = 0; T.forEach(function (t, i) { if (t.k === "c") levels = Math.max(levels, depth[i]); });
    var n = D.counts || { modules: mods.length, links: edges.length, communities: communities };
    document.getElementById("graph-sub").textContent = counted(n.modules, "module", "modules") + " · " +
      counted(n.links, "link", "links") + " · " + counted(n.communities, "community", "communities") +
      " at the coarsest level" + (levels > 1 ? " · " + levels + " levels to drill into" : "");
  }
  function drill(n, keepView) {
    focusNode = n;
    picked = null;
    paintFocus(); drawEdges(); drawCrumbs(); candidates();
    if (n) showCommunity(n, details); else clear(details);
    if (!n) details.appendChild(el("p", { "class": "muted" }, "Hover a module or a community for details; click a community to open it."));
    if (!keepView) fitNode(n); else render();
    svg.dataset.focus = String(n);
  }
  function up() { if (focusNode) drill(T[focusNode].p); }

  /* ------------------------------------------------------------ view */
  function frameBox() { return stage.getBoundingClientRect(); }  // the svg's own box moves during a gesture
  function fitBox(x0, y0, x1, y1) {
    var box = frameBox();
    if (!box.width) return;
    var pad = 14, w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
    var k = Math.min((box.width - 2 * pad) / w, (box.height - 2 * pad) / h);
    view.k = k; view.x = box.width / 2 - k * (x0 + x1) / 2; view.y = box.height / 2 - k * (y0 + y1) / 2;
    render();
  }
  function fitNode(n) {
    if (n) { fitBox(NX[n] - T[n].r, NY[n] - T[n].r, NX[n] + T[n].r, NY[n] + T[n].r); return; }
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    kids[0].forEach(function (c) {
      x0 = Math.min(x0, NX[c] - T[c].r); y0 = Math.min(y0, NY[c] - T[c].r);
      x1 = Math.max(x1, NX[c] + T[c].r); y1 = Math.max(y1, NY[c] + T[c].r);
    });
    leaves[0].forEach(function (j) {
      x0 = Math.min(x0, MX[j] - mods[j].r); y0 = Math.min(y0, MY[j] - mods[j].r);
      x1 = Math.max(x1, MX[j] + mods[j].r); y1 = Math.max(y1, MY[j] + mods[j].r);
    });
    if (x0 < x1) fitBox(x0, y0, x1, y1); else render();
  }
  // During a wheel or drag gesture only the svg's CSS transform changes (Chromium moves the painted
  // layer without painting it again); once the gesture rests the view is committed and repainted.
  var drawn = { x: 0, y: 0, k: 1 }, restTimer = 0;
  function schedule() {
    var s = view.k / drawn.k;
    svg.style.transform = "translate(" + (view.x - s * drawn.x).toFixed(2) + "px," + (view.y - s * drawn.y).toFixed(2) + "px) scale(" + s.toFixed(5) + ")";
    if (svg.dataset.settled !== "0") Object.keys(parts).forEach(function (key) { parts[key].style.display = ""; });
    svg.dataset.settled = "0";
    clearTimeout(restTimer);
    restTimer = setTimeout(render, 140);
  }
  function render() {
    clearTimeout(restTimer);
    svg.style.transform = "";
    drawn = { x: view.x, y: view.y, k: view.k };
    world.setAttribute("transform", "translate(" + view.x.toFixed(2) + "," + view.y.toFixed(2) + ") scale(" + view.k.toFixed(5) + ")");
    cull();
    labels();
    svg.dataset.k = view.k.toFixed(4);
    svg.dataset.settled = "1";
  }

  /* ------------------------------------------------------------ labels that fit */
  var cands = [];
  function candidates() {
    var f = focusNode, d0 = depth[f], list = [];
    for (var n = f + 1; n < T[f].e; n++) list.push({ n: n, d: depth[n] - d0, s: T[n].n });
    mods.forEach(function (m, i) { if (inside(m.t, f)) list.push({ m: i, d: depth[m.t] + 1 - d0, s: m.lines }); });
    list.sort(function (a, b) { return a.d - b.d || b.s - a.s || (a.n !== undefined ? a.n : 1e9 + a.m) - (b.n !== undefined ? b.n : 1e9 + b.m); });
    cands = list;
  }
  var measure = document.createElement("canvas").getContext("2d"), widths = new Map(), fontFamily = null;
  var FS_NODE = 12, FS_MOD = 11, MAX_LABELS = 400;
  function textWidth(text, bold) {
    var key = (bold ? "b" : "m") + text, w = widths.get(key);
    if (w === undefined) {
      if (fontFamily === null) fontFamily = getComputedStyle(svg).fontFamily || "sans-serif";
      measure.font = (bold ? "600 " + FS_NODE : "400 " + FS_MOD) + "px " + fontFamily;
      w = measure.measureText(text).width;
      widths.set(key, w);
    }
    return w;
  }
  // the longest prefix of a community's name that fits, with an ellipsis (the full name is on hover)
  function cut(text, max) {
    if (textWidth(text, true) <= max) return text;
    var lo = 0, hi = text.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (textWidth(text.slice(0, mid) + "…", true) <= max) lo = mid; else hi = mid - 1; }
    return lo >= 4 ? text.slice(0, lo) + "…" : "";
  }
  var pool = [];
  function labels() {
    var box = frameBox(), W = box.width, H = box.height, k = view.k, used = 0;
    var grid = new Map(), CELL = 64;
    function cells(b, add) {
      for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor(b[2] / CELL); gx++) {
        for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor(b[3] / CELL); gy++) {
          var key = gx * 100003 + gy, list = grid.get(key);
          if (add) { if (list) list.push(b); else grid.set(key, [b]); continue; }
          if (list) for (var q = 0; q < list.length; q++) {
            var o = list[q];
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return true;
          }
        }
      }
      return false;
    }
    for (var c = 0; c < cands.length && used < MAX_LABELS; c++) {
      var it = cands[c], x, y, r, text, bold, w, h;
      if (it.n !== undefined) {
        r = T[it.n].r * k;
        if (r < 16) continue;
        x = view.x + k * NX[it.n]; y = view.y + k * NY[it.n]; bold = true;
        text = nodeLabel(it.n); w = textWidth(text, true);
        if (w > 1.9 * r) {  // a name cut short only for the communities of the open level
          text = it.d === 1 ? cut(nodeName(it.n), 1.9 * r) : nodeName(it.n); w = textWidth(text, true);
          if (!text || w > 1.9 * r) continue;
        }
        h = FS_NODE * 1.3;
      } else {
        var m = mods[it.m];
        r = m.r * k;
        if (r < 2.4) continue;
        x = view.x + k * MX[it.m]; y = view.y + k * MY[it.m]; bold = false;
        text = m.lbl; w = textWidth(text, false); h = FS_MOD * 1.3;
      }
      var b = [x - w / 2 - 2, y - h / 2, x + w / 2 + 2, y + h / 2];
      if (b[0] < 1 || b[1] < 1 || b[2] > W - 1 || b[3] > H - 1) continue;
      if (cells(b, false)) continue;
      cells(b, true);
      var t = pool[used];
      if (!t) { t = sv("text", { "text-anchor": "middle", "dominant-baseline": "central" }); pool.push(t); gLabel.appendChild(t); }
      t.setAttribute("x", x.toFixed(1)); t.setAttribute("y", y.toFixed(1));
      t.setAttribute("class", bold ? "lbl cl" : "lbl mod");
      if (t.textContent !== text) t.textContent = text;
      if (t.style.display) t.style.display = "";
      t.dataset.ref = it.n !== undefined ? "t" + it.n : "m" + it.m;
      used++;
    }
    for (var z = used; z < pool.length; z++) if (pool[z].style.display !== "none") pool[z].style.display = "none";
    svg.dataset.labels = String(used);
  }

  /* ------------------------------------------------------------ details and tooltip */
  function dl(rows) {
    var list = el("dl");
    rows.forEach(function (r) { list.appendChild(el("dt", null, r[0])); var dd = el("dd"); if (r[1] instanceof Node) dd.appendChild(r[1]); else dd.textContent = r[1]; list.appendChild(dd); });
    return list;
  }
  function commOf(i) { return mods[i].c[D.defaultLevel]; }
  function commName(c) {
    var info = D.levels[D.defaultLevel].communities[c];
    return clabel(c) + " · " + (info.name || info.pkg || "(top level)") + " · " + info.size + " module" + (info.size === 1 ? "" : "s");
  }
  function showModule(i, target) {
    var m = mods[i];
    clear(target);
    target.appendChild(el("h4", null, m.n));
    var rows = [["path", m.p || "(external)"], ["community", commName(commOf(i))]];
    if (m.t && T[m.t].k === "c" && topOf[m.t] !== m.t) rows.push(["sub-community", nodeLabel(m.t)]);
    rows.push(["package", m.pkg || "(top level)"], ["fan-in / out", m.fi + " / " + m.fo], ["lines", m.lines],
      ["flagged", m.flag + " function" + (m.flag === 1 ? "" : "s")]);
    if (m.mi !== undefined) rows.push(["maintainability index", m.mi + " (radon; < 20 is rank B, < 10 rank C)"]);
    target.appendChild(dl(rows));
    var x = misOf[i];
    if (x) {
      var box = el("div", { "class": "mis-note" });
      box.appendChild(el("b", null, "misplaced: "));
      box.appendChild(document.createTextNode(x.why + " (its package " + (x.pkg || "(top level)") + " is mostly in " + commName(x.home) + "; the line points there)"));
      target.appendChild(box);
    }
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
  function showCommunity(n, target) {
    var t = T[n];
    clear(target);
    var h = el("h4"); var sw = el("span", { "class": "swatch" }); sw.style.background = t.col;
    h.appendChild(sw); h.appendChild(document.createTextNode(nodeName(n))); target.appendChild(h);
    var members = [], misplaced = [];
    mods.forEach(function (m, i) { if (inside(m.t, n)) { members.push(m.n); if (misOf[i]) misplaced.push(m.n); } });
    var subs = kids[n].length;
    var rows = [["modules", t.n]];
    if (subs) rows.push(["sub-communities", subs + (t.k === "l" ? " packages" : "")]);
    if (t.lv >= 0) {
      var info = D.levels[t.lv].communities[t.c];
      rows.push(["dendrogram level", t.lv + (t.lv === D.defaultLevel ? " (coarsest)" : "")], ["dominant package", info.pkg || "(top level)"], ["lines", info.lines]);
    } else if (t.k === "l") rows.push(["why alone", "tied to no other module, each its own community"]);
    rows.push(["members", members.slice(0, 8).join(", ") + (members.length > 8 ? ", +" + (members.length - 8) + " more" : "")]);
    if (misplaced.length) rows.push(["misplaced", misplaced.join(", ")]);
    target.appendChild(dl(rows));
  }
  function hoverModule(i, e) { showModule(i, tooltip); tooltip.hidden = false; moveTip(e); }
  function hoverCommunity(n, e) {
    showCommunity(n, tooltip);
    if (n !== focusNode) tooltip.appendChild(el("div", { "class": "tt-row" }, "click to open"));
    tooltip.hidden = false; moveTip(e);
  }
  function moveTip(e) {
    var box = stage.getBoundingClientRect();
    var x = e.clientX - box.left + 14, y = e.clientY - box.top + 14;
    if (x + tooltip.offsetWidth + 8 > box.width) x = Math.max(4, x - tooltip.offsetWidth - 28);
    if (y + tooltip.offsetHeight + 8 > box.height) y = Math.max(4, y - tooltip.offsetHeight - 24);
    tooltip.style.left = x + "px"; tooltip.style.top = y + "px";
  }
  function hideTip() { tooltip.hidden = true; }

  /* ------------------------------------------------------------ interaction */
  function target(e) {
    var d = e.target && e.target.dataset;
    if (!d) return null;
    if (d.i !== undefined) return { m: Number(d.i) };
    if (d.t !== undefined) return { n: Number(d.t) };
    return null;
  }
  // the node one step below the common ancestor of the focus and n, towards n
  function stepTowards(n) {
    var a = path(n), b = path(focusNode), i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i < a.length ? a[i] : n;
  }
  svg.addEventListener("mouseover", function (e) {
    var t = target(e);
    if (!t) return;
    if (t.m !== undefined) hoverModule(t.m, e); else hoverCommunity(t.n, e);
  });
  svg.addEventListener("mousemove", function (e) { if (!tooltip.hidden) moveTip(e); });
  svg.addEventListener("mouseout", function (e) { if (target(e)) hideTip(); });
  svg.addEventListener("click", function (e) {
    if (drag && drag.moved) return;
    var t = target(e);
    if (!t) { if (picked !== null) { picked = null; paintFocus(); } return; }
    if (t.m !== undefined) {
      if (mods[t.m].t !== focusNode) { drill(stepTowards(mods[t.m].t)); return; }  // inside a community: open it
      pick(t.m, false);
      return;
    }
    if (t.n === focusNode) return;
    drill(stepTowards(t.n));
  });
  function pick(i, centre) {
    var m = mods[i];
    if (centre && m.t !== focusNode) drill(m.t);
    picked = i;
    paintFocus();
    showModule(i, details);
    if (centre) {
      var box = frameBox();
      view.k = Math.max(view.k, 12 / m.r);
      view.x = box.width / 2 - view.k * MX[i]; view.y = box.height / 2 - view.k * MY[i];
      render();
    }
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var box = frameBox(), px = e.clientX - box.left, py = e.clientY - box.top;
    var f = Math.exp(-e.deltaY * 0.0015), k = Math.min(400, Math.max(0.02, view.k * f));
    view.x = px - (px - view.x) * k / view.k; view.y = py - (py - view.y) * k / view.k; view.k = k;
    schedule();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (e) { drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false }; svg.classList.add("dragging"); });
  window.addEventListener("mousemove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (!drag.moved) return;
    view.x = drag.vx + dx; view.y = drag.vy + dy; schedule();
  });
  window.addEventListener("mouseup", function () { svg.classList.remove("dragging"); setTimeout(function () { drag = null; }, 0); });
  window.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.activeElement && document.activeElement.tagName !== "INPUT") up();
  });
  document.getElementById("graph-up").addEventListener("click", up);
  document.getElementById("reset-view").addEventListener("click", function () { fitNode(focusNode); });

  function legend() {
    var ul = document.getElementById("legend");
    clear(ul);
    kids[0].forEach(function (n) {
      var t = T[n];
      var li = el("li", { "data-t": String(n) });
      if (t.lv === D.defaultLevel) li.setAttribute("data-c", String(t.c));
      var sw = el("span", { "class": "swatch" }); sw.style.background = t.col;
      li.appendChild(sw);
      li.appendChild(el("span", null, t.k === "l" ? "–" : clabel(t.c)));
      li.appendChild(el("code", null, t.k === "l" ? "lone modules" : t.name || "(top level)"));
      li.appendChild(el("span", { "class": "cnt" }, t.n));
      li.addEventListener("click", function () { drill(n); });
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
      var n = rootChild[Number(tr.dataset.c)];
      if (n === undefined) return;
      drill(n);
      document.getElementById("graph").scrollIntoView();
    });
  });

  // the page's test hooks: where a module is drawn, and the current focus
  svg.graphState = function () {
    return { focus: focusNode, picked: picked, aspect: aspect, k: view.k, settled: svg.dataset.settled === "1" };
  };

  build();
  place(bestAspect());
  legend();
  subtitle();
  drill(0);
  window.addEventListener("resize", function () {
    var a = bestAspect();
    if (a !== aspect) { place(a); drawEdges(); drawVeil(); }
    fitNode(focusNode);
  });
