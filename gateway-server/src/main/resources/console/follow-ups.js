/*
 * Follow-ups in the agent console (docs/agent-protocol.md, "Follow-ups"): the reducers of follow_up_updated
 * and follow_ups, the "Follow up" action that schedules the reply box's text for a time, and the sidebar
 * list of the agent's scheduled follow-ups with a cancel button each.
 */
import { $, el, clear } from "./dom.js";
import { clock } from "./format.js";

/**
 * state.followUps: id -> a scheduled follow-up; state.followUpsClosed: id -> its final status, so that a
 * list read before a change (follow_ups answers after frames that came first) never brings it back.
 */
export function followUpUpdated(state, f) {
  const u = f.followUp;
  if (!u || !u.id) { return state; }
  if (u.status === "scheduled") {
    if (state.followUpsClosed[u.id]) { return state; }
    return { ...state, followUps: { ...state.followUps, [u.id]: u } };
  }
  const open = { ...state.followUps };
  delete open[u.id];
  return { ...state, followUps: open, followUpsClosed: { ...state.followUpsClosed, [u.id]: u.status } };
}

export function followUpList(state, f) {
  const open = {};
  for (const u of f.followUps || []) {
    if (u.status === "scheduled" && !state.followUpsClosed[u.id]) { open[u.id] = u; }
  }
  return { ...state, followUps: open };
}

export const FOLLOW_UP_REDUCERS = { follow_up_updated: followUpUpdated, follow_ups: followUpList };

/** The scheduled follow-ups, soonest first. */
export function soonestFirst(followUps) {
  return Object.values(followUps).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** A datetime-local input's value (local time, no zone) as an ISO instant, or null when empty or invalid. */
export function instantOf(localValue) {
  if (!localValue) { return null; }
  const t = new Date(localValue);
  return isNaN(t.getTime()) ? null : t.toISOString();
}

/** The sidebar list. actions.cancelFollowUp(id), actions.open(conversationId). */
export function renderFollowUps(state, actions) {
  const ul = $("follow-ups");
  clear(ul);
  const list = soonestFirst(state.followUps);
  for (const u of list) {
    const c = state.conversations[u.conversationId];
    const where = c ? (c.ref || c.id) : u.conversationId;
    ul.appendChild(el("li", { className: "follow-up", "data-follow-up-id": u.id }, [
      el("div", { className: "follow-up-head" }, [
        el("button", { type: "button", className: "link", onclick: () => actions.open(u.conversationId), text: where }),
        el("span", { className: "muted small", text: " " + clock(u.at) })
      ]),
      el("p", { className: "small", text: u.text.length > 120 ? u.text.substring(0, 120) + "…" : u.text }),
      el("button", { type: "button", className: "follow-up-cancel", "aria-label": "Cancel the follow-up in " + where,
        onclick: () => actions.cancelFollowUp(u.id), text: "Cancel" })
    ]));
  }
  $("follow-up-count").textContent = String(list.length);
  $("follow-ups-section").hidden = list.length === 0;
}
