/*
 * Switchboard agent console. Plain JavaScript over the agent desk websocket /agent/ws (frames in
 * docs/agent-protocol.md). The token stays in sessionStorage: closing the tab signs out.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "switchboard.agent.token";
  var MAX_BACKOFF_MS = 30000;
  var SLA_SOON_MS = 5 * 60 * 1000;
  var DEFAULT_TIERS = ["vip", "standard", "basic"];

  var $ = function (id) { return document.getElementById(id); };
  var canned = null; // the "/" picker of canned-replies.js, made once the page's elements exist

  var state = {
    token: null,
    socket: null,
    authed: false,
    lastSeq: null,
    attempts: 0,
    agent: null,             // {id, name, presence}
    presence: "away",
    offers: {},              // conversationId -> offer frame
    conversations: {},       // conversationId -> conversation
    messages: {},            // conversationId -> [message]
    contacts: {},            // conversationId -> contact
    others: {},              // conversationId -> [conversation]
    unread: {},              // conversationId -> true
    pending: {},             // clientId -> {conversationId, text, direction}
    current: null,           // open conversationId
    viewing: null,           // a read-only conversation from the profile list
    tiers: DEFAULT_TIERS.slice(),
    agents: [],
    typingTimer: null,
    lastTypingSent: 0,
    closedByUs: false
  };

  // ---- small helpers -----------------------------------------------------------------------------

  function el(tag, props, children) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined) { return; }
      if (k === "text") { e.textContent = v; }
      else if (k === "className") { e.className = v; }
      else if (k.indexOf("on") === 0) { e.addEventListener(k.substring(2), v); }
      else { e.setAttribute(k, v); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return e;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function idOf(x) { return x && typeof x === "object" ? (x.value || x.id) : x; }

  function key(x) { return typeof x === "string" ? x.toLowerCase() : x; }

  function clock(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso);
    var today = new Date();
    return d.toDateString() === today.toDateString()
      ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  function span(ms) {
    var s = Math.max(0, Math.round(Math.abs(ms) / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
  }

  function toast(text) {
    var t = $("toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 5000);
  }

  function contactName(contact, fallback) {
    if (!contact) { return fallback || "Customer"; }
    if (contact.name) { return contact.name; }
    var ids = contact.identities || [];
    var first = ids.filter(function (i) { return key(i.kind) !== "chat_visitor"; })[0];
    if (first) { return first.value; }
    if (contact.attributes && contact.attributes.claimedEmail) { return contact.attributes.claimedEmail + " (unverified)"; }
    return ids.length ? "Chat visitor" : (fallback || "Customer");
  }

  function clientId() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // ---- connection --------------------------------------------------------------------------------

  function wsUrl() {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/agent/ws";
  }

  function send(frame) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(frame));
      return true;
    }
    toast("Not connected; the action was not sent.");
    return false;
  }

  function connect() {
    clearTimeout(connect.timer);
    var ws = new WebSocket(wsUrl());
    state.socket = ws;
    state.authed = false;
    $("connection").textContent = state.attempts ? "Reconnecting…" : "Connecting…";
    ws.onopen = function () {
      var auth = { type: "auth", token: state.token };
      if (state.lastSeq !== null) { auth.resumeAfter = state.lastSeq; }
      ws.send(JSON.stringify(auth));
    };
    ws.onmessage = function (e) {
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      if (typeof f.seq === "number") { state.lastSeq = f.seq; }
      handle(f);
    };
    ws.onclose = function (e) {
      if (state.socket !== ws) { return; }
      state.authed = false;
      if (state.closedByUs) { return; }
      if (e.code === 4401 || e.code === 4403 || (!state.agent && e.code === 1008)) {
        signOut("The token was not accepted.");
        return;
      }
      state.attempts++;
      var delay = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, state.attempts - 1));
      delay = delay / 2 + Math.random() * delay / 2;
      $("connection").textContent = "Offline, retrying in " + Math.ceil(delay / 1000) + " s";
      connect.timer = setTimeout(connect, delay);
    };
  }

  // ---- frames ------------------------------------------------------------------------------------

  function handle(f) {
    switch (f.type) {
      case "ready": return onReady(f);
      case "offer": return onOffer(f);
      case "offer_revoked": delete state.offers[idOf(f.conversationId)]; return renderOffers();
      case "assigned": return onAssigned(f);
      case "history": return onHistory(f);
      case "message": return onMessage(f);
      case "delivery": return onDelivery(f);
      case "ack": return onAck(f);
      case "typing": return onTyping(f);
      case "conversation_updated": return onConversationUpdated(f.conversation || f);
      case "presence": if (f.status) { setPresence(f.status); } return;
      case "sla_warning": return onSlaWarning(f);
      case "canned_replies": return canned.setReplies(f.cannedReplies);
      case "canned_reply_expanded": return canned.onExpanded(f);
      case "error": return onError(f);
      default: return; // frames added later are ignored
    }
  }

  // Supervisors only: conversations about to miss their first-response target, newest first, at most 50.
  function onSlaWarning(f) {
    var id = idOf(f.conversationId);
    var ul = $("sla-warnings");
    var old = ul.querySelector('[data-conversation-id="' + id + '"]');
    if (old) { ul.removeChild(old); }
    var who = f.state === "assigned" ? "held by " + f.assignee : "waiting";
    ul.insertBefore(el("li", { className: "sla-warning", "data-conversation-id": id }, [
      el("span", { className: "badge tier-" + (f.tier || ""), text: f.tier || "" }), " ",
      el("span", { className: "badge channel", text: key(f.channel) || "" }), " ",
      el("span", { text: who + ", " + f.percent + "% of target used, due " + clock(f.dueAt) })
    ]), ul.firstChild);
    while (ul.children.length > 50) { ul.removeChild(ul.lastChild); }
    $("warning-count").textContent = String(ul.children.length);
    $("sla-warnings-section").hidden = false;
  }

  function onReady(f) {
    state.authed = true;
    state.attempts = 0;
    var agent = typeof f.agent === "string" ? { id: f.agent } : (f.agent || {});
    state.agent = agent;
    $("agent-name").textContent = agent.name || agent.id || "";
    $("connection").textContent = "Connected";
    if (agent.presence || agent.status || f.presence) { setPresence(agent.presence || agent.status || f.presence); }
    if (Array.isArray(f.tiers) && f.tiers.length) {
      state.tiers = f.tiers.map(function (t) { return typeof t === "string" ? t : t.name; });
    }
    if (Array.isArray(f.agents)) { state.agents = f.agents; }
    canned.setReplies(f.cannedReplies);
    showDesk();
    // A fresh ready is the whole truth: forget what was held before the reconnect.
    state.conversations = {};
    state.offers = {};
    (f.conversations || []).forEach(function (c) { absorbConversation(c, true); });
    (f.offers || []).forEach(onOffer);
    renderConversations();
    renderOffers();
    // ready lists conversations bare; their history brings the contact and the messages.
    Object.keys(state.conversations).forEach(function (id) { send({ type: "history", conversationId: id }); });
    if (state.current && !state.conversations[state.current]) { closeThread(); }
  }

  function onOffer(f) {
    var id = idOf(f.conversationId || (f.conversation && f.conversation.id));
    if (!id) { return; }
    f.conversationId = id;
    f.receivedAt = Date.now();
    state.offers[id] = f;
    if (f.tier && state.tiers.indexOf(f.tier) < 0) { state.tiers.push(f.tier); }
    renderOffers();
  }

  /**
   * Takes in a conversation with whatever came with it (messages, contact, the contact's other
   * conversations). Only conversations the agent holds go into "My conversations".
   */
  function absorbConversation(c, mine) {
    if (!c) { return null; }
    var conv = c.conversation && c.conversation.id ? c.conversation : c;
    var id = idOf(conv.id || c.conversationId);
    if (mine) { state.conversations[id] = conv; }
    if (Array.isArray(c.messages)) { state.messages[id] = c.messages.slice(); }
    if (c.contact) { state.contacts[id] = c.contact; }
    var others = c.otherConversations || c.contactConversations;
    if (Array.isArray(others)) { state.others[id] = others; }
    if (conv.tier && state.tiers.indexOf(conv.tier) < 0) { state.tiers.push(conv.tier); }
    return id;
  }

  function onAssigned(f) {
    var id = absorbConversation(f, true);
    delete state.offers[id];
    renderOffers();
    renderConversations();
    if (!state.current || state.current === id) { open(id); }
  }

  function onHistory(f) {
    var id = absorbConversation(f, false);
    if (state.conversations[id] && f.conversation) { Object.assign(state.conversations[id], f.conversation); }
    renderConversations();
    if (id === state.current || id === state.viewing) { renderThread(); }
  }

  function onMessage(f) {
    var m = f.message || f;
    var id = idOf(f.conversationId || m.conversationId);
    var list = state.messages[id] || (state.messages[id] = []);
    var mid = idOf(m.id);
    var existing = list.filter(function (x) { return idOf(x.id) === mid; })[0];
    if (existing) { Object.assign(existing, m); }
    else { list.push(m); }
    // Our own reply echoed before its ack: drop the pending twin.
    Object.keys(state.pending).forEach(function (cid) {
      if (state.pending[cid].messageId === mid) { delete state.pending[cid]; }
    });
    if (id !== state.current && key(m.direction) === "in") { state.unread[id] = true; }
    if (key(m.direction) === "in" && id === state.current) { $("customer-typing").textContent = ""; }
    renderConversations();
    if (id === state.current || id === state.viewing) { renderThread(); }
  }

  function onAck(f) {
    var p = state.pending[f.clientId];
    if (!p) { return; }
    p.messageId = idOf(f.messageId);
    var list = state.messages[p.conversationId] || (state.messages[p.conversationId] = []);
    if (!list.some(function (x) { return idOf(x.id) === p.messageId; })) {
      list.push({ id: p.messageId, conversationId: p.conversationId, direction: p.direction, text: p.text,
        author: state.agent && state.agent.id, delivery: p.direction === "note" ? null : "queued",
        createdAt: new Date().toISOString() });
    }
    delete state.pending[f.clientId];
    if (p.conversationId === state.current) { renderThread(); }
  }

  function onDelivery(f) {
    var mid = idOf(f.messageId);
    Object.keys(state.messages).forEach(function (cid) {
      state.messages[cid].forEach(function (m) {
        if (idOf(m.id) === mid) {
          m.delivery = f.status;
          m.deliveryDetail = f.detail || m.deliveryDetail;
          if (cid === state.current) { renderThread(); }
        }
      });
    });
  }

  function onTyping(f) {
    if (idOf(f.conversationId) !== state.current) { return; }
    var t = $("customer-typing");
    t.textContent = contactName(state.contacts[state.current], "The customer") + " is typing…";
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(function () { t.textContent = ""; }, 4000);
  }

  function onConversationUpdated(c) {
    var id = idOf(c.id);
    var mine = state.agent && (c.assignee === state.agent.id);
    var prev = state.conversations[id];
    if (!mine && key(c.status) !== "resolved" && prev) {
      delete state.conversations[id]; // transferred away or requeued
      if (state.current === id) { closeThread(); }
      toast("Conversation " + (c.ref || id) + " left your list.");
    } else if (key(c.status) === "resolved") {
      if (prev) { delete state.conversations[id]; }
      if (state.current === id) { closeThread(); toast("Resolved."); }
    } else if (mine) {
      state.conversations[id] = Object.assign(prev || {}, c);
    }
    delete state.offers[id];
    renderOffers();
    renderConversations();
    if (state.current === id) { renderThread(); }
  }

  function onError(f) {
    if (!state.authed && (f.code === "unauthorized" || f.code === "forbidden" || f.code === "bad_token" || f.code === "auth_failed")) {
      signOut(f.message || "The token was not accepted.");
      return;
    }
    if (f.clientId && state.pending[f.clientId]) {
      var p = state.pending[f.clientId];
      delete state.pending[f.clientId];
      if (p.conversationId === state.current) {
        $("composer-text").value = p.text;
        renderThread();
      }
    }
    toast(f.message || f.code || "Something went wrong.");
  }

  // ---- actions -----------------------------------------------------------------------------------

  function setPresence(status) {
    state.presence = key(status) === "available" ? "available" : "away";
    var b = $("presence-toggle");
    b.setAttribute("aria-pressed", String(state.presence === "available"));
    b.textContent = state.presence === "available" ? "Available" : "Away";
    b.title = state.presence === "available" ? "You get offers. Click to go away." : "You get no offers. Click to become available.";
  }

  function togglePresence() {
    var next = state.presence === "available" ? "away" : "available";
    if (send({ type: "presence", status: next })) { setPresence(next); }
  }

  function accept(id) { send({ type: "accept", conversationId: id }); }

  function decline(id) {
    if (send({ type: "decline", conversationId: id })) { delete state.offers[id]; renderOffers(); }
  }

  function post(direction) {
    var box = $("composer-text");
    var text = box.value.trim();
    if (!text || !state.current) { return; }
    var cid = clientId();
    var type = direction === "note" ? "note" : "reply";
    if (send({ type: type, conversationId: state.current, text: text, clientId: cid })) {
      state.pending[cid] = { conversationId: state.current, text: text, direction: direction === "note" ? "note" : "out" };
      box.value = "";
      renderThread();
    }
    box.focus();
  }

  function transfer() {
    var v = $("transfer-to").value;
    if (!v || !state.current) { return; }
    var frame = { type: "transfer", conversationId: state.current };
    if (v.indexOf("tier:") === 0) { frame.toTier = v.substring(5); }
    else if (v === "agent:?") {
      var who = window.prompt("Transfer to which agent id?");
      if (!who) { return; }
      frame.toAgent = who.trim();
    } else { frame.toAgent = v.substring(6); }
    send(frame);
  }

  function resolve() {
    if (state.current) { send({ type: "resolve", conversationId: state.current }); }
  }

  // ---- rendering ---------------------------------------------------------------------------------

  function showDesk() {
    $("login").hidden = true;
    $("desk").hidden = false;
    $("session-bar").hidden = false;
  }

  function renderOffers() {
    var ul = $("offers");
    clear(ul);
    var ids = Object.keys(state.offers);
    ids.forEach(function (id) {
      var o = state.offers[id];
      var who = contactName(o.contact, "New customer");
      var channel = key(o.channel) || "";
      ul.appendChild(el("li", { className: "offer", "data-conversation-id": id }, [
        el("div", { className: "offer-head" }, [
          el("span", { text: who }),
          el("span", {}, [el("span", { className: "badge channel", text: channel }), " ",
            el("span", { className: "badge tier-" + (o.tier || ""), text: o.tier || "" })])
        ]),
        el("p", { className: "offer-preview small", text: o.preview || "" }),
        el("div", { className: "offer-actions" }, [
          el("button", { type: "button", className: "primary offer-accept", "aria-label": "Accept conversation with " + who,
            onclick: function () { accept(id); }, text: "Accept" }),
          el("button", { type: "button", className: "offer-decline", "aria-label": "Decline conversation with " + who,
            onclick: function () { decline(id); }, text: "Decline" }),
          el("span", { className: "countdown", "data-expires": o.expiresAt || "" })
        ])
      ]));
    });
    $("offer-count").textContent = String(ids.length);
    $("no-offers").hidden = ids.length > 0;
    tick();
  }

  function slaDue(c) {
    return c.firstRespondedAt ? c.nextResponseDue : c.firstResponseDue;
  }

  function renderConversations() {
    var ul = $("conversations");
    clear(ul);
    var list = Object.keys(state.conversations).map(function (id) { return state.conversations[id]; });
    list.sort(function (a, b) {
      var da = slaDue(a) ? Date.parse(slaDue(a)) : Infinity, db = slaDue(b) ? Date.parse(slaDue(b)) : Infinity;
      return da - db;
    });
    list.forEach(function (c) {
      var id = idOf(c.id);
      var contact = state.contacts[id];
      var name = contactName(contact, c.subject || "Conversation " + (c.ref || ""));
      ul.appendChild(el("li", {}, [el("button", {
        type: "button", className: "conv-item", "data-conversation-id": id,
        "aria-current": String(id === state.current), onclick: function () { open(id); }
      }, [
        el("span", { className: "conv-line" }, [el("span", { className: "conv-name", text: name }),
          state.unread[id] ? el("span", { className: "unread", title: "New message", "aria-label": "new message" }) : null]),
        el("span", { className: "conv-line" }, [
          el("span", {}, [el("span", { className: "badge channel", text: key(c.channel) }), " ",
            el("span", { className: "badge tier-" + (c.tier || ""), text: c.tier || "untiered" })]),
          el("span", { className: "sla", "data-due": slaDue(c) || "" })
        ])
      ])]));
    });
    $("mine-count").textContent = String(list.length);
    tick();
  }

  function open(id) {
    state.current = id;
    state.viewing = null;
    delete state.unread[id];
    if (!state.messages[id]) { send({ type: "history", conversationId: id }); }
    renderConversations();
    renderThread();
    $("composer-text").focus();
  }

  function view(id) {
    state.viewing = id;
    send({ type: "history", conversationId: id });
    renderThread();
  }

  function closeThread() {
    state.current = null;
    state.viewing = null;
    renderThread();
  }

  function renderThread() {
    var id = state.viewing || state.current;
    var c = id && (state.conversations[id] || findOther(id));
    $("thread-empty").hidden = !!c;
    $("thread-view").hidden = !c;
    if (!c) { renderProfile(null); return; }
    var readOnly = !!state.viewing && state.viewing !== state.current;
    var contact = state.contacts[state.current] || state.contacts[id];
    $("thread-title").textContent = contactName(contact, "Conversation") + (c.subject ? " — " + c.subject : "");
    $("thread-meta").textContent = [key(c.channel), c.tier ? "tier " + c.tier : null, key(c.status), c.ref ? "ref " + c.ref : null,
      readOnly ? "read only" : null].filter(Boolean).join(" · ");
    $("composer").hidden = readOnly;
    $("resolve").disabled = readOnly;
    $("transfer").disabled = readOnly;
    $("composer-hint").textContent = key(c.channel) === "email" ? "Sent as an e-mail reply in the same thread."
      : key(c.channel) === "sms" ? "Sent as SMS; long replies are split into several messages." : "";
    renderTransferOptions();

    var ol = $("messages");
    clear(ol);
    (state.messages[id] || []).forEach(function (m) { ol.appendChild(messageItem(m, contact)); });
    Object.keys(state.pending).forEach(function (cid) {
      var p = state.pending[cid];
      if (p.conversationId === id) {
        ol.appendChild(messageItem({ direction: p.direction, text: p.text, delivery: "sending", pending: true }, contact));
      }
    });
    ol.scrollTop = ol.scrollHeight;
    renderProfile(contact, state.others[state.current] || state.others[id]);
  }

  function messageItem(m, contact) {
    var dir = key(m.direction) || "in";
    var who = dir === "in" ? contactName(contact, "Customer") : (m.author === (state.agent && state.agent.id) ? "You" : (m.author || "Agent"));
    var meta = [el("span", { text: who }), el("span", { text: m.pending ? "" : clock(m.createdAt) })];
    if (dir === "note") { meta.push(el("span", { text: "internal note" })); }
    if (dir === "out") {
      var d = key(m.delivery) || "queued";
      meta.push(el("span", { className: "delivery " + d, "data-status": d, title: m.deliveryDetail || "",
        text: { sending: "sending…", queued: "queued", pending: "waiting to retry", sent: "sent ✓", delivered: "delivered ✓✓", failed: "failed", dead: "not delivered" }[d] || d }));
    }
    return el("li", { className: "msg " + dir, "data-id": m.id ? idOf(m.id) : null, "data-delivery": dir === "out" ? (key(m.delivery) || "queued") : null }, [
      el("div", { className: "msg-meta" }, meta),
      el("div", { className: "msg-text", text: m.text || (m.html ? "(formatted message)" : "") })
    ]);
  }

  function findOther(id) {
    var found = null;
    Object.keys(state.others).forEach(function (k) {
      (state.others[k] || []).forEach(function (c) { if (idOf(c.id) === id) { found = c; } });
    });
    return found;
  }

  function renderTransferOptions() {
    var sel = $("transfer-to");
    var before = sel.value;
    clear(sel);
    sel.appendChild(el("option", { value: "", text: "Transfer to…" }));
    var tiers = el("optgroup", { label: "Back to the queue, tier" });
    state.tiers.forEach(function (t) { tiers.appendChild(el("option", { value: "tier:" + t, text: t })); });
    sel.appendChild(tiers);
    var agents = el("optgroup", { label: "Agent" });
    state.agents.forEach(function (a) {
      var id = typeof a === "string" ? a : a.id;
      if (!state.agent || id !== state.agent.id) {
        agents.appendChild(el("option", { value: "agent:" + id, text: (a.name || id) }));
      }
    });
    agents.appendChild(el("option", { value: "agent:?", text: "Another agent (type id)…" }));
    sel.appendChild(agents);
    sel.value = before;
  }

  function renderProfile(contact, others) {
    var body = $("profile-body");
    clear(body);
    body.className = contact ? "" : "muted small";
    if (!contact) {
      body.textContent = "Nothing selected.";
      clear($("other-conversations"));
      return;
    }
    body.appendChild(el("p", { className: "contact-name" }, [el("strong", { text: contactName(contact) })]));
    var dl = el("dl");
    (contact.identities || []).forEach(function (i) {
      var kind = key(i.kind);
      var label = { email: "E-mail", phone: "Phone", chat_visitor: "Chat visitor" }[kind] || kind;
      var value = kind === "chat_visitor" ? String(i.value).slice(0, 10) + "…" : i.value;
      dl.appendChild(el("dt", { text: label }));
      dl.appendChild(el("dd", { text: value, title: kind === "chat_visitor" ? "anonymous visitor id" : null }));
    });
    var attrs = contact.attributes || {};
    Object.keys(attrs).sort().forEach(function (k) {
      if (k === "claimedEmail") {
        dl.appendChild(el("dt", { text: "E-mail (claimed)" }));
        dl.appendChild(el("dd", { className: "claimed-email" }, [attrs[k],
          el("span", { className: "unverified", title: "Typed by the visitor in the chat; not verified", text: "unverified" })]));
      } else {
        dl.appendChild(el("dt", { text: k }));
        dl.appendChild(el("dd", { text: attrs[k] }));
      }
    });
    body.appendChild(dl);

    var ul = $("other-conversations");
    clear(ul);
    (others || []).forEach(function (c) {
      var id = idOf(c.id);
      var label = key(c.channel) + " · " + key(c.status) + " · " + clock(c.updatedAt || c.createdAt)
        + (c.subject ? " · " + c.subject : "");
      ul.appendChild(el("li", { "data-conversation-id": id }, [
        id === state.current ? el("span", { text: label + " (this one)" })
          : el("button", { type: "button", onclick: function () { view(id); }, text: label })
      ]));
    });
    if (!others || !others.length) { ul.appendChild(el("li", { className: "muted", text: "No other conversations." })); }
  }

  /** Once a second: offer countdowns and SLA countdowns. */
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-expires]").forEach(function (n) {
      var at = Date.parse(n.getAttribute("data-expires"));
      if (isNaN(at)) { n.textContent = ""; return; }
      var left = at - now;
      n.textContent = left > 0 ? "expires in " + Math.ceil(left / 1000) + " s" : "expired";
    });
    document.querySelectorAll(".sla[data-due]").forEach(function (n) {
      var due = Date.parse(n.getAttribute("data-due"));
      if (isNaN(due)) { n.textContent = "no reply owed"; n.className = "sla"; return; }
      var left = due - now;
      n.textContent = left >= 0 ? "reply due in " + span(left) : "overdue by " + span(left);
      n.className = "sla" + (left < 0 ? " overdue" : left < SLA_SOON_MS ? " soon" : "");
    });
  }

  // ---- sign in / out -----------------------------------------------------------------------------

  function signIn(token) {
    state.token = token;
    state.closedByUs = false;
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode */ }
    connect();
  }

  function signOut(message) {
    state.closedByUs = true;
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* ignore */ }
    if (state.socket) { state.socket.close(); }
    location.hash = "";
    $("desk").hidden = true;
    $("session-bar").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("login-token").focus();
  }

  $("login-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var token = $("login-token").value.trim();
    if (!token) { return; }
    $("login-error").textContent = "";
    $("login-token").value = "";
    signIn(token);
  });
  $("sign-out").addEventListener("click", function () { signOut(""); location.reload(); });
  $("presence-toggle").addEventListener("click", togglePresence);
  $("composer").addEventListener("submit", function (e) { e.preventDefault(); post("reply"); });
  $("send-note").addEventListener("click", function () { post("note"); });
  $("resolve").addEventListener("click", resolve);
  $("transfer").addEventListener("click", transfer);
  $("composer-text").addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); post("reply"); }
  });
  $("composer-text").addEventListener("input", function () {
    var now = Date.now();
    if (state.current && state.authed && now - state.lastTypingSent > 2000) {
      state.lastTypingSent = now;
      send({ type: "typing", conversationId: state.current });
    }
  });

  canned = window.SwitchboardCannedReplies({
    box: $("composer-text"),
    list: $("canned-replies"),
    send: send,
    current: function () {
      var c = state.current && state.conversations[state.current];
      return c ? { id: state.current, tier: c.tier, channel: c.channel } : null;
    }
  });
  setInterval(tick, 1000);
  var saved = null;
  try { saved = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* ignore */ }
  if (saved) { signIn(saved); } else { $("login-token").focus(); }
})();
