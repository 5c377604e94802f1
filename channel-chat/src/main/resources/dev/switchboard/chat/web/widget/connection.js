/*
 * The websocket: hello (with the visitor token, the profile, a reopen link or resumeAfter), frames in and
 * out, and reconnects with exponential backoff and jitter (0.5 s up to 30 s).
 */
import { TOKEN_KEY, storage } from "./storage.js";

const MAX_BACKOFF_MS = 30000;

/** Sends a frame if the socket is open; answers whether it went. */
export function sendFrame(w, obj) {
  const socket = w.state.socket;
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(obj));
    return true;
  }
  return false;
}

/** A reopen link from a forwarded e-mail or text (?reopen=…) opens that chat here, once. */
export function reopenInAddress() {
  try { return new URLSearchParams(window.location.search).get("reopen"); } catch (e) { return null; }
}

export function forgetReopen(w) {
  w.reopen = null;
  try {
    const u = new URL(window.location.href);
    u.searchParams.delete("reopen");
    window.history.replaceState(null, "", u.toString());
  } catch (e) { /* an old browser keeps the address as it is */ }
}

export function sendHello(w, ws) {
  const hello = { type: "hello" };
  const token = storage.get(TOKEN_KEY);
  if (token) { hello.visitorToken = token; }
  if (w.reopen) { hello.reopen = w.reopen; }
  if (w.profile.name) { hello.name = w.profile.name; }
  if (w.profile.email) { hello.email = w.profile.email; }
  if (w.state.lastSeq !== null && !w.reopen) { hello.resumeAfter = w.state.lastSeq; }
  ws.send(JSON.stringify(hello));
}

/** Opens a socket; its frames go to onFrame, its loss marks pending messages retrying and reconnects. */
export function connect(w, onFrame, onLost) {
  clearTimeout(w.state.reconnectTimer);
  let ws;
  try {
    ws = new WebSocket(w.urls.ws);
  } catch (e) {
    scheduleReconnect(w, onFrame, onLost);
    return;
  }
  w.state.socket = ws;
  w.state.open = false;
  w.view.conn.textContent = w.state.attempts ? "Reconnecting…" : "Connecting…";
  ws.onopen = () => sendHello(w, ws);
  ws.onmessage = (e) => {
    let f;
    try { f = JSON.parse(e.data); } catch (err) { return; }
    onFrame(f);
  };
  ws.onclose = () => {
    if (w.state.socket !== ws) { return; }
    w.state.open = false;
    onLost();
    scheduleReconnect(w, onFrame, onLost);
  };
}

/** The wait before the n-th attempt: doubling from 0.5 s to 30 s, then a random half of it taken off. */
export function backoff(attempt, random) {
  const delay = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, attempt - 1));
  return delay / 2 + random * delay / 2; // jitter, so a restarted server is not stormed
}

function scheduleReconnect(w, onFrame, onLost) {
  w.state.attempts++;
  const delay = backoff(w.state.attempts, Math.random());
  w.view.conn.textContent = "Offline, retrying in " + Math.ceil(delay / 1000) + " s";
  w.state.reconnectTimer = setTimeout(() => connect(w, onFrame, onLost), delay);
}
