/* OTS assistant widget. One <script src="http://HOST:PORT/widget.js" data-...> tag adds a chat
 * launcher (or an inline panel) to a page. Everything lives in a shadow root so the page's styles
 * and the widget's do not touch; text from people and articles is only ever set with textContent.
 * Attributes: data-mode="launcher|inline", data-target="CSS selector" (inline; default: after the
 * script tag), data-title, data-accent (a CSS colour), data-position="bottom-right|bottom-left",
 * data-open="true", data-height (inline: a CSS length, default 520px), data-token (sent as an
 * Authorization header, never in a URL), data-articles (article ids, comma-separated), data-date-from and
 * data-date-to (YYYY-MM-DD): only those articles are searched; data-remember="session|local|off" (where
 * the conversation is kept across a reload; default session); data-lang="ru" (the language of the widget's
 * own words; default: the page's <html lang>, then the browser's languages, then English). See docs/widget.md. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src, document.baseURI).origin;
  var opt = script.dataset;
  var mode = opt.mode === "inline" ? "inline" : "launcher";
  var ownTitle = opt.title || "";
  var accent = opt.accent && window.CSS && CSS.supports("color", opt.accent) ? opt.accent : "#1a56db";
  var left = opt.position === "bottom-left";
  var startOpen = mode === "inline" || opt.open === "true";
  var token = opt.token || "";
  // data-height (inline): a CSS length such as "600px" or "70vh"; anything else keeps the default.
  var height = opt.height && window.CSS && CSS.supports("height", opt.height) ? opt.height : "520px";
  var history = [];
  var filters = scopeOf(opt);
  // The answer's own words per language (otsqa/messages.json, put here by the server as it serves this file).
  var WORDS = /*OTSQA_MESSAGES*/ {};
  // OTSQA_LANGUAGE when it forces the questions' language (put here by the server too), else "".
  var FORCED = /*OTSQA_LANGUAGE*/ "";

  // The language of messages.json a BCP 47 tag names, or "": "ru-RU" -> "ru", "uz-Cyrl-UZ" -> "uz-Cyrl".
  function known(tag) {
    var parts = String(tag || "").trim().replace(/_/g, "-").toLowerCase().split("-");
    if (!parts[0]) return "";
    if (parts[0] === "uz" && parts.indexOf("cyrl") > 0) return WORDS["uz-Cyrl"] ? "uz-Cyrl" : "";
    return WORDS[parts[0]] ? parts[0] : "";
  }

  // The widget's own words (its chrome) in the reader's language (web/chrome.py says the same for the chat):
  // the server's forced language, else data-lang, else the page's <html lang>, else the browser's
  // languages, else English. One told by the server or data-lang stays; one guessed follows the language
  // of the reader's answers (asked in Kazakh, the widget turns Kazakh).
  var chromeFixed = !!(known(FORCED) || known(opt.lang));
  var chromeLang = known(FORCED) || known(opt.lang) || known(document.documentElement.lang) || (function () {
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < langs.length; i++) if (known(langs[i])) return known(langs[i]);
    return "";
  })() || "en";

  function ui(key, english) {
    var words = WORDS[chromeLang] || WORDS.en || {};
    return words[key] || english;
  }

  // "Sources" or "Closest passages" in the language the question was asked in (English when unknown).
  function sourcesLabel(answer) {
    var key = answer.abstained ? "closest_passages" : "sources";
    var words = WORDS[answer.language || "en"] || WORDS.en || {};
    return words[key] || (answer.abstained ? "Closest passages" : "Sources");
  }

  // One of the answer's own words (otsqa/messages.json key) in the language the question was asked in.
  function word(answer, key, english) {
    var words = WORDS[answer.language || "en"] || WORDS.en || {};
    return words[key] || english;
  }

  // Text with its {blanks} filled: fill("{n} of {total}", {n: 1, total: 4}) -> "1 of 4".
  function fill(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
  }

  // The buttons under an answer: the widget's own short English ("Copy", "Yes"), the answer's language's
  // words otherwise.
  function local(answer, key, english) {
    return (answer.language || "en") === "en" ? english : word(answer, key, english);
  }

  // The intranet team's scope: data-articles="id,id", data-date-from, data-date-to. Sent with every
  // question as the API's filters; the server checks them (a bad one is a 400 whose message says why).
  function scopeOf(o) {
    var ids = (o.articles || "").split(/[\s,]+/).filter(Boolean);
    var f = { doc_ids: ids, date_from: (o.dateFrom || "").trim(), date_to: (o.dateTo || "").trim() };
    return ids.length || f.date_from || f.date_to ? f : null;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The host is an element of the widget's own name: a page's rules for div (and the like) never reach it.
  var host = el("ots-assistant");
  host.setAttribute("data-ots-widget", mode);
  var root = host.attachShadow({ mode: "open" });
  var style = el("style");
  style.textContent = [
    ":host{all:initial;}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;}",
    ".launcher{position:fixed;bottom:20px;" + (left ? "left" : "right") + ":20px;z-index:2147483000;border:0;border-radius:999px;" +
      "padding:12px 18px;font-size:15px;font-weight:600;color:#fff;background:var(--accent);box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;}",
    ".panel{display:flex;flex-direction:column;background:#fff;color:#1f2328;font-size:14px;line-height:1.45;border:1px solid #d0d7de;border-radius:12px;overflow:hidden;}",
    ".floating{position:fixed;bottom:76px;" + (left ? "left" : "right") + ":20px;z-index:2147483000;width:min(400px,calc(100vw - 40px));" +
      "height:min(560px,calc(100vh - 100px));box-shadow:0 10px 30px rgba(0,0,0,.25);}",
    ".inline{width:100%;height:" + height + ";}",
    // A phone: the launcher's panel takes the whole screen, as chat panels on phones do.
    // Its button would cover the question box, so it steps aside while the panel is open (× closes it).
    "@media (max-width:600px){.floating{inset:0;width:100%;height:100%;max-height:none;border-radius:0;border:0;}" +
      ".launcher[aria-expanded=true]{display:none;}.q{margin-left:10%;}}",
    ".hidden{display:none;}",
    "header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:var(--accent);color:#fff;}",
    "header h2{flex:1;margin:0;font-size:15px;font-weight:600;}",
    "header button{border:0;background:rgba(255,255,255,.2);color:#fff;border-radius:6px;padding:3px 8px;cursor:pointer;font-size:13px;}",
    ".log{flex:1;overflow-y:auto;padding:12px;}",
    ".hint{color:#57606a;}",
    ".msg{white-space:pre-wrap;overflow-wrap:anywhere;border-radius:10px;padding:8px 11px;margin:8px 0;}",
    ".q{background:#eef2ff;margin-left:18%;}",
    ".a{background:#f6f8fa;border-left:4px solid var(--accent);}",
    ".a.abstained{background:#fff8e6;border-left-color:#c98a00;}",
    ".a.error{background:#fdecec;border-left-color:#b3261e;color:#7a1410;}",
    ".badge{display:block;font-size:11px;font-weight:700;color:#7a5200;text-transform:uppercase;margin-bottom:2px;}",
    ".cite{color:var(--accent);font-weight:700;cursor:pointer;text-decoration:none;}",
    ".sources{margin:0 0 8px 6px;padding-left:0;list-style:none;font-size:13px;}",
    ".scope{margin:-4px 0 6px 6px;font-size:12px;font-style:italic;color:#57606a;}",
    // A phone: the sources wait behind "Sources (N)" (a [n] opens them), so answers stay a short scroll apart.
    "details.srcs{margin:0 0 8px 6px;font-size:13px;}",
    "details.srcs summary{cursor:pointer;font-weight:600;color:#57606a;}",
    "details.srcs .sources{margin:4px 0 0;}",
    ".sources li{margin:6px 0;}",
    "mark.flash{outline:2px solid var(--accent);border-radius:3px;}",
    ".nums{color:var(--accent);font-weight:600;}",
    ".src-title{font-weight:600;}",
    ".src-title.derived{font-style:italic;}",
    ".src-by{color:#57606a;}",
    ".date{white-space:nowrap;}",
    ".open{color:var(--accent);font-size:12px;white-space:nowrap;}",
    ".passage{white-space:pre-wrap;margin:3px 0 0;padding:4px 8px;border-left:3px solid #d0d7de;color:#333;}",
    "mark{background:#fde68a;}",
    ".fb{display:flex;gap:6px;align-items:center;margin:0 0 10px 6px;font-size:12px;color:#57606a;}",
    ".fb button{border:1px solid #d0d7de;background:#fff;color:#1f2328;border-radius:6px;cursor:pointer;padding:1px 6px;}",
    ".fb button[aria-pressed=true]{background:var(--accent);border-color:var(--accent);color:#fff;font-weight:600;}",
    ".note{display:flex;gap:6px;margin:0 0 10px 6px;}",
    ".note.hidden{display:none;}",
    ".note input{flex:1;min-width:0;border:1px solid #d0d7de;border-radius:6px;padding:4px 6px;font-size:13px;color:#1f2328;background:#fff;}",
    ".note button{border:1px solid #d0d7de;background:#fff;color:#1f2328;border-radius:6px;cursor:pointer;padding:2px 8px;font-size:12px;}",
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #d0d7de;}",
    "textarea{flex:1;resize:none;height:40px;border:1px solid #d0d7de;border-radius:8px;padding:8px;font-size:14px;color:#1f2328;background:#fff;}",
    "form button{border:0;border-radius:8px;padding:0 14px;background:var(--accent);color:#fff;font-weight:600;cursor:pointer;}",
    "form button:disabled{opacity:.5;cursor:default;}"
  ].join("\n");
  root.appendChild(style);
  host.style.setProperty("--accent", accent);

  var panel = el("section", "panel " + (mode === "inline" ? "inline" : "floating"));
  panel.setAttribute("role", "dialog");
  var header = el("header");
  var heading = header.appendChild(el("h2", ""));
  var reset = el("button", "reset");
  reset.type = "button";
  header.appendChild(reset);
  var close = el("button", "close", "×");
  close.type = "button";
  if (mode !== "inline") header.appendChild(close);
  var log = el("div", "log");
  log.setAttribute("aria-live", "polite");
  var form = el("form");
  var input = el("textarea");
  input.maxLength = 2000;
  var send = el("button", "send");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(form);

  var launcher = el("button", "launcher");
  launcher.type = "button";
  root.appendChild(panel);

  // Every word of the widget's own in chromeLang (again when it follows an answer's language).
  function relabel() {
    var title = ownTitle || ui("widget_title", "Ask about OTS security cooperation");
    panel.setAttribute("lang", chromeLang);
    launcher.setAttribute("lang", chromeLang);
    panel.setAttribute("aria-label", title);
    heading.textContent = title;
    launcher.textContent = title;
    reset.textContent = ui("new_conversation", "New conversation");
    close.setAttribute("aria-label", ui("close", "Close"));
    input.placeholder = ui("widget_placeholder", "Ask a question about the articles");
    input.setAttribute("aria-label", ui("question", "Question"));
    send.textContent = ui("ask", "Ask");
    var shown = log.querySelector(".hint");
    if (shown) shown.textContent = ui("widget_hint", "Answers quote the articles; click [n] to see the source.");
  }

  // After an answer: a widget whose language was guessed turns to the language the reader asked in.
  function follow(answer) {
    var lang = known(answer && answer.language);
    if (chromeFixed || !lang || lang === chromeLang) return;
    chromeLang = lang;
    relabel();
  }
  relabel();

  function warnOperator() {
    if (window.console) console.warn("ots-assistant widget: " + base + " cannot be reached from " + location.origin +
      ". If the server is running, add this origin to its OTSQA_ALLOWED_ORIGINS.");
  }

  // The launcher appears only once the assistant answers this page's origin: a page whose origin the
  // server refuses (or a server that is down) shows no button that leads nowhere; the console says why.
  if (mode !== "inline") {
    fetch(base + "/api/health", { credentials: "omit" }).then(function (reply) {
      if (reply.ok) root.appendChild(launcher); else warnOperator();
    }, warnOperator);
  }

  function hint() {
    log.textContent = "";
    log.appendChild(el("p", "hint", ui("widget_hint", "Answers quote the articles; click [n] to see the source.")));
  }
  hint();

  function setOpen(open) {
    panel.classList.toggle("hidden", !open);
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) input.focus();
  }
  setOpen(startOpen);
  launcher.addEventListener("click", function () { setOpen(panel.classList.contains("hidden")); });
  close.addEventListener("click", function () { setOpen(false); });
  reset.addEventListener("click", function () { history = []; kept = []; forget(); hint(); });

  var turn = 0;

  function headers() {
    // Accept-Language: the widget's own language, so a refusal's message (429, a bad question) comes in it.
    var h = { "Content-Type": "application/json", "Accept": "text/event-stream", "Accept-Language": chromeLang };
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  // A finished answer is read from its first line, with its sources below it.
  function showTop(box) {
    log.scrollTop += box.previousSibling.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
  }

  // "2025-12-11" → "11 December 2025", "2025-11" → "November 2025": dates as analysts write them; in the
  // answer's language as otsqa/dates.py's written_date writes them ("7 октября 2025 г.", "2025 жылғы 7 қазан").
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  // Per language: its shapes of a day and a month and each month's two forms (otsqa/dates.json, put here by the server).
  var DATES = /*OTSQA_DATES*/ {};
  function humanDate(iso, lang) {
    var m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso || "");
    if (!m || +m[2] < 1 || +m[2] > 12) return iso || "";
    var shape = DATES[lang || "en"];
    if (shape) {
      var forms = shape.months[+m[2] - 1];
      return m[3] ? fill(shape.day, { d: +m[3], m: forms[0], y: m[1] }) : fill(shape.month, { m: forms[1], y: m[1] });
    }
    var month = MONTHS[+m[2] - 1] + " " + m[1];
    return m[3] ? +m[3] + " " + month : month;
  }

  // The answer as Markdown for a briefing: the layout of otsqa/answer_markdown.py (the CLI's and the chat's).
  function answerMarkdown(answer) {
    function inline(text) { return String(text || "").split(/\s+/).join(" ").trim().replace(/[\\*_`\[\]<>]/g, "\\$&"); }
    var lines = ["**" + word(answer, "markdown_question", "Question:") + "** " + inline(answer.question), "", answer.answer.trim()];
    if (answer.scope) lines.push("", "*" + inline(scopeLine(answer.scope, answer)) + "*");
    if (answer.citations.length) lines.push("", "**" + sourcesLabel(answer) + "**", "");
    answer.citations.forEach(function (c) {
      var title = c.title || String(c.source || "").split(/[\\/]/).pop() || word(answer, "untitled_article", "(untitled article)");
      var by = [c.author, humanDate(c.date, answer.language)].filter(Boolean).join(", ");
      var where = fill(word(answer, "markdown_characters", "characters {start}–{end}"), { start: c.start, end: c.end }) +
        (c.footnote ? ", " + fill(word(answer, "markdown_footnote", "footnote {n}"), { n: c.footnote }) : "");
      lines.push("[" + c.n + "] *" + inline(title) + "*" + (by ? " — " + inline(by) : "") + " (" + where + ")");
      lines.push("> " + inline(c.quote), "");
    });
    return lines.join("\n").replace(/\s+$/, "") + "\n";
  }

  // What a filtered answer searched, in the answer's language: otsqa/answer_markdown.py's scope_line.
  function scopeLine(scope, answer) {
    var f = scope.filters || {}, total = +scope.total || 0, what = [];
    if (f.doc_ids && f.doc_ids.length) what.push(fill(word(answer, "scope_chosen", "the {n} chosen"), { n: f.doc_ids.length }));
    var dates = { since: humanDate(f.date_from, answer.language), until: humanDate(f.date_to, answer.language) };
    if (dates.since && dates.until) what.push(fill(word(answer, "scope_from_to", "published from {since} to {until}"), dates));
    else if (dates.since) what.push(fill(word(answer, "scope_since", "published since {since}"), dates));
    else if (dates.until) what.push(fill(word(answer, "scope_until", "published up to {until}"), dates));
    var said = total === 1 ? word(answer, "scope_searched_one", "Searched {searched} of {total} article{what}.")
      : word(answer, "scope_searched", "Searched {searched} of {total} articles{what}.");
    return fill(said, { searched: +scope.searched || 0, total: total, what: what.length ? " (" + what.join(", ") + ")" : "" });
  }

  // The clipboard API needs a secure page; a plain-http intranet page gets the older copy command.
  function copyText(text) {
    function byHand() {
      var box = el("textarea");
      box.value = text;
      box.style.position = "fixed";
      box.style.opacity = "0";
      root.appendChild(box);
      box.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      box.remove();
      return done;
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, byHand);
    }
    return Promise.resolve(byHand());
  }

  function showAnswer(box, answer, id) {
    box.textContent = "";
    box.className = "msg a" + (answer.abstained ? " abstained" : "");
    if (answer.abstained) box.appendChild(el("span", "badge", word(answer, "not_in_articles", "Not in the articles")));
    var numbers = {};
    answer.citations.forEach(function (c) { numbers[c.n] = true; });
    // The answer text with each [n] turned into a link to its source; everything else stays text.
    var text = answer.answer, into = box;
    if (answer.direct_answer && text.indexOf("\n\n") > 0) {
      // The direct answer ("7 October 2025, in Gabala [1]") is read first, in bold, above its quotes.
      into = box.appendChild(el("strong", "direct"));
    }
    var parts = text.split(/(\[\d{1,3}\])/);
    parts.forEach(function (part) {
      if (into !== box && part.indexOf("\n\n") >= 0) {
        var cut = part.indexOf("\n\n");
        into.appendChild(document.createTextNode(part.slice(0, cut)));
        into = box;
        part = part.slice(cut);
      }
      var m = /^\[(\d{1,3})\]$/.exec(part);
      if (m && numbers[+m[1]]) {
        var a = el("a", "cite", part);
        a.href = "#";
        a.dataset.target = "ots-w" + id + "-s" + m[1];
        into.appendChild(a);
      } else {
        into.appendChild(document.createTextNode(part));
      }
    });
    var after = box;
    if (answer.scope) {
      after = el("p", "scope", scopeLine(answer.scope, answer));
      box.after(after);
    }
    if (!answer.citations.length) return after === box ? undefined : after;
    // A passage quoted several times is shown once, each quote marked and reachable from its [n].
    var groups = [], byChunk = {};
    answer.citations.forEach(function (c) {
      var key = c.chunk_id || "#" + c.n;
      if (!byChunk[key]) { byChunk[key] = []; groups.push(byChunk[key]); }
      byChunk[key].push(c);
    });
    var list = el("ul", "sources");  // not numbered: each source's [n] labels are its numbers
    groups.forEach(function (group) {
      var c = group[0];
      var li = el("li");
      li.id = "ots-w" + id + "-p" + c.n;
      li.appendChild(el("span", "nums", group.map(function (g) { return "[" + g.n + "]"; }).join("") + " "));
      // "footnote 3 of <title>": where the title stands is the language's choice (otsqa/messages.json).
      var note = c.footnote ? fill(word(answer, "footnote_of", "footnote {n} of {title}"), { n: c.footnote }).split("{title}") : [""];
      if (note[0].trim()) li.appendChild(el("span", "src-by", note[0].trim() + " "));
      // Every article ingested now has a title; the file name is for a store ingested before that.
      var name = el("span", "src-title", c.title || String(c.source || "").split(/[\\/]/).pop() ||
        word(answer, "untitled_article", "(untitled article)"));
      if (c.title && c.title_source === "derived") {  // made from its opening words: the article has no title
        name.className += " derived";
        name.title = word(answer, "derived_title", "The article has no title: these are its opening words.");
      }
      li.appendChild(name);
      if ((note[1] || "").trim()) li.appendChild(el("span", "src-by", " " + note[1].trim()));
      if (c.author || c.date) {
        var by = el("span", "src-by", " — " + (c.author || ""));
        if (c.author && c.date) by.appendChild(document.createTextNode(" · "));
        if (c.date) by.appendChild(el("span", "date", humanDate(c.date, answer.language)));  // "11 December 2025" on one line
        li.appendChild(by);
      }
      if (c.article_url) {  // the whole article with this passage's quotes marked
        var spans = group.map(function (g) { return g.start + "-" + g.end; }).join(",");
        var open = el("a", "open", word(answer, "open_in_article", "Open in the article"));
        open.href = base + c.article_url.replace(/\?mark=[^#]*/, "?mark=" + spans);
        open.target = "_blank";
        open.rel = "noopener";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(open);
      }
      var passage = el("blockquote", "passage");
      var found = [], missing = [];
      group.forEach(function (g) {
        var at = g.quote ? c.passage.indexOf(g.quote) : -1;
        (at < 0 ? missing : found).push({ at: at, c: g });
      });
      found.sort(function (a, b) { return a.at - b.at; });
      var pos = 0;
      function mark(g, text) {
        var m = el("mark", "", text);
        m.id = "ots-w" + id + "-s" + g.n;
        return m;
      }
      found.forEach(function (f) {
        if (f.at < pos) { missing.push(f); return; }
        passage.appendChild(document.createTextNode(c.passage.slice(pos, f.at)));
        passage.appendChild(mark(f.c, f.c.quote));
        pos = f.at + f.c.quote.length;
      });
      passage.appendChild(document.createTextNode(c.passage.slice(pos)));
      missing.forEach(function (f) {
        if (!f.c.quote) return;
        passage.appendChild(document.createTextNode(" "));
        passage.appendChild(mark(f.c, f.c.quote));
      });
      li.appendChild(passage);
      list.appendChild(li);
    });
    var shown = list;
    if (window.matchMedia && window.matchMedia("(max-width: 600px)").matches) {
      shown = el("details", "srcs");
      shown.appendChild(el("summary", "", sourcesLabel(answer) + " (" + groups.length + ")"));
      shown.appendChild(list);
    }
    after.after(shown);
    return shown;
  }

  // Thumbs first, then an optional comment; the chosen thumb stays marked (aria-pressed) for as long as
  // the conversation is on screen. A second send replaces the first: the server keeps one per answer.
  function feedbackRow(after, answerId, answer) {
    var row = el("div", "fb");
    var copy = el("button", "copy", local(answer, "copy_markdown", "Copy"));
    copy.type = "button";
    copy.title = word(answer, "copy_title", "Copy the answer and its sources as Markdown");
    copy.addEventListener("click", function () {
      copyText(answerMarkdown(answer)).then(function (ok) {
        copy.textContent = ok ? local(answer, "copied", "Copied") : local(answer, "copy_by_hand", "Could not copy");
        setTimeout(function () { copy.textContent = local(answer, "copy_markdown", "Copy"); }, 2000);
      });
    });
    row.appendChild(copy);
    if ((answer.language || "en") === "en") row.appendChild(el("span", "", "Helpful?"));  // else the thumbs say it
    var said = el("span", "said");
    var chosen = null;
    var note = el("div", "note hidden");  // not a form: the question box's form styles would reach it
    var comment = el("input");
    comment.type = "text";
    comment.maxLength = 2000;
    comment.placeholder = local(answer, "comment_placeholder", "What was missing or wrong? (optional)");
    comment.setAttribute("aria-label", local(answer, "comment_label", "Comment on this answer"));
    var sendNote = el("button", "", local(answer, "send", "Send"));
    sendNote.type = "button";
    note.appendChild(comment);
    note.appendChild(sendNote);
    function save(rating, text) {
      return fetch(base + "/api/feedback", {
        method: "POST", headers: headers(), credentials: "omit",
        body: JSON.stringify({ answer_id: answerId, rating: rating, comment: text })
      }).then(function (r) { return r.ok; }, function () { return false; });
    }
    var buttons = {};
    ["up", "down"].forEach(function (rating) {
      var b = el("button", "thumb", rating === "up" ? local(answer, "helpful", "Yes") : local(answer, "not_helpful", "No"));
      b.type = "button";
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", function () {
        chosen = rating;
        Object.keys(buttons).forEach(function (k) { buttons[k].setAttribute("aria-pressed", k === rating ? "true" : "false"); });
        save(rating, comment.value).then(function (ok) {
          said.textContent = ok ? local(answer, rating === "up" ? "thanks_helpful" : "thanks_not_helpful", "Thanks.") : word(answer, "save_failed", "Could not save; try again.");
          if (ok) note.classList.remove("hidden");
        });
      });
      buttons[rating] = b;
      row.appendChild(b);
    });
    row.appendChild(said);
    function sendComment() {
      if (!chosen) return;
      save(chosen, comment.value).then(function (ok) {
        said.textContent = ok ? local(answer, "thanks_noted", "Thanks, noted.") : word(answer, "save_failed", "Could not save; try again.");
      });
    }
    sendNote.addEventListener("click", sendComment);
    comment.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); sendComment(); }
    });
    after.after(row);
    row.after(note);
  }

  log.addEventListener("click", function (event) {
    var link = event.target.closest(".cite");
    if (!link) return;
    event.preventDefault();
    var quote = root.getElementById(link.dataset.target);
    if (!quote) return;
    var panel = quote.closest("details");
    if (panel) panel.open = true;  // a phone's sources start closed
    quote.scrollIntoView({ behavior: "smooth", block: "nearest" });
    quote.classList.add("flash");
    setTimeout(function () { quote.classList.remove("flash"); }, 1500);
  });

  function fail(box, message) {
    box.className = "msg a error";
    box.textContent = message;
  }

  async function ask(question) {
    if (turn === 0 || log.querySelector(".hint")) log.textContent = "";
    var id = ++turn;
    log.appendChild(el("div", "msg q", question));
    var box = el("div", "msg a", ui("searching", "Searching the articles…"));
    log.appendChild(box);
    scrollDown();
    send.disabled = true;
    var response;
    try {
      response = await fetch(base + "/api/ask/stream", {
        method: "POST", headers: headers(), credentials: "omit",
        body: JSON.stringify(filters ? { question: question, history: history, filters: filters }
          : { question: question, history: history })
      });
    } catch (err) {
      // The reader can only try later; the operator's fix goes to the console.
      fail(box, ui("unreachable", "The assistant cannot be reached right now. Please try again in a few minutes."));
      warnOperator();
      send.disabled = false;
      return;
    }
    if (!response.ok) {
      var problem = ui("http_failed", "The assistant could not answer (HTTP {status}). Please try again later.")
        .replace("{status}", String(response.status));
      try { var refused = await response.json(); problem = refused.message || refused.error || problem; } catch (e) { /* not JSON */ }
      fail(box, problem);
      send.disabled = false;
      return;
    }
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var streamed = "";
    var answer = null;
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      var cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        var block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        var name = "message", data = "";
        block.split("\n").forEach(function (line) {
          if (line.indexOf("event: ") === 0) name = line.slice(7);
          else if (line.indexOf("data: ") === 0) data += line.slice(6);
        });
        var payload = data ? JSON.parse(data) : {};
        if (name === "delta") {
          streamed += payload.text;
          box.textContent = streamed;
        } else if (name === "answer") {
          answer = payload;
          follow(answer);
          var last = showAnswer(box, answer, id) || box;
          history.push({ question: question, answer: answer.answer });
          var keptTurn = { question: question, answer: answer, answer_id: "" };
          kept.push(keptTurn);
          remember();
          box._after = last;
          showTop(box);
          continue;
        } else if (name === "done" && answer) {
          feedbackRow(box._after || box, payload.answer_id, answer);
          keptTurn.answer_id = payload.answer_id;
          remember();
          continue;
        } else if (name === "error") {
          fail(box, payload.message || payload.error);
        }
        scrollDown();
      }
    }
    if (!answer && !box.classList.contains("error")) fail(box, ui("cut_off", "The answer was cut off; ask again."));
    send.disabled = false;
  }

  // The conversation kept across a reload (issue 25, point 12): each answered turn (its question and the
  // Answer JSON shown) is stored under this server's URL (and the widget's scope, so differently scoped
  // widgets keep apart). In sessionStorage by default: it lives as long as the browser tab, so on a shared
  // intranet machine the next person to open the page does not find the last one's questions;
  // data-remember="local" keeps it across browser restarts (localStorage), "off" keeps nothing.
  // A question still unanswered when the page reloads was never stored: it is simply gone. Whatever is
  // stored is read with suspicion (another script of the page may write the same storage): a value that
  // is too large, not JSON or not turns is ignored, and storage that refuses (full, blocked) is no error.
  var kept = [];
  var KEEP_TURNS = 20, KEEP_CHARS = 1500000;
  var storeKey = "ots-assistant:" + base + (filters ? ":" + JSON.stringify(filters) : "");
  var storage = (function () {
    if (opt.remember === "off") return null;
    try { return opt.remember === "local" ? window.localStorage : window.sessionStorage; } catch (e) { return null; }
  })();

  function remember() {
    if (!storage) return;
    var turns = kept.slice(-KEEP_TURNS);
    for (;;) {
      var text = JSON.stringify({ version: 1, turns: turns });
      try {
        if (text.length <= KEEP_CHARS) { storage.setItem(storeKey, text); return; }
      } catch (e) { /* over the browser's quota: keep fewer */ }
      if (turns.length <= 1) { forget(); return; }
      turns = turns.slice(1);
    }
  }

  function forget() {
    try { if (storage) storage.removeItem(storeKey); } catch (e) { /* blocked: nothing was kept either */ }
  }

  function wellFormed(t) {
    if (!t || typeof t !== "object") return false;
    var a = t.answer;
    return typeof t.question === "string" && t.question && a && typeof a.answer === "string" &&
      Array.isArray(a.citations) && a.citations.every(function (c) {
        return c && typeof c.n === "number" && typeof (c.passage || "") === "string" && typeof (c.quote || "") === "string";
      });
  }

  function stored() {
    try {
      var text = storage && storage.getItem(storeKey);
      if (!text) return [];
      if (text.length > KEEP_CHARS) throw new Error("too large");
      var data = JSON.parse(text);
      if (!data || !Array.isArray(data.turns)) throw new Error("not turns");
      var turns = data.turns.filter(wellFormed).slice(-KEEP_TURNS);
      if (!turns.length) forget();
      return turns;
    } catch (e) {
      forget();  // unreadable: start afresh rather than fail on every load
      return [];
    }
  }

  function restore() {
    var turns = stored();
    if (!turns.length) return;
    log.textContent = "";
    turns.forEach(function (t) {
      var id = ++turn;
      log.appendChild(el("div", "msg q", t.question));
      var box = el("div", "msg a");
      log.appendChild(box);
      try {
        var last = showAnswer(box, t.answer, id) || box;
        if (t.answer_id && typeof t.answer_id === "string") feedbackRow(last, t.answer_id, t.answer);
      } catch (e) {
        fail(box, ui("not_shown_again", "This earlier answer could not be shown again."));
      }
      history.push({ question: t.question, answer: t.answer.answer });
      kept.push(t);
      follow(t.answer);
    });
    scrollDown();
  }
  restore();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question || send.disabled) return;
    input.value = "";
    ask(question);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  var target = mode === "inline" && opt.target ? document.querySelector(opt.target) : null;
  if (target) target.appendChild(host);
  else if (mode === "inline") script.after(host);
  else (document.body || document.documentElement).appendChild(host);
})();
