/* codesmell report, shared part. html.py joins common.js, graph.js and page.js, in that order,
   inside one function scope; everything is drawn with createElement/textContent only. */
  var D = JSON.parse(document.getElementById("report-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var TIER = ["ok", "warning", "critical"];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function sv(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    if (attrs) for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  /* A name that may wrap only after its separators ("." for identifiers, "/" for paths): text nodes
     and <wbr> elements, never markup from the string. The CSS forbids breaks elsewhere (.id). */
  function breakable(tag, cls, text, sep) {
    var node = el(tag, { "class": "id" + (cls ? " " + cls : "") }), parts = String(text).split(sep || ".");
    parts.forEach(function (part, i) {
      node.appendChild(document.createTextNode(part + (i < parts.length - 1 ? (sep || ".") : "")));
      if (i < parts.length - 1) node.appendChild(el("wbr"));
    });
    return node;
  }
  /* "1 module", "2 modules": the one way the page writes a count. */
  function counted(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function tierBadge(t) { return el("span", { "class": "tier t" + t }, TIER[t]); }
