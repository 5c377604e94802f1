/* The open conversation: its head, messages, composer hint, transfer menu, and the contact beside it. */
import { $, el, clear } from "./dom.js";
import { clock, contactName } from "./format.js";
import { shownConversation } from "./state.js";
import { renderTags } from "./view-tags.js";
import { transferTargets } from "./team.js";
import { attachmentList } from "./view-attachments.js";

const DELIVERY_LABELS = {
  sending: "sending…", queued: "queued", pending: "waiting to retry", sent: "sent ✓", delivered: "delivered ✓✓",
  failed: "failed", dead: "not delivered"
};

export function renderThread(state, actions) {
  const id = state.viewing || state.current;
  const c = shownConversation(state);
  $("thread-empty").hidden = !!c;
  $("thread-view").hidden = !c;
  if (!c) { renderProfile(state, null, null, actions); return; }
  const readOnly = !!state.viewing && state.viewing !== state.current;
  const contact = state.contacts[id] || state.contacts[state.current];
  $("thread-title").textContent = contactName(contact, "Conversation") + (c.subject ? " — " + c.subject : "");
  $("thread-meta").textContent = [c.channel, c.tier ? "tier " + c.tier : null, c.status, c.ref ? "ref " + c.ref : null,
    csatLine((state.csat || {})[id]), readOnly ? "read only" : null].filter(Boolean).join(" · ");
  renderTags(c, !readOnly, actions);
  $("composer").hidden = readOnly;
  $("resolve").disabled = readOnly;
  $("transfer").disabled = readOnly;
  $("composer-hint").textContent = c.channel === "email" ? "Sent as an e-mail reply in the same thread."
    : c.channel === "sms" ? "Sent as SMS; long replies are split into several messages." : "";
  renderTransferOptions(state, c);
  renderTyping(state, Date.now());

  const ol = $("messages");
  clear(ol);
  for (const m of state.messages[id] || []) { ol.appendChild(messageItem(state, m, contact, actions)); }
  for (const p of Object.values(state.pending)) {
    if (p.conversationId === id) {
      ol.appendChild(messageItem(state, { direction: p.direction, text: p.text, delivery: "sending", pending: true,
        attachments: p.files }, contact, actions));
    }
  }
  ol.scrollTop = ol.scrollHeight;
  renderProfile(state, contact, state.others[id] || state.others[state.current], actions);
}

/** The latest answered satisfaction survey of the conversation, as "CSAT 4/5 “comment”", or null. */
export function csatLine(surveys) {
  const answered = (surveys || []).filter((x) => typeof x.score === "number");
  if (answered.length === 0) { return null; }
  const last = answered[answered.length - 1];
  return "CSAT " + last.score + "/5" + (last.comment ? " “" + last.comment + "”" : "");
}

/** How long "is typing…" stays after the customer's last typing frame. */
const TYPING_SHOWN_MS = 4000;

/** The customer's "is typing…" line; the console calls it every second, so it goes away by itself. */
export function renderTyping(state, now) {
  const t = state.typing;
  const contact = state.contacts[state.current];
  $("customer-typing").textContent = t && t.conversationId === state.current && now - t.at < TYPING_SHOWN_MS
    ? contactName(contact, "The customer") + " is typing…" : "";
}

function messageItem(state, m, contact, actions) {
  const dir = m.direction || "in";
  const me = state.agent && state.agent.id;
  const who = dir === "in" ? contactName(contact, "Customer") : (m.author === me ? "You" : (m.author || "Agent"));
  const meta = [el("span", { text: who }), el("span", { text: m.pending ? "" : clock(m.createdAt) })];
  if (dir === "note") { meta.push(el("span", { text: "internal note" })); }
  const d = m.delivery || "queued";
  if (dir === "out") {
    meta.push(el("span", { className: "delivery " + d, "data-status": d, title: m.deliveryDetail || "",
      text: DELIVERY_LABELS[d] || d }));
  }
  return el("li", { className: "msg " + dir, "data-id": m.id || null, "data-delivery": dir === "out" ? d : null }, [
    el("div", { className: "msg-meta" }, meta),
    el("div", { className: "msg-text", text: m.text || (m.html ? "(formatted message)" : "") }),
    attachmentList(m, actions.token, actions.toast)
  ]);
}

/** The transfer menu alone, for when only the team (tiers, agents online) changed. */
export function renderTransfer(state) {
  const c = shownConversation(state);
  if (c) { renderTransferOptions(state, c); }
}

function renderTransferOptions(state, conversation) {
  const sel = $("transfer-to");
  const before = sel.value;
  clear(sel);
  sel.appendChild(el("option", { value: "", text: "Transfer to…" }));
  const targets = transferTargets(state, conversation);
  const tiers = el("optgroup", { label: "Back to the queue, tier" });
  for (const t of targets.tiers) { tiers.appendChild(el("option", { value: "tier:" + t, text: t })); }
  sel.appendChild(tiers);
  const agents = el("optgroup", { label: targets.agents.length ? "Agent online" : "No other agent online" });
  for (const a of targets.agents) {
    agents.appendChild(el("option", { value: "agent:" + a.id, text: a.label, disabled: a.enabled ? null : "" }));
  }
  sel.appendChild(agents);
  sel.value = before;
  if (sel.value !== before) { sel.value = ""; }
}

const IDENTITY_LABELS = { email: "E-mail", phone: "Phone", chat_visitor: "Chat visitor" };

function renderProfile(state, contact, others, actions) {
  const body = $("profile-body");
  clear(body);
  body.className = contact ? "" : "muted small";
  const ul = $("other-conversations");
  clear(ul);
  if (!contact) {
    body.textContent = "Nothing selected.";
    return;
  }
  body.appendChild(el("p", { className: "contact-name" }, [el("strong", { text: contactName(contact) })]));
  const dl = el("dl");
  for (const i of contact.identities || []) {
    const visitor = i.kind === "chat_visitor";
    dl.appendChild(el("dt", { text: IDENTITY_LABELS[i.kind] || i.kind }));
    dl.appendChild(el("dd", { text: visitor ? String(i.value).slice(0, 10) + "…" : i.value,
      title: visitor ? "anonymous visitor id" : null }));
  }
  const attrs = contact.attributes || {};
  for (const k of Object.keys(attrs).sort()) {
    if (k === "claimedEmail") {
      dl.appendChild(el("dt", { text: "E-mail (claimed)" }));
      dl.appendChild(el("dd", { className: "claimed-email" }, [attrs[k],
        el("span", { className: "unverified", title: "Typed by the visitor in the chat; not verified", text: "unverified" })]));
    } else {
      dl.appendChild(el("dt", { text: k }));
      dl.appendChild(el("dd", { text: attrs[k] }));
    }
  }
  body.appendChild(dl);

  for (const c of others || []) {
    const label = c.channel + " · " + c.status + " · " + clock(c.updatedAt || c.createdAt) + (c.subject ? " · " + c.subject : "");
    ul.appendChild(el("li", { "data-conversation-id": c.id }, [
      c.id === state.current ? el("span", { text: label + " (this one)" })
        : el("button", { type: "button", onclick: () => actions.view(c.id), text: label })
    ]));
  }
  if (!others || !others.length) { ul.appendChild(el("li", { className: "muted", text: "No other conversations." })); }
}
