/*
 * Open incidents in a supervisor's console (docs/agent-protocol.md, "Incidents"): the reducers of incidents,
 * incident_opened and incident_updated, and the sidebar list with a box to post an update or resolve each.
 */
import { $, el, clear } from "./dom.js";
import { notify } from "./state.js";

/** state.incidents: the open incidents, newest first, as the last `incidents` frame listed them. */
export function incidentList(state, f) {
  return { ...state, incidents: (f.incidents || []).filter((i) => i.status === "open") };
}

/** A newly opened incident joins the list at once (the next `incidents` brings its counts). */
export function incidentOpened(state, f, now) {
  const i = f.incident;
  if (!i || !i.id || state.incidents.some((x) => x.id === i.id)) { return state; }
  const s = { ...state, incidents: [{ ...i, linked: f.matched || 0, waiting: f.matched || 0 }, ...state.incidents] };
  return notify(s, "Incident opened: " + (f.matched || 0) + " conversations linked.", now);
}

/** An update was stored: a final one takes the incident off the list. */
export function incidentUpdated(state, f, now) {
  const incidents = f.final ? state.incidents.filter((i) => i.id !== f.incidentId) : state.incidents;
  const what = f.final ? "Incident resolved" : "Update queued";
  return notify({ ...state, incidents }, what + " for " + f.queued + " conversations"
    + (f.optedOut ? " (" + f.optedOut + " opted out of SMS)." : "."), now);
}

export const INCIDENT_REDUCERS = { incidents: incidentList, incident_opened: incidentOpened,
  incident_updated: incidentUpdated };

/** The sidebar list, supervisors only. actions.postIncidentUpdate(id, text, resolve). */
export function renderIncidents(state, actions) {
  const section = $("incidents-section");
  section.hidden = !state.supervisor;
  if (!state.supervisor) { return; }
  const ul = $("incidents");
  clear(ul);
  for (const i of state.incidents) {
    const box = el("textarea", { className: "incident-text", rows: 2, "aria-label": "Update for " + i.title });
    const post = (resolve) => {
      const text = box.value.trim();
      if (!text) { actions.toast("Write the update first."); return; }
      actions.postIncidentUpdate(i.id, text, resolve);
    };
    ul.appendChild(el("li", { className: "incident", "data-incident-id": i.id }, [
      el("div", { className: "incident-head" }, [
        el("strong", { text: i.title }),
        el("span", { className: "muted small", text: " " + (i.waiting || 0) + " waiting" })
      ]),
      el("p", { className: "small muted", text: i.statusText || "" }),
      box,
      el("div", { className: "incident-actions" }, [
        el("button", { type: "button", className: "incident-post", onclick: () => post(false), text: "Post update" }),
        el("button", { type: "button", className: "incident-resolve", onclick: () => post(true), text: "Resolve" })
      ])
    ]));
  }
  $("incident-count").textContent = String(state.incidents.length);
}
