import { test, eq } from "./harness.js";
import { contactName, slaDue, slaLabel, span } from "../format.js";

test("a contact is called by name, else by an identity, never by a chat visitor id", () => {
  eq(contactName({ name: "Erin", identities: [] }), "Erin");
  eq(contactName({ name: null, identities: [{ kind: "chat_visitor", value: "v-123" }, { kind: "phone", value: "+15551234567" }] }), "+15551234567");
  eq(contactName({ name: null, identities: [{ kind: "chat_visitor", value: "v-123" }], attributes: { claimedEmail: "a@b.c" } }), "a@b.c (unverified)");
  eq(contactName({ name: null, identities: [{ kind: "chat_visitor", value: "v-123" }], attributes: {} }), "Chat visitor");
  eq(contactName(null, "New customer"), "New customer");
});

test("the first response is owed until it is given, then the next", () => {
  eq(slaDue({ firstResponseDue: "a", nextResponseDue: "b", firstRespondedAt: null }), "a");
  eq(slaDue({ firstResponseDue: "a", nextResponseDue: "b", firstRespondedAt: "x" }), "b");
});

test("SLA labels count down, turn soon under five minutes and overdue after", () => {
  const now = Date.parse("2026-03-02T10:00:00Z");
  eq(slaLabel("2026-03-02T11:00:05Z", now), { text: "reply due in 1:00:05", level: "" });
  eq(slaLabel("2026-03-02T10:04:00Z", now), { text: "reply due in 4:00", level: "soon" });
  eq(slaLabel("2026-03-02T09:59:30Z", now), { text: "overdue by 0:30", level: "overdue" });
  eq(slaLabel(null, now), { text: "no reply owed", level: "" });
  eq(span(-61000), "1:01");
});
