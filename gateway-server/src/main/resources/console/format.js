/* Pure formatting for the console: names, times and durations. No DOM, no state. */

/** How long before an SLA due time the console marks it "soon". */
export const SLA_SOON_MS = 5 * 60 * 1000;

/** What to call a contact: their name, else an identity that is not an anonymous chat visitor. */
export function contactName(contact, fallback) {
  if (!contact) { return fallback || "Customer"; }
  if (contact.name) { return contact.name; }
  const ids = contact.identities || [];
  const first = ids.find((i) => i.kind !== "chat_visitor");
  if (first) { return first.value; }
  if (contact.attributes && contact.attributes.claimedEmail) { return contact.attributes.claimedEmail + " (unverified)"; }
  return ids.length ? "Chat visitor" : (fallback || "Customer");
}

/** The response owed next: the first response until there is one, then the next. */
export function slaDue(conversation) {
  return conversation.firstRespondedAt ? conversation.nextResponseDue : conversation.firstResponseDue;
}

/** A time of day today, else a short date and time. */
export function clock(iso, today = new Date()) {
  if (!iso) { return ""; }
  const d = new Date(iso);
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** A duration as m:ss or h:mm:ss (sign dropped). */
export function span(ms) {
  const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? h + ":" + String(m).padStart(2, "0") : m) + ":" + String(r).padStart(2, "0");
}

/** The SLA label and its class for a due time at {@code now}. */
export function slaLabel(dueIso, now) {
  const due = Date.parse(dueIso);
  if (isNaN(due)) { return { text: "no reply owed", level: "" }; }
  const left = due - now;
  return {
    text: left >= 0 ? "reply due in " + span(left) : "overdue by " + span(left),
    level: left < 0 ? "overdue" : left < SLA_SOON_MS ? "soon" : ""
  };
}
