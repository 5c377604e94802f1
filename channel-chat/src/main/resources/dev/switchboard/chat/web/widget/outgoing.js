/*
 * What the visitor sends: messages are kept in localStorage until the server acknowledges them and sent
 * again after a reconnect or a reload (the server dedupes them by clientId); files are posted over HTTP.
 */
import { PENDING_KEY, TOKEN_KEY, newClientId, storage } from "./storage.js";
import { note, renderMessage, renderPending, time } from "./log.js";
import { sendFrame } from "./connection.js";

const RETRIED = ["rate_limited", "not_stored", "hello_required"];

function savePending(w) {
  storage.set(PENDING_KEY, JSON.stringify(w.state.pending));
}

export function sendPending(w, p) {
  renderPending(w, p, w.state.open ? "sending" : "retrying");
  if (w.state.open) { sendFrame(w, { type: "message", text: p.text, clientId: p.clientId }); }
}

export function send(w, text) {
  text = (text || "").trim();
  if (!text) { return; }
  const p = { clientId: newClientId(), text };
  w.state.pending.push(p);
  savePending(w);
  sendPending(w, p);
}

/** The server stored a message: it stops being pending and takes its id (unless the history showed it). */
export function acknowledged(w, f) {
  w.state.conversationId = f.conversationId || w.state.conversationId;
  w.state.pending = w.state.pending.filter((p) => p.clientId !== f.clientId);
  savePending(w);
  const node = w.state.pendingEls[f.clientId];
  delete w.state.pendingEls[f.clientId];
  if (!node) { return; }
  if (w.state.rendered[f.messageId]) { node.remove(); return; } // already shown via history
  delete node.dataset.status;
  node.setAttribute("data-id", f.messageId);
  node.querySelector(".sbw-meta").textContent = "You · " + time() + " · ✓ sent";
  w.state.rendered[f.messageId] = node;
}

/**
 * An error naming one of the visitor's messages: tried again later when the server asks for it (rate limit,
 * not stored, no hello yet), else marked not sent. Answers whether it will be tried again.
 */
export function refused(w, f) {
  const p = f.clientId && w.state.pending.filter((x) => x.clientId === f.clientId)[0];
  if (!p) { return false; }
  if (RETRIED.indexOf(f.code) >= 0) {
    renderPending(w, p, "retrying");
    setTimeout(() => sendPending(w, p), f.code === "rate_limited" ? 5000 : 2000);
    return true;
  }
  w.state.pending = w.state.pending.filter((x) => x !== p);
  savePending(w);
  renderPending(w, p, "failed");
  return false;
}

/** Posts a file with the visitor token; the answer (and the visitor's other tabs) show it as a message. */
export function upload(w, file) {
  const token = storage.get(TOKEN_KEY);
  if (!token || !w.state.open) { note(w, "Still connecting; attach the file again in a moment."); return; }
  const p = { clientId: newClientId(), text: file.name };
  renderPending(w, p, "sending");
  const node = w.state.pendingEls[p.clientId];
  delete w.state.pendingEls[p.clientId];
  fetch(w.urls.upload + "?filename=" + encodeURIComponent(file.name) + "&clientId=" + p.clientId, {
    method: "POST",
    headers: { "Authorization": "Bearer " + token, "Content-Type": file.type || "application/octet-stream" },
    body: file
  }).then((r) => r.json().catch(() => ({})).then((body) => ({ ok: r.ok, body })))
    .then((res) => {
      if (!res.ok) { throw new Error(res.body.message || "The file could not be sent."); }
      node.remove();
      w.state.conversationId = res.body.conversationId || w.state.conversationId;
      if (res.body.message) { renderMessage(w, res.body.message); }
    }).catch((e) => {
      delete node.dataset.status;
      node.querySelector(".sbw-meta").textContent = "You · not sent";
      note(w, e && e.message && e.message !== "Failed to fetch" ? e.message : "The file could not be sent.");
    });
}
