/*
 * The console's state and the changes the agent makes to it locally (open a conversation, a reply on its
 * way). Pure: every function returns a new state and leaves its argument alone; nothing here touches the
 * DOM or the socket. Server frames change it through frames.js.
 */

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
    pending: {},        // clientId -> {conversationId, text, direction, files}: sent, not acked yet
    uploads: {},        // conversationId -> [{key, filename, size, status, id, …}]: files for the next reply
    teamView: false,    // supervisors: the team view is shown instead of the open conversation
    current: null,      // the open conversation
    viewing: null,      // a read-only conversation opened from the contact's list
    supervisor: false,  // from ready: whether this agent sees the team view and may assign
    tiers: [],          // the configured tiers, highest first (ready, team)
    agents: [],         // the agents online: {id, name, presence, supervisor, load, capacity} (ready, team)
    queue: { total: 0, waiting: [] }, // supervisors: the waiting conversations (ready, queue)
    warnings: [],       // sla_warning frames, newest first
    cannedReplies: [],
    followUps: {},      // id -> a scheduled follow-up of this agent
    incidents: [],      // supervisors: the open incidents, newest first
    followUpsClosed: {}, // id -> final status, so a stale follow_ups list never brings one back
    typing: null,       // {conversationId, at}: the customer is typing
    notice: null,       // {text, at}: something to tell the agent once
    restoredDraft: null // {conversationId, text, at}: a refused reply to put back in the box
  };
}

export function without(map, id) {
  if (!(id in map)) { return map; }
  const copy = { ...map };
  delete copy[id];
  return copy;
}

/** Opens one of the agent's conversations (clears its unread mark). */
export function openConversation(state, id) {
  return { ...state, current: id, viewing: null, teamView: false, unread: without(state.unread, id) };
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

/** A reply or note sent and not acked yet; {@code files} are the attachments a reply carries. */
export function addPending(state, clientId, conversationId, text, direction, files) {
  const p = { conversationId, text, direction };
  if (files && files.length) { p.files = files; }
  return { ...state, pending: { ...state.pending, [clientId]: p } };
}

/** The agent declined an offer: it leaves the list at once. */
export function dropOffer(state, id) {
  return { ...state, offers: without(state.offers, id) };
}

export function setPresence(state, presence) {
  return { ...state, presence: presence === "available" ? "available" : "away" };
}

/** A supervisor shows or hides the team view. */
export function showTeam(state, on) {
  return { ...state, teamView: !!on && state.supervisor };
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
