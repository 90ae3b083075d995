// The chat page: talks to /api/chat with fetch only. Every text from the user or the bot is put
// into the page with textContent or text nodes, never as HTML: markup typed by anyone shows as typed.
"use strict";
(function () {
  const KEY = "clinic-bot-session";
  // The fact file's phone format (knowledge/models.py PHONE_RE): numbers become tel: links.
  const PHONE = /0\d{1,4}-\d{1,4}-\d{3,4}|0\d{3}-\d{6}/g;
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const status = document.getElementById("status");
  let busy = false;
  let composing = false;

  function newSessionId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // works on plain http too, unlike crypto.randomUUID
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // The conversation id lives in this browser; after a day of silence a new conversation starts,
  // so the next person at a shared reception PC does not see the last one's incident.
  const MAX_IDLE_MS = 24 * 3600 * 1000;

  function storedSessionId() {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved && typeof saved.id === "string" && Date.now() - saved.at < MAX_IDLE_MS) return saved.id;
    } catch (e) { /* storage blocked or unreadable: a new conversation */ }
    return null;
  }

  function remember(id) {
    try {
      localStorage.setItem(KEY, JSON.stringify({ id: id, at: Date.now() }));
    } catch (e) { /* storage blocked: the conversation lasts as long as the page */ }
  }

  let session = storedSessionId();
  if (!session) {
    session = newSessionId();
  }
  remember(session);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function telHref(number) {
    return "tel:" + number.replace(/[^0-9+]/g, "");
  }

  function linkedText(text) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(PHONE)) {
      fragment.append(document.createTextNode(text.slice(last, match.index)));
      const link = el("a", "tel", match[0]);
      link.href = telHref(match[0]);
      fragment.append(link);
      last = match.index + match[0].length;
    }
    fragment.append(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function openRank(phone) {
    return phone.open_now === true ? 0 : phone.open_now === false ? 2 : 1;
  }

  function phonesBlock(phones, emergency) {
    const box = el("div", "phones");
    const seen = new Set();
    // A number that answers now comes first (the sort keeps the bot's order among equals).
    phones.slice().sort((a, b) => openRank(a) - openRank(b)).forEach((phone) => {
      if (seen.has(phone.number)) return;
      seen.add(phone.number);
      const link = el("a", "call" + (emergency && seen.size === 1 ? " primary" : ""));
      link.href = telHref(phone.number);
      link.append(el("span", "call-label", phone.label), el("span", "call-icon", "☎"), el("span", "call-number", phone.number));
      if (phone.open_now === true) link.append(el("span", "call-state open", "いま受付中"));
      if (phone.open_now === false) link.append(el("span", "call-state closed", "受付時間外"));
      box.append(link);
    });
    return box;
  }

  function tableBlock(table) {
    const wrap = el("div", "table-wrap");
    const grid = el("table", "premiums");
    grid.append(el("caption", "", table.title));
    const head = el("thead");
    const headRow = el("tr");
    table.columns.forEach((column) => {
      const cell = el("th", "", column);
      cell.scope = "col";
      headRow.append(cell);
    });
    head.append(headRow);
    const body = el("tbody");
    table.rows.forEach((row) => {
      const line = el("tr");
      row.forEach((value, index) => {
        const cell = el(index === 0 ? "th" : "td", "", value);
        if (index === 0) cell.scope = "row";
        line.append(cell);
      });
      body.append(line);
    });
    grid.append(head, body);
    wrap.append(grid, el("p", "table-note", table.note));
    return wrap;
  }

  // The bot ends answers with a plain 「出典: …」 line for LINE and the terminal; here the sources
  // are links under the answer, so the plain line would say the same thing twice.
  function withoutSourceLines(text, sources) {
    if (!sources || !sources.length) return text;
    return text.split("\n").filter((line) => !/^出典[:：]/.test(line.trim())).join("\n").trim();
  }

  function sourcesBlock(sources) {
    const line = el("p", "sources", "出典：");
    sources.forEach((source, index) => {
      if (index) line.append("／");
      const link = el("a", "", source.title);
      link.href = "/pamphlet/" + encodeURIComponent(source.section);
      line.append(link);
    });
    return line;
  }

  function clearQuickReplies() {
    log.querySelectorAll(".quick").forEach((group) => group.remove());
  }

  function addQuickReplies(quickReplies) {
    const group = el("div", "quick");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "返信の候補");
    quickReplies.forEach((quick) => {
      const button = el("button", "quick-reply", quick.label);
      button.type = "button";
      button.addEventListener("click", () => send(quick.text));
      group.append(button);
    });
    log.append(group);
  }

  function addUser(text) {
    const bubble = el("div", "msg user");
    bubble.append(el("span", "visually-hidden", "あなた："), el("p", "text", text));
    log.append(bubble);
    return bubble;
  }

  function addBot(response) {
    const emergency = response.emergency === true || response.intent === "incident";
    const bubble = el("div", "msg bot" + (emergency ? " emergency" : ""));
    bubble.append(el("span", "visually-hidden", "アシスタント："));
    if (emergency) {
      const alert = el("p", "alert");
      alert.append(el("span", "alert-icon", "⚠"), el("span", "", "緊急：今すぐお電話ください"));
      bubble.append(alert);
    }
    if (response.phones && response.phones.length) bubble.append(phonesBlock(response.phones, emergency));
    let tableShown = false;
    response.replies.forEach((message) => {
      if (message.is_table && response.table && !tableShown) {
        bubble.append(tableBlock(response.table));
        tableShown = true;
        return;
      }
      const text = withoutSourceLines(message.text, response.sources);
      if (!text) return;
      const paragraph = el("p", "text");
      paragraph.append(linkedText(text));
      bubble.append(paragraph);
    });
    if (response.table && !tableShown) bubble.append(tableBlock(response.table));
    if (response.sources && response.sources.length) bubble.append(sourcesBlock(response.sources));
    log.append(bubble);
    return bubble;
  }

  function lastQuickReplies(response) {
    const replies = response.replies;
    return replies.length ? replies[replies.length - 1].quick_replies : [];
  }

  function addError(detail) {
    const bubble = el("div", "msg error");
    bubble.setAttribute("role", "alert");
    bubble.append(el("p", "text", detail));
    const desk = page.desk;
    const call = el("p", "text");
    call.append("サイバー事故が起きている場合は、" + desk.name + " ");
    const link = el("a", "tel", "☎ " + desk.phone);
    link.href = telHref(desk.phone);
    call.append(link, "（" + desk.hours + "）へお電話ください。");
    bubble.append(call);
    log.append(bubble);
    return bubble;
  }

  function showWelcome() {
    const bubble = addBot({ intent: "greeting", replies: page.welcome.map((text) => ({ text: text, quick_replies: [] })), sources: [], phones: [] });
    bubble.classList.add("welcome");
    addQuickReplies(page.menu);
  }

  function scrollTo(node) {
    if (node && node.scrollIntoView) node.scrollIntoView({ block: "start" });
  }

  async function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  async function errorText(response) {
    try {
      const body = await response.json();
      if (typeof body.detail === "string") return body.detail;
    } catch (e) { /* not JSON */ }
    return page.server_error;
  }

  async function send(raw) {
    const text = (raw || "").trim();
    if (!text || busy) return;
    busy = true;
    sendButton.disabled = true;
    const hadFocus = document.activeElement;
    clearQuickReplies();
    const mine = addUser(text);
    if (input.value.trim() === text) input.value = "";
    status.textContent = "送信しています…";
    log.setAttribute("aria-busy", "true");
    let shown = null;
    try {
      const response = await post("/api/chat", { session_id: session, text: text });
      if (response.ok) {
        const body = await response.json();
        remember(session);
        shown = addBot(body);
        const quick = lastQuickReplies(body);
        if (quick.length) addQuickReplies(quick);
      } else {
        shown = failed(mine, text, await errorText(response));
      }
    } catch (e) {
      shown = failed(mine, text, page.offline);
    } finally {
      busy = false;
      sendButton.disabled = false;
      log.removeAttribute("aria-busy");
      status.textContent = "";
      scrollTo(shown);
      // A tapped quick reply is gone: keyboard and screen-reader users continue from the answer.
      if (hadFocus !== input && shown && (!document.activeElement || document.activeElement === document.body)) {
        shown.tabIndex = -1;
        shown.focus({ preventScroll: true });
      }
    }
  }

  function failed(bubble, text, message) {
    bubble.remove(); // not sent: the text goes back into the box instead of standing as if sent
    if (!input.value) input.value = text;
    return addError(message);
  }

  async function loadHistory() {
    log.setAttribute("aria-busy", "true"); // a long history is not read out message by message
    try {
      // POST, not a query string: the conversation id is the key to it and stays out of access logs.
      const response = await post("/api/chat/history", { session_id: session });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      if (!body.turns.length) {
        showWelcome();
        return;
      }
      body.turns.forEach((turn) => {
        addUser(turn.text);
        addBot(turn.response);
      });
      const quick = lastQuickReplies(body.turns[body.turns.length - 1].response);
      if (quick.length) addQuickReplies(quick);
      scrollTo(log.lastElementChild);
    } catch (e) {
      showWelcome();
      addError(page.offline);
    } finally {
      log.removeAttribute("aria-busy");
    }
  }

  function startOver() {
    session = newSessionId();
    remember(session);
    log.replaceChildren();
    showWelcome();
    input.value = "";
    input.focus();
  }

  input.addEventListener("compositionstart", () => { composing = true; });
  input.addEventListener("compositionend", () => {
    // Some browsers send the Enter that confirms a conversion after compositionend.
    setTimeout(() => { composing = false; }, 0);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.shiftKey) return;
    if (event.isComposing || event.keyCode === 229 || composing) return; // confirming a Japanese conversion
    event.preventDefault();
    send(input.value);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(input.value);
  });
  document.getElementById("restart").addEventListener("click", startOver);
  loadHistory();
})();
