/*
 * Switchboard chat widget. Embed with one tag:
 *   <script src="https://support.example.com/chat/widget.js" async></script>
 * Optional attributes: data-title, data-open="true" (open at load), data-name, data-email, data-server
 * (the gateway's base URL when the script is served from elsewhere).
 * Protocol: docs/channel-chat.md. No framework, no build step, no cookies: the visitor token lives in
 * localStorage under "switchboard.chat.token". The paperclip posts a file to /chat/attachments with it.
 */
(function () {
  "use strict";
  if (window.SwitchboardChat) {
    return; // embedded twice
  }

  var script = document.currentScript;
  var attr = function (name) { return script ? script.getAttribute("data-" + name) : null; };
  var base = new URL(attr("server") || (script && script.src) || location.href, location.href);
  var wsUrl = (base.protocol === "https:" ? "wss://" : "ws://") + base.host + "/chat/ws";
  var uploadUrl = base.protocol + "//" + base.host + "/chat/attachments";
  // Shown as pictures; anything else is a link. SVG is not here: it can carry script.
  var IMAGES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

  var TOKEN_KEY = "switchboard.chat.token";
  var PENDING_KEY = "switchboard.chat.pending";
  var PROFILE_KEY = "switchboard.chat.profile";
  var TYPING_EVERY_MS = 2000;
  var TYPING_SHOWN_MS = 4000;
  var MAX_BACKOFF_MS = 30000;

  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode: session only */ } },
    json: function (k, dflt) { try { return JSON.parse(store.get(k)) || dflt; } catch (e) { return dflt; } }
  };

  var state = {
    socket: null,
    open: false,          // welcome received on the current socket
    lastSeq: null,        // for resumeAfter on a reconnect within this page
    attempts: 0,
    reconnectTimer: null,
    conversationId: null,
    rendered: {},         // message id -> element
    pending: store.json(PENDING_KEY, []), // [{clientId, text}] not yet acknowledged
    pendingEls: {},       // clientId -> element
    lastTypingSent: 0,
    typingTimer: null,
    lastStatus: null,
    csat: {}             // conversation id -> its survey card (or true once answered)
  };
  var profile = store.json(PROFILE_KEY, {});
  if (attr("name")) { profile.name = attr("name"); }
  if (attr("email")) { profile.email = attr("email"); }

  // ---- DOM ----------------------------------------------------------------------------------------

  // A stylesheet, not an inline <style>: pages with a strict Content-Security-Policy (ours included)
  // refuse inline styles.
  var cssUrl = base.protocol + "//" + base.host + "/chat/widget.css";

  function el(tag, props, children) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") { e.textContent = props[k]; }
      else if (k === "className") { e.className = props[k]; }
      else { e.setAttribute(k, props[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }

  /** A paperclip drawn as SVG: no emoji font needed, no inline style. */
  function paperclip() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "1.8");
    path.setAttribute("stroke-linecap", "round");
    svg.appendChild(path);
    return svg;
  }

  var title = attr("title") || "Chat with support";
  var root = el("div", { className: "sbw-root", id: "sbw-root" });
  var panel = el("section", { className: "sbw-panel", id: "sbw-panel", role: "dialog", "aria-label": title });
  var conn = el("span", { className: "sbw-conn", id: "sbw-conn", role: "status", text: "Connecting…" });
  var closeBtn = el("button", { className: "sbw-close", type: "button", "aria-label": "Close chat", text: "×" });
  var log = el("div", { className: "sbw-log", id: "sbw-log", role: "log", "aria-live": "polite", tabindex: "0" });
  var typing = el("div", { className: "sbw-typing", id: "sbw-typing", "aria-live": "polite" });
  var queue = el("div", { className: "sbw-queue", id: "sbw-queue", role: "status", hidden: "" });
  var nameInput = el("input", { id: "sbw-name", type: "text", autocomplete: "name", maxlength: "100" });
  var emailInput = el("input", { id: "sbw-email", type: "email", autocomplete: "email", maxlength: "254" });
  var introSave = el("button", { type: "button", text: "Save" });
  var intro = el("div", { className: "sbw-intro", id: "sbw-intro" }, [
    el("label", { "for": "sbw-name", text: "Your name (optional)" }), nameInput,
    el("label", { "for": "sbw-email", text: "Email (optional, so we can follow up)" }), emailInput,
    introSave
  ]);
  var input = el("textarea", { id: "sbw-input", rows: "2", "aria-label": "Your message", placeholder: "Write a message…" });
  var sendBtn = el("button", { id: "sbw-send", type: "submit", text: "Send" });
  var fileInput = el("input", { id: "sbw-file", className: "sbw-file-input", type: "file", tabindex: "-1", "aria-hidden": "true" });
  var attachBtn = el("button", { id: "sbw-attach", className: "sbw-attach", type: "button", "aria-label": "Attach a file",
    title: "Attach a file" });
  attachBtn.appendChild(paperclip());
  var form = el("form", { className: "sbw-form", id: "sbw-form" }, [attachBtn, fileInput, input, sendBtn]);
  var launcher = el("button", { className: "sbw-launcher", id: "sbw-launcher", type: "button",
    "aria-expanded": "false", "aria-controls": "sbw-panel", text: title });

  panel.appendChild(el("header", { className: "sbw-head" }, [el("h2", { text: title }), conn, closeBtn]));
  panel.appendChild(queue);
  panel.appendChild(log);
  panel.appendChild(typing);
  if (!profile.name && !profile.email) { panel.appendChild(intro); }
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);

  function mount() {
    document.head.appendChild(el("link", { rel: "stylesheet", href: cssUrl }));
    document.body.appendChild(root);
    if (attr("open") === "true") { openPanel(false); }
  }

  function openPanel(focus) {
    root.classList.add("sbw-is-open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.textContent = "Hide chat";
    if (focus !== false) { input.focus(); }
    log.scrollTop = log.scrollHeight;
  }

  function closePanel() {
    root.classList.remove("sbw-is-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.textContent = title;
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (root.classList.contains("sbw-is-open")) { closePanel(); } else { openPanel(); }
  });
  closeBtn.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") { closePanel(); } });

  introSave.addEventListener("click", function () {
    profile = { name: nameInput.value.trim() || undefined, email: emailInput.value.trim() || undefined };
    store.set(PROFILE_KEY, JSON.stringify(profile));
    intro.remove();
    // The server learns the profile with hello; reconnect so it does now.
    if (state.socket) { state.socket.close(); }
    input.focus();
  });

  // ---- rendering ---------------------------------------------------------------------------------

  function time(iso) {
    var d = iso ? new Date(iso) : new Date();
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function firstPendingEl() {
    return log.querySelector(".sbw-msg[data-status='sending'],.sbw-msg[data-status='retrying']");
  }

  function addToLog(node) {
    if (node.classList.contains("sbw-msg") && intro.parentNode) { intro.remove(); } // the chat has begun
    var before = node.classList.contains("sbw-note") || node.dataset.status ? null : firstPendingEl();
    log.insertBefore(node, before);
    log.scrollTop = log.scrollHeight;
  }

  function note(text) {
    addToLog(el("p", { className: "sbw-note", text: text }));
  }

  function renderMessage(m) {
    if (state.rendered[m.id]) { return; }
    var own = m.direction === "in";
    var who = own ? "You" : (m.authorName || "Support");
    var meta = el("span", { className: "sbw-meta", text: who + " · " + time(m.createdAt) + (own ? " · ✓ sent" : "") });
    var node = el("div", { className: "sbw-msg " + (own ? "sbw-msg-in" : "sbw-msg-out"), "data-id": m.id });
    node.appendChild(el("span", { className: "sbw-sr", text: who + ": " }));
    if (m.text) { node.appendChild(document.createTextNode(m.text)); }
    (m.attachments || []).forEach(function (a) { node.appendChild(fileLink(a)); });
    node.appendChild(meta);
    state.rendered[m.id] = node;
    addToLog(node);
    if (!own) { typing.textContent = ""; }
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  /** A file of a message: its link is signed by the gateway and expires; a picture shows as a thumbnail. */
  function fileLink(a) {
    var link = el("a", { className: "sbw-file", href: a.url, target: "_blank", rel: "noopener noreferrer" });
    if (IMAGES.indexOf(a.contentType) >= 0) {
      var img = el("img", { className: "sbw-thumb", src: a.url, alt: a.filename });
      img.addEventListener("load", function () { log.scrollTop = log.scrollHeight; });
      link.appendChild(img);
    } else {
      link.textContent = a.filename + " (" + size(a.size) + ")";
    }
    return link;
  }

  function renderPending(p, status) {
    var node = state.pendingEls[p.clientId];
    if (!node) {
      node = el("div", { className: "sbw-msg sbw-msg-in", "data-client-id": p.clientId });
      node.appendChild(document.createTextNode(p.text));
      node.appendChild(el("span", { className: "sbw-meta" }));
      state.pendingEls[p.clientId] = node;
      node.dataset.status = status;
      addToLog(node);
    }
    node.dataset.status = status;
    node.querySelector(".sbw-meta").textContent = "You · " + (status === "sending" ? "sending…" : status === "failed" ? "not sent" : "waiting to send…");
  }

  // ---- protocol ----------------------------------------------------------------------------------

  function savePending() {
    store.set(PENDING_KEY, JSON.stringify(state.pending));
  }

  function frame(obj) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  function sendPending(p) {
    renderPending(p, state.open ? "sending" : "retrying");
    if (state.open) { frame({ type: "message", text: p.text, clientId: p.clientId }); }
  }

  function newClientId() {
    var a = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function send(text) {
    text = (text || "").trim();
    if (!text) { return; }
    var p = { clientId: newClientId(), text: text };
    state.pending.push(p);
    savePending();
    sendPending(p);
  }

  /** Posts a file with the visitor token; the answer (and the visitor's other tabs) show it as a message. */
  function upload(file) {
    var token = store.get(TOKEN_KEY);
    if (!token || !state.open) { note("Still connecting; attach the file again in a moment."); return; }
    var p = { clientId: newClientId(), text: file.name };
    renderPending(p, "sending");
    var node = state.pendingEls[p.clientId];
    delete state.pendingEls[p.clientId];
    fetch(uploadUrl + "?filename=" + encodeURIComponent(file.name) + "&clientId=" + p.clientId, {
      method: "POST",
      headers: { "Authorization": "Bearer " + token, "Content-Type": file.type || "application/octet-stream" },
      body: file
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (!res.ok) { throw new Error(res.body.message || "The file could not be sent."); }
      node.remove();
      state.conversationId = res.body.conversationId || state.conversationId;
      if (res.body.message) { renderMessage(res.body.message); }
    }).catch(function (e) {
      delete node.dataset.status;
      node.querySelector(".sbw-meta").textContent = "You · not sent";
      note(e && e.message && e.message !== "Failed to fetch" ? e.message : "The file could not be sent.");
    });
  }

  function onAck(f) {
    state.conversationId = f.conversationId || state.conversationId;
    state.pending = state.pending.filter(function (p) { return p.clientId !== f.clientId; });
    savePending();
    var node = state.pendingEls[f.clientId];
    delete state.pendingEls[f.clientId];
    if (!node) { return; }
    if (state.rendered[f.messageId]) { node.remove(); return; } // already shown via history
    delete node.dataset.status;
    node.setAttribute("data-id", f.messageId);
    node.querySelector(".sbw-meta").textContent = "You · " + time() + " · ✓ sent";
    state.rendered[f.messageId] = node;
  }

  // A reopen link from a forwarded e-mail or text (?reopen=…) opens that chat here, once.
  var reopen = (function () {
    try { return new URLSearchParams(window.location.search).get("reopen"); } catch (e) { return null; }
  })();

  function sendHello(ws) {
    var hello = { type: "hello" };
    var token = store.get(TOKEN_KEY);
    if (token) { hello.visitorToken = token; }
    if (reopen) { hello.reopen = reopen; }
    if (profile.name) { hello.name = profile.name; }
    if (profile.email) { hello.email = profile.email; }
    if (state.lastSeq !== null && !reopen) { hello.resumeAfter = state.lastSeq; }
    ws.send(JSON.stringify(hello));
  }

  function forgetReopen() {
    reopen = null;
    try {
      var u = new URL(window.location.href);
      u.searchParams.delete("reopen");
      window.history.replaceState(null, "", u.toString());
    } catch (e) { /* an old browser keeps the address as it is */ }
  }

  function onError(f) {
    if (f.code === "reopen_expired" || f.code === "reopen_invalid") {
      forgetReopen();
      note(f.message);
      if (state.socket) { sendHello(state.socket); } // the same socket still waits for hello
      return;
    }
    var p = f.clientId && state.pending.filter(function (x) { return x.clientId === f.clientId; })[0];
    if (p && (f.code === "rate_limited" || f.code === "not_stored" || f.code === "hello_required")) {
      renderPending(p, "retrying");
      setTimeout(function () { sendPending(p); }, f.code === "rate_limited" ? 5000 : 2000);
      return;
    }
    if (p) {
      state.pending = state.pending.filter(function (x) { return x !== p; });
      savePending();
      renderPending(p, "failed");
    }
    if (f.code === "bad_token") { store.set(TOKEN_KEY, ""); }
    note(f.message || "Something went wrong.");
  }

  // "about 4 minutes", "about 2 hours": the server rounds the ETA up already.
  function aboutTime(seconds) {
    var minutes = Math.max(1, Math.ceil(seconds / 60));
    if (minutes < 90) { return "about " + minutes + (minutes === 1 ? " minute" : " minutes"); }
    var hours = Math.round(minutes / 60);
    return "about " + hours + " hours";
  }

  function showQueue(f) {
    if (f.conversationId && state.conversationId && f.conversationId !== state.conversationId) { return; }
    var text = "You are number " + f.position + " in line";
    queue.textContent = typeof f.etaSeconds === "number" ? text + ", " + aboutTime(f.etaSeconds) + "." : text + ".";
    queue.hidden = false;
  }

  function hideQueue() {
    queue.hidden = true;
    queue.textContent = "";
  }

  function onConversationUpdated(c) {
    if (c.status !== "queued") { hideQueue(); }
    var key = c.status + "/" + (c.agentName || "");
    if (key === state.lastStatus) { return; }
    state.lastStatus = key;
    if (c.status === "assigned" && c.agentName) { note(c.agentName + " joined the conversation."); }
    if (c.status === "resolved") { note("This conversation was marked resolved. Write again any time if you need more help."); }
  }

  // A satisfaction survey: five buttons and an optional comment, one card per conversation; sent once.
  function showCsat(f) {
    if (state.csat[f.conversationId]) { return; }
    var card = el("form", { className: "sbw-csat", "data-conversation": f.conversationId });
    card.appendChild(el("p", { className: "sbw-csat-q", text: f.question || "How satisfied are you with our help?" }));
    var scores = el("div", { className: "sbw-csat-scores", role: "radiogroup" });
    var chosen = 0;
    [1, 2, 3, 4, 5].forEach(function (n) {
      var b = el("button", { type: "button", className: "sbw-csat-score", text: String(n), "data-score": String(n),
        "aria-label": n + " of 5" });
      b.setAttribute("aria-pressed", "false");
      b.addEventListener("click", function () {
        chosen = n;
        Array.prototype.forEach.call(scores.children, function (x) {
          x.setAttribute("aria-pressed", x === b ? "true" : "false");
        });
        submit.disabled = false;
      });
      scores.appendChild(b);
    });
    card.appendChild(scores);
    var comment = el("textarea", { className: "sbw-csat-comment", placeholder: "Anything to add? (optional)",
      maxLength: 2000, "aria-label": "Comment" });
    card.appendChild(comment);
    var submit = el("button", { type: "submit", className: "sbw-csat-send", text: "Send" });
    submit.disabled = true;
    card.appendChild(submit);
    card.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!chosen) { return; }
      submit.disabled = true;
      var answer = { type: "csat", conversationId: f.conversationId, score: chosen };
      if (comment.value.trim()) { answer.comment = comment.value.trim(); }
      frame(answer);
    });
    state.csat[f.conversationId] = card;
    addToLog(card);
  }

  function onCsatDone(conversationId, text) {
    var card = state.csat[conversationId];
    if (card) {
      card.replaceChildren(el("p", { className: "sbw-csat-thanks", text: text }));
    }
    state.csat[conversationId] = card || true;
  }

  function onFrame(f) {
    if (typeof f.seq === "number") { state.lastSeq = f.seq; }
    switch (f.type) {
      case "welcome":
        state.open = true;
        state.attempts = 0;
        state.conversationId = f.conversationId;
        store.set(TOKEN_KEY, f.visitorToken);
        if (reopen) { forgetReopen(); }
        conn.textContent = "Online";
        if (f.conversationStatus === "resolved") { state.lastStatus = "resolved/"; }
        if (f.conversationStatus !== "queued") { hideQueue(); } // else the server sends the place at once
        state.pending.forEach(sendPending); // resends dedupe on the server by clientId
        break;
      case "message":
        if (f.message) { renderMessage(f.message); }
        break;
      case "ack":
        onAck(f);
        break;
      case "typing":
        typing.textContent = "Support is typing…";
        clearTimeout(state.typingTimer);
        state.typingTimer = setTimeout(function () { typing.textContent = ""; }, TYPING_SHOWN_MS);
        break;
      case "queue":
        if (typeof f.position === "number") { showQueue(f); }
        break;
      case "conversation_updated":
        if (f.conversation) { onConversationUpdated(f.conversation); }
        break;
      case "csat_request":
        if (f.conversationId) { showCsat(f); }
        break;
      case "csat_recorded":
        onCsatDone(f.conversationId, "Thank you for your feedback!");
        break;
      case "error":
        if (f.code === "csat_answered" || f.code === "csat_expired" || f.code === "csat_not_asked") {
          Object.keys(state.csat).forEach(function (id) { onCsatDone(id, f.message); });
          break;
        }
        onError(f);
        break;
      default:
        break; // frames added later are ignored
    }
  }

  function connect() {
    clearTimeout(state.reconnectTimer);
    var ws;
    try {
      ws = new WebSocket(wsUrl);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    state.socket = ws;
    state.open = false;
    conn.textContent = state.attempts ? "Reconnecting…" : "Connecting…";
    ws.onopen = function () { sendHello(ws); };
    ws.onmessage = function (e) {
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      onFrame(f);
    };
    ws.onclose = function () {
      if (state.socket !== ws) { return; }
      state.open = false;
      state.pending.forEach(function (p) { renderPending(p, "retrying"); });
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    state.attempts++;
    var delay = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, state.attempts - 1));
    delay = delay / 2 + Math.random() * delay / 2; // jitter, so a restarted server is not stormed
    conn.textContent = "Offline, retrying in " + Math.ceil(delay / 1000) + " s";
    state.reconnectTimer = setTimeout(connect, delay);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    send(input.value);
    input.value = "";
    input.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  attachBtn.addEventListener("click", function () { fileInput.click(); });
  fileInput.addEventListener("change", function () {
    Array.prototype.forEach.call(fileInput.files, upload);
    fileInput.value = "";
  });
  input.addEventListener("input", function () {
    var now = Date.now();
    if (state.open && now - state.lastTypingSent > TYPING_EVERY_MS) {
      state.lastTypingSent = now;
      frame({ type: "typing" });
    }
  });

  window.SwitchboardChat = {
    open: openPanel,
    close: closePanel,
    send: send
  };

  state.pending.forEach(function (p) { renderPending(p, "retrying"); });
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
  connect();
})();
