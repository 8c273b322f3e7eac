// The review page: posts the article to the public API (POST v1/quotes) and draws the answer.
// Every node is built with createElement / textContent: article text never becomes markup.
"use strict";

(() => {
  const ENDPOINT = "v1/quotes";
  const PALETTE_SIZE = 8; // .sp-0 … .sp-7 in review.css (Okabe–Ito)
  const LINE_STYLES = 4; // .ls-0 … .ls-3: a second cue once colours repeat
  const DARK_COLOURS = new Set([4]); // badges on these colours need white text
  const RERUN_DELAY_MS = 300;
  // Nesting order where spans start and end together: quote parts hold cues and mentions.
  const RANK = { quote: 0, cue: 1, mention: 2, role: 3 };
  const STATUS_TEXT = {
    401: "This server requires an API key: enter it under “Connection” and try again.",
    413: "The article is too long for this server.",
    415: "The service did not accept the request's format.",
    422: "The service could not analyse this text.",
    500: "The service failed while analysing the article.",
    503: "The service is busy or not ready yet.",
    504: "The analysis took longer than the service allows.",
  };

  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $("input"),
    text: $("article-text"),
    run: $("run"),
    scope: $("scope"),
    threshold: $("threshold"),
    thresholdValue: $("threshold-value"),
    apiKey: $("api-key"),
    status: $("status"),
    error: $("error"),
    results: $("results"),
    article: $("article"),
    speakers: $("speakers"),
    details: $("details-body"),
    raw: $("raw-json"),
  };
  const state = { text: "", answer: null, speaker: null, quote: null, request: 0, runs: 0, controller: null };

  /** An element with attributes (null / false skipped) and children (strings become text). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  /** Python string indices (code points) to JavaScript ones (UTF-16 units), for this text. */
  function offsetMapper(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (index) => index;
    const units = [0];
    for (const char of text) units.push(units[units.length - 1] + char.length);
    return (index) => units[Math.max(0, Math.min(index, units.length - 1))];
  }

  /** The look of one speaker: colour, line style, badge number (unattributed: "?"). */
  function speakerStyle(index) {
    if (index < 0) return { classes: ["sp-x"], badge: "?", dark: false };
    const colour = index % PALETTE_SIZE;
    const line = Math.floor(index / PALETTE_SIZE) % LINE_STYLES;
    return { classes: [`sp-${colour}`, `ls-${line}`], badge: String(index + 1), dark: DARK_COLOURS.has(colour) };
  }

  // ---- the answer, indexed ------------------------------------------------------------------

  /** Lookups over one answer: speakers by id with their style, quotes by id. */
  function indexAnswer(answer) {
    const speakers = new Map();
    answer.speakers.forEach((speaker, i) => speakers.set(speaker.id, { speaker, style: speakerStyle(i) }));
    const quotes = new Map(answer.quotes.map((quote) => [quote.id, quote]));
    return { speakers, quotes };
  }

  function speakerIdOf(quote) {
    return (quote.speaker && quote.speaker.speaker_id) || "";
  }

  function styleOf(index, speakerId) {
    const entry = index.speakers.get(speakerId);
    return entry ? entry.style : speakerStyle(-1);
  }

  /** Every span to draw: quote parts, cues, and speakers' mentions (one span per place). */
  function spansOf(answer, index, toUnits) {
    const spans = [];
    const shared = new Map(); // "kind:start:end" -> span, for cues and mentions several quotes share
    const add = (kind, start, end, info) => {
      const key = `${kind}:${start}:${end}`;
      if (kind !== "quote" && shared.has(key)) {
        const known = shared.get(key);
        known.quoteIds.push(...info.quoteIds);
        known.said = known.said || info.said;
        return;
      }
      const span = { kind, start: toUnits(start), end: toUnits(end), ...info };
      if (span.end <= span.start) return;
      spans.push(span);
      if (kind !== "quote") shared.set(key, span);
    };
    for (const quote of answer.quotes) {
      const speakerId = speakerIdOf(quote);
      quote.parts.forEach((part, i) =>
        add("quote", part.start, part.end, { quote, speakerId, part: i, parts: quote.parts.length, quoteIds: [quote.id] })
      );
      if (quote.cue) add("cue", quote.cue.start, quote.cue.end, { speakerId, quoteIds: [quote.id] });
      if (quote.speaker) add("mention", quote.speaker.start, quote.speaker.end, { speakerId, said: true, quoteIds: [quote.id] });
    }
    for (const speaker of answer.speakers) {
      for (const mention of speaker.mentions) {
        add("mention", mention.start, mention.end, { speakerId: speaker.id, said: false, quoteIds: [] });
      }
      for (const role of speaker.roles) add("role", role.start, role.end, { speakerId: speaker.id, quoteIds: [] });
    }
    return spans;
  }

  function bySpan(a, b) {
    return a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind];
  }

  /** Spans as a tree of properly nested nodes; a span crossing its parent's end is split. */
  function nest(spans, length) {
    const queue = spans.map((span) => ({ ...span, end: Math.min(span.end, length) })).sort(bySpan);
    const root = { start: 0, end: length, children: [] };
    const stack = [root];
    while (queue.length) {
      let span = queue.shift();
      while (stack[stack.length - 1].end <= span.start) stack.pop();
      const parent = stack[stack.length - 1];
      if (span.end > parent.end) {
        const rest = { ...span, start: parent.end, continued: true };
        const at = queue.findIndex((other) => bySpan(rest, other) < 0);
        queue.splice(at < 0 ? queue.length : at, 0, rest);
        span = { ...span, end: parent.end };
      }
      const node = { ...span, children: [] };
      parent.children.push(node);
      stack.push(node);
    }
    return root;
  }

  // ---- drawing ------------------------------------------------------------------------------

  function quoteElement(span, index) {
    const { quote } = span;
    const style = styleOf(index, span.speakerId);
    const entry = index.speakers.get(span.speakerId);
    const who = entry ? entry.speaker.name : "no speaker found";
    const partLabel = span.parts > 1 ? `, part ${span.part + 1} of ${span.parts}` : "";
    const first = span.part === 0 && !span.continued;
    return el("mark", {
      class: ["quote", ...style.classes, style.dark ? "dark-badge" : "", span.speakerId ? "" : "unattributed"].join(" ").trim(),
      "data-quote-id": quote.id,
      "data-speaker-id": span.speakerId,
      "data-part": span.part,
      "data-badge": first ? style.badge : null,
      role: "button",
      tabindex: "0",
      "aria-pressed": "false",
      title: `${quote.type} quote ${quote.id} by ${who}${partLabel}: choose for details`,
    });
  }

  function markElement(span, index) {
    if (span.kind === "quote") return quoteElement(span, index);
    const style = styleOf(index, span.speakerId);
    if (span.kind === "cue") {
      return el("span", { class: "cue", "data-quote-ids": span.quoteIds.join(" "), title: "cue" });
    }
    const entry = index.speakers.get(span.speakerId);
    if (span.kind === "role") {
      return el("span", { class: ["role-span", ...style.classes].join(" "), "data-speaker-id": span.speakerId, title: `role of ${entry.speaker.name}` });
    }
    return el("span", {
      class: ["mention", span.said ? "said" : "", ...(span.speakerId ? style.classes : [])].join(" "),
      "data-speaker-id": span.speakerId,
      "data-quote-ids": span.quoteIds.length ? span.quoteIds.join(" ") : null,
      "data-badge": span.said && span.speakerId ? style.badge : null,
      title: entry ? `mention of ${entry.speaker.name}` : "speaker mention (unresolved)",
    });
  }

  function drawNode(node, text, container, index) {
    let at = node.start;
    for (const child of node.children) {
      if (child.start > at) container.append(text.slice(at, child.start));
      const element = markElement(child, index);
      drawNode(child, text, element, index);
      container.append(element);
      at = child.end;
    }
    if (node.end > at) container.append(text.slice(at, node.end));
  }

  function drawArticle(text, answer, index) {
    const tree = nest(spansOf(answer, index, offsetMapper(text)), text.length);
    ui.article.replaceChildren();
    drawNode(tree, text, ui.article, index);
  }

  function roleItem(role) {
    const parts = [];
    if (role.status) parts.push(["status", role.status]);
    if (role.title) parts.push(["title", role.title]);
    if (role.organization) parts.push(["organisation", role.organization]);
    if (role.nationality) parts.push(["nationality", role.nationality]);
    const item = el("li", { class: "role" }, role.text);
    if (parts.length) {
      item.append(" ", el("span", { class: "role-part" }, `(${parts.map(([k, v]) => `${k}: ${v}`).join("; ")})`));
    }
    return item;
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  function speakerCard(speaker, style) {
    const count = speaker.quote_ids.length;
    const button = el(
      "button",
      {
        type: "button",
        class: ["speaker", ...style.classes, style.dark ? "dark-badge" : ""].join(" "),
        "data-speaker-id": speaker.id,
        "aria-pressed": "false",
      },
      el(
        "span",
        { class: "speaker-head" },
        el("span", { class: "badge", "aria-hidden": "true" }, style.badge),
        el("span", { class: "speaker-name" }, speaker.name),
        el("span", { class: "speaker-kind" }, speaker.kind),
        el("span", { class: "speaker-count" }, plural(count, "quote", "quotes"))
      )
    );
    if (speaker.roles.length) button.append(el("ul", { class: "roles", "aria-label": "roles" }, ...speaker.roles.map(roleItem)));
    if (speaker.mentions.length) {
      button.append(
        el("p", { class: "mentions" }, `${plural(speaker.mentions.length, "mention", "mentions")}: `, speaker.mentions.map((m) => m.text).join(" · "))
      );
    }
    button.addEventListener("click", () => selectSpeaker(state.speaker === speaker.id ? null : speaker.id));
    return el("li", {}, button);
  }

  function drawSpeakers(answer, index) {
    const cards = answer.speakers.map((speaker) => speakerCard(speaker, index.speakers.get(speaker.id).style));
    if (!cards.length) cards.push(el("li", { class: "hint" }, "No speakers."));
    ui.speakers.replaceChildren(...cards);
  }

  function detailRow(term, ...value) {
    return [el("dt", {}, term), el("dd", {}, ...value)];
  }

  function mentionChain(quote, entry) {
    if (!entry) return el("p", {}, quote.speaker ? `“${quote.speaker.text}” was not resolved to a speaker.` : "No speaker mention.");
    const used = quote.speaker;
    const items = entry.speaker.mentions.map((mention) => {
      const isUsed = used && mention.start === used.start && mention.end === used.end;
      return el("li", { class: isUsed ? "used" : null }, `“${mention.text}” at ${mention.start}–${mention.end}`, isUsed ? " (attributed here)" : "");
    });
    return el(
      "div",
      {},
      el("p", {}, used ? `“${used.text}” resolves to ` : "Resolves to ", el("strong", {}, entry.speaker.name), ` (${entry.speaker.kind}), mentioned as:`),
      el("ol", { class: "chain" }, ...items)
    );
  }

  function drawDetails(quote, index) {
    if (!quote) {
      ui.details.replaceChildren(el("p", { class: "hint" }, "Choose a highlighted quote to see its type, cue, confidence and the mentions that resolved its speaker."));
      return;
    }
    const speakerId = speakerIdOf(quote);
    const entry = index.speakers.get(speakerId);
    const style = styleOf(index, speakerId);
    const cue = quote.cue ? [`“${quote.cue.text}”`, ` (lemma “${quote.cue.lemma}”)`] : ["none (attributed by layout)"];
    const parts = quote.parts.map((p) => `${p.start}–${p.end}`).join(", ");
    ui.details.replaceChildren(
      el("blockquote", { class: style.classes.join(" ") }, quote.text),
      el(
        "dl",
        {},
        ...detailRow("Quote", quote.id),
        ...detailRow("Type", quote.type),
        ...detailRow("Speaker", entry ? `${entry.speaker.name} (${style.badge})` : "not found"),
        ...detailRow("Cue", ...cue),
        ...detailRow("Confidence", quote.confidence.toFixed(2)),
        ...detailRow("Paragraph", String(quote.paragraph + 1)),
        ...detailRow(quote.parts.length > 1 ? "Parts" : "Offsets", parts)
      ),
      el("h3", {}, "Mention chain"),
      mentionChain(quote, entry)
    );
  }

  // ---- selection ----------------------------------------------------------------------------

  function selectSpeaker(speakerId) {
    state.speaker = speakerId;
    for (const button of ui.speakers.querySelectorAll("button.speaker")) {
      button.setAttribute("aria-pressed", String(button.dataset.speakerId === speakerId));
    }
    ui.article.classList.toggle("has-selection", speakerId !== null);
    for (const mark of ui.article.querySelectorAll("mark.quote")) {
      mark.classList.toggle("selected", speakerId !== null && mark.dataset.speakerId === speakerId);
    }
    if (speakerId !== null && state.answer) {
      const { speaker } = state.index.speakers.get(speakerId);
      setStatus(`${speaker.name}: ${plural(speaker.quote_ids.length, "quote", "quotes")} selected.`);
    } else if (state.answer) {
      setStatus(summary(state.answer));
    }
  }

  function selectQuote(quoteId) {
    state.quote = quoteId;
    for (const mark of ui.article.querySelectorAll("mark.quote")) {
      const current = mark.dataset.quoteId === quoteId;
      mark.classList.toggle("current", current);
      mark.setAttribute("aria-pressed", String(current));
    }
    drawDetails(quoteId ? state.index.quotes.get(quoteId) : null, state.index);
  }

  // ---- talking to the API -------------------------------------------------------------------

  /** For tools and tests: body[data-state] is idle, busy, done or error; body[data-runs]
   *  counts the runs finished, so a caller can wait for the answer to its own run. */
  function setRunState(name) {
    document.body.dataset.state = name;
  }

  function setStatus(text) {
    ui.status.textContent = text;
  }

  function summary(answer) {
    const meta = answer.meta || {};
    const bits = [plural(answer.quotes.length, "quote", "quotes"), plural(answer.speakers.length, "speaker", "speakers")];
    if (typeof meta.elapsed_ms === "number") bits.push(`${meta.elapsed_ms.toFixed(1)} ms${meta.cached ? " (cached)" : ""}`);
    return bits.join(" · ");
  }

  function clearError() {
    ui.error.hidden = true;
    ui.error.replaceChildren();
  }

  function showError(headline, detail, extra = []) {
    ui.error.replaceChildren(
      el("h2", {}, "Could not analyse the article"),
      el("p", { class: "error-headline" }, headline),
      detail ? el("p", { class: "error-detail" }, detail) : null,
      ...extra
    );
    ui.error.hidden = false;
    setStatus("");
  }

  /** A readable message for a refused request, whatever its body (JSON error or not). */
  function explainFailure(response, body) {
    const error = body && typeof body === "object" && body.error && typeof body.error === "object" ? body.error : null;
    const headline = `${STATUS_TEXT[response.status] || "The service could not answer."} (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""})`;
    const said = error && typeof error.message === "string" ? `The service says: ${error.message}` : "";
    const extra = [];
    const retry = response.headers.get("Retry-After");
    if (retry) extra.push(el("p", { class: "error-retry" }, `Try again in ${retry} s.`));
    if (error && Array.isArray(error.details) && error.details.length) {
      const items = error.details.map((d) => el("li", {}, `${Array.isArray(d.loc) ? d.loc.join(".") : ""}: ${d.msg || ""}`));
      extra.push(el("ul", { class: "error-details" }, ...items));
    }
    if (error && error.request_id) extra.push(el("p", { class: "hint" }, `Request id: ${error.request_id}`));
    showError(headline, said, extra);
  }

  function requestBody() {
    return JSON.stringify({
      text: ui.text.value,
      options: { scope: ui.scope.value, min_confidence: Number(ui.threshold.value) },
    });
  }

  function requestHeaders() {
    const headers = { "content-type": "application/json", accept: "application/json" };
    const key = ui.apiKey.value.trim();
    if (key) headers["X-API-Key"] = key;
    return headers;
  }

  function isAnswer(body) {
    return body && Array.isArray(body.quotes) && Array.isArray(body.speakers);
  }

  function clearResults() {
    state.answer = null;
    state.index = null;
    ui.article.replaceChildren(el("p", { class: "placeholder" }, "The article appears here once it has been analysed."));
    ui.speakers.replaceChildren();
    ui.raw.textContent = "";
    drawDetails(null, null);
    ui.article.classList.remove("has-selection");
  }

  async function analyse() {
    const text = ui.text.value;
    const request = ++state.request;
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    clearError();
    setRunState("busy");
    ui.run.disabled = true;
    ui.results.setAttribute("aria-busy", "true");
    setStatus("Analysing…");
    try {
      let response;
      try {
        response = await fetch(ENDPOINT, { method: "POST", headers: requestHeaders(), body: requestBody(), signal: controller.signal });
      } catch (err) {
        if (err && err.name === "AbortError") return;
        clearResults();
        showError("The service could not be reached: check that it is running and the network is up.", err && err.message ? `(${err.message})` : "");
        return;
      }
      let body = null;
      try {
        body = await response.json();
      } catch {
        body = null; // not JSON: a proxy's error page, an empty body
      }
      if (request !== state.request) return; // a newer run has started
      if (!response.ok) {
        clearResults();
        explainFailure(response, body);
        return;
      }
      if (!isAnswer(body)) {
        clearResults();
        showError(`The service answered (HTTP ${response.status}) with something this page cannot read.`, "");
        return;
      }
      show(text, body);
    } finally {
      if (request === state.request) {
        ui.run.disabled = false;
        ui.results.removeAttribute("aria-busy");
        setRunState(ui.error.hidden ? "done" : "error");
        state.runs += 1;
        document.body.dataset.runs = String(state.runs);
      }
    }
  }

  function show(text, answer) {
    state.text = text;
    state.answer = answer;
    state.index = indexAnswer(answer);
    drawArticle(text, answer, state.index);
    drawSpeakers(answer, state.index);
    ui.raw.textContent = JSON.stringify(answer, null, 2);
    const keep = state.speaker !== null && state.index.speakers.has(state.speaker) ? state.speaker : null;
    selectSpeaker(keep);
    selectQuote(state.quote !== null && state.index.quotes.has(state.quote) ? state.quote : null);
    const language = answer.meta && answer.meta.language;
    if (language && language.supported === false) {
      setStatus(`The text looks like “${language.code}”, not English: it was not analysed.`);
    } else if (!answer.quotes.length) {
      setStatus(`No quotes found (${summary(answer)}).`);
    }
  }

  // ---- events -------------------------------------------------------------------------------

  function quoteMarkOf(target) {
    return target instanceof Element ? target.closest("mark.quote") : null;
  }

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    analyse();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      analyse();
    } else if (event.key === "Escape") {
      selectSpeaker(null);
      selectQuote(null);
    }
  });
  ui.article.addEventListener("click", (event) => {
    const mark = quoteMarkOf(event.target);
    if (mark) selectQuote(mark.dataset.quoteId);
  });
  ui.article.addEventListener("keydown", (event) => {
    const mark = quoteMarkOf(event.target);
    if (mark && (event.key === "Enter" || event.key === " ") && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      selectQuote(mark.dataset.quoteId);
    }
  });
  // A control changed: analyse again once it settles (arrow keys on the slider fire a change
  // per step), and only if there is an answer to update.
  let rerunTimer = 0;
  const rerun = () => {
    clearTimeout(rerunTimer);
    rerunTimer = setTimeout(() => {
      if (state.answer) analyse();
    }, RERUN_DELAY_MS);
  };
  ui.threshold.addEventListener("input", () => {
    ui.thresholdValue.textContent = Number(ui.threshold.value).toFixed(2);
  });
  ui.threshold.addEventListener("change", rerun);
  ui.scope.addEventListener("change", rerun);

  // Dropping a text file fills the textarea (plain text; the browser reads it, nothing uploads).
  ui.text.addEventListener("dragover", (event) => {
    if (event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) {
      event.preventDefault();
      ui.text.classList.add("dropping");
    }
  });
  ui.text.addEventListener("dragleave", () => ui.text.classList.remove("dropping"));
  ui.text.addEventListener("drop", async (event) => {
    ui.text.classList.remove("dropping");
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    ui.text.value = await file.text();
    setStatus(`Loaded ${file.name}: press Ctrl+Enter to analyse it.`);
  });
  setRunState("idle");
  document.body.dataset.runs = "0";
})();
