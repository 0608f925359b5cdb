// acukg view: draws the network, lays it out once, and offers search, filters, tooltips and
// a details panel. Record text only ever reaches the page through textContent; links are
// built from DOIs and OpenAlex ids that match strict patterns. No external resources.
(function () {
  "use strict";
  var t0 = performance.now();
  function readJSON(id) { return JSON.parse(document.getElementById(id).textContent); }
  var nodeList = readJSON("acukg-nodes");
  var edgeList = readJSON("acukg-edges");
  var meta = readJSON("acukg-meta");
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var container = document.getElementById("mynetwork");
  var status = document.getElementById("acukg-status");
  var state = { stabilized: false, stabilizeMs: null, network: null, nodes: nodes, edges: edges };
  window.acukg = state;

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, meta.options);
  state.network = network;
  state.createdMs = Math.round(performance.now() - t0);

  function done() {
    if (state.stabilized) { return; }
    network.setOptions({ physics: false });
    state.stabilized = true;
    state.stabilizeMs = Math.round(performance.now() - t0);
    status.textContent = "Layout done.";
  }
  state.progress = [];
  network.on("stabilizationProgress", function (p) {
    state.progress.push([Math.round(performance.now() - t0), p.iterations]);
    status.textContent = "Laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", done);
  network.once("stabilized", done);
  // nodes placed by the spec (physics off): nothing to lay out; fit them in view once the
  // labels have been measured (the first drawing), so no label is cut at the edges
  if (nodeList.length && !meta.options.physics.enabled) {
    var fitOptions = { animation: false };
    if (meta.fit) { fitOptions.nodes = meta.fit; }  // the nodes to show first (the claims board)
    network.once("afterDrawing", function () { network.fit(fitOptions); });
  }
  if (nodeList.length === 0 || !meta.options.physics.enabled) { done(); }

  // ---- tooltips and details, built from data with textContent only
  var DOI = /^10\.\d{4,9}\/\S+$/;
  var OPENALEX = /^W\d+$/;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(href, text) {
    var a = el("a", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function doiLink(doi) {
    if (typeof doi === "string" && DOI.test(doi)) {
      return link("https://doi.org/" + encodeURI(doi), "doi:" + doi);
    }
    return doi ? el("span", "doi:" + doi) : null;
  }
  function buildInfo(info) {
    var box = document.createDocumentFragment();
    if (!info) { return box; }
    box.appendChild(el("h3", info.title));
    var table = el("table");
    (info.rows || []).forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") { return; }
      var tr = el("tr");
      tr.appendChild(el("th", row[0]));
      tr.appendChild(el("td", row[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    var links = el("p", null, "links");
    var d = doiLink(info.doi);
    if (d) { links.appendChild(d); }
    if (typeof info.openalex === "string" && OPENALEX.test(info.openalex)) {
      if (d) { links.appendChild(document.createTextNode(" · ")); }
      links.appendChild(link("https://openalex.org/" + info.openalex, "OpenAlex " + info.openalex));
    }
    if (links.childNodes.length) { box.appendChild(links); }
    if (info.items && info.items.length) {
      var ul = el("ul", null, "items");
      info.items.forEach(function (item) {
        var li = el("li");
        li.appendChild(el("b", item.label));
        li.appendChild(document.createTextNode(" " + (item.title || "") + " "));
        var dl = doiLink(item.doi);
        if (dl) { li.appendChild(dl); }
        if (item.note) { li.appendChild(el("div", item.note, "note")); }
        ul.appendChild(li);
      });
      box.appendChild(ul);
      if (info.more) { box.appendChild(el("p", "… and " + info.more + " more.", "more")); }
    }
    return box;
  }
  function fill(target, info) {
    while (target.firstChild) { target.removeChild(target.firstChild); }
    target.appendChild(buildInfo(info));
  }
  var tip = document.getElementById("acukg-tip");
  var details = document.getElementById("acukg-details");
  function infoOf(item, isEdge) {
    if (item.info || !isEdge) { return item.info; }
    var a = nodes.get(item.from), b = nodes.get(item.to);
    return { title: (a ? a.label || a.info.title : item.from) + " → " + (b ? b.label || b.info.title : item.to), rows: [] };
  }
  function showTip(item, pointer, isEdge) {
    if (!item) { return; }
    fill(tip, infoOf(item, isEdge));
    tip.hidden = false;
    var x = Math.min(pointer.x + 14, container.clientWidth - tip.offsetWidth - 4);
    var y = Math.min(pointer.y + 14, container.clientHeight - tip.offsetHeight - 4);
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showTip(nodes.get(p.node), p.pointer.DOM, false); });
  network.on("hoverEdge", function (p) { showTip(edges.get(p.edge), p.pointer.DOM, true); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  function showDetails(id, isEdge) {
    var item = isEdge ? edges.get(id) : nodes.get(id);
    if (item) { fill(details, infoOf(item, isEdge)); }
    return !!item;
  }
  state.showDetails = showDetails;
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails(p.nodes[0], false); }
    else if (p.edges.length) { showDetails(p.edges[0], true); }
  });

  // ---- filters: kind, design, year; evidence edges carry designs and a year span
  function checked(cls) {
    var out = {};
    document.querySelectorAll("input." + cls).forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }
  function yearInput(id) {
    var input = document.getElementById(id);
    var v = input ? parseInt(input.value, 10) : NaN;
    return isNaN(v) ? null : v;
  }
  function applyFilters() {
    var kinds = checked("acukg-kind"), designs = checked("acukg-design");
    var from = yearInput("acukg-year-from"), to = yearInput("acukg-year-to");
    var least = yearInput("acukg-min-studies");
    function yearOk(y) { return y === null || y === undefined || ((from === null || y >= from) && (to === null || y <= to)); }
    var visible = {};
    nodeList.forEach(function (n) {
      var ok = kinds[n.kind] !== false;
      if (ok && n.design && designs[n.design] === false) { ok = false; }
      if (ok && !yearOk(n.year)) { ok = false; }
      visible[n.id] = ok;
    });
    var degree = {}, edgeUpdates = [], shownEdges = 0;
    edgeList.forEach(function (e) {
      var ok = visible[e.from] && visible[e.to];
      if (ok && least !== null && e.studies !== undefined && e.studies < least) { ok = false; }
      if (ok && e.designs) { ok = e.designs.some(function (d) { return designs[d] !== false; }); }
      if (ok && e.years) {
        var a = e.years[0], b = e.years[1];
        if (a !== null && b !== null && ((from !== null && b < from) || (to !== null && a > to))) { ok = false; }
      }
      if (ok) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; shownEdges++; }
      if (edges.get(e.id).hidden !== !ok) { edgeUpdates.push({ id: e.id, hidden: !ok }); }
    });
    var nodeUpdates = [], shownNodes = 0;
    nodeList.forEach(function (n) {
      var ok = visible[n.id] && (!meta.hide_isolated || degree[n.id] > 0);
      if (ok) { shownNodes++; }
      if (nodes.get(n.id).hidden !== !ok) { nodeUpdates.push({ id: n.id, hidden: !ok }); }
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    state.shown = { nodes: shownNodes, edges: shownEdges };
    document.getElementById("acukg-search-count").textContent =
      "showing " + shownNodes + " of " + nodeList.length + " nodes, " + shownEdges + " of " + edgeList.length + " edges";
  }
  state.applyFilters = applyFilters;
  document.querySelectorAll("#acukg-controls input[type=checkbox], #acukg-controls input[type=number]")
    .forEach(function (input) { input.addEventListener("change", applyFilters); });

  // ---- search: select and zoom to the nodes whose label, title, DOI or id hold the text
  var searchBox = document.getElementById("acukg-search");
  function search(text) {
    var q = String(text || "").trim().toLowerCase();
    if (!q) { network.unselectAll(); return []; }
    var hits = nodeList.filter(function (n) {
      if (nodes.get(n.id).hidden) { return false; }
      var hay = [n.id, n.label, n.info && n.info.title, n.info && n.info.doi].join(" ").toLowerCase();
      return hay.indexOf(q) !== -1;
    }).map(function (n) { return n.id; });
    network.selectNodes(hits);
    if (hits.length) {
      network.fit({ nodes: hits, animation: false });
      showDetails(hits[0], false);
    }
    document.getElementById("acukg-search-count").textContent = hits.length + " match" + (hits.length === 1 ? "" : "es");
    return hits;
  }
  state.search = search;
  var timer = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(searchBox.value); }, 200);
  });
  document.getElementById("acukg-reset").addEventListener("click", function () {
    document.querySelectorAll("#acukg-controls input[type=checkbox]").forEach(function (b) { b.checked = true; });
    if (meta.years) {
      document.getElementById("acukg-year-from").value = meta.years[0];
      document.getElementById("acukg-year-to").value = meta.years[1];
    }
    if (meta.studies) { document.getElementById("acukg-min-studies").value = meta.studies[0]; }
    searchBox.value = "";
    applyFilters();
    network.unselectAll();
    network.fit();
  });
})();
