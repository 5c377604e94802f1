/*
 * The desk websocket (docs/agent-protocol.md): signs in with the token and, after a reconnect, with
 * resumeAfter = the last seq seen, so the server replays what was missed instead of sending a new ready.
 * Reconnects with jittered exponential backoff; gives up only when the token is refused (close 4401).
 */

const MAX_BACKOFF_MS = 30000;
const CLOSE_UNAUTHORIZED = 4401;

export class DeskSocket {
  /**
   * @param url       the /agent/ws URL
   * @param token     the agent's desk token
   * @param handlers  onFrame(frame), onStatus(text), onRefused()
   */
  constructor(url, token, handlers) {
    this.url = url;
    this.token = token;
    this.handlers = handlers;
    this.lastSeq = null;
    this.attempts = 0;
    this.socket = null;
    this.stopped = false;
    this.timer = null;
  }

  start() {
    clearTimeout(this.timer);
    if (this.stopped) { return; }
    const ws = new WebSocket(this.url);
    this.socket = ws;
    this.handlers.onStatus(this.attempts ? "Reconnecting…" : "Connecting…");
    ws.onopen = () => {
      const auth = { type: "auth", token: this.token };
      if (this.lastSeq !== null) { auth.resumeAfter = this.lastSeq; }
      ws.send(JSON.stringify(auth));
    };
    ws.onmessage = (e) => {
      let frame;
      try { frame = JSON.parse(e.data); } catch (err) { return; }
      if (typeof frame.seq === "number" && frame.type !== "error") { this.lastSeq = frame.seq; }
      if (frame.type === "ready" || (this.attempts && frame.type !== "error")) {
        this.attempts = 0;
        this.handlers.onStatus("Connected");
      }
      this.handlers.onFrame(frame);
    };
    ws.onclose = (e) => {
      if (this.socket !== ws || this.stopped) { return; }
      if (e.code === CLOSE_UNAUTHORIZED) {
        this.stopped = true;
        this.handlers.onRefused();
        return;
      }
      this.attempts++;
      let delay = Math.min(MAX_BACKOFF_MS, 500 * Math.pow(2, this.attempts - 1));
      delay = delay / 2 + Math.random() * delay / 2;
      this.handlers.onStatus("Offline, retrying in " + Math.ceil(delay / 1000) + " s");
      this.timer = setTimeout(() => this.start(), delay);
    };
  }

  /** Sends a client frame; false when the socket is not open (nothing is queued). */
  send(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) { this.socket.close(); }
  }
}
