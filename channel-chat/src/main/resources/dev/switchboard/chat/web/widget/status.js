/* Where the chat stands: the visitor's place in line and the notes when an agent joins or resolves. */
import { note } from "./log.js";

/** "about 4 minutes", "about 2 hours": the server rounds the ETA up already. */
export function aboutTime(seconds) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 90) { return "about " + minutes + (minutes === 1 ? " minute" : " minutes"); }
  return "about " + Math.round(minutes / 60) + " hours";
}

/** The text of a queue frame: "You are number 3 in line, about 4 minutes." */
export function placeInLine(position, etaSeconds) {
  const text = "You are number " + position + " in line";
  return typeof etaSeconds === "number" ? text + ", " + aboutTime(etaSeconds) + "." : text + ".";
}

export function showQueue(w, f) {
  if (f.conversationId && w.state.conversationId && f.conversationId !== w.state.conversationId) { return; }
  w.view.queue.textContent = placeInLine(f.position, f.etaSeconds);
  w.view.queue.hidden = false;
}

export function hideQueue(w) {
  w.view.queue.hidden = true;
  w.view.queue.textContent = "";
}

/** Notes a change of status or agent once, however often the server repeats it. */
export function onConversationUpdated(w, c) {
  if (c.status !== "queued") { hideQueue(w); }
  const key = c.status + "/" + (c.agentName || "");
  if (key === w.state.lastStatus) { return; }
  w.state.lastStatus = key;
  if (c.status === "assigned" && c.agentName) { note(w, c.agentName + " joined the conversation."); }
  if (c.status === "resolved") { note(w, "This conversation was marked resolved. Write again any time if you need more help."); }
}
