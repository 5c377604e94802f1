import { test, eq, frozen } from "./harness.js";
import { initialState } from "../state.js";
import { reduce } from "../frames.js";

const incident = (id, status) => ({ id, title: "Outage " + id, status, statusText: "On it", waiting: 3, linked: 4 });

test("the incidents frame lists only open ones, newest first as sent", () => {
  const s = reduce(frozen(initialState()), { type: "incidents", incidents: [incident("b", "open"),
    incident("a", "resolved"), incident("c", "open")] }, 0);
  eq(s.incidents.map((i) => i.id), ["b", "c"]);
});

test("an opened incident joins the list once, with its matched count", () => {
  let s = reduce(frozen(initialState()), { type: "incident_opened", incident: incident("n", "open"), matched: 12 }, 5);
  eq([s.incidents.map((i) => [i.id, i.waiting]), s.notice.text], [[["n", 12]], "Incident opened: 12 conversations linked."]);
  s = reduce(frozen(s), { type: "incident_opened", incident: incident("n", "open"), matched: 12 }, 6);
  eq(s.incidents.length, 1);
});

test("a final update takes the incident off the list; a plain one keeps it", () => {
  let s = reduce(frozen(initialState()), { type: "incidents", incidents: [incident("x", "open")] }, 0);
  s = reduce(frozen(s), { type: "incident_updated", incidentId: "x", final: false, queued: 3, optedOut: 1 }, 1);
  eq([s.incidents.length, s.notice.text], [1, "Update queued for 3 conversations (1 opted out of SMS)."]);
  s = reduce(frozen(s), { type: "incident_updated", incidentId: "x", final: true, queued: 3, optedOut: 0 }, 2);
  eq([s.incidents.length, s.notice.text], [0, "Incident resolved for 3 conversations."]);
});
