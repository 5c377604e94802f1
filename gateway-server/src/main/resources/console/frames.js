/*
 * The server frames of docs/agent-protocol.md as pure reducers: reduce(state, frame, now) returns the
 * next state and never changes its arguments. Only the fields the protocol defines are read; a frame of a
 * type added later leaves the state as it was. `now` (milliseconds) stamps what the console shows for a
 * while (typing, notices), so the reducers stay free of the clock.
 */
import { closeThread, notify, without, MAX_WARNINGS } from "./state.js";
import { FOLLOW_UP_REDUCERS } from "./follow-ups.js";
import { INCIDENT_REDUCERS } from "./incidents.js";
import { uploadsRestored } from "./attachments.js";

const REDUCERS = {
  ready,
  offer,
  offer_revoked: (s, f) => ({ ...s, offers: without(s.offers, f.conversationId) }),
  assigned,
  history,
  message,
  ack,
  delivery,
  typing: (s, f, now) => ({ ...s, typing: { conversationId: f.conversationId, at: now } }),
  conversation_updated: conversationUpdated,
  sla_warning: slaWarning,
  canned_replies: (s, f) => ({ ...s, cannedReplies: f.cannedReplies || [] }),
  search_results: searchResults,
  team: (s, f) => ({ ...s, tiers: f.tiers || [], agents: f.agents || [] }),
  queue: (s, f) => ({ ...s, queue: { total: f.total || 0, waiting: f.waiting || [] } }),
  error,
  csat: csatAnswered,
  ...FOLLOW_UP_REDUCERS,
  ...INCIDENT_REDUCERS
};

export function reduce(state, frame, now) {
  const reducer = Object.prototype.hasOwnProperty.call(REDUCERS, frame.type) ? REDUCERS[frame.type] : null;
  return reducer ? reducer(state, frame, now) : state;
}

/** The whole truth at sign-in: what was held before a reconnect is forgotten, cached messages stay. */
function ready(state, f) {
  let s = {
    ...state,
    agent: { id: f.agent },
    presence: f.presence === "available" ? "available" : "away",
    supervisor: f.supervisor === true,
    tiers: f.tiers || [],
    agents: f.agents || [],
    queue: f.queue ? { total: f.queue.total || 0, waiting: f.queue.waiting || [] } : { total: 0, waiting: [] },
    conversations: {},
    offers: {},
    cannedReplies: f.cannedReplies || []
  };
  for (const c of f.conversations || []) { s.conversations[c.id] = c; }
  for (const o of f.offers || []) { s.offers[o.conversationId] = o; }
  if (s.current && !s.conversations[s.current]) { s = closeThread(s); }
  return s;
}

function offer(state, f) {
  return { ...state, offers: { ...state.offers, [f.conversationId]: f } };
}

/** assigned and history: the conversation, its messages, the contact and their other conversations. */
function absorb(state, f, mine) {
  const id = f.conversationId;
  const s = {
    ...state,
    messages: { ...state.messages, [id]: (f.messages || []).slice() },
    contacts: f.contact ? { ...state.contacts, [id]: f.contact } : state.contacts,
    others: { ...state.others, [id]: f.otherConversations || [] },
    known: f.conversation ? { ...state.known, [id]: f.conversation } : state.known,
    csat: { ...(state.csat || {}), [id]: (f.csat || []).slice() }
  };
  if (mine || state.conversations[id]) {
    s.conversations = { ...state.conversations, [id]: f.conversation };
  }
  return s;
}

function assigned(state, f) {
  const s = absorb(state, f, true);
  s.offers = without(s.offers, f.conversationId);
  if (!s.current || s.current === f.conversationId) {
    s.current = f.conversationId;
    s.viewing = null;
    s.unread = without(s.unread, f.conversationId);
  }
  return s;
}

/** A customer answered a satisfaction survey: the survey replaces its earlier copy in the conversation's list. */
function csatAnswered(state, f) {
  const id = f.conversationId;
  const list = ((state.csat || {})[id] || []).filter((x) => x.id !== f.csat.id);
  return { ...state, csat: { ...(state.csat || {}), [id]: [...list, f.csat] } };
}

function history(state, f) {
  return absorb(state, f, false);
}

function message(state, f) {
  const id = f.conversationId;
  const m = f.message;
  const list = state.messages[id] || [];
  const at = list.findIndex((x) => x.id === m.id);
  const next = at >= 0 ? list.map((x, i) => (i === at ? { ...x, ...m } : x)) : [...list, m];
  const s = { ...state, messages: { ...state.messages, [id]: next } };
  if (m.direction === "in") {
    if (id !== state.current) { s.unread = { ...state.unread, [id]: true }; }
    if (state.typing && state.typing.conversationId === id) { s.typing = null; }
  }
  return s;
}

function ack(state, f, now) {
  const p = state.pending[f.clientId];
  if (!p) { return state; }
  const list = state.messages[p.conversationId] || [];
  const s = { ...state, pending: without(state.pending, f.clientId) };
  if (!list.some((x) => x.id === f.messageId)) {
    s.messages = {
      ...state.messages,
      [p.conversationId]: [...list, {
        id: f.messageId, conversationId: p.conversationId, direction: p.direction, text: p.text,
        author: state.agent && state.agent.id, delivery: p.direction === "note" ? "received" : "queued",
        createdAt: new Date(now).toISOString(), attachments: p.files || []
      }]
    };
  }
  return s;
}

function delivery(state, f) {
  const list = state.messages[f.conversationId];
  if (!list) { return state; }
  const next = list.map((m) => (m.id === f.messageId ? { ...m, delivery: f.status, deliveryDetail: f.detail } : m));
  return { ...state, messages: { ...state.messages, [f.conversationId]: next } };
}

/** A held conversation changed, or left the agent (reason resolved, transferred, …). */
function conversationUpdated(state, f, now) {
  if (f.reason === "tagged") { return retagged(state, f.conversation); }
  const c = f.conversation;
  const id = c.id;
  const held = !!state.conversations[id];
  const mine = state.agent && c.assignee === state.agent.id && c.status !== "resolved";
  let s = { ...state, offers: without(state.offers, id) };
  if (mine) {
    s.conversations = { ...state.conversations, [id]: { ...state.conversations[id], ...c } };
    return s;
  }
  s.conversations = without(state.conversations, id);
  if (held) {
    s = notify(s, c.status === "resolved" ? "Resolved." : "Conversation " + c.ref + " left your list.", now);
  }
  if (state.current === id) { s = closeThread(s); }
  return s;
}

/** New tags on a conversation, wherever the console shows it; nothing else about it changes here. */
function retagged(state, c) {
  const id = c.id;
  const tags = c.tags || [];
  const tag = (x) => (x && x.id === id ? { ...x, tags } : x);
  let s = state;
  if (state.conversations[id]) { s = { ...s, conversations: { ...s.conversations, [id]: tag(state.conversations[id]) } }; }
  if (state.known[id]) { s = { ...s, known: { ...s.known, [id]: tag(state.known[id]) } }; }
  const others = {};
  let othersChanged = false;
  for (const [k, list] of Object.entries(state.others)) {
    const hit = (list || []).some((x) => x.id === id);
    others[k] = hit ? list.map(tag) : list;
    othersChanged = othersChanged || hit;
  }
  if (othersChanged) { s = { ...s, others }; }
  if (state.search && state.search.results.some((r) => r.conversationId === id)) {
    s = { ...s, search: { ...state.search, results: state.search.results.map((r) => (r.conversationId === id
      ? { ...r, conversation: tag(r.conversation) } : r)) } };
  }
  return s;
}

/** The answer to the search this desk sent last; an answer to an older query is dropped. */
function searchResults(state, f) {
  if (!state.search || state.search.q !== f.q) { return state; }
  return { ...state, search: { q: f.q, results: f.results || [], pending: false } };
}

function slaWarning(state, f) {
  const warnings = [f, ...state.warnings.filter((w) => w.conversationId !== f.conversationId)].slice(0, MAX_WARNINGS);
  return { ...state, warnings };
}

/** An error naming the clientId of a reply or note this desk sent puts its text and files back in the box. */
function error(state, f, now) {
  let s = notify(state, f.message || f.code || "Something went wrong.", now);
  const p = f.clientId && state.pending[f.clientId];
  if (p) {
    s = { ...s, pending: without(s.pending, f.clientId), restoredDraft: { conversationId: p.conversationId, text: p.text, at: now } };
    s = uploadsRestored(s, p.conversationId, p.files);
  }
  return s;
}
