/*
 * The console's state and the changes the agent makes to it locally (open a conversation, a reply on its
 * way). Pure: every function returns a new state and leaves its argument alone; nothing here touches the
 * DOM or the socket. Server frames change it through frames.js.
 */

/** Tiers offered for a transfer until the server says which exist. */
const DEFAULT_TIERS = ["vip", "standard", "basic"];

/** At most this many SLA warnings are kept, newest first. */
export const MAX_WARNINGS = 50;

export function initialState() {
  return {
    agent: null,        // {id}, from ready
    presence: "away",   // "available" or "away"
    offers: {},         // conversationId -> offer frame
    conversations: {},  // conversationId -> conversation the agent holds
    messages: {},       // conversationId -> [message], oldest first
    contacts: {},       // conversationId -> contact
    others: {},         // conversationId -> the contact's conversations on every channel
    known: {},          // conversationId -> a conversation read with history (opened from a search, say)
    search: null,       // {q, results, pending}: the last search sent and its answer
    unread: {},         // conversationId -> true
    pending: {},        // clientId -> {conversationId, text, direction}: sent, not acked yet
    current: null,      // the open conversation
    viewing: null,      // a read-only conversation opened from the contact's list
    tiers: DEFAULT_TIERS.slice(),
    agents: [],
    warnings: [],       // sla_warning frames, newest first
    cannedReplies: [],
    followUps: {},      // id -> a scheduled follow-up of this agent
    followUpsClosed: {}, // id -> final status, so a stale follow_ups list never brings one back
    typing: null,       // {conversationId, at}: the customer is typing
    notice: null,       // {text, at}: something to tell the agent once
    restoredDraft: null // {conversationId, text, at}: a refused reply to put back in the box
  };
}

/** Adds a tier seen on a conversation or an offer to the transfer menu's list. */
export function withTier(state, tier) {
  return !tier || state.tiers.includes(tier) ? state : { ...state, tiers: [...state.tiers, tier] };
}

export function without(map, id) {
  if (!(id in map)) { return map; }
  const copy = { ...map };
  delete copy[id];
  return copy;
}

/** Opens one of the agent's conversations (clears its unread mark). */
export function openConversation(state, id) {
  return { ...state, current: id, viewing: null, unread: without(state.unread, id) };
}

/** Opens another conversation of the contact, read only. */
export function viewConversation(state, id) {
  return { ...state, viewing: id };
}

export function closeThread(state) {
  return { ...state, current: null, viewing: null };
}

/** A search sent: its answer is kept only if it answers this query (search_results echoes q). */
export function startSearch(state, q) {
  return { ...state, search: { q: q.trim(), results: [], pending: true } };
}

export function clearSearch(state) {
  return { ...state, search: null };
}

/** A reply or note sent and not acked yet. */
export function addPending(state, clientId, conversationId, text, direction) {
  return { ...state, pending: { ...state.pending, [clientId]: { conversationId, text, direction } } };
}

/** The agent declined an offer: it leaves the list at once. */
export function dropOffer(state, id) {
  return { ...state, offers: without(state.offers, id) };
}

export function setPresence(state, presence) {
  return { ...state, presence: presence === "available" ? "available" : "away" };
}

export function notify(state, text, now) {
  return { ...state, notice: { text, at: now } };
}

/** The conversation shown in the thread: the agent's own, or one of a contact's other conversations. */
export function shownConversation(state) {
  const id = state.viewing || state.current;
  if (!id) { return null; }
  if (state.conversations[id]) { return state.conversations[id]; }
  if (state.known[id]) { return state.known[id]; }
  for (const list of Object.values(state.others)) {
    const found = (list || []).find((c) => c.id === id);
    if (found) { return found; }
  }
  return null;
}
