/* A satisfaction survey: five buttons and an optional comment, one card per conversation; sent once. */
import { el } from "./view.js";
import { addToLog } from "./log.js";

export function showCsat(w, f, send) {
  if (w.state.csat[f.conversationId]) { return; }
  const card = el("form", { className: "sbw-csat", "data-conversation": f.conversationId });
  card.appendChild(el("p", { className: "sbw-csat-q", text: f.question || "How satisfied are you with our help?" }));
  const scores = el("div", { className: "sbw-csat-scores", role: "radiogroup" });
  const comment = el("textarea", { className: "sbw-csat-comment", placeholder: "Anything to add? (optional)",
    maxLength: 2000, "aria-label": "Comment" });
  const submit = el("button", { type: "submit", className: "sbw-csat-send", text: "Send" });
  submit.disabled = true;
  let chosen = 0;
  [1, 2, 3, 4, 5].forEach((n) => {
    const b = el("button", { type: "button", className: "sbw-csat-score", text: String(n), "data-score": String(n),
      "aria-label": n + " of 5", "aria-pressed": "false" });
    b.addEventListener("click", () => {
      chosen = n;
      Array.prototype.forEach.call(scores.children, (x) => x.setAttribute("aria-pressed", x === b ? "true" : "false"));
      submit.disabled = false;
    });
    scores.appendChild(b);
  });
  card.appendChild(scores);
  card.appendChild(comment);
  card.appendChild(submit);
  card.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!chosen) { return; }
    submit.disabled = true;
    const answer = { type: "csat", conversationId: f.conversationId, score: chosen };
    if (comment.value.trim()) { answer.comment = comment.value.trim(); }
    send(answer);
  });
  w.state.csat[f.conversationId] = card;
  addToLog(w, card);
}

/** The survey's card becomes a thank-you (or the server's reason it is closed) and asks nothing more. */
export function csatDone(w, conversationId, text) {
  const card = w.state.csat[conversationId];
  if (card) {
    card.replaceChildren(el("p", { className: "sbw-csat-thanks", text }));
  }
  w.state.csat[conversationId] = card || true;
}

/** Every open survey closed with the same reason (the server's answer names none). */
export function csatClosed(w, text) {
  Object.keys(w.state.csat).forEach((id) => csatDone(w, id, text));
}
