// The library page (web/library_page.py): the collection's articles from one JSON list, uploads with
// their progress and each file's result, edits, removal, an article's passages, the retrieval test.
// Plain DOM, no framework. Text from the server is only ever set as text (textContent, text nodes),
// never parsed as HTML: titles and file names are whatever the articles and uploaders made them.
// Every request that changes something carries the header the server asks of the page's own script
// (X-OTSQA-Admin: 1); the session cookie itself is HttpOnly and out of this script's reach.
(() => {
  "use strict";

  const body = document.body;
  const HEADER = body.dataset.csrfHeader || "X-OTSQA-Admin";
  const MAX_BYTES = Number(body.dataset.maxBytes || 0);
  const $ = (id) => document.getElementById(id);
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const state = { rows: [], sort: { key: "title", dir: 1 }, query: "", editing: null, removing: null };

  // -- small helpers ---------------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "className") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function size(bytes) {
    if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MiB`;
    if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
    return `${bytes} bytes`;
  }

  function when(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  function notice(text, kind) {
    const box = $("notice");
    box.replaceChildren(text instanceof Node ? text : document.createTextNode(text));
    box.className = `notice ${kind || ""}`;
    box.hidden = false;
  }

  function signedOut() {
    notice(
      el("span", {}, "Your library session has ended (it lasts an hour, and a restart of the server ends it). ",
        el("a", { href: "/library" }, "Sign in again")),
      "bad",
    );
  }

  async function api(method, path, payload) {
    const options = { method, headers: { [HEADER]: "1" }, credentials: "same-origin" };
    if (payload !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    let reply;
    try {
      reply = await fetch(path, options);
    } catch (error) {
      return { status: 0, ok: false, data: { error: "The server cannot be reached; try again in a moment." } };
    }
    let data;
    try {
      data = await reply.json();
    } catch (error) {
      data = { error: `The server answered ${reply.status} without a message.` };
    }
    if (reply.status === 401) signedOut();
    return { status: reply.status, ok: reply.ok, data };
  }

  // -- the list --------------------------------------------------------------------------------

  const STATUS_WORDS = { complete: "complete", pending: "pending", failed: "failed" };

  function sortValue(row, key) {
    const value = row[key];
    return value === null || value === undefined ? "" : value;
  }

  function makeRow(row) {
    const title = el("td", { className: "title", "data-label": "Title" },
      el("span", { className: "t", text: row.title }),
      row.title_source === "derived" ? el("span", { className: "tag", title: "The article names no title: this one is made from its opening words. Edit it to give one.", text: "made from its words" }) : null,
      row.override ? el("span", { className: "tag edited", title: "Title, author or date set in the library (an override)", text: "edited" }) : null,
      row.doc_id ? el("code", { className: "id", text: row.doc_id }) : null);
    const status = el("td", { "data-label": "Status" },
      el("span", { className: `status ${row.status}`, text: STATUS_WORDS[row.status] || row.status }),
      row.error ? el("span", { className: "why", text: row.error }) : null,
      row.status === "pending" ? el("span", { className: "why", text: "being written, or cut off: the next ingest finishes it" }) : null);
    const actions = el("td", { className: "actions" });
    if (row.doc_id) {
      actions.append(
        el("button", { type: "button", className: "quiet", onclick: () => openArticle(row.doc_id), "aria-label": `Open ${row.title}`, text: "Open" }),
        el("button", { type: "button", className: "quiet", onclick: () => openEdit(row), "aria-label": `Edit ${row.title}`, text: "Edit" }),
        el("button", { type: "button", className: "quiet danger-text", onclick: () => openRemove(row), "aria-label": `Remove ${row.title}`, text: "Remove" }),
      );
    }
    const tr = el("tr", { "data-status": row.status },
      title,
      el("td", { "data-label": "Author", text: row.author || "—", className: row.author ? "" : "none" }),
      el("td", { "data-label": "Date", text: row.date || "—", className: row.date ? "nowrap" : "none" }),
      el("td", { "data-label": "File", className: "file" }, el("span", { text: row.source }),
        row.origin === "upload" ? el("span", { className: "tag", text: "uploaded" }) : null),
      el("td", { "data-label": "Passages", className: "num", text: String(row.passages) }),
      status,
      el("td", { "data-label": "Ingested", className: "nowrap", text: when(row.ingested) || "—", title: row.ingested || "" }),
      actions);
    row.tr = tr;
    row.haystack = [row.title, row.author, row.date, row.source, row.doc_id, row.status, row.error].join(" ").toLowerCase();
    return row;
  }

  function render() {
    const { key, dir } = state.sort;
    const rows = state.rows.slice().sort((a, b) => {
      const x = sortValue(a, key), y = sortValue(b, key);
      if (x === "" && y !== "") return 1; // the empty ones last, whichever the direction
      if (y === "" && x !== "") return -1;
      const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return order * dir || collator.compare(a.title, b.title);
    });
    const query = state.query;
    const fragment = document.createDocumentFragment();
    let shown = 0;
    for (const row of rows) {
      const match = !query || row.haystack.includes(query);
      row.tr.hidden = !match;
      if (match) shown += 1;
      fragment.append(row.tr);
    }
    $("articles").tBodies[0].replaceChildren(fragment);
    const total = state.rows.length;
    $("count").textContent = query ? `(${shown} of ${total})` : `(${total})`;
    const line = $("list-state");
    if (!total) line.textContent = "No articles yet: upload the first one above, or run `otsqa ingest` on the server.";
    else if (!shown) line.textContent = `No article matches “${$("search").value.trim()}”.`;
    line.hidden = Boolean(total && shown);
    for (const th of document.querySelectorAll("#articles th[data-key]")) {
      th.setAttribute("aria-sort", th.dataset.key === key ? (dir > 0 ? "ascending" : "descending") : "none");
    }
  }

  async function load() {
    const { ok, data } = await api("GET", "/api/admin/articles");
    if (!ok) {
      $("list-state").textContent = data.error;
      $("list-state").hidden = false;
      return;
    }
    performance.mark("library-fetched"); // the list's timing, read by tools/bench/library.py
    state.rows = data.articles.map(makeRow);
    if (data.overrides_error) notice(`The overrides file cannot be used: ${data.overrides_error}`, "bad");
    render();
    performance.mark("library-listed");
    body.dataset.loaded = String(state.rows.length);
  }

  // -- uploads ---------------------------------------------------------------------------------

  const RESULT_WORDS = {
    added: "Added",
    updated: "Updated (it replaced the earlier upload of that name)",
    unchanged: "Unchanged (the same as the earlier upload)",
    failed: "Failed",
    refused: "Refused",
  };

  function showResult(item, reply) {
    const { status, data } = reply;
    const line = item.querySelector(".state");
    const details = item.querySelector(".details");
    item.querySelector("progress").remove();
    const file = data && Array.isArray(data.files) ? data.files[0] : null;
    if (file) {
      item.dataset.result = file.status;
      line.textContent = RESULT_WORDS[file.status] || file.status;
      if (file.error) details.append(el("p", { className: "why", text: file.error }));
      for (const warning of file.warnings || []) details.append(el("p", { className: "warn", text: `Warning: ${warning}` }));
      if (file.doc_id) {
        details.append(el("p", {}, "Article ", el("code", { text: file.doc_id }), " ",
          el("button", { type: "button", className: "quiet", onclick: () => openArticle(file.doc_id), text: "Open" })));
      }
      if (data.report) {
        details.append(el("details", {}, el("summary", {}, "The ingest's report, as ", el("code", { text: "otsqa ingest --json" }), " gives it"),
          el("pre", { text: JSON.stringify(data.report, null, 2) })));
      }
      return;
    }
    item.dataset.result = status === 409 ? "busy" : "failed";
    line.textContent = status === 409 ? "Not now" : "Failed";
    details.append(el("p", { className: "why", text: (data && data.error) || `The server answered ${status}.` }));
  }

  function uploadItem(file) {
    return el("li", { className: "upload" },
      el("div", { className: "line" }, el("strong", { className: "name", text: file.name }),
        el("span", { className: "size", text: size(file.size) }), el("span", { className: "state", text: "Waiting its turn" })),
      el("progress", { max: "100", value: "0", "aria-label": `Progress of ${file.name}` }),
      el("div", { className: "details" }));
  }

  function uploadOne(file, item) {
    const line = item.querySelector(".state");
    const bar = item.querySelector("progress");
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      let timer = null;
      const started = Date.now();
      xhr.open("POST", "/api/admin/upload");
      xhr.setRequestHeader(HEADER, "1");
      xhr.upload.addEventListener("progress", (event) => {
        if (!event.lengthComputable) return;
        const percent = Math.round((event.loaded / event.total) * 100);
        bar.value = percent;
        line.textContent = `Sending… ${percent}%`;
      });
      xhr.upload.addEventListener("load", () => {
        bar.removeAttribute("value"); // indeterminate: the server reads, cleans and embeds it now
        let doing = "Reading, cleaning and embedding";
        let ticks = 0;
        const tick = () => { line.textContent = `${doing}… ${Math.round((Date.now() - started) / 1000)} s`; };
        // How far the server's ingest has got (it tells as it embeds), asked every other second.
        const ask = async () => {
          const reply = await api("GET", "/api/admin/writing");
          const step = reply.ok && reply.data.writing ? reply.data.writing.progress : null;
          if (timer === null || !step) return;
          // The model loads once per server, at its first upload; later ones go straight to embedding.
          if (step.stage === "loading the model") doing = "Loading the embedding model (the first upload since the server started)";
          else if (step.stage === "embedding") doing = step.embedded ? `Embedding: ${step.embedded} passages and sentences so far` : "Embedding";
        };
        tick();
        timer = setInterval(() => { tick(); ticks += 1; if (ticks % 2 === 0) ask(); }, 1000);
      });
      const done = (reply) => {
        clearInterval(timer);
        timer = null;
        if (reply.status === 401) signedOut();
        showResult(item, reply);
        resolve(reply);
      };
      xhr.addEventListener("load", () => {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (error) { data = null; }
        done({ status: xhr.status, data });
      });
      xhr.addEventListener("error", () => done({ status: 0, data: { error: "The upload did not reach the server (the connection was lost)." } }));
      const form = new FormData();
      form.append("files", file, file.name);
      xhr.send(form);
    });
  }

  async function uploadChosen(event) {
    event.preventDefault();
    const input = $("files");
    const files = Array.from(input.files || []);
    if (!files.length) return;
    const button = $("upload-button");
    button.disabled = true;
    input.disabled = true;
    // Every chosen file is listed at once, newest batch on top; they go one at a time (the server takes one
    // write at once), each showing its progress and then its result.
    const items = files.map(uploadItem);
    $("uploads").prepend(...items);
    try {
      for (let i = 0; i < files.length; i += 1) await uploadOne(files[i], items[i]);
    } finally {
      input.value = "";
      input.disabled = false;
      $("drop").classList.remove("chosen");
      $("drop").querySelector("span").textContent = "Choose files, or drop them here";
      await load();
    }
  }

  function chose() {
    const files = Array.from($("files").files || []);
    $("upload-button").disabled = !files.length;
    $("drop").classList.toggle("chosen", files.length > 0);
    $("drop").querySelector("span").textContent = files.length
      ? `${files.length === 1 ? files[0].name : `${files.length} files`} chosen — Upload to add ${files.length === 1 ? "it" : "them"}`
      : "Choose files, or drop them here";
  }

  // -- edit ------------------------------------------------------------------------------------

  const FIELDS = ["title", "author", "date"];

  function openEdit(row) {
    state.editing = { row, own: new Set() };
    $("edit-h").textContent = `Edit “${row.title}”`;
    for (const field of FIELDS) {
      const input = $(`edit-${field}`);
      input.value = row[field] || "";
      input.disabled = false;
      input.placeholder = field === "date" ? "2025-10-08" : "";
      const own = document.querySelector(`.own[data-field="${field}"]`);
      own.hidden = !(row.override && field in row.override);
    }
    $("edit-problem").textContent = "";
    $("edit-dialog").showModal();
  }

  function useOwn(event) {
    const field = event.currentTarget.dataset.field;
    state.editing.own.add(field);
    const input = $(`edit-${field}`);
    input.value = "";
    input.disabled = true;
    input.placeholder = "the article's own";
  }

  async function saveEdit(event) {
    event.preventDefault();
    const { row, own } = state.editing;
    const change = {};
    for (const field of FIELDS) {
      const value = $(`edit-${field}`).value.trim();
      if (own.has(field)) change[field] = null;
      else if (value !== (row[field] || "")) change[field] = value;
    }
    if (!Object.keys(change).length) {
      $("edit-dialog").close();
      return;
    }
    const save = $("edit-save");
    save.disabled = true;
    save.textContent = "Saving…";
    const { ok, data } = await api("PATCH", `/api/admin/articles/${encodeURIComponent(row.doc_id)}`, change);
    save.disabled = false;
    save.textContent = "Save";
    if (!ok) {
      $("edit-problem").textContent = data.error;
      return;
    }
    $("edit-dialog").close();
    notice(`Saved: “${data.article.title}” — ${data.article.author || "no author"}, ${data.article.date || "no date"}. It is kept when the collection is ingested again.`, "good");
    await load();
  }

  // -- remove ----------------------------------------------------------------------------------

  function openRemove(row) {
    state.removing = row;
    $("remove-h").textContent = "Remove this article?";
    $("remove-what").replaceChildren(el("strong", { text: row.title }), " ", el("code", { text: row.doc_id }),
      " leaves the collection: answers stop quoting it at once.");
    $("remove-note").textContent = row.origin === "upload"
      ? `Its uploaded file (${row.source}) is deleted too.`
      : `Its file (${row.source}) is not the library's: it stays where it is, and the next \`otsqa ingest\` of its folder adds the article back. Move or delete the file on the server to keep it out.`;
    $("remove-problem").textContent = "";
    $("remove-dialog").showModal();
  }

  async function confirmRemove(event) {
    event.preventDefault();
    const row = state.removing;
    const button = $("remove-confirm");
    button.disabled = true;
    button.textContent = "Removing…";
    const { ok, data } = await api("DELETE", `/api/admin/articles/${encodeURIComponent(row.doc_id)}`, { confirm: row.doc_id });
    button.disabled = false;
    button.textContent = "Remove";
    if (!ok) {
      $("remove-problem").textContent = data.error;
      return;
    }
    $("remove-dialog").close();
    const still = (data.still_on_disk || []).length ? " Its file is still on the server: the next ingest of its folder adds it back." : "";
    notice(`Removed “${row.title}”.${still}`, "good");
    await load();
  }

  // -- one article, its passages marked -------------------------------------------------------

  function markedText(text, spans) {
    // Cut the text at every passage's start and end; each piece is shaded by the passages holding it.
    const cuts = new Set([0, text.length]);
    for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
    const points = Array.from(cuts).filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
    const starting = new Map();
    for (const span of spans) starting.set(span.start, (starting.get(span.start) || []).concat(span));
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < points.length - 1; i += 1) {
      const from = points[i], to = points[i + 1];
      for (const span of starting.get(from) || []) {
        fragment.append(el("span", { className: `pno ${span.kind}`, title: `passage #${span.index} (${span.tokens} word-pieces)`, text: `#${span.index}` }));
      }
      const holding = spans.filter((s) => s.start <= from && s.end >= to);
      const piece = text.slice(from, to);
      if (!holding.length) {
        fragment.append(el("span", { className: "out", text: piece }));
        continue;
      }
      const kind = holding.length > 1 ? "overlap" : `p${holding[0].index % 2}`;
      const names = holding.map((s) => `#${s.index}`).join(" and ");
      fragment.append(el("mark", { className: `${kind} ${holding[0].kind}`, title: `passage ${names}`, text: piece }));
    }
    return fragment;
  }

  async function openArticle(docId) {
    const dialog = $("article-dialog");
    $("article-h").textContent = "Loading…";
    $("article-meta").textContent = "";
    $("article-text").replaceChildren();
    if (!dialog.open) dialog.showModal();
    const { ok, data } = await api("GET", `/api/admin/articles/${encodeURIComponent(docId)}`);
    if (!ok) {
      $("article-h").textContent = "Not available";
      $("article-meta").textContent = data.error;
      return;
    }
    $("article-h").textContent = data.title;
    const parts = [data.author || "no author", data.date || "no date", data.source, `${data.passage_spans.length} passages`,
      `${data.text.length.toLocaleString()} characters`, data.ingested ? `ingested ${when(data.ingested)}` : ""];
    $("article-meta").textContent = parts.filter(Boolean).join(" · ");
    $("article-text").replaceChildren(markedText(data.text, data.passage_spans));
    $("article-text").scrollTop = 0;
  }

  // -- the retrieval test ----------------------------------------------------------------------
  // RETRIEVAL TEST: POST /api/admin/explain returns the trace made by assistant/explain.py (the `explain`
  // branch). Until that is merged the server answers 501 and the message is shown. showTrace() draws the
  // parts of the trace that branch returns (answer, kind, confidence, passages with their ranks, candidate
  // sentences) and always the whole trace as JSON beneath, so a part it does not know is still shown.

  function table(columns, rows) {
    // columns: [heading, (row) => text]; every value is set as text.
    return el("div", { className: "scroll" }, el("table", { className: "trace" },
      el("thead", {}, el("tr", {}, ...columns.map(([name]) => el("th", { scope: "col", text: name })))),
      el("tbody", {}, ...rows.map((row) => el("tr", {}, ...columns.map(([, cell]) => {
        const value = cell(row);
        return el("td", { text: value === null || value === undefined ? "—" : String(value) });
      }))))));
  }

  function showTrace(trace) {
    const out = $("explain-out");
    const answer = trace.answer || {};
    if (typeof answer.answer === "string") out.append(el("h3", { text: "The answer" }), el("p", { text: answer.answer }));
    if (trace.kind && trace.kind.why) out.append(el("p", {}, el("strong", { text: "Kind: " }), `${trace.kind.kind} — ${trace.kind.why}`));
    if (trace.confidence && trace.confidence.why) out.append(el("p", {}, el("strong", { text: "Confidence: " }), trace.confidence.why));
    if (Array.isArray(trace.passages)) {
      out.append(el("h3", { text: `Passages, in the fused order (${trace.passages.length})` }), table([
        ["fused", (p) => p.fused_rank], ["kept", (p) => p.rank], ["answer", (p) => p.answer_rank],
        ["dense", (p) => p.dense_rank], ["BM25", (p) => p.lexical_rank], ["sentences", (p) => p.sentence_rank],
        ["article", (p) => p.title || p.doc_id], ["passage", (p) => p.text], ["passed over", (p) => p.passed_over],
      ], trace.passages));
    }
    const candidates = trace.candidates && Array.isArray(trace.candidates.rows) ? trace.candidates.rows : null;
    if (candidates) {
      out.append(el("h3", { text: `Candidate sentences (${candidates.length} of ${trace.candidates.considered})` }), table([
        ["rank", (c) => c.rank], ["score", (c) => c.score], ["chosen", (c) => (c.chosen ? "yes" : "")],
        ["role", (c) => c.role], ["cited", (c) => (c.cited ? `[${c.cited}]` : "")], ["sentence", (c) => c.text],
      ], candidates));
    }
    out.append(el("details", {}, el("summary", { text: "The whole trace (JSON)" }), el("pre", { text: JSON.stringify(trace, null, 2) })));
  }

  async function explain(event) {
    event.preventDefault();
    const question = $("explain-question").value.trim();
    const out = $("explain-out");
    if (!question) return;
    out.replaceChildren(el("p", { className: "hint", text: "Tracing…" }));
    const { ok, status, data } = await api("POST", "/api/admin/explain", { question });
    out.replaceChildren();
    if (!ok) {
      out.append(el("p", { className: status === 501 ? "hint" : "why", text: data.error }));
      return;
    }
    showTrace(data);
  }

  // -- wiring ----------------------------------------------------------------------------------

  function start() {
    $("limit").textContent = size(MAX_BYTES);
    $("files").addEventListener("change", chose);
    $("upload-form").addEventListener("submit", uploadChosen);
    const drop = $("drop");
    drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("over");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        $("files").files = event.dataTransfer.files;
        chose();
      }
    });
    let typing = null;
    $("search").addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => { state.query = $("search").value.trim().toLowerCase(); render(); }, 80);
    });
    for (const th of document.querySelectorAll("#articles th[data-key]")) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.dataset.key;
        state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : key === "ingested" || key === "date" ? -1 : 1 };
        render();
      });
    }
    for (const button of document.querySelectorAll(".own")) button.addEventListener("click", useOwn);
    $("edit-form").addEventListener("submit", saveEdit);
    $("edit-cancel").addEventListener("click", () => $("edit-dialog").close());
    $("remove-form").addEventListener("submit", confirmRemove);
    $("remove-cancel").addEventListener("click", () => $("remove-dialog").close());
    $("article-close").addEventListener("click", () => $("article-dialog").close());
    $("explain-form").addEventListener("submit", explain);
    $("sign-out").addEventListener("click", async () => {
      await api("POST", "/library/sign-out");
      window.location.reload();
    });
    load();
  }

  start();
})();
