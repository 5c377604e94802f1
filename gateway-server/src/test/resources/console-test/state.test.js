import { test, eq, frozen } from "./harness.js";
import { initialState, openConversation, viewConversation, closeThread, dropOffer, setPresence, shownConversation, showTeam } from "../state.js";

test("opening a conversation clears its unread mark and any read-only view", () => {
  const s = openConversation(frozen({ ...initialState(), unread: { c1: true, c2: true }, viewing: "old" }), "c1");
  eq([s.current, s.viewing, s.unread], ["c1", null, { c2: true }]);
});

test("the shown conversation is the one viewed, found among the contact's other conversations", () => {
  const s = frozen({ ...initialState(), current: "c1", conversations: { c1: { id: "c1" } },
    others: { c1: [{ id: "c1" }, { id: "old", status: "resolved" }] } });
  eq(shownConversation(s), { id: "c1" });
  eq(shownConversation(viewConversation(s, "old")), { id: "old", status: "resolved" });
  eq(shownConversation(closeThread(s)), null);
});

test("declining drops the offer at once; presence is available or away", () => {
  const s = frozen({ ...initialState(), offers: { c1: { conversationId: "c1" } } });
  eq(dropOffer(s, "c1").offers, {});
  eq([setPresence(s, "available").presence, setPresence(s, "busy").presence], ["available", "away"]);
});

test("only a supervisor gets the team view, and opening a conversation leaves it", () => {
  eq(showTeam(frozen(initialState()), true).teamView, false);
  const sup = showTeam(frozen({ ...initialState(), supervisor: true }), true);
  eq(sup.teamView, true);
  eq(openConversation(frozen(sup), "c1").teamView, false);
});
