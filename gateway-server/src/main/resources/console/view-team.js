/* The supervisor's team view: the queue by tier with waiting times and deadlines, and the agents online. */
import { $, el, clear } from "./dom.js";
import { assignTargets, queueByTier } from "./team.js";

const CHANNELS = ["chat", "sms", "email"];

/** The agent picked in each waiting conversation's menu, kept across redraws. */
const picked = new Map();

export function renderTeam(state, actions) {
  $("team-toggle").hidden = !state.supervisor;
  const on = state.supervisor && state.teamView;
  $("team-toggle").setAttribute("aria-pressed", String(on));
  $("team-view").hidden = !on;
  $("thread").hidden = on;
  if (!on) { return; }
  renderQueue(state, actions);
  renderAgents(state);
}

function renderQueue(state, actions) {
  const box = $("queue-tiers");
  clear(box);
  const warned = new Set(state.warnings.map((w) => w.conversationId));
  const shown = new Set();
  for (const group of queueByTier(state)) {
    const ul = el("ul", { className: "queue", "aria-label": "Waiting at tier " + group.tier });
    for (const w of group.waiting) {
      shown.add(w.conversationId);
      ul.appendChild(queueEntry(state, w, warned.has(w.conversationId), actions));
    }
    box.appendChild(el("section", { className: "queue-tier", "data-tier": group.tier }, [
      el("h4", {}, [el("span", { className: "badge tier-" + group.tier, text: group.tier }), " ",
        el("span", { className: "count", text: String(group.waiting.length) })]),
      group.waiting.length ? ul : el("p", { className: "muted small", text: "Nobody waiting." })
    ]));
  }
  for (const id of picked.keys()) { if (!shown.has(id)) { picked.delete(id); } }
  const total = state.queue.total;
  $("queue-total").textContent = String(total);
  $("queue-more").hidden = total <= state.queue.waiting.length;
  $("queue-more").textContent = "The first " + state.queue.waiting.length + " of " + total + " are shown.";
}

function queueEntry(state, w, warned, actions) {
  const id = w.conversationId;
  const select = el("select", { className: "assign-to", "aria-label": "Assign " + id + " to" }, [
    el("option", { value: "", text: "Assign to…" }),
    ...assignTargets(state, w).map((t) => el("option", { value: t.id, text: t.label, disabled: t.enabled ? null : "" }))
  ]);
  select.value = picked.get(id) || "";
  if (select.value !== (picked.get(id) || "")) { select.value = ""; }
  select.addEventListener("change", () => picked.set(id, select.value));
  return el("li", { className: "queue-entry" + (warned ? " warned" : ""), "data-conversation-id": id }, [
    el("div", { className: "conv-line" }, [
      el("span", {}, [el("span", { className: "badge channel", text: w.channel }), " ",
        el("span", { className: "conv-ref", title: id, text: "…" + id.slice(-6) }),
        warned ? el("span", { className: "sla-flag", title: "SLA warning", text: " ⚠" }) : null]),
      el("span", { className: "waited", "data-since": w.queuedAt || "" })
    ]),
    el("div", { className: "conv-line" }, [
      el("span", { className: "sla", "data-due": w.deadline || "" }),
      el("span", { className: "muted small", text: w.offeredTo ? "offered to " + w.offeredTo : "not offered" })
    ]),
    el("div", { className: "assign-line" }, [
      select,
      el("button", { type: "button", className: "assign", onclick: () => {
        if (select.value) { actions.assign(id, select.value); }
      }, text: "Assign" })
    ])
  ]);
}

function renderAgents(state) {
  const ul = $("team-agents");
  clear(ul);
  for (const a of state.agents) {
    const loads = CHANNELS.filter((c) => (a.capacity || {})[c]).map((c) =>
      el("span", { className: "load" + (((a.load || {})[c] || 0) >= a.capacity[c] ? " full" : ""), "data-channel": c,
        text: c + " " + ((a.load || {})[c] || 0) + "/" + a.capacity[c] }));
    ul.appendChild(el("li", { className: "team-agent", "data-agent-id": a.id }, [
      el("div", { className: "conv-line" }, [
        el("span", { className: "conv-name", text: (a.name || a.id) + (a.supervisor ? " (supervisor)" : "") }),
        el("span", { className: "presence-badge " + a.presence, text: a.presence })
      ]),
      el("div", { className: "loads small" }, loads)
    ]));
  }
  $("agents-count").textContent = String(state.agents.length);
}
