import { test, eq, frozen } from "./harness.js";
import { initialState } from "../state.js";
import { assignTargets, hasRoom, queueByTier, transferTargets } from "../team.js";

const bob = { id: "bob", name: "Bob", presence: "available", load: { sms: 5, chat: 0 }, capacity: { sms: 5, chat: 3 } };
const cy = { id: "cy", name: "Cy", presence: "away", load: { sms: 1 }, capacity: { sms: 5 } };
const alice = { id: "alice", name: "Alice", presence: "available", load: {}, capacity: { sms: 5 } };

test("the queue is grouped by tier in the configured order, an unknown tier last, each in queue order", () => {
  const s = frozen({ ...initialState(), tiers: ["vip", "standard", "basic"], queue: { total: 4, waiting: [
    { conversationId: "a", tier: "standard" }, { conversationId: "b", tier: "vip" },
    { conversationId: "c", tier: "gone" }, { conversationId: "d", tier: "standard" }] } });
  eq(queueByTier(s).map((g) => [g.tier, g.waiting.map((w) => w.conversationId)]),
    [["vip", ["b"]], ["standard", ["a", "d"]], ["basic", []], ["gone", ["c"]]]);
});

test("room is load under capacity on the channel; no capacity there is no room; one's own offer holds its place", () => {
  eq([hasRoom(bob, "sms"), hasRoom(bob, "chat"), hasRoom(bob, "email"), hasRoom(bob, "sms", "bob")], [false, true, false, true]);
});

test("a waiting conversation may go to any agent online, away ones too; full ones are listed but not choosable", () => {
  const s = frozen({ ...initialState(), agents: [bob, cy] });
  eq(assignTargets(s, { channel: "sms", offeredTo: null }),
    [{ id: "bob", label: "Bob (full)", enabled: false }, { id: "cy", label: "Cy (away)", enabled: true }]);
});

test("the transfer menu lists the configured tiers and the other agents online, never oneself", () => {
  const s = frozen({ ...initialState(), agent: { id: "alice" }, tiers: ["vip", "standard"], agents: [alice, bob, cy] });
  eq(transferTargets(s, { channel: "sms" }), {
    tiers: ["vip", "standard"],
    agents: [{ id: "bob", label: "Bob (full)", enabled: false }, { id: "cy", label: "Cy (away)", enabled: true }]
  });
});
