/// The review page served at `/review/{name}`: one self-contained HTML file (no network but the review API
/// of its own server, no CDN), usable with the keyboard alone and with a screen reader, readable at 200 % zoom.
///
/// One uncertain pair at a time, most informative first: the two records side by side with the characters
/// that differ marked, the per-field weights as a small bar chart, keys for same (S), not the same (N),
/// skip (K) and undo (U), the progress and counts, and what the decisions changed (pairs moved across the
/// match threshold by re-estimation, the estimated precision). Values are put into the page as text
/// (`textContent`), never as markup. A bearer token, when the server needs one, is read from the URL
/// fragment (`#token=…`, never sent in a request line or logged) and kept for the browser tab only.
enum ReviewPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dubblett review</title>
<style>
:root { --fg: #1b1b1b; --muted: #555; --bg: #fff; --line: #ccc; --pos: #1f5fa8; --neg: #b5520b; --mark: #ffe08a; }
* { box-sizing: border-box; }
body { font: 1rem/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header, main { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem; }
h1 { font-size: 1.35rem; margin: 0 0 0.4rem; }
h2 { font-size: 1.1rem; margin: 1rem 0 0.4rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
#counts { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; margin: 0.3rem 0; }
#counts b { font-variant-numeric: tabular-nums; }
progress { width: 100%; height: 0.9rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f2f2f2; }
th[scope=row] { width: 22%; font-weight: 600; }
tr.differs th[scope=row]::after { content: " \2260"; color: var(--neg); }
mark { background: var(--mark); color: inherit; outline: 1px solid #c9a400; }
.empty { color: var(--muted); font-style: italic; }
#keys { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 1rem 0; }
button { font: inherit; padding: 0.5rem 0.9rem; border: 2px solid var(--fg); border-radius: 0.3rem; background: #fff; cursor: pointer; }
button:focus-visible { outline: 3px solid #0a58ca; outline-offset: 2px; }
button kbd { font: 600 0.9em ui-monospace, monospace; border: 1px solid var(--muted); border-radius: 0.2rem; padding: 0 0.25rem; margin-left: 0.35rem; }
#b-same { background: #e6f0fb; } #b-not { background: #fbeee6; }
button:disabled { opacity: 0.5; cursor: default; }
#chart { width: 100%; max-width: 40rem; height: auto; display: block; }
#chart text { font: 12px system-ui, sans-serif; fill: var(--fg); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 2rem; }
#changes dl { display: grid; grid-template-columns: auto auto; gap: 0.2rem 1rem; margin: 0; }
#changes dt { color: var(--muted); } #changes dd { margin: 0; font-variant-numeric: tabular-nums; }
#status { min-height: 1.5em; font-weight: 600; }
#error { color: #a00000; font-weight: 600; }
</style>
</head>
<body>
<header>
  <h1>Review of register <span id="register"></span></h1>
  <progress id="progress" max="1" value="0" aria-label="Pairs reviewed"></progress>
  <div id="counts" aria-label="Counts">
    <span>Same: <b id="n-same">0</b></span>
    <span>Not the same: <b id="n-not">0</b></span>
    <span>Skipped: <b id="n-skip">0</b></span>
    <span>Left to review: <b id="n-left">0</b></span>
  </div>
  <p id="help">Keys: <kbd>S</kbd> same, <kbd>N</kbd> not the same, <kbd>K</kbd> skip, <kbd>U</kbd> undo the latest.</p>
</header>
<main>
  <div id="status" role="status" aria-live="polite"></div>
  <div id="error" role="alert"></div>
  <section id="pair" aria-labelledby="pair-heading">
    <h2 id="pair-heading" tabindex="-1">Loading…</h2>
    <table id="records">
      <caption class="sr-only">The two records side by side; marked characters differ between them.</caption>
      <thead><tr><th scope="col">Field</th><th scope="col" id="head-a">Record A</th><th scope="col" id="head-b">Record B</th></tr></thead>
      <tbody id="rows"></tbody>
    </table>
    <div id="keys" role="group" aria-label="Decision on this pair">
      <button id="b-same" type="button" aria-keyshortcuts="S">Same person<kbd>S</kbd></button>
      <button id="b-not" type="button" aria-keyshortcuts="N">Not the same<kbd>N</kbd></button>
      <button id="b-skip" type="button" aria-keyshortcuts="K">Skip<kbd>K</kbd></button>
      <button id="b-undo" type="button" aria-keyshortcuts="U">Undo<kbd>U</kbd></button>
    </div>
  </section>
  <div class="grid">
    <section aria-labelledby="why-heading">
      <h2 id="why-heading">Why: the weight of each field</h2>
      <svg id="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 480 40"><title id="chart-title">Per-field weights</title></svg>
      <ul id="chart-list" class="sr-only"></ul>
    </section>
    <section id="changes" aria-labelledby="changes-heading">
      <h2 id="changes-heading">What the decisions changed</h2>
      <dl>
        <dt>Pairs moved above the match threshold</dt><dd id="c-up">0</dd>
        <dt>Pairs moved below the match threshold</dt><dd id="c-down">0</dd>
        <dt>Model re-estimated from decisions</dt><dd id="c-fits">0 times</dd>
        <dt>Next re-estimation</dt><dd id="c-next"></dd>
        <dt>Estimated precision of the matches</dt><dd id="c-precision"></dd>
        <dt>Decided pairs now matched that were judged the same</dt><dd id="c-decided"></dd>
      </dl>
    </section>
  </div>
</main>
<script>
"use strict";
(function () {
  const name = decodeURIComponent(location.pathname.split("/")[2] || "");
  const api = "/v1/registers/" + encodeURIComponent(name) + "/review/";
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("token")) { sessionStorage.setItem("dubblett-token", hash.get("token")); history.replaceState(null, "", location.pathname); }
  const token = sessionStorage.getItem("dubblett-token");
  const $ = (id) => document.getElementById(id);
  let current = null, busy = false, last = null;
  $("register").textContent = name;
  document.body.dataset.busy = "1";

  async function call(path, body) {
    const headers = { "Accept": "application/json" };
    if (token) headers["Authorization"] = "Bearer " + token;
    if (body) headers["Content-Type"] = "application/json";
    const r = await fetch(api + path, { method: body ? "POST" : "GET", headers, body: body ? JSON.stringify(body) : undefined, cache: "no-store" });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error((json.error && json.error.message) || ("HTTP " + r.status));
    return json;
  }

  function pct(x) { return (100 * x).toFixed(1) + " %"; }

  function showProgress(p) {
    last = p;
    const decided = p.same + p.not_same;
    $("n-same").textContent = p.same; $("n-not").textContent = p.not_same;
    $("n-skip").textContent = p.skipped; $("n-left").textContent = p.remaining;
    const total = decided + p.skipped + p.remaining;
    $("progress").max = Math.max(1, total); $("progress").value = decided + p.skipped;
    $("progress").setAttribute("aria-valuetext", (decided + p.skipped) + " of " + total + " pairs reviewed");
    $("c-up").textContent = p.moved_up; $("c-down").textContent = p.moved_down;
    $("c-fits").textContent = p.reestimations + (p.reestimations === 1 ? " time" : " times");
    let next;
    if (p.reestimations === 0) {
      const need = Math.max(p.reestimate_at - decided, p.reestimate_per_side - p.same, p.reestimate_per_side - p.not_same, 0);
      next = "after " + need + " more decision" + (need === 1 ? "" : "s") + " (" + p.reestimate_at + " with " + p.reestimate_per_side + " of each kind)";
    } else {
      const need = Math.max(0, 25 - (decided - p.decisions_at_last_fit));
      next = "after " + need + " more decision" + (need === 1 ? "" : "s");
    }
    $("c-next").textContent = next;
    $("c-precision").textContent = pct(p.estimated_precision) + " of " + p.match_pairs + " matched pairs";
    $("c-decided").textContent = p.decided_above ? p.decided_above_same + " of " + p.decided_above : "none yet";
  }

  // Characters of a and b outside their longest common subsequence (code points; long values are cut).
  function diff(a, b) {
    const x = Array.from(a).slice(0, 300), y = Array.from(b).slice(0, 300);
    const n = x.length, m = y.length, t = new Array((n + 1) * (m + 1)).fill(0);
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
      t[i * (m + 1) + j] = x[i] === y[j] ? t[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(t[(i + 1) * (m + 1) + j], t[i * (m + 1) + j + 1]);
    const ka = new Array(n).fill(false), kb = new Array(m).fill(false);
    let i = 0, j = 0;
    while (i < n && j < m) {
      if (x[i] === y[j]) { ka[i] = kb[j] = true; i++; j++; }
      else if (t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]) i++; else j++;
    }
    return [[x, ka], [y, kb]];
  }

  function cell(chars, kept, other) {
    const td = document.createElement("td");
    if (chars.length === 0) { const s = document.createElement("span"); s.className = "empty"; s.textContent = "(empty)"; td.append(s); return td; }
    let run = "", marked = false;
    const flush = () => {
      if (!run) return;
      if (marked) { const m = document.createElement("mark"); m.textContent = run; td.append(m); } else td.append(document.createTextNode(run));
      run = "";
    };
    chars.forEach((c, k) => { const mk = other && !kept[k]; if (mk !== marked) { flush(); marked = mk; } run += c; });
    flush();
    return td;
  }

  function showPair(p) {
    current = p;
    document.body.dataset.pair = p ? p.id_a + "|" + p.id_b : "";
    const rows = $("rows"); rows.replaceChildren();
    if (!p) {
      $("pair-heading").textContent = "No pairs left to review.";
      $("head-a").textContent = "Record A"; $("head-b").textContent = "Record B";
      ["b-same", "b-not", "b-skip"].forEach((id) => $(id).disabled = true);
      drawChart(null);
      return;
    }
    ["b-same", "b-not", "b-skip"].forEach((id) => $(id).disabled = false);
    $("pair-heading").textContent = "Same person? Weight " + p.weight.toFixed(2) + ", estimated probability " + pct(p.probability);
    $("head-a").textContent = "Record A (id " + p.id_a + ")"; $("head-b").textContent = "Record B (id " + p.id_b + ")";
    p.columns.forEach((col, c) => {
      const a = p.values_a[c] || "", b = p.values_b[c] || "";
      const tr = document.createElement("tr");
      const th = document.createElement("th"); th.scope = "row"; th.textContent = col;
      const [[x, ka], [y, kb]] = diff(a, b);
      const differs = a !== b;
      if (differs) { tr.className = "differs"; const s = document.createElement("span"); s.className = "sr-only"; s.textContent = " (differs)"; th.append(s); }
      tr.append(th, cell(x, ka, y.length > 0), cell(y, kb, x.length > 0));
      rows.append(tr);
    });
    drawChart(p);
  }

  function drawChart(p) {
    const svg = $("chart"), list = $("chart-list"), ns = "http://www.w3.org/2000/svg";
    Array.from(svg.querySelectorAll("g")).forEach((g) => g.remove());
    list.replaceChildren();
    if (!p) return;
    const items = p.fields.map((f) => ({ label: f.field.replace(/_/g, " ") + (f.level === 0 ? " (missing)" : ""), w: f.weight }));
    items.push({ label: "prior and frequency", w: p.other_weight });
    const row = 22, width = 480, mid = 300, half = 160;
    const scale = Math.max(1, ...items.map((i) => Math.abs(i.w)));
    svg.setAttribute("viewBox", "0 0 " + width + " " + (items.length * row + 8));
    const g = document.createElementNS(ns, "g"); svg.append(g);
    items.forEach((it, k) => {
      const y = 4 + k * row, len = Math.abs(it.w) / scale * half * 0.95;
      const t = document.createElementNS(ns, "text"); t.setAttribute("x", 4); t.setAttribute("y", y + 15); t.textContent = it.label; g.append(t);
      const r = document.createElementNS(ns, "rect");
      r.setAttribute("class", "bar"); r.setAttribute("x", it.w >= 0 ? mid : mid - len); r.setAttribute("y", y + 3);
      r.setAttribute("width", Math.max(1, len)); r.setAttribute("height", row - 8);
      r.setAttribute("fill", it.w >= 0 ? "var(--pos)" : "var(--neg)"); g.append(r);
      const v = document.createElementNS(ns, "text"); v.setAttribute("x", it.w >= 0 ? mid - 4 : mid + 4); v.setAttribute("y", y + 15);
      v.setAttribute("text-anchor", it.w >= 0 ? "end" : "start"); v.textContent = (it.w >= 0 ? "+" : "") + it.w.toFixed(1); g.append(v);
      const li = document.createElement("li"); li.textContent = it.label + ": " + (it.w >= 0 ? "+" : "") + it.w.toFixed(1) + " bits"; list.append(li);
    });
    const axis = document.createElementNS(ns, "line");
    axis.setAttribute("x1", mid); axis.setAttribute("x2", mid); axis.setAttribute("y1", 0); axis.setAttribute("y2", items.length * row + 8);
    axis.setAttribute("stroke", "#333"); g.append(axis);
    $("chart-title").textContent = "Per-field weights in bits: " + items.map((i) => i.label + " " + i.w.toFixed(1)).join(", ");
  }

  async function load() {
    busy = true; document.body.dataset.busy = "1";
    try {
      const r = await call("next?limit=1");
      showProgress(r.progress); showPair(r.pairs[0] || null); $("error").textContent = "";
    } catch (e) { $("error").textContent = "Could not load the next pair: " + e.message; }
    busy = false; document.body.dataset.busy = "0";
  }

  const words = { same: "same person", not_same: "not the same", skip: "skipped", undo: "undone" };
  async function decide(kind) {
    if (busy || (kind !== "undo" && !current)) return;
    busy = true; document.body.dataset.busy = "1";
    const body = kind === "undo" ? { decision: "undo" } : { decision: kind, id_a: current.id_a, id_b: current.id_b };
    try {
      const r = await call("decisions", body);
      let msg = "Saved: " + words[kind] + ".";
      if (r.cluster_events) msg += " " + r.cluster_events + " cluster change" + (r.cluster_events === 1 ? "" : "s") + ".";
      if (r.reestimated) msg += " The model was re-estimated from your decisions: " + r.moved_up + " pairs moved above and " + r.moved_down + " below the match threshold.";
      $("status").textContent = msg;
    } catch (e) { $("error").textContent = "Not saved: " + e.message; }
    await load();
  }

  $("b-same").addEventListener("click", () => decide("same"));
  $("b-not").addEventListener("click", () => decide("not_same"));
  $("b-skip").addEventListener("click", () => decide("skip"));
  $("b-undo").addEventListener("click", () => decide("undo"));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.metaKey || (e.ctrlKey && e.key.toLowerCase() !== "z")) return;
    const k = e.key.toLowerCase();
    const kind = e.ctrlKey ? "undo" : { s: "same", j: "same", n: "not_same", k: "skip", u: "undo" }[k];
    if (!kind) return;
    e.preventDefault();
    decide(kind);
  });
  load();
})();
</script>
</body>
</html>
"""#
}
