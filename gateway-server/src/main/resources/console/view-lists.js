/* The sidebar: offers, SLA warnings and the agent's conversations, redrawn from the state. */
import { $, el, clear } from "./dom.js";
import { clock, contactName, slaDue, slaLabel, span } from "./format.js";

export function renderOffers(state, actions) {
  const ul = $("offers");
  clear(ul);
  const ids = Object.keys(state.offers);
  for (const id of ids) {
    const o = state.offers[id];
    const who = contactName(o.contact, "New customer");
    ul.appendChild(el("li", { className: "offer", "data-conversation-id": id }, [
      el("div", { className: "offer-head" }, [
        el("span", { text: who }),
        el("span", {}, [el("span", { className: "badge channel", text: o.channel }), " ",
          el("span", { className: "badge tier-" + (o.tier || ""), text: o.tier || "" })])
      ]),
      el("p", { className: "offer-preview small", text: o.preview || "" }),
      el("div", { className: "offer-actions" }, [
        el("button", { type: "button", className: "primary offer-accept", "aria-label": "Accept conversation with " + who,
          onclick: () => actions.accept(id), text: "Accept" }),
        el("button", { type: "button", className: "offer-decline", "aria-label": "Decline conversation with " + who,
          onclick: () => actions.decline(id), text: "Decline" }),
        el("span", { className: "countdown", "data-expires": o.expiresAt || "" })
      ])
    ]));
  }
  $("offer-count").textContent = String(ids.length);
  $("no-offers").hidden = ids.length > 0;
}

/** Supervisors only: conversations about to miss their first-response target, newest first. */
export function renderWarnings(state) {
  const ul = $("sla-warnings");
  clear(ul);
  for (const w of state.warnings) {
    const who = w.state === "assigned" ? "held by " + w.assignee : "waiting";
    ul.appendChild(el("li", { className: "sla-warning", "data-conversation-id": w.conversationId }, [
      el("span", { className: "badge tier-" + (w.tier || ""), text: w.tier || "" }), " ",
      el("span", { className: "badge channel", text: w.channel }), " ",
      el("span", { text: who + ", " + w.percent + "% of target used, due " + clock(w.dueAt) })
    ]));
  }
  $("warning-count").textContent = String(state.warnings.length);
  $("sla-warnings-section").hidden = state.warnings.length === 0;
}

export function renderConversations(state, actions) {
  const ul = $("conversations");
  clear(ul);
  const due = (c) => (slaDue(c) ? Date.parse(slaDue(c)) : Infinity);
  const list = Object.values(state.conversations).sort((a, b) => due(a) - due(b));
  for (const c of list) {
    const id = c.id;
    const name = contactName(state.contacts[id], c.subject || "Conversation " + (c.ref || ""));
    ul.appendChild(el("li", {}, [el("button", {
      type: "button", className: "conv-item", "data-conversation-id": id,
      "aria-current": String(id === state.current), onclick: () => actions.open(id)
    }, [
      el("span", { className: "conv-line" }, [el("span", { className: "conv-name", text: name }),
        state.unread[id] ? el("span", { className: "unread", title: "New message", "aria-label": "new message" }) : null]),
      el("span", { className: "conv-line" }, [
        el("span", {}, [el("span", { className: "badge channel", text: c.channel }), " ",
          el("span", { className: "badge tier-" + (c.tier || ""), text: c.tier || "untiered" })]),
        el("span", { className: "sla", "data-due": slaDue(c) || "" })
      ])
    ])]));
  }
  $("mine-count").textContent = String(list.length);
}

/** Once a second: the offers' countdowns and the conversations' SLA countdowns. */
export function tick(now) {
  for (const n of document.querySelectorAll(".countdown[data-expires]")) {
    const at = Date.parse(n.getAttribute("data-expires"));
    const left = at - now;
    n.textContent = isNaN(at) ? "" : left > 0 ? "expires in " + Math.ceil(left / 1000) + " s" : "expired";
  }
  for (const n of document.querySelectorAll(".waited[data-since]")) {
    const since = Date.parse(n.getAttribute("data-since"));
    n.textContent = isNaN(since) ? "" : "waiting " + span(now - since);
  }
  for (const n of document.querySelectorAll(".sla[data-due]")) {
    const label = slaLabel(n.getAttribute("data-due"), now);
    n.textContent = label.text;
    n.className = "sla" + (label.level ? " " + label.level : "");
  }
}
