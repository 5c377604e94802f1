/*
 * The team as the console shows it, derived from the state: the queue by tier, the agents a waiting
 * conversation may go to, the transfer menu. Pure functions, tested with the reducers.
 */

/** The waiting conversations grouped by tier, tiers in their configured order (an unknown one last), each group in queue order. */
export function queueByTier(state) {
  const groups = new Map(state.tiers.map((t) => [t, []]));
  for (const w of state.queue.waiting) {
    if (!groups.has(w.tier)) { groups.set(w.tier, []); }
    groups.get(w.tier).push(w);
  }
  return Array.from(groups, ([tier, waiting]) => ({ tier, waiting }));
}

/** Whether an agent online has a free place on a channel (an offer of the conversation to them holds its own place). */
export function hasRoom(agent, channel, offeredTo) {
  if (offeredTo === agent.id) { return true; }
  const load = (agent.load || {})[channel] || 0;
  const capacity = (agent.capacity || {})[channel] || 0;
  return load < capacity;
}

/**
 * The agents a supervisor may give a waiting conversation to, as the server's rules say (docs/agent-protocol.md,
 * assign): every agent online, available or away; those without room on its channel are listed but not choosable.
 */
export function assignTargets(state, entry) {
  return state.agents.map((a) => ({
    id: a.id,
    label: (a.name || a.id) + (a.presence === "away" ? " (away)" : "") + (hasRoom(a, entry.channel, entry.offeredTo) ? "" : " (full)"),
    enabled: hasRoom(a, entry.channel, entry.offeredTo)
  }));
}

/** The transfer menu for a held conversation: the configured tiers, and the other agents online (full ones not choosable). */
export function transferTargets(state, conversation) {
  const me = state.agent && state.agent.id;
  return {
    tiers: state.tiers.slice(),
    agents: state.agents.filter((a) => a.id !== me).map((a) => ({
      id: a.id,
      label: (a.name || a.id) + (a.presence === "away" ? " (away)" : "") + (hasRoom(a, conversation.channel) ? "" : " (full)"),
      enabled: hasRoom(a, conversation.channel)
    }))
  };
}
