/* The conversation log: messages, messages still being sent, files and notes, in order. */
import { el } from "./view.js";

// Shown as pictures; anything else is a link. SVG is not here: it can carry script.
const IMAGES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

export function time(iso) {
  const d = iso ? new Date(iso) : new Date();
  return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** "12 KB", "1.5 MB": never "0 KB" for a small file. */
export function size(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
}

/** What a message still on its way says of itself. */
export function pendingMeta(status) {
  return "You · " + (status === "sending" ? "sending…" : status === "failed" ? "not sent" : "waiting to send…");
}

/** Adds a node to the log; stored messages go before the ones still being sent, which stay last. */
export function addToLog(w, node) {
  const log = w.view.log;
  if (node.classList.contains("sbw-msg") && w.view.intro.parentNode) { w.view.intro.remove(); } // the chat has begun
  const before = node.classList.contains("sbw-note") || node.dataset.status ? null
    : log.querySelector(".sbw-msg[data-status='sending'],.sbw-msg[data-status='retrying']");
  log.insertBefore(node, before);
  log.scrollTop = log.scrollHeight;
}

export function note(w, text) {
  addToLog(w, el("p", { className: "sbw-note", text }));
}

/** A stored message, once: the history, a live push and another tab's echo may all bring it. */
export function renderMessage(w, m) {
  if (w.state.rendered[m.id]) { return; }
  const own = m.direction === "in";
  const who = own ? "You" : (m.authorName || "Support");
  const node = el("div", { className: "sbw-msg " + (own ? "sbw-msg-in" : "sbw-msg-out"), "data-id": m.id });
  node.appendChild(el("span", { className: "sbw-sr", text: who + ": " }));
  if (m.text) { node.appendChild(document.createTextNode(m.text)); }
  (m.attachments || []).forEach((a) => node.appendChild(fileLink(w, a)));
  node.appendChild(el("span", { className: "sbw-meta", text: who + " · " + time(m.createdAt) + (own ? " · ✓ sent" : "") }));
  w.state.rendered[m.id] = node;
  addToLog(w, node);
  if (!own) { w.view.typing.textContent = ""; }
}

/** A file of a message: its link is signed by the gateway and expires; a picture shows as a thumbnail. */
function fileLink(w, a) {
  const link = el("a", { className: "sbw-file", href: a.url, target: "_blank", rel: "noopener noreferrer" });
  if (IMAGES.indexOf(a.contentType) >= 0) {
    const img = el("img", { className: "sbw-thumb", src: a.url, alt: a.filename });
    img.addEventListener("load", () => { w.view.log.scrollTop = w.view.log.scrollHeight; });
    link.appendChild(img);
  } else {
    link.textContent = a.filename + " (" + size(a.size) + ")";
  }
  return link;
}

/** A message the visitor wrote that the server has not acknowledged: sending, retrying or failed. */
export function renderPending(w, p, status) {
  let node = w.state.pendingEls[p.clientId];
  if (!node) {
    node = el("div", { className: "sbw-msg sbw-msg-in", "data-client-id": p.clientId });
    node.appendChild(document.createTextNode(p.text));
    node.appendChild(el("span", { className: "sbw-meta" }));
    w.state.pendingEls[p.clientId] = node;
    node.dataset.status = status;
    addToLog(w, node);
  }
  node.dataset.status = status;
  node.querySelector(".sbw-meta").textContent = pendingMeta(status);
}
