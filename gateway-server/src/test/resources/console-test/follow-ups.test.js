import { test, eq, frozen } from "./harness.js";
import { initialState } from "../state.js";
import { reduce } from "../frames.js";
import { followUpList, soonestFirst, instantOf } from "../follow-ups.js";

const scheduled = (id, at) => ({ id, conversationId: "c1", at, text: "Any news?", status: "scheduled" });

test("a scheduled follow-up is listed and a final one leaves the list", () => {
  let s = reduce(frozen(initialState()), { type: "follow_up_updated", followUp: scheduled("f1", "2026-03-03T09:00:00Z") }, 0);
  eq(Object.keys(s.followUps), ["f1"]);
  s = reduce(frozen(s), { type: "follow_up_updated", followUp: { ...scheduled("f1"), status: "sent", messageId: "m1" } }, 0);
  eq([s.followUps, s.followUpsClosed], [{}, { f1: "sent" }]);
});

test("a list read before a change never brings a closed follow-up back", () => {
  let s = reduce(frozen(initialState()), { type: "follow_up_updated", followUp: { ...scheduled("f1"), status: "dropped" } }, 0);
  s = followUpList(frozen(s), { type: "follow_ups", followUps: [scheduled("f1", "b"), scheduled("f2", "a")] });
  eq(Object.keys(s.followUps), ["f2"]);
  s = reduce(frozen(s), { type: "follow_up_updated", followUp: scheduled("f1", "b") }, 0);
  eq(Object.keys(s.followUps), ["f2"]);
});

test("the list is soonest first and the picker's local time becomes an instant", () => {
  eq(soonestFirst({ x: scheduled("x", "2026-03-04T09:00:00Z"), y: scheduled("y", "2026-03-03T09:00:00Z") })
    .map((u) => u.id), ["y", "x"]);
  eq([instantOf(""), instantOf("not a time")], [null, null]);
  eq(instantOf("2026-03-03T09:30"), new Date("2026-03-03T09:30").toISOString());
});
