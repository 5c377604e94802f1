/* The search and tag frames in the reducers and the snippet's marks (docs/agent-protocol.md, "Search and tags"). */
import { test, eq, ok, frozen } from "./harness.js";
import { reduce } from "../frames.js";
import { initialState, startSearch, viewConversation, shownConversation } from "../state.js";
import { snippetNodes } from "../view-search.js";

const NOW = Date.parse("2026-03-02T10:00:00Z");

function conversation(id, extra) {
  return { id, ref: "REF" + id, contactId: "k-" + id, channel: "sms", status: "resolved", tier: "standard",
    assignee: null, lastAgent: "bob", createdAt: "2026-03-02T09:00:00Z", updatedAt: "2026-03-02T09:00:00Z", tags: [],
    ...extra };
}

function result(id, extra) {
  return { conversationId: id, ref: "REF" + id, channel: "sms", status: "resolved", matchedIn: "message", messageId: "m-" + id,
    snippet: "My parcel never arrived", highlights: [[3, 9]], contactName: null, conversation: conversation(id), ...extra };
}

function play(state, ...frames) {
  return frames.reduce((s, f) => reduce(frozen(s), frozen(f), NOW), frozen(state));
}

test("search_results answering the last search are kept; an answer to an older query is dropped", () => {
  let s = startSearch(initialState(), "  parcel ");
  eq(s.search, { q: "parcel", results: [], pending: true });
  s = play(s, { type: "search_results", seq: 4, q: "parc", limit: 20, results: [result("old")] });
  eq(s.search.pending, true);
  s = play(s, { type: "search_results", seq: 5, q: "parcel", limit: 20, results: [result("c1")] });
  eq(s.search.pending, false);
  eq(s.search.results.map((r) => r.conversationId), ["c1"]);
});

test("history of a found conversation makes it the one shown, read only", () => {
  let s = viewConversation(initialState(), "c9");
  s = play(s, { type: "history", seq: 6, conversationId: "c9", conversation: conversation("c9"), messages: [],
    contact: { id: "k-c9", name: "Zoe", identities: [], attributes: {} }, otherConversations: [] });
  eq(shownConversation(s).id, "c9");
  eq(Object.keys(s.conversations), []);
});

test("a tagged update changes the tags wherever the conversation is shown, and nothing else", () => {
  let s = play(startSearch(initialState(), "parcel"),
    { type: "ready", seq: 1, agent: "alice", presence: "available", conversations: [conversation("c1", { status: "assigned",
      assignee: "alice" })], offers: [], cannedReplies: [] },
    { type: "search_results", seq: 2, q: "parcel", limit: 20, results: [result("c1"), result("c2")] },
    { type: "history", seq: 3, conversationId: "c2", conversation: conversation("c2"), messages: [], contact: null,
      otherConversations: [] });
  s = play(s,
    { type: "conversation_updated", seq: 7, reason: "tagged", conversation: conversation("c1", { tags: ["billing"], status: "assigned",
      assignee: "alice" }) },
    { type: "conversation_updated", seq: 8, reason: "tagged", conversation: conversation("c2", { tags: ["refund"], assignee: "bob" }) });
  eq(s.conversations.c1.tags, ["billing"]);
  eq(s.conversations.c1.status, "assigned");
  ok(!s.conversations.c2, "a conversation tagged by someone else does not become the agent's");
  eq(s.known.c2.tags, ["refund"]);
  eq(s.search.results.map((r) => r.conversation.tags), [["billing"], ["refund"]]);
});

test("a snippet is text with the highlighted ranges marked, never markup", () => {
  const nodes = snippetNodes("<b>parcel</b> never", [[3, 9], [14, 19], [50, 60]]);
  eq(nodes.map((n) => (typeof n === "string" ? n : "[" + n.textContent + "]")), ["<b>", "[parcel]", "</b> ", "[never]"]);
  eq(nodes[1].tagName, "MARK");
});
