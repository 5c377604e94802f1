/* The frame reducers, fed frames shaped as the server writes them (Frames.java, docs/agent-protocol.md). */
import { test, eq, ok, frozen } from "./harness.js";
import { reduce } from "../frames.js";
import { initialState, openConversation, addPending } from "../state.js";

const NOW = Date.parse("2026-03-02T10:00:00Z");

function conversation(id, extra) {
  return { id, ref: "REF" + id, contactId: "k-" + id, channel: "sms", threadKey: "t", subject: null, status: "assigned",
    tier: "standard", skills: [], assignee: "alice", lastAgent: null, queuedAt: null, firstResponseDue: null,
    nextResponseDue: null, firstRespondedAt: null, createdAt: "2026-03-02T09:00:00Z", updatedAt: "2026-03-02T09:00:00Z",
    ...extra };
}

function msg(id, conversationId, direction, text) {
  return { id, conversationId, direction, author: direction === "in" ? null : "alice", text, html: null, attachments: [],
    externalId: null, delivery: direction === "out" ? "queued" : "received", deliveryDetail: null, createdAt: "2026-03-02T09:30:00Z" };
}

function ready(conversations, offers, extra) {
  return { type: "ready", seq: 1, agent: "alice", presence: "available", conversations, offers: offers || [],
    cannedReplies: [], ...extra };
}

function assigned(id, messages, extra) {
  return { type: "assigned", seq: 5, conversationId: id, conversation: conversation(id),
    messages: messages || [], contact: { id: "k-" + id, name: "Erin", identities: [], attributes: {}, createdAt: "2026-03-01T00:00:00Z" },
    otherConversations: [conversation("old-" + id, { status: "resolved" })], ...extra };
}

/** Frames through the reducers one by one, each state frozen so that a reducer changing it fails. */
function play(state, ...frames) {
  return frames.reduce((s, f) => reduce(frozen(s), frozen(f), NOW), frozen(state));
}

test("history lists the conversation's surveys and a csat frame replaces its survey with the answer", () => {
  const asked = { id: "s1", status: "asked", channel: "sms", askedAt: "2026-03-02T09:40:00Z", expiresAt: "2026-03-05T09:40:00Z" };
  let s = play(initialState(), ready([], []), assigned("c1", [], { csat: [asked] }));
  eq(s.csat.c1.map((x) => x.status), ["asked"]);
  s = play(s, { type: "csat", seq: 9, conversationId: "c1", csat: { ...asked, status: "answered", score: 4, comment: "Quick" } });
  eq(s.csat.c1.length, 1);
  eq(s.csat.c1[0].score, 4);
  eq(s.csat.c1[0].comment, "Quick");
});

test("ready is the whole truth: held conversations and offers replace the old ones, cached messages stay", () => {
  let s = play(initialState(), ready([conversation("c1")], []), assigned("c2", [msg("m1", "c2", "in", "hi")]));
  s = play(s, ready([conversation("c2")], [{ conversationId: "c3", tier: "vip", channel: "email", expiresAt: "2026-03-02T10:00:30Z" }]));
  eq(Object.keys(s.conversations), ["c2"]);
  eq(Object.keys(s.offers), ["c3"]);
  eq(s.messages.c2.map((m) => m.text), ["hi"]);
  eq(s.agent, { id: "alice" });
  eq(s.presence, "available");
});

test("ready carries the configured tiers, the agents online and, for a supervisor, the queue", () => {
  const agents = [{ id: "bob", name: "Bob", presence: "away", supervisor: false, load: { sms: 1 }, capacity: { sms: 5 } }];
  const waiting = [{ conversationId: "w1", tier: "vip", channel: "sms", queuedAt: "2026-03-02T09:59:00Z", deadline: "2026-03-02T10:01:00Z",
    offeredTo: null, offerExpiresAt: null, widened: false }];
  const s = play(initialState(), ready([], [], { supervisor: true, tiers: ["vip", "standard"], agents, queue: { total: 1, waiting } }));
  eq([s.supervisor, s.tiers, s.agents, s.queue], [true, ["vip", "standard"], agents, { total: 1, waiting }]);
  const plain = play(s, ready([], [], { supervisor: false, tiers: ["standard"], agents: [] }));
  eq([plain.supervisor, plain.tiers, plain.queue], [false, ["standard"], { total: 0, waiting: [] }]);
});

test("team replaces the tiers and the agents online; queue replaces the waiting list", () => {
  let s = play(initialState(), ready([], [], { tiers: ["standard"], agents: [] }));
  s = play(s, { type: "team", seq: 4, tiers: ["gold", "standard"], agents: [{ id: "bob", presence: "available", load: {}, capacity: {} }] });
  eq([s.tiers, s.agents.map((a) => a.id)], [["gold", "standard"], ["bob"]]);
  s = play(s, { type: "queue", seq: 5, total: 250, waiting: [{ conversationId: "w1", tier: "gold", channel: "chat" }] });
  eq([s.queue.total, s.queue.waiting.map((w) => w.conversationId)], [250, ["w1"]]);
});

test("ready closes the open conversation when the agent no longer holds it", () => {
  const s = play(openConversation(play(initialState(), ready([conversation("c1")])), "c1"), ready([]));
  eq(s.current, null);
});

test("ready with presence away leaves the agent away", () => {
  eq(play(initialState(), ready([], [], { presence: "away" })).presence, "away");
});

test("an offer is listed under its conversation id until it is revoked", () => {
  const offer = { type: "offer", seq: 2, conversationId: "c1", tier: "vip", channel: "sms", preview: "Site down",
    expiresAt: "2026-03-02T10:00:30Z", contact: null, conversation: conversation("c1", { status: "queued" }) };
  let s = play(initialState(), ready([]), offer);
  eq(s.offers.c1.preview, "Site down");
  s = play(s, { type: "offer_revoked", seq: 3, conversationId: "c1", reason: "expired" });
  eq(s.offers, {});
});

test("assigned opens the conversation when none is open, with its messages, contact and other conversations", () => {
  const s = play(initialState(), ready([]), { type: "offer", seq: 2, conversationId: "c1", tier: "standard", channel: "sms" },
    assigned("c1", [msg("m1", "c1", "in", "Site is down")]));
  eq(s.current, "c1");
  eq(s.offers, {});
  eq(s.conversations.c1.status, "assigned");
  eq(s.messages.c1.map((m) => m.id), ["m1"]);
  eq(s.contacts.c1.name, "Erin");
  eq(s.others.c1.map((c) => c.id), ["old-c1"]);
});

test("assigned does not take the agent away from the conversation they have open", () => {
  const s = play(initialState(), ready([]), assigned("c1"), assigned("c2"));
  eq(s.current, "c1");
  eq(Object.keys(s.conversations).sort(), ["c1", "c2"]);
});

test("history of a conversation the agent does not hold does not add it to their list", () => {
  const s = play(initialState(), ready([]), { ...assigned("c9", [msg("m1", "c9", "in", "x")]), type: "history" });
  eq(s.conversations, {});
  eq(s.messages.c9.length, 1);
});

test("a message replayed after a resume is shown once, and an incoming one marks a closed conversation unread", () => {
  const m = { type: "message", seq: 7, conversationId: "c2", message: msg("m5", "c2", "in", "Any news?") };
  const s = play(initialState(), ready([]), assigned("c1"), assigned("c2"), m, { ...m, seq: 9 });
  eq(s.messages.c2.map((x) => x.id), ["m5"]);
  eq(s.unread, { c2: true });
});

test("an incoming message ends the customer's typing in that conversation", () => {
  const s = play(initialState(), ready([]), assigned("c1"), { type: "typing", seq: 6, conversationId: "c1" },
    { type: "message", seq: 7, conversationId: "c1", message: msg("m2", "c1", "in", "hello") });
  eq(s.typing, null);
  eq(s.unread, {});
});

test("typing is stamped with the time it came", () => {
  eq(play(initialState(), { type: "typing", conversationId: "c1" }).typing, { conversationId: "c1", at: NOW });
});

test("an ack turns the pending reply into a message once, also when the message frame came first", () => {
  let s = play(initialState(), ready([]), assigned("c1"));
  s = addPending(s, "cid-1", "c1", "On it", "out");
  s = play(s, { type: "message", seq: 8, conversationId: "c1", message: msg("m9", "c1", "out", "On it") },
    { type: "ack", seq: 9, clientId: "cid-1", messageId: "m9" });
  eq(s.pending, {});
  eq(s.messages.c1.map((m) => m.id), ["m9"]);
});

test("an ack before the message frame shows the reply as queued", () => {
  let s = addPending(play(initialState(), ready([]), assigned("c1")), "cid-2", "c1", "Noted", "out");
  s = play(s, { type: "ack", seq: 9, clientId: "cid-2", messageId: "m10" });
  eq(s.messages.c1.map((m) => [m.id, m.text, m.delivery, m.author]), [["m10", "Noted", "queued", "alice"]]);
});

test("an ack of a clientId this desk did not send (another tab) changes nothing", () => {
  const s = play(initialState(), ready([]));
  ok(reduce(s, { type: "ack", seq: 9, clientId: "elsewhere", messageId: "m1" }, NOW) === s, "the same state");
});

test("delivery sets the status and detail of that message only", () => {
  const s = play(initialState(), ready([]), assigned("c1", [msg("m1", "c1", "out", "a"), msg("m2", "c1", "out", "b")]),
    { type: "delivery", seq: 9, conversationId: "c1", messageId: "m2", status: "failed", detail: "21211: invalid number" });
  eq(s.messages.c1.map((m) => [m.delivery, m.deliveryDetail]), [["queued", null], ["failed", "21211: invalid number"]]);
});

test("conversation_updated resolved removes the conversation, closes it and says so", () => {
  const s = play(initialState(), ready([]), assigned("c1"),
    { type: "conversation_updated", seq: 9, conversation: conversation("c1", { status: "resolved", assignee: null }), reason: "resolved" });
  eq(s.conversations, {});
  eq(s.current, null);
  eq(s.notice, { text: "Resolved.", at: NOW });
});

test("conversation_updated to another assignee removes it from the list", () => {
  const s = play(initialState(), ready([]), assigned("c1"),
    { type: "conversation_updated", seq: 9, conversation: conversation("c1", { assignee: "bob" }), reason: "transferred" });
  eq(s.conversations, {});
  eq(s.notice.text, "Conversation REFc1 left your list.");
});

test("conversation_updated of a conversation still held updates it", () => {
  const s = play(initialState(), ready([]), assigned("c1"),
    { type: "conversation_updated", seq: 9, conversation: conversation("c1", { tier: "vip", firstResponseDue: "2026-03-02T10:05:00Z" }) });
  eq([s.conversations.c1.tier, s.conversations.c1.firstResponseDue], ["vip", "2026-03-02T10:05:00Z"]);
  eq(s.current, "c1");
});

test("sla warnings are kept newest first, one per conversation, at most 50", () => {
  const warning = (id, percent) => ({ type: "sla_warning", seq: 1, conversationId: id, tier: "standard", channel: "sms",
    state: "waiting", assignee: null, dueAt: "2026-03-06T10:15:00Z", percent });
  const frames = [];
  for (let i = 0; i < 60; i++) { frames.push(warning("w" + i, 80)); }
  let s = play(initialState(), ...frames);
  eq(s.warnings.length, 50);
  eq(s.warnings[0].conversationId, "w59");
  s = play(s, warning("w30", 95));
  eq([s.warnings[0].conversationId, s.warnings[0].percent, s.warnings.filter((w) => w.conversationId === "w30").length], ["w30", 95, 1]);
});

test("canned_replies replaces the list", () => {
  const s = play(initialState(), { type: "canned_replies", seq: 3, cannedReplies: [{ id: "hello", title: "Hi", text: "Hi", tiers: [], channels: [] }] });
  eq(s.cannedReplies.map((r) => r.id), ["hello"]);
});

test("an error answering a reply puts its text back and drops it from pending", () => {
  let s = addPending(play(initialState(), ready([]), assigned("c1")), "cid-3", "c1", "Try again", "out");
  s = play(s, { type: "error", seq: 4, code: "forbidden", message: "only the assignee or a supervisor may write", clientId: "cid-3" });
  eq(s.pending, {});
  eq(s.restoredDraft, { conversationId: "c1", text: "Try again", at: NOW });
  eq(s.notice.text, "only the assignee or a supervisor may write");
});

test("a frame of a type added later leaves the state as it was", () => {
  const s = play(initialState(), ready([]));
  ok(reduce(s, { type: "something_new", seq: 3 }, NOW) === s, "the same state");
  ok(reduce(s, { type: "toString", seq: 3 }, NOW) === s, "no inherited property taken for a reducer");
});
