/* The long-method table, its excerpts and the split-first list. */
  var F = D.functions;
  var cols = [{ key: "tier", label: "Tier" }, { key: "q", label: "Function" }, { key: "p", label: "File : line" }];
  D.metrics.forEach(function (m, i) { cols.push({ key: i, label: D.metricLabels[i], metric: true }); });
  cols.push({ key: "x", label: "Extract" });
  var sort = { key: "tier", asc: false };
  var limit = 200;
  var thead = document.querySelector("#lm-table thead"), tbody = document.querySelector("#lm-table tbody");
  var filterBox = document.getElementById("lm-filter"), tierBox = document.getElementById("lm-tier");

  function cmp(a, b) {
    var r;
    if (sort.key === "tier") r = a.tier - b.tier || a.pr - b.pr;
    else if (sort.key === "q") r = a.q < b.q ? -1 : a.q > b.q ? 1 : 0;
    else if (sort.key === "p") r = a.p < b.p ? -1 : a.p > b.p ? 1 : a.l - b.l;
    else if (sort.key === "x") r = (a.x.length ? a.x[0].sloc : -1) - (b.x.length ? b.x[0].sloc : -1) || a.tier - b.tier;
    else r = a.m[sort.key] - b.m[sort.key] || a.tier - b.tier;
    if (!r) r = a.id - b.id;
    return sort.asc ? r : -r;
  }
  function header() {
    clear(thead);
    var tr = el("tr");
    var def = D.thresholds[0];
    cols.forEach(function (col) {
      var th = el("th", { "class": (col.metric ? "n" : "") + (sort.key === col.key ? " sorted" + (sort.asc ? " asc" : "") : ""), "data-key": String(col.key) }, col.label);
      if (col.metric) th.appendChild(el("span", { "class": "thr" }, ">" + def[col.key][0] + " / >" + def[col.key][1]));
      if (col.key === "x") { th.title = "best Extract Method candidate"; th.appendChild(el("span", { "class": "thr" }, "best candidate")); }
      th.addEventListener("click", function () {
        if (sort.key === col.key) sort.asc = !sort.asc; else { sort.key = col.key; sort.asc = col.key === "q" || col.key === "p"; }
        header(); table();
      });
      tr.appendChild(th);
    });
    thead.appendChild(tr);
  }
  function visibleRows() {
    var q = filterBox.value.trim().toLowerCase(), t = Number(tierBox.value);
    return F.filter(function (f) {
      if (t && f.tier !== t) return false;
      return !q || f.q.toLowerCase().indexOf(q) >= 0 || f.p.toLowerCase().indexOf(q) >= 0 || f.mod.toLowerCase().indexOf(q) >= 0;
    }).sort(cmp);
  }
  var selectedRow = null;
  function table() {
    var rows = visibleRows();
    clear(tbody);
    var frag = document.createDocumentFragment();
    rows.slice(0, limit).forEach(function (f) {
      var tr = el("tr", { "data-id": String(f.id) });
      if (selectedRow === f.id) tr.className = "sel";
      var td = el("td"); td.appendChild(tierBadge(f.tier)); tr.appendChild(td);
      var fn = el("td", { "class": "fn" }); fn.appendChild(breakable("span", "", f.q)); tr.appendChild(fn);
      var loc = el("td", { "class": "loc" }); loc.appendChild(breakable("span", "", f.p + " : " + f.l, "/")); tr.appendChild(loc);
      var th = D.thresholds[f.ts];
      f.m.forEach(function (v, i) {
        var cell = el("td", { "class": "n" + (f.mt[i] ? " v" + f.mt[i] : ""), title: D.metrics[i] + " " + v + " (warning >" + th[i][0] + ", critical >" + th[i][1] + ")" }, v);
        tr.appendChild(cell);
      });
      tr.appendChild(extractCell(f));
      tr.addEventListener("click", function () {
        if (selectedRow === f.id && !excerptBox.hidden) closeExcerpt(); else openFunction(f.id, true);
      });
      frag.appendChild(tr);
    });
    tbody.appendChild(frag);
    placeExcerpt();
    var more = document.getElementById("lm-more");
    more.hidden = rows.length <= limit;
    more.textContent = "Show " + Math.min(rows.length - limit, 500) + " more";
    var all = document.getElementById("lm-all");  // every row, however many: none is out of reach
    all.hidden = rows.length <= limit + 500;
    all.textContent = "Show all " + rows.length;
    document.getElementById("lm-count").textContent = "(" + rows.length + " of " + counted(D.counts.flagged, "flagged function", "flagged functions") + ")";
  }
  document.getElementById("lm-more").addEventListener("click", function () { limit += 500; table(); });
  document.getElementById("lm-all").addEventListener("click", function () { limit = Infinity; table(); });
  filterBox.addEventListener("input", function () { limit = 200; table(); });
  tierBox.addEventListener("change", function () { limit = 200; table(); });

  /* An Extract Method candidate: "Extract lines 30-45 → name(params) returns r · SLOC −8, cyclomatic −4". */
  function xSignature(x) { return x.n + "(" + x.par.join(", ") + ")"; }
  function xFigures(x) { return "SLOC −" + x.sloc + (x.cc ? ", cyclomatic −" + x.cc : ""); }
  function xCaption(x) {
    return "Extract lines " + x.s + "-" + x.e + " → " + (x.k === "function" ? "" : x.k + " ") + xSignature(x) +
      (x.ret.length ? " returns " + x.ret.join(", ") : "") + " · " + xFigures(x);
  }
  function extractCell(f) {
    if (!f.x.length) return el("td", { "class": "xm none" }, "—");
    var x = f.x[0], more = f.x.length - 1;
    var td = el("td", { "class": "xm", title: xCaption(x) + "\n" + x.cmd + (more ? "\n+" + more + " more in the excerpt" : "") });
    td.appendChild(el("span", { "class": "xl" }, x.s + "–" + x.e));
    td.appendChild(document.createTextNode(" "));
    td.appendChild(el("span", { "class": "xn" }, x.n));
    td.appendChild(document.createTextNode(" "));
    td.appendChild(el("span", { "class": "xf", title: "SLOC the function loses" }, "−" + x.sloc));
    return td;
  }
  function copyButton(text, target) {
    var button = el("button", { type: "button", "class": "copy", title: "copy the command" }, "Copy");
    function selectIt() {
      var range = document.createRange(), sel = window.getSelection();
      range.selectNodeContents(target); sel.removeAllRanges(); sel.addRange(range);
      button.textContent = "Selected · Ctrl+C";
    }
    button.addEventListener("click", function (e) {
      e.stopPropagation();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { button.textContent = "Copied"; }, selectIt);
      } else selectIt();
    });
    return button;
  }
  function captionRow(x, rank) {
    var row = el("div", { "class": "ln xcap xb xs " + (rank ? "xo" : "x0"), "data-x": String(rank) });
    row.appendChild(el("span", { "class": "no" }));
    row.appendChild(el("span", { "class": "gut" }));
    var cap = el("div", { "class": "cap" });
    var line = el("div", { "class": "xtext" });
    line.appendChild(el("span", { "class": "xrank" }, rank ? "#" + (rank + 1) : "best"));
    line.appendChild(el("span", { "class": "xcaption" }, xCaption(x)));
    cap.appendChild(line);
    var cmd = el("div", { "class": "xcmd" });
    var code = el("code", { "class": "cmd" }, x.cmd);
    cmd.appendChild(el("span", { "class": "prompt" }, "$"));
    cmd.appendChild(code);
    cmd.appendChild(copyButton(x.cmd, code));
    cap.appendChild(cmd);
    row.appendChild(cap);
    return row;
  }

  /* The excerpt opens in a row right under its function's row (or under the table when that row is
     filtered out), so a click anywhere on a row shows its source where the reader is looking. */
  var excerptBox = document.getElementById("excerpt"), excerptHome = excerptBox.parentNode;
  var excerptRow = el("tr", { "class": "xrow" }), excerptCell = el("td", { colspan: String(cols.length) });
  excerptRow.appendChild(excerptCell);
  function placeExcerpt() {
    var row = selectedRow === null || excerptBox.hidden ? null : tbody.querySelector("tr[data-id='" + selectedRow + "']");
    if (row) { excerptCell.appendChild(excerptBox); row.parentNode.insertBefore(excerptRow, row.nextSibling); }
    else { if (excerptRow.parentNode) excerptRow.parentNode.removeChild(excerptRow); excerptHome.appendChild(excerptBox); }
  }
  function closeExcerpt() {
    excerptBox.hidden = true; selectedRow = null;
    Array.prototype.forEach.call(tbody.querySelectorAll("tr.sel"), function (tr) { tr.classList.remove("sel"); });
    placeExcerpt();
  }
  /* Excerpts sit in blocks of D.srcChunk functions after the page's data, each parsed the first
     time one of its functions opens: most of a big report's bytes, none of its start-up work. */
  var srcBlocks = {};
  function sourceOf(id) {
    var k = Math.floor(id / D.srcChunk);
    if (!(k in srcBlocks)) {
      var block = document.getElementById("report-src-" + k);
      srcBlocks[k] = block ? JSON.parse(block.textContent) : [];
    }
    return srcBlocks[k][id - k * D.srcChunk] || null;
  }
  function openFunction(id, fromTable) {
    var f = F[id], box = excerptBox, code = sourceOf(id);
    selectedRow = id;
    Array.prototype.forEach.call(tbody.childNodes, function (tr) { tr.classList.toggle("sel", Number(tr.dataset.id) === id); });
    clear(box); box.hidden = false;
    placeExcerpt();
    var head = el("header");
    head.appendChild(tierBadge(f.tier)); head.appendChild(breakable("h3", "", f.q));
    head.appendChild(breakable("span", "muted", f.p + " : " + f.l + "–" + f.e, "/"));
    if (f.why) head.appendChild(el("span", { "class": "why small" }, "priority " + f.pr + ": " + f.why));
    var chips = el("div", { "class": "chips" }), th = D.thresholds[f.ts];
    f.m.forEach(function (v, i) { chips.appendChild(el("span", { "class": "chip" + (f.mt[i] ? " v" + f.mt[i] : ""), title: "warning >" + th[i][0] + ", critical >" + th[i][1] }, D.metricLabels[i] + " " + v)); });
    if (f.hv !== undefined) chips.appendChild(el("span", { "class": "chip", title: "radon's Halstead volume and effort (--halstead)" },
      "Halstead V " + f.hv + " · E " + f.he));
    if (f.x.length) chips.appendChild(el("span", { "class": "chip xchip", title: "non-overlapping blocks to move into their own function, best first" },
      f.x.length + " Extract Method candidate" + (f.x.length === 1 ? "" : "s")));
    head.appendChild(chips);
    box.appendChild(head);
    if (!code) { box.appendChild(el("p", { "class": "pad muted" }, "Source not readable when the report was written.")); }
    else {
      var src = el("div", { "class": "src" }), best = null;
      code.lines.forEach(function (text, k) {
        var no = code.start + k, marks = code.inc[String(no)], cls = "ln" + (marks ? " hot" : ""), rank = -1;
        f.x.forEach(function (x, i) { if (x.s <= no && no <= x.e) rank = i; });
        if (rank >= 0) {
          var x = f.x[rank];
          if (no === x.s) { var cap = captionRow(x, rank); src.appendChild(cap); if (!rank) best = cap; }
          cls += " xb " + (rank ? "xo" : "x0") + (no === x.e || no === code.start + code.lines.length - 1 ? " xe" : "");
        }
        var row = el("div", { "class": cls });
        if (rank >= 0) row.dataset.x = String(rank);
        row.appendChild(el("span", { "class": "no" }, no));
        row.appendChild(el("span", { "class": "gut" }));
        row.appendChild(el("span", { "class": "code" }, text));
        var mk = el("span", { "class": "marks" });
        (marks || []).forEach(function (m) {
          mk.appendChild(el("span", { "class": "mk " + m[0], title: (m[0] === "cc" ? "cyclomatic" : "cognitive") + " +" + m[1] + ": " + m[2] }, "+" + m[1] + " " + m[0] + " " + m[2]));
        });
        row.appendChild(mk);
        src.appendChild(row);
      });
      box.appendChild(src);
      if (best && best.offsetTop + best.offsetHeight > src.clientHeight) src.scrollTop = Math.max(0, best.offsetTop - 24);
      if (code.cut) box.appendChild(el("div", { "class": "cut" }, "… excerpt cut; the function ends at line " + f.e));
    }
    if (!fromTable) box.scrollIntoView(); else box.scrollIntoView({ block: "nearest" });
  }

  /* The split-first list: the priority computed in Python (codesmell.rules.verdict), ties by
     position, each with why it is there (shape, concerns, what is over its threshold, what to extract). */
  function splitFirst() {
    var ol = document.getElementById("split-first");
    // with history (`report --churn-since`), by hotspot: the priority weighted by how often the function changed
    var byHot = D.splitBy && D.splitBy.key === "hotspot";
    var worst = F.slice().sort(function (a, b) {
      return (byHot ? b.hs - a.hs : 0) || b.pr - a.pr || a.id - b.id;
    }).slice(0, 8);
    if (byHot) {
      var note = document.getElementById("split-first-by");
      if (note) note.textContent = "by hotspot: priority × commits / (commits + 4), commits since " + D.splitBy.since;
    }
    worst.forEach(function (f) {
      var li = el("li"), head = el("div", { "class": "sf-head" });
      head.appendChild(tierBadge(f.tier)); head.appendChild(document.createTextNode(" "));
      var a = breakable("a", "", f.q); a.title = f.p + ":" + f.l;
      a.addEventListener("click", function () { openFunction(f.id); });
      head.appendChild(a);
      head.appendChild(el("span", { "class": "pr", title: "priority: 0-100, higher = split sooner; 50 = the critical line" }, f.pr));
      li.appendChild(head);
      var why = el("div", { "class": "muted small" });
      why.appendChild(breakable("span", "", f.mod));
      why.appendChild(document.createTextNode(" · " + f.why + (byHot ? " · changed in " + f.ch + " commit" + (f.ch === 1 ? "" : "s") + ", hotspot " + f.hs : "")));
      li.appendChild(why);
      ol.appendChild(li);
    });
    if (!worst.length) ol.appendChild(el("li", { "class": "muted" }, "No function exceeds a threshold."));
  }

  var allCommunities = document.getElementById("communities-all");
  if (allCommunities) allCommunities.addEventListener("click", function () {
    Array.prototype.forEach.call(document.querySelectorAll("#community-table tr.more-row"), function (tr) { tr.hidden = false; });
    allCommunities.parentNode.hidden = true;
  });

  header();
  table();
  splitFirst();
